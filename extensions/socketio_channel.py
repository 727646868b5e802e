"""Rasa's socket.io channel (used by the website widget), made safe.

Compared with Rasa 3.6's `socketio` channel this one:
- shares rooms between servers through Redis when REDIS_URL is set (extensions/shared_state.py),
  so a reply reaches the visitor whichever server their browser is connected to;
- checks the browser's Origin: only the page's own origin and the origins configured in
  credentials.yml (`cors_allowed_origins`) may connect (Rasa switches the check off);
- awaits `enter_room` when python-socketio makes it a coroutine (5.10+), so replies reach
  the widget with session persistence on, whatever the pinned version;
- ignores malformed events instead of failing silently, and screens empty and over-long
  messages like the REST channel;
- removes links that are not http(s), mailto or tel from outgoing text, because the widget
  renders bot text as Markdown;
- sends a text response's `metadata` (domain.yml; `emergency: true` makes the widget show the
  message as an alert) with its text, and a `custom` payload as `{"custom": ...}` (Rasa's own
  emit fails on any payload that is not socket.io's keyword arguments).
"""

from __future__ import annotations

import inspect
import json
import logging
import re
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from extensions.shared_state import socketio_manager

logger = logging.getLogger(__name__)

SESSION_ID = re.compile(r"^[A-Za-z0-9_\-]{8,64}$")
UNSAFE_LINK = re.compile(r"\[([^\]]*)\]\((?!https?://|mailto:|tel:)(?:[^()]|\([^()]*\))*\)", re.IGNORECASE)


def safe_markdown(text: str) -> str:
    """Keep the words of any Markdown link whose target is not http(s), mailto or tel."""
    return UNSAFE_LINK.sub(r"\1", text)


class SafeSocketIOOutput(SocketIOOutput):
    """Sends bot messages with unsafe links removed, text with its response's metadata."""

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        metadata = kwargs.get("metadata")
        extra = {"metadata": metadata} if isinstance(metadata, dict) and metadata else {}
        for part in safe_markdown(text).strip().split("\n\n"):
            await self._send_message(recipient_id, {"text": part, **extra})

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await super().send_text_with_buttons(recipient_id, safe_markdown(text), buttons, **kwargs)

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        await self._send_message(recipient_id, {"custom": json_message})


class CheckedSocketIOInput(SocketIOInput):
    """socket.io channel with an Origin check, safe rooms, and checked events."""

    @classmethod
    def name(cls) -> str:
        return "socketio"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        """Read Rasa's socketio settings plus `cors_allowed_origins` (a list)."""
        credentials = credentials or {}
        channel = super().from_credentials(credentials)
        assert isinstance(channel, CheckedSocketIOInput)
        origins = credentials.get("cors_allowed_origins") or []
        channel.allowed_origins = [o for o in origins if isinstance(o, str) and o]
        return channel

    allowed_origins: list[str] = []

    def get_output_channel(self) -> SocketIOOutput | None:
        return SafeSocketIOOutput(self.sio, self.bot_message_evt) if self.sio else None

    def _origin_allowed(self, environ: dict[str, Any]) -> bool:
        origin = environ.get("HTTP_ORIGIN")
        if not origin:
            return True  # not a browser: nothing to protect from cross-site use
        scheme = environ.get("wsgi.url_scheme", "http")
        own = f"{scheme}://{environ.get('HTTP_HOST', '')}"
        return origin == own or origin in self.allowed_origins

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """The socket.io endpoint, as Rasa's, with the checks described above."""
        sio = AsyncServer(  # origins are checked in connect
            async_mode="sanic", cors_allowed_origins=[], client_manager=socketio_manager()
        )
        blueprint = SocketBlueprint(sio, self.socketio_path, "socketio_webhook", __name__)
        self.sio = sio

        @blueprint.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: str, environ: dict, auth: dict | None) -> bool:
            if not self._origin_allowed(environ):
                logger.warning("Refused a socket.io connection from origin %s", environ.get("HTTP_ORIGIN"))
                return False
            return True

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: Any) -> None:
            requested = data.get("session_id") if isinstance(data, dict) else None
            session_id = (
                requested if isinstance(requested, str) and SESSION_ID.match(requested) else uuid.uuid4().hex
            )
            if self.session_persistence:
                entered = sio.enter_room(sid, session_id)
                if inspect.isawaitable(entered):
                    await entered
            await sio.emit("session_confirm", session_id, room=sid)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: Any) -> None:
            output = SafeSocketIOOutput(sio, self.bot_message_evt)
            if not isinstance(data, dict) or not isinstance(data.get("message", ""), str):
                return
            sender_id = data.get("session_id") if self.session_persistence else sid
            if not isinstance(sender_id, str) or not (sender_id == sid or SESSION_ID.match(sender_id)):
                return
            text = data.get("message", "")
            metadata = data.get(self.metadata_key) or {}
            if isinstance(metadata, str):
                try:
                    metadata = json.loads(metadata)
                except ValueError:
                    metadata = {}
            if not isinstance(metadata, dict):
                metadata = {}
            await on_new_message(
                UserMessage(text, output, sender_id, input_channel=self.name(), metadata=metadata)
            )

        return blueprint
