r"""Chat with a running assistant in the terminal, over its REST channel.

Type freely at any time. When a reply has buttons they are listed as numbered choices, and
typing a number picks one (anything else is sent as you typed it). `/stop` or Ctrl-D quits.
When the server requires REST_TOKEN, the chat sends the one in its environment.
Piped input works too, one message per line, for scripted checks:

    printf 'hi\nwhat is myoclonus\n/stop\n' | .venv/bin/python -m scripts.chat
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, TextIO

import requests

from core.settings import settings

DEFAULT_URL = "http://127.0.0.1:5005"
STOP = "/stop"


@dataclass
class Chat:
    """One conversation with the assistant; remembers the buttons last shown."""

    url: str
    token: str | None = None  # REST_TOKEN, when the server requires one
    sender: str = field(default_factory=lambda: f"terminal-{uuid.uuid4().hex[:8]}")
    buttons: list[dict[str, str]] = field(default_factory=list)

    def message_for(self, typed: str) -> tuple[str, str | None]:
        """(what to send, the title of the button picked) for what the editor typed."""
        choice = typed.strip()
        if choice.isdigit() and 1 <= int(choice) <= len(self.buttons):
            button = self.buttons[int(choice) - 1]
            return button["payload"], button["title"]
        return typed, None

    def send(self, message: str) -> list[dict[str, Any]]:
        """Send one message; return the assistant's replies (and remember their buttons)."""
        response = requests.post(
            f"{self.url}/webhooks/rest/webhook",
            json={"sender": self.sender, "message": message},
            headers={"Authorization": f"Bearer {self.token}"} if self.token else {},
            timeout=60,
        )
        response.raise_for_status()
        replies = list(response.json())
        self.buttons = [b for reply in replies for b in reply.get("buttons") or []]
        return replies


def show(replies: list[dict[str, Any]], out: TextIO) -> None:
    """Print the replies, with their buttons as numbered choices."""
    number = 0
    for reply in replies:
        if reply.get("text"):
            out.write(f"Bot: {reply['text']}\n")
        for button in reply.get("buttons") or []:
            number += 1
            out.write(f"  {number}) {button['title']}\n")
    if number:
        out.write("  (type a number to choose, or type anything)\n")


def typed_lines(source: TextIO, interactive: bool) -> Iterator[str]:
    """What the editor types, line by line, until Ctrl-D (or the end of piped input)."""
    if not interactive:
        yield from (line.rstrip("\n") for line in source)
        return
    import readline  # noqa: F401 - line editing and history for input()

    while True:
        try:
            yield input("You: ")
        except EOFError:
            print()
            return


def main(argv: list[str] | None = None, source: TextIO = sys.stdin, out: TextIO = sys.stdout) -> int:
    """Chat until /stop or the end of input; 1 when the assistant cannot be reached."""
    args = sys.argv[1:] if argv is None else argv
    chat = Chat(args[0] if args else DEFAULT_URL, settings().rest_token)
    interactive = source.isatty()
    out.write(f"Chatting with {chat.url} ({STOP} or Ctrl-D quits).\n")
    try:
        for typed in typed_lines(source, interactive):
            if typed.strip() == STOP:
                break
            if not typed.strip():
                continue
            message, picked = chat.message_for(typed)
            if not interactive:
                out.write(f"You: {typed}\n")
            if picked:
                out.write(f"  (chose: {picked})\n")
            try:
                show(chat.send(message), out)
            except requests.HTTPError as error:
                status = getattr(error.response, "status_code", "?")
                out.write(f"The assistant answered with an error ({status}); try again.\n")
    except requests.ConnectionError:
        out.write(f"Cannot reach the assistant at {chat.url}: is it running? (scripts/start)\n")
        return 1
    except KeyboardInterrupt:
        out.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
