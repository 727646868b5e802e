"""What the socket.io channel sends the widget, from the real domain's responses."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa.core.actions.action import create_bot_utterance
from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain

from extensions.socketio_channel import SafeSocketIOOutput


class RecordingServer:
    """Stands in for socketio.AsyncServer: records every emit."""

    def __init__(self) -> None:
        self.emitted: list[dict[str, Any]] = []

    async def emit(self, event: str, data: Any = None, room: str | None = None, **kwargs: Any) -> None:
        self.emitted.append({"event": event, "data": data, "room": room, **kwargs})


def sent(domain: Domain, response: str, **extra: Any) -> list[dict[str, Any]]:
    """The socket.io emits for one of the domain's responses, as Rasa would send it."""
    generated = TemplatedNaturalLanguageGenerator(domain.responses).generate_from_slots(
        response, {}, "socketio"
    )
    assert generated is not None
    message = create_bot_utterance({**generated, "utter_action": response, **extra}).message()
    server = RecordingServer()
    asyncio.run(SafeSocketIOOutput(server, "bot_uttered").send_response("visitor-room", message))
    return server.emitted


def test_emergency_message_carries_its_marker(domain: Domain) -> None:
    emitted = sent(domain, "utter_emergency")
    assert [e["data"]["metadata"] for e in emitted] == [{"emergency": True}]
    assert emitted[0]["data"]["text"].startswith("This sounds like an emergency.")
    assert emitted[0]["room"] == "visitor-room"


def test_other_messages_carry_no_marker(domain: Domain) -> None:
    for response in ("utter_greet", "utter_data_deleted", "utter_help"):
        for emit in sent(domain, response):
            assert "metadata" not in emit["data"], response


def test_buttons_are_quick_replies_on_the_last_part(domain: Domain) -> None:
    emitted = sent(domain, "utter_greet")
    replies = emitted[-1]["data"]["quick_replies"]
    assert {r["payload"] for r in replies} >= {"/ask_what_is_myoclonus", "/check_symptoms"}


def test_custom_payload_reaches_the_widget_as_custom(domain: Domain) -> None:
    """A response's `custom` (e.g. {"forget": true}) arrives as {"custom": ...} in the room."""
    emitted = sent(domain, "utter_data_deleted", custom={"forget": True})
    assert emitted[-1] == {
        "event": "bot_uttered",
        "data": {"custom": {"forget": True}},
        "room": "visitor-room",
    }
