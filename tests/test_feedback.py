"""Feedback on answers and disputed emergency messages, through the running assistant, and their
place in the conversation review."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa.core.tracker_store import SQLTrackerStore

from core.fact_base import FactBase
from core.wording import project_wording
from scripts.review.findings import Kind, Reviewer, ratings
from scripts.review.turns import read_turns

pytestmark = pytest.mark.model

WORDING = project_wording()
THUMBS = [{"title": b.title, "payload": b.payload} for b in WORDING.buttons("utter_feedback_buttons")]


def test_every_fact_answer_ends_with_the_feedback_pair(assistant: Any, facts: FactBase) -> None:
    [*_, answer] = assistant.say("fb-buttons", "what is palatal myoclonus?")
    assert answer["text"].startswith(facts.entries["palatal_myoclonus"].answer)
    assert answer["buttons"][-2:] == THUMBS
    assert [b["title"] for b in THUMBS] == ["👍 Helpful", "👎 Not helpful"]
    assert answer["buttons"][0]["title"] == facts.entries[facts.entries["palatal_myoclonus"].related[0]].title


def test_feedback_is_thanked_and_a_follow_up_stays_on_the_topic(assistant: Any, facts: FactBase) -> None:
    assistant.say("fb-follow", "what is palatal myoclonus?")
    assert assistant.texts("fb-follow", THUMBS[1]["payload"]) == WORDING.text("utter_feedback_thanks")
    follow_up = assistant.texts("fb-follow", "can it be treated?")
    assert follow_up.startswith(facts.entries["palatal_myoclonus"].aspects["treatment"])


def test_feedback_during_the_triage_questions_carries_on(assistant: Any) -> None:
    assistant.say("fb-triage", "/check_symptoms")  # the "Should I see someone?" button
    assistant.say("fb-triage", "what is palatal myoclonus?")  # a side question, answered with the pair
    replies = assistant.texts("fb-triage", THUMBS[0]["payload"])
    assert replies.startswith(WORDING.text("utter_feedback_thanks"))
    assert WORDING.text("utter_ask_is_newborn") in replies


def test_a_disputed_emergency_message_is_acknowledged(assistant: Any) -> None:
    assert assistant.texts("fb-alarm", "my dad collapsed and is jerking").endswith(
        WORDING.text("utter_emergency")
    )
    reply = assistant.texts("fb-alarm", "sorry, nobody is in danger, i was asking in general")
    assert reply == WORDING.text("utter_not_an_emergency")


def test_the_review_counts_them(assistant: Any, facts: FactBase) -> None:
    for text in ("what are hypnic jerks", THUMBS[0]["payload"], "what is asterixis", THUMBS[1]["payload"]):
        assistant.say("fb-review", text)
    assistant.say("fb-review-alarm", "my dad collapsed and is jerking")
    assistant.say("fb-review-alarm", "that's not an emergency, i'm fine")
    for text in ("/check_symptoms", "no", "not really"):
        assistant.say("fb-review-triage", text)
    turns = [
        t
        for t in asyncio.run(read_turns(SQLTrackerStore(dialect="sqlite", db=str(assistant.db))))
        if "fb-review" in t.conversation  # stored as rest:fb-review...
    ]
    found = {(f.kind, f.turn.text) for f in Reviewer(facts, WORDING).findings(turns)}
    assert (Kind.UNHELPFUL, "what is asterixis") in found
    assert (Kind.FALSE_ALARM, "my dad collapsed and is jerking") in found
    assert not any(text in ("no", "not really", "what are hypnic jerks") for _, text in found)
    assert ratings(turns) == {"yes": 1, "no": 1}
