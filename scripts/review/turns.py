"""Stored conversations as turns: what the visitor wrote, and what the assistant did about it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    Event,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUttered,
)

TOPIC_SLOT = "topic"
TRIAGE_FORM = "triage_form"
LISTEN = "action_listen"


@dataclass(frozen=True)
class Reply:
    """One message of the assistant, and the response it came from (when it was one)."""

    text: str
    response: str | None


@dataclass
class Turn:
    """A visitor's message and everything the assistant did until the next one."""

    conversation: str
    text: str
    time: datetime
    parse: dict[str, Any]
    in_triage: bool
    actions: list[str] = field(default_factory=list)
    replies: list[Reply] = field(default_factory=list)
    topic: str | None = None

    @property
    def intent(self) -> str | None:
        return (self.parse.get("intent") or {}).get("name")

    @property
    def confidence(self) -> float:
        return float((self.parse.get("intent") or {}).get("confidence") or 0.0)

    @property
    def ranking(self) -> list[str]:
        return [str(r.get("name")) for r in self.parse.get("intent_ranking") or []]

    def score(self, intent: str) -> float:
        """The model's confidence in an intent for this message (0 when not ranked)."""
        ranked = self.parse.get("intent_ranking") or []
        return float(next((r.get("confidence") or 0 for r in ranked if r.get("name") == intent), 0.0))

    def entity(self, name: str) -> str | None:
        """The value of the first entity of that type in the message, if any."""
        return next(
            (str(e.get("value")) for e in self.parse.get("entities") or [] if e.get("entity") == name), None
        )

    @property
    def is_button(self) -> bool:
        """True for a button's payload (`/intent{...}`) rather than typed text."""
        return self.text.startswith("/")


def turns_of(conversation: str, events: Iterable[Event]) -> list[Turn]:
    """The turns of one stored conversation, sessions included, in order."""
    turns: list[Turn] = []
    loop: str | None = None
    topic: str | None = None
    for event in events:
        if isinstance(event, SessionStarted | Restarted):
            loop, topic = None, None
        elif isinstance(event, ActiveLoop):
            loop = event.name
        elif isinstance(event, SlotSet) and event.key == TOPIC_SLOT:
            topic = event.value
        if isinstance(event, UserUttered) and event.text is not None:
            when = datetime.fromtimestamp(event.timestamp, tz=timezone.utc)
            turns.append(Turn(conversation, event.text, when, event.parse_data or {}, loop == TRIAGE_FORM))
        elif turns and isinstance(event, ActionExecuted) and event.action_name not in (None, LISTEN):
            turns[-1].actions.append(str(event.action_name))
        elif turns and isinstance(event, BotUttered):
            turns[-1].replies.append(Reply(event.text or "", (event.metadata or {}).get("utter_action")))
        if turns:
            turns[-1].topic = topic
    return turns


async def read_turns(store: TrackerStore) -> list[Turn]:
    """Every turn of every conversation in the store."""
    turns: list[Turn] = []
    for conversation in sorted(await store.keys()):
        tracker = await store.retrieve_full_tracker(conversation)
        if tracker is not None:
            turns += turns_of(conversation, tracker.events)
    return turns
