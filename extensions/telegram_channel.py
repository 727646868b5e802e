"""Telegram channel with webhook authentication.

Rasa 3.6's Telegram connector accepts any POST to its webhook and exposes an
unauthenticated /set_webhook route. This channel:
- reads the bot token and secrets from the environment, never from credentials.yml;
- accepts an update only with Telegram's `X-Telegram-Bot-Api-Secret-Token` header equal to
  TELEGRAM_SECRET_TOKEN (set the same value as `secret_token` when registering the webhook);
- answers Telegram's `/start` with the greeting, and keeps the words after a command
  (`/start@MyBot what is myoclonus?` is the question);
- shows buttons as an inline keyboard, one button per row;
- stays off (503) when TELEGRAM_BOT_TOKEN or TELEGRAM_SECRET_TOKEN is unset, so the server
  starts without them.

Environment: TELEGRAM_BOT_TOKEN, TELEGRAM_SECRET_TOKEN, TELEGRAM_API_URL (default
https://api.telegram.org; tests point it to a local stand-in).
"""

from __future__ import annotations

import hmac
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import Bot
from aiogram.bot.api import TelegramAPIServer
from aiogram.types import Update
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.telegram import TelegramInput, TelegramOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from core.settings import settings

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
COMMANDS = {"/start": "/greet", "/help": "/help"}
COMMAND = re.compile(r"(?P<command>/[A-Za-z0-9_]+)(?:@[A-Za-z0-9_]+)?(?:\s+(?P<words>.*))?", re.DOTALL)


class VerticalTelegramOutput(TelegramOutput):
    """Telegram output to a configurable API server, one button per row."""

    def __init__(self, access_token: str, api_url: str) -> None:
        Bot.__init__(self, access_token, server=TelegramAPIServer.from_base(api_url))

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await super().send_text_with_buttons(recipient_id, text, buttons, button_type="vertical", **kwargs)


def update_text(update: Update) -> str | None:
    """The text a Telegram update carries: a message, an edit, or a button press."""
    if update.callback_query is not None:
        return update.callback_query.data
    message = update.message or update.edited_message
    if message is None or message.text is None:
        return None
    command = COMMAND.fullmatch(message.text.strip())
    if command is None:
        return message.text
    if command["words"]:
        return command["words"]
    return COMMANDS.get(command["command"], message.text)


def update_chat_id(update: Update) -> str | None:
    """The chat the reply goes to."""
    message = (
        update.callback_query.message if update.callback_query else (update.message or update.edited_message)
    )
    return str(message.chat.id) if message is not None and message.chat is not None else None


class CheckedTelegramInput(TelegramInput):
    """Telegram webhook that only accepts updates carrying the secret token."""

    @classmethod
    def name(cls) -> str:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        """Secrets come from the environment; credentials.yml holds no secret."""
        current = settings()
        channel = cls(current.telegram_bot_token, None, None)
        channel.secret_token = current.telegram_secret_token
        channel.api_url = current.telegram_api_url
        return channel

    secret_token: str | None = None
    api_url: str = "https://api.telegram.org"

    @property
    def configured(self) -> bool:
        """True when both the bot token and the webhook secret are set."""
        return bool(self.access_token and self.secret_token)

    def get_output_channel(self) -> TelegramOutput:
        return VerticalTelegramOutput(str(self.access_token), self.api_url)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """GET / (health) and POST /webhook (authenticated updates)."""
        webhook = Blueprint("telegram_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok" if self.configured else "not configured"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not self.configured:
                return response.json({"error": "Telegram is not configured on this server"}, status=503)
            given = request.headers.get(SECRET_HEADER, "")
            if not hmac.compare_digest(given.encode(), str(self.secret_token).encode()):
                return response.json({"error": "forbidden"}, status=403)
            try:
                update = Update(**request.json)
            except Exception:  # noqa: BLE001 - any malformed update is the sender's mistake
                return response.json({"error": "not a Telegram update"}, status=400)
            text, chat_id = update_text(update), update_chat_id(update)
            if text is None or chat_id is None:
                return response.text("ignored")
            output = self.get_output_channel()
            await on_new_message(UserMessage(text, output, chat_id, input_channel=self.name()))
            return response.text("success")

        return webhook
