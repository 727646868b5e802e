"""Every conversation belongs to one channel: conversation ids are namespaced by channel.

Inside Rasa (tracker store, lock store, rate limit, action server calls) a conversation's id
is `<channel>:<the id the channel gave>`, e.g. `rest:visitor-1`, `socketio:<session>`,
`slack:U42`, `telegram:7001`. A REST caller chooses `sender` freely, but can then only ever
reach `rest:` conversations, never a widget, Slack or Telegram one. Replies go back through
the channel with the channel's own id (REST replies keep the `recipient_id` the client sent).
Applied once for all channels by extensions/rasa_patches.py.
"""

from __future__ import annotations

from typing import Any

from rasa.core.channels.channel import OutputChannel

SEPARATOR = ":"


def scoped_sender_id(channel: str, sender_id: str) -> str:
    """The conversation id Rasa uses for a channel's sender id."""
    return f"{channel}{SEPARATOR}{sender_id}"


class ChannelScopedOutput(OutputChannel):
    """An output channel that is handed back the channel's own recipient ids."""

    def __init__(self, channel_output: OutputChannel, channel: str) -> None:
        self.channel_output = channel_output
        self.prefix = scoped_sender_id(channel, "")

    def name(self) -> str:
        """The wrapped channel's name (responses can be specific to a channel)."""
        return self.channel_output.name()

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        """Send through the wrapped channel, to the id that channel gave."""
        await self.channel_output.send_response(recipient_id.removeprefix(self.prefix), message)
