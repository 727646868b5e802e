"""A socket.io client that speaks the website widget's protocol (for the security tests)."""

from __future__ import annotations

import queue
import time
from collections.abc import Callable
from typing import Any

import socketio


class WidgetClient:
    """One browser tab's socket: asks for a session, sends messages, records what arrives."""

    def __init__(self, url: str) -> None:
        self.received: list[dict[str, Any]] = []
        self.session_id: str | None = None
        self._confirmed: queue.Queue[str] = queue.Queue()
        self.client = socketio.Client(reconnection=False)
        self.client.on("bot_uttered", self.received.append)
        self.client.on("session_confirm", self._confirmed.put)
        self.client.connect(url, socketio_path="/socket.io", wait_timeout=20)

    def request_session(self, session_id: str | None = None) -> str:
        """Ask for a session (re-joining `session_id` if given); return the id confirmed."""
        self.client.emit("session_request", {"session_id": session_id})
        self.session_id = self._confirmed.get(timeout=20)
        return self.session_id

    def say(self, text: str, session_id: str | None = None, **extra: Any) -> None:
        """Send a message in the confirmed session, or naming another one."""
        self.client.emit(
            "user_uttered", {"message": text, "session_id": session_id or self.session_id, **extra}
        )

    def texts(self) -> str:
        """All text received so far, joined."""
        return " ".join(str(m.get("text") or "") for m in self.received)

    def wait_for(self, found: Callable[[dict[str, Any]], bool], timeout: float = 30) -> dict[str, Any]:
        """The first message received for which `found` is true (waiting for it)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in list(self.received):
                if found(message):
                    return message
            time.sleep(0.1)
        raise AssertionError(f"not received within {timeout}s; received: {self.received}")

    def wait_for_text(self, text: str, timeout: float = 30) -> None:
        """Wait until a received message contains `text`."""
        self.wait_for(lambda m: text in str(m.get("text") or ""), timeout)

    def close(self) -> None:
        self.client.disconnect()
