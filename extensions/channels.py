"""Input channels with checked requests.

`CheckedRestInput` replaces Rasa's `rest` channel (same URL: /webhooks/rest/webhook). It
answers malformed requests with a 400 and a clear message instead of a 500 or silence,
answers a request the load balancer sends a second time from the conversation store
(extensions/replay.py), and, when REST_TOKEN is set, requires `Authorization: Bearer
<REST_TOKEN>` (401 otherwise). REST is for trusted back-ends: whoever holds the token may speak
for any `rest:` conversation.
"""

from __future__ import annotations

import hmac
import re
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from core.settings import settings
from extensions import replay

SENDER_PATTERN = re.compile(r"^[A-Za-z0-9_.:@\-]{1,128}$")


def bearer_token_matches(request: Request, token: str) -> bool:
    """True when the request carries `Authorization: Bearer <token>`."""
    given = request.headers.get("Authorization", "")
    return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())


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
        """Only the balancer's request id (stored with the message); the body's metadata is dropped."""
        rid = replay.request_id(request)
        return {replay.METADATA_KEY: rid} if rid else None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        """Rasa's REST routes, with every POST checked before it reaches them."""
        rest = super().blueprint(on_new_message)
        rest.middleware("request")(self._check_request)
        return rest

    @staticmethod
    async def _check_request(request: Request) -> HTTPResponse | None:
        if request.method != "POST":
            return None
        token = settings().rest_token
        if token and not bearer_token_matches(request, token):
            return response.json(
                {"error": "this REST channel needs an 'Authorization: Bearer <REST_TOKEN>' header"},
                status=401,
                headers={"WWW-Authenticate": "Bearer"},
            )
        try:
            body = request.json
        except Exception:  # noqa: BLE001 - any unparsable body is the client's mistake
            body = None
        problem = check_body(body) if body is not None else "the body is not valid JSON"
        if problem:
            return response.json({"error": problem}, status=400)
        earlier = await replay.earlier_answer(request, body["sender"])
        return response.json(earlier) if earlier is not None else None
