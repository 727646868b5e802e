"""Every custom action, run with rasa_sdk's Tracker and CollectingDispatcher."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import (
    ActionAnswerFact,
    ActionCiteSource,
    ActionNotCovered,
    ActionRecommendProvider,
    ActionSessionStart,
    ActionSuggestTopics,
    ActionTriageRecommendation,
    ValidateTriageForm,
)
from core.fact_base import FactBase
from core.triage import QUESTIONS
from core.wording import Wording
from tests.conftest import DOMAIN_DICT

DISCLAIMER = Wording(DOMAIN_DICT["responses"]).text("utter_disclaimer", publisher="Cleveland Clinic")


def tracker(
    intent: str = "greet",
    text: str = "",
    entities: list[dict[str, Any]] | None = None,
    slots: dict[str, Any] | None = None,
) -> Tracker:
    return Tracker(
        sender_id="test",
        slots=slots or {},
        latest_message={
            "text": text,
            "intent": {"name": intent, "confidence": 0.9},
            "entities": entities or [],
        },
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def run(action: Action, current: Tracker) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, current, DOMAIN_DICT))
    return dispatcher.messages, events


def topic(value: str) -> dict[str, Any]:
    return {"entity": "topic", "value": value}


def aspect(value: str) -> dict[str, Any]:
    return {"entity": "aspect", "value": value}


def age(words: str) -> dict[str, Any]:
    return {"entity": "age", "value": "age_group", "text": words}


def test_answer_fact_answers_the_intent_and_remembers_the_topic(facts: FactBase) -> None:
    messages, events = run(ActionAnswerFact(), tracker("ask_palatal_myoclonus", "what is palatal myoclonus"))
    [message] = messages
    assert message["text"] == facts.entries["palatal_myoclonus"].answer
    assert {"title": "Middle ear myoclonus", "payload": "/ask_middle_ear_myoclonus"} in message["buttons"]
    assert events == [SlotSet("topic", "palatal_myoclonus"), SlotSet("aspect", None)]


def test_answer_fact_follow_up_uses_the_topic_slot(facts: FactBase) -> None:
    current = tracker(
        "ask_treatment", "can it be treated?", [aspect("treatment")], {"topic": "palatal_myoclonus"}
    )
    messages, events = run(ActionAnswerFact(), current)
    assert messages[0]["text"] == facts.entries["palatal_myoclonus"].aspects["treatment"]
    assert events == [SlotSet("topic", "palatal_myoclonus"), SlotSet("aspect", "treatment")]


def test_answer_fact_uses_entities_named_in_the_message(facts: FactBase) -> None:
    current = tracker("ask_causes", "what causes hiccups", [aspect("causes"), topic("hiccups")])
    messages, events = run(ActionAnswerFact(), current)
    assert "says nothing specific about what causes it for hiccups" in messages[0]["text"]
    assert events == [SlotSet("topic", "hiccups"), SlotSet("aspect", "causes")]


def test_answer_fact_general_question_without_topic(facts: FactBase) -> None:
    messages, events = run(ActionAnswerFact(), tracker("ask_treatment", "is there a cure"))
    assert messages[0]["text"] == facts.entries["treatment"].answer
    assert events == [SlotSet("topic", "treatment"), SlotSet("aspect", "treatment")]


def test_answer_fact_with_unknown_intent_asks_to_rephrase() -> None:
    messages, events = run(ActionAnswerFact(), tracker("greet", "hello"))
    assert messages[0]["response"] == "utter_please_rephrase"
    assert events == []


def test_cite_source_gives_publisher_title_and_review_date() -> None:
    messages, events = run(ActionCiteSource(), tracker("ask_source"))
    text = messages[0]["text"]
    assert "Cleveland Clinic" in text
    assert '"Myoclonus (Muscle Twitch)"' in text
    assert "March 16, 2023" in text
    assert events == []


def test_suggest_topics_offers_buttons() -> None:
    messages, _ = run(ActionSuggestTopics(), tracker("nlu_fallback", "asdf qwer"))
    assert messages[0]["response"] == "utter_please_rephrase"
    assert [b["payload"] for b in messages[0]["buttons"]] == [
        "/ask_what_is_myoclonus",
        "/ask_types",
        "/ask_causes",
        "/ask_treatment",
        "/ask_when_to_see_provider",
    ]


def test_session_start_introduces_the_bot() -> None:
    messages, events = run(ActionSessionStart(), tracker())
    assert messages[0]["response"] == "utter_intro"
    assert events == [SessionStarted(), ActionExecuted("action_listen")]


def test_triage_recommendation_uses_answers_care_contact_and_clears_slots(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CARE_PROVIDER_NAME", "Example Neurology")
    monkeypatch.setenv("CARE_PHONE", "555-0100")
    slots = {
        "is_newborn": False,
        "seizures_or_eye_movements": False,
        "after_medication_or_drug": False,
        "keeps_happening": True,
        "disrupts_daily_life": True,
    }
    messages, events = run(ActionTriageRecommendation(), tracker("deny", slots=slots))
    text = messages[0]["text"]
    assert text.startswith("I'd suggest you see a healthcare provider")
    assert "You can contact Example Neurology. Their phone number is 555-0100." in text
    assert DISCLAIMER in text
    assert events == [SlotSet(q, None) for q in QUESTIONS]


def test_triage_recommendation_for_a_normal_form_has_no_referral(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CARE_PROVIDER_NAME", raising=False)
    slots = dict.fromkeys(
        (
            "is_newborn",
            "seizures_or_eye_movements",
            "after_medication_or_drug",
            "keeps_happening",
            "new_or_more_frequent",
        ),
        False,
    )
    messages, _ = run(ActionTriageRecommendation(), tracker("deny", slots=slots))
    assert "normal form of myoclonus" in messages[0]["text"]
    assert "You can contact" not in messages[0]["text"]
    assert DISCLAIMER in messages[0]["text"]


@pytest.mark.parametrize(
    ("intent", "expected"),
    [
        ("report_worsening", "I'd suggest you see a healthcare provider"),
    ],
)
def test_recommend_provider_without_being_asked(
    intent: str, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CARE_PROVIDER_NAME", raising=False)
    messages, _ = run(ActionRecommendProvider(), tracker(intent, "it is getting worse"))
    assert expected in messages[0]["text"]
    assert "You can contact your healthcare provider." in messages[0]["text"]
    assert DISCLAIMER in messages[0]["text"]


def test_triage_form_asks_only_needed_questions() -> None:
    form = ValidateTriageForm()
    dispatcher = CollectingDispatcher()
    newborn = tracker("affirm", slots={"is_newborn": True})
    assert asyncio.run(form.required_slots(list(QUESTIONS), dispatcher, newborn, {})) == ["is_newborn"]
    steady = tracker(
        "deny",
        slots={
            "is_newborn": False,
            "seizures_or_eye_movements": False,
            "after_medication_or_drug": False,
            "keeps_happening": False,
        },
    )
    assert (
        asyncio.run(form.required_slots(list(QUESTIONS), dispatcher, steady, {}))[-1]
        == "new_or_more_frequent"
    )


def test_not_covered_says_so_and_names_the_care_provider(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CARE_PROVIDER_NAME", "Example Neurology")
    messages, events = run(ActionNotCovered(), tracker("ask_not_covered", "can i drive with myoclonus"))
    assert "doesn't cover that" in messages[0]["text"]
    assert "Please ask Example Neurology" in messages[0]["text"]
    assert messages[0]["buttons"] and events == []


def unsure(text: str, ranking: list[tuple[str, float]], entities: list[dict[str, Any]]) -> Tracker:
    current = tracker("nlu_fallback", text, entities)
    current.latest_message["intent_ranking"] = [{"name": n, "confidence": c} for n, c in ranking]
    return current


def test_unsure_message_naming_one_form_is_answered(facts: FactBase) -> None:
    current = unsure(
        "my whole family has it and it's worse with a drink",
        [("nlu_fallback", 0.3)],
        [
            topic("essential_myoclonus"),
            topic("non_medical_drugs"),
        ],
    )
    messages, events = run(ActionSuggestTopics(), current)
    assert messages[0]["text"].startswith(facts.entries["essential_myoclonus"].answer)
    assert SlotSet("topic", "essential_myoclonus") in events


def test_unsure_message_naming_forms_in_story_and_question_answers_the_question(facts: FactBase) -> None:
    text = "He had epilepsy as a boy. Now he has dementia and jerks. Is that from the dementia?"
    entities = [
        {**topic("epileptic_myoclonus"), "start": text.index("epilepsy")},
        {**topic("degenerative_brain_diseases"), "start": text.index("dementia")},
        {**topic("degenerative_brain_diseases"), "start": text.rindex("dementia")},
    ]
    messages, events = run(ActionSuggestTopics(), unsure(text, [("nlu_fallback", 0.3)], entities))
    assert messages[0]["text"].startswith(facts.entries["degenerative_brain_diseases"].answer)
    assert SlotSet("topic", "degenerative_brain_diseases") in events


def test_unsure_message_with_several_candidates_asks_did_you_mean() -> None:
    ranking = [("nlu_fallback", 0.3), ("ask_hiccups", 0.2), ("ask_startle_reflex", 0.15)]
    messages, _ = run(ActionSuggestTopics(), unsure("hic hic jump", ranking, []))
    assert messages[0]["response"] == "utter_did_you_mean"
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/ask_hiccups", "/ask_startle_reflex"]


def test_unsure_message_with_nothing_close_asks_to_rephrase() -> None:
    messages, _ = run(
        ActionSuggestTopics(), unsure("blorp zzkx", [("nlu_fallback", 0.3), ("greet", 0.2)], [])
    )
    assert messages[0]["response"] == "utter_please_rephrase"


def test_a_question_naming_an_uncovered_subject_gets_the_honest_answer() -> None:
    uncovered = {"entity": "uncovered", "value": "not_covered"}
    current = tracker(
        "ask_palatal_myoclonus", "can i drive with palatal myoclonus", [topic("palatal_myoclonus"), uncovered]
    )
    messages, events = run(ActionAnswerFact(), current)
    assert "doesn't cover that" in messages[0]["text"] and events == []


def test_unsure_follow_up_that_most_likely_narrows_stays_on_the_topic(facts: FactBase) -> None:
    # "kinds of myoclonus" -> "the normal kind" -> "what are the examples?" (narrow 0.43 vs 0.33)
    current = unsure("what are the examples?", [("nlu_fallback", 0.3), ("narrow_topic", 0.43)], [])
    current.slots.update({"topic": "physiological_myoclonus"})
    messages, events = run(ActionSuggestTopics(), current)
    assert messages[0]["text"].startswith(facts.entries["physiological_myoclonus"].answer)
    assert SlotSet("topic", "physiological_myoclonus") in events


def test_a_new_form_after_a_list_drops_an_aspect_it_does_not_answer(facts: FactBase) -> None:
    # "what are the rarer forms?" (asks who) -> "the mouth one": about palatal myoclonus itself
    current = tracker(
        "narrow_topic", "the mouth one", [topic("palatal_myoclonus")], {"topic": "types", "aspect": "who"}
    )
    messages, events = run(ActionAnswerFact(), current)
    assert messages[0]["text"].startswith(facts.entries["palatal_myoclonus"].answer)
    assert SlotSet("aspect", None) in events


def test_unsure_question_naming_an_aspect_answers_it_for_the_current_topic(facts: FactBase) -> None:
    # "middle ear myoclonus" -> "can surgery help" (classed as nothing in particular)
    current = unsure("can surgery help", [("nlu_fallback", 0.3), ("help", 0.2)], [aspect("treatment")])
    current.latest_message["entities"][0]["start"] = 4
    current.slots.update({"topic": "middle_ear_myoclonus"})
    messages, _ = run(ActionSuggestTopics(), current)
    assert messages[0]["text"].startswith(facts.entries["middle_ear_myoclonus"].aspects["treatment"])


def test_unsure_question_naming_an_aspect_with_no_topic_gets_the_general_answer(facts: FactBase) -> None:
    text = "I've had jerks for weeks and dropped two mugs. Do I need to see someone about it?"
    current = unsure(text, [("nlu_fallback", 0.3)], [aspect("when_to_see")])
    current.latest_message["entities"][0]["start"] = text.index("see someone")
    messages, _ = run(ActionSuggestTopics(), current)
    assert messages[0]["text"].startswith(facts.entries["when_to_see_provider"].answer)


def test_unsure_follow_up_naming_an_age_group_narrows_the_topic(facts: FactBase) -> None:
    # "why does opsoclonus myoclonus happen?" -> "in grown ups specifically?"
    current = unsure(
        "in grown ups specifically?", [("nlu_fallback", 0.3), ("ask_outlook", 0.28)], [age("grown ups")]
    )
    current.slots.update({"topic": "opsoclonus_myoclonus_syndrome", "aspect": "causes"})
    messages, _ = run(ActionSuggestTopics(), current)
    assert messages[0]["text"].startswith(facts.entries["opsoclonus_myoclonus_syndrome"].aspects["causes"])


def test_a_not_covered_guess_is_answered_when_the_question_asks_what_the_article_answers(
    facts: FactBase,
) -> None:
    text = "can OMS happen with lung cancer"
    entities = [
        {**topic("opsoclonus_myoclonus_syndrome"), "start": 4},
        {**aspect("causes"), "start": text.index("happen with")},
    ]
    messages, _ = run(ActionNotCovered(), tracker("ask_not_covered", text, entities))
    assert messages[0]["text"].startswith(facts.entries["opsoclonus_myoclonus_syndrome"].aspects["causes"])


def test_a_not_covered_guess_stands_when_the_question_asks_nothing_the_article_covers() -> None:
    text = "how long do people with palatal myoclonus live"
    current = tracker("ask_not_covered", text, [{**topic("palatal_myoclonus"), "start": 24}])
    messages, _ = run(ActionNotCovered(), current)
    assert "doesn't cover that" in messages[0]["text"]


def test_an_unclear_description_gets_the_form_its_meaning_is_clearly_like(facts: FactBase) -> None:
    current = tracker("nlu_fallback", "whenever a car backfires I leap about a foot in the air")
    current.latest_message["meaning_ranking"] = [
        {"name": "describe_symptoms", "confidence": 0.55},
        {"name": "ask_startle_reflex", "confidence": 0.27},
    ]
    [message], events = run(ActionSuggestTopics(), current)
    assert message["text"].startswith(facts.entries["startle_reflex"].answer)
    assert SlotSet("topic", "startle_reflex") in events
    current.latest_message["meaning_ranking"] = [{"name": "ask_startle_reflex", "confidence": 0.1}]
    [message], _ = run(ActionSuggestTopics(), current)
    assert not (message.get("text") or "").startswith(facts.entries["startle_reflex"].answer)


def test_the_other_kind_after_one_of_a_pair_answers_the_other(facts: FactBase) -> None:
    # "what's negative myoclonus" -> "and the other kind?"
    current = tracker("narrow_topic", "and the other kind?", [], {"topic": "negative_myoclonus"})
    messages, events = run(ActionAnswerFact(), current)
    assert messages[0]["text"].startswith(facts.entries["positive_myoclonus"].answer)
    assert SlotSet("topic", "positive_myoclonus") in events


def placed(entity: str, value: str, text: str, words: str) -> dict[str, Any]:
    """An entity for `words` at their place in `text`."""
    start = text.index(words)
    return {"entity": entity, "value": value, "start": start, "end": start + len(words)}


def test_a_follow_up_with_myoclonus_only_in_its_story_answers_the_topic_kept(facts: FactBase) -> None:
    # "what medicines cause jerks?" -> "i just started a new one and noticed twitching, ..."
    text = "i just started a new one and noticed twitching, when do i tell the doctor"
    entities = [
        placed("topic", "what_is_myoclonus", text, "twitching"),
        placed("aspect", "when_to_see", text, "tell the doctor"),
    ]
    current = tracker("ask_when_to_see_provider", text, entities, {"topic": "prescribed_medications"})
    messages, events = run(ActionAnswerFact(), current)
    assert messages[0]["text"].startswith(facts.entries["prescribed_medications"].aspects["when_to_see"])
    assert SlotSet("topic", "prescribed_medications") in events
