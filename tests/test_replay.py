"""Replay protection: which stored bot messages answer a request the balancer sent again."""

from __future__ import annotations

from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SessionStarted, UserUttered

from extensions.replay import METADATA_KEY, turn_replies


def user(text: str, rid: str) -> UserUttered:
    return UserUttered(text, metadata={METADATA_KEY: rid})


def listen() -> ActionExecuted:
    return ActionExecuted("action_listen")


def conversation() -> list[Event]:
    return [
        ActionExecuted("action_session_start"),
        BotUttered("Hello!"),
        SessionStarted(),
        listen(),
        user("what is palatal myoclonus?", "rid-first-000000001"),
        ActionExecuted("action_answer_fact"),
        BotUttered("Palatal myoclonus is ..."),
        listen(),
        user("can it be treated?", "rid-second-00000001"),
        ActionExecuted("action_answer_fact"),
        BotUttered("Medication often helps."),
        BotUttered("Anything else?"),
        listen(),
    ]


def texts(replies: list[BotUttered] | None) -> list[str | None] | None:
    return None if replies is None else [r.text for r in replies]


def test_the_first_message_gets_the_greeting_and_its_answer() -> None:
    assert texts(turn_replies(conversation(), "rid-first-000000001")) == [
        "Hello!",
        "Palatal myoclonus is ...",
    ]


def test_a_later_message_gets_only_its_own_answers() -> None:
    assert texts(turn_replies(conversation(), "rid-second-00000001")) == [
        "Medication often helps.",
        "Anything else?",
    ]


def test_a_message_not_stored_is_handled_again() -> None:
    assert turn_replies(conversation(), "rid-unknown-0000001") is None
    assert turn_replies(conversation()[:8], "rid-second-00000001") is None
