"""Replay protection for REST messages that the load balancer sends again.

The balancer (deploy/local/haproxy.cfg.template) gives every request a unique X-Request-ID
and, when a Rasa server dies before answering, sends the same request to another server. The
first server may have stored the turn just before it died; handling the message again would
then put it twice in the conversation. So a request id is remembered in Redis
(extensions/shared_state.py) and stored with the message; a request id seen before whose
message is already in the conversation gets the stored replies instead of a second turn.
"""

from __future__ import annotations

import re
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, UserUttered
from sanic.request import Request

from extensions.conversation_scope import scoped_sender_id
from extensions.shared_state import seen_keys

HEADER = "X-Request-ID"
METADATA_KEY = "request_id"
REQUEST_ID = re.compile(r"^[A-Za-z0-9\-]{16,64}$")


def request_id(request: Request) -> str | None:
    """The balancer's id for this request, if it has a well-formed one."""
    value = request.headers.get(HEADER, "")
    return value if REQUEST_ID.match(value) else None


def is_listen(event: Event) -> bool:
    """Whether the event is Rasa waiting for the next message (the end of a turn)."""
    return isinstance(event, ActionExecuted) and event.action_name == ACTION_LISTEN_NAME


def turn_replies(events: list[Event], rid: str) -> list[BotUttered] | None:
    """The bot messages of the turn whose message has request id `rid`, or None if it is not there.

    A turn's replies start after the previous turn ended (its first `action_listen` after the
    previous message; a greeting at session start comes before the message) and end at the
    next message.
    """
    mine = next(
        (
            i
            for i, e in enumerate(events)
            if isinstance(e, UserUttered) and (e.metadata or {}).get(METADATA_KEY) == rid
        ),
        None,
    )
    if mine is None:
        return None
    previous = max((i for i in range(mine) if isinstance(events[i], UserUttered)), default=None)
    start = 0 if previous is None else next((i for i in range(previous, mine) if is_listen(events[i])), mine)
    end = next((i for i in range(mine + 1, len(events)) if isinstance(events[i], UserUttered)), len(events))
    return [e for e in events[start:end] if isinstance(e, BotUttered)]


async def stored_replies(store: TrackerStore, sender_id: str, rid: str) -> list[dict[str, Any]] | None:
    """The replies already stored for REST sender `sender_id`'s message with request id `rid`, if any."""
    tracker = await store.retrieve_full_tracker(scoped_sender_id("rest", sender_id))
    replies = turn_replies(list(tracker.events), rid) if tracker is not None else None
    if replies is None:
        return None
    collector = CollectingOutputChannel()
    for reply in replies:
        await collector.send_response(sender_id, reply.message())
    return collector.messages


async def earlier_answer(request: Request, sender_id: str) -> list[dict[str, Any]] | None:
    """For a request the balancer sent before: the answer already stored, if any."""
    rid = request_id(request)
    if rid is None or not await seen_keys().seen_before(f"rest:{rid}"):
        return None
    return await stored_replies(request.app.ctx.agent.tracker_store, sender_id, rid)
