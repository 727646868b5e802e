"""A local stand-in for the Slack and Telegram Web APIs: records what the assistant sends."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

TELEGRAM_MESSAGE = {"message_id": 1, "date": 0, "chat": {"id": 1, "type": "private"}, "text": "ok"}


class ChannelStub:
    """Records POSTs as {"path", "body"}; answers like Slack (`/slack/...`) or Telegram."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8")
                try:
                    body: Any = json.loads(raw)
                except ValueError:
                    body = {k: v[0] for k, v in parse_qs(raw).items()}
                stub.calls.append({"path": self.path, "body": body})
                if self.path.startswith("/slack/"):
                    answer: dict[str, Any] = {"ok": True, "channel": "D1", "ts": "1.0"}
                else:
                    answer = {"ok": True, "result": TELEGRAM_MESSAGE}
                data = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def sent(self, api: str) -> list[dict[str, Any]]:
        """Calls to one API method (e.g. 'chat.postMessage' or 'sendMessage')."""
        return [c for c in self.calls if c["path"].endswith(api)]

    def wait_for(self, api: str, count: int, timeout: float = 30) -> list[dict[str, Any]]:
        """Wait until `count` calls to `api` were made; return them."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and len(self.sent(api)) < count:
            time.sleep(0.1)
        return self.sent(api)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
