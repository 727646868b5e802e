"""Chat with a running assistant in the terminal, over its REST channel."""

from __future__ import annotations

import asyncio
import sys
import uuid

from rasa.core.channels.console import record_messages


def main() -> None:
    """Chat until the visitor types /stop or presses Ctrl-D."""
    server_url = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:5005"
    asyncio.run(
        record_messages(
            sender_id=f"terminal-{uuid.uuid4().hex[:8]}", server_url=server_url, use_response_stream=False
        )
    )


if __name__ == "__main__":
    main()
