"""Slack channel: secrets from the environment, and one reply per event.

On top of Rasa 3.6's Slack connector (which checks the signing secret and rejects requests
older than five minutes), this channel:
- reads SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET from the environment, and stays off (503)
  when they are unset, so the server starts without them;
- answers each Slack event once: a retry of an event already received (same `event_id`,
  whatever the retry reason) is acknowledged and not processed again, by any server when
  REDIS_URL is set (extensions/shared_state.py), else by this one.

Environment: SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_CHANNEL (optional: a channel the
bot answers in without being mentioned), SLACK_API_URL (default https://slack.com/api/;
tests point it to a local stand-in).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from http import HTTPStatus
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.slack import SlackBot, SlackInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from slack_sdk.web.async_client import AsyncWebClient

from core.settings import settings
from extensions.shared_state import seen_keys

logger = logging.getLogger(__name__)


class ConfigurableSlackBot(SlackBot):
    """Slack output to a configurable API base URL."""

    def __init__(self, token: str, channel: str | None, thread_id: str | None, api_url: str) -> None:
        super().__init__(token, channel, thread_id)
        self.client = AsyncWebClient(token, base_url=api_url)


class CheckedSlackInput(SlackInput):
    """Rasa's Slack connector with environment secrets and de-duplicated events."""

    @classmethod
    def name(cls) -> str:
        return "slack"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        """Secrets from the environment; other settings may come from credentials.yml."""
        credentials = credentials or {}
        current = settings()
        token = current.slack_bot_token or ""
        secret = current.slack_signing_secret or ""
        channel = cls(
            token,
            current.slack_channel,
            slack_retry_reason_header="x-slack-retry-reason",
            slack_retry_number_header="x-slack-retry-num",
            use_threads=bool(credentials.get("use_threads", False)),
            slack_signing_secret=secret or "unset",  # Rasa refuses an empty secret; unset means off
            conversation_granularity=credentials.get("conversation_granularity", "sender"),
        )
        channel.configured = bool(token and secret)
        channel.api_url = current.slack_api_url
        return channel

    configured: bool = False
    api_url: str = "https://slack.com/api/"

    def get_output_channel(self, channel: str | None = None, thread_id: str | None = None) -> OutputChannel:
        return ConfigurableSlackBot(self.slack_token, channel or self.slack_channel, thread_id, self.api_url)

    @staticmethod
    async def _first_time(event_id: str | None) -> bool:
        """Remember an event id; False when it was seen before."""
        return not event_id or not await seen_keys().seen_before(f"slack:{event_id}")

    async def process_message(
        self,
        request: Request,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        text: str,
        sender_id: str | None,
        metadata: dict | None,
    ) -> Any:
        """Process an event once."""
        body = request.json if request.headers.get("content-type") == "application/json" else None
        event_id = body.get("event_id") if isinstance(body, dict) else None
        if not await self._first_time(event_id):
            logger.info("Slack event %s was already received; not answering it twice.", event_id)
            return response.text("", status=HTTPStatus.OK, headers={"X-Slack-No-Retry": "1"})
        return await super().process_message(request, on_new_message, text, sender_id, metadata)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Rasa's Slack routes when configured; otherwise a webhook that says it is off."""
        if self.configured:
            return super().blueprint(on_new_message)
        off = Blueprint("slack_webhook", __name__)

        @off.route("/webhook", methods=["GET", "POST"])
        async def not_configured(_: Request) -> HTTPResponse:
            return response.json({"error": "Slack is not configured on this server"}, status=503)

        return off
