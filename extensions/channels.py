"""Input channels with checked requests.

`CheckedRestInput` replaces Rasa's `rest` channel (same URL: /webhooks/rest/webhook). It
answers malformed requests with a 400 and a clear message instead of a 500 or silence, and
answers a request the load balancer sends a second time from the conversation store
(extensions/replay.py).
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from extensions import replay

SENDER_PATTERN = re.compile(r"^[A-Za-z0-9_.:@\-]{1,128}$")


def check_body(body: Any) -> str | None:
    """What is wrong with a REST request body, or None when it is fine."""
    if not isinstance(body, dict):
        return "the body must be a JSON object with 'sender' and 'message'"
    sender = body.get("sender")
    if not isinstance(sender, str) or not SENDER_PATTERN.match(sender):
        return "'sender' must be a text of 1-128 letters, digits or _ . : @ -"
    if not isinstance(body.get("message"), str):
        return "'message' must be a text"
    if body.get("metadata") is not None and not isinstance(body.get("metadata"), dict):
        return "'metadata' must be a JSON object"
    return None


class CheckedRestInput(RestInput):
    """Rasa's REST channel with request checks."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def _extract_input_channel(self, req: Request) -> str:
        # The channel is this one, whatever the body claims.
        return self.name()

    def get_metadata(self, request: Request) -> dict[str, Any] | None:
        """The body's metadata, plus the balancer's request id (stored with the message)."""
        metadata = {k: v for k, v in (request.json.get("metadata") or {}).items() if k != replay.METADATA_KEY}
        rid = replay.request_id(request)
        if rid:
            metadata[replay.METADATA_KEY] = rid
        return metadata or None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        """Rasa's REST routes, with every POST checked before it reaches them."""
        rest = super().blueprint(on_new_message)
        rest.middleware("request")(self._check_request)
        return rest

    @staticmethod
    async def _check_request(request: Request) -> HTTPResponse | None:
        if request.method != "POST":
            return None
        try:
            body = request.json
        except Exception:  # noqa: BLE001 - any unparsable body is the client's mistake
            body = None
        problem = check_body(body) if body is not None else "the body is not valid JSON"
        if problem:
            return response.json({"error": problem}, status=400)
        earlier = await replay.earlier_answer(request, body["sender"])
        return response.json(earlier) if earlier is not None else None
