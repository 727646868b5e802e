"""Choosing the subject and composing fact answers."""

from __future__ import annotations

from core.answers import Answer, asked_aspect, choose_subject, compose_answer
from core.fact_base import Entry, FactBase
from core.wording import Wording
from tests.conftest import DOMAIN_DICT

WORDING = Wording(DOMAIN_DICT["responses"])
CHECK_SYMPTOMS_PAYLOAD = "/check_symptoms"


def answer_about(facts: FactBase, subject: Entry, aspect: str | None) -> Answer:
    return compose_answer(facts, WORDING, subject, aspect)


def test_named_type_wins_over_intent(facts: FactBase) -> None:
    subject = choose_subject(facts, "ask_treatment", ["palatal_myoclonus"], None)
    assert subject is not None and subject.id == "palatal_myoclonus"


def test_follow_up_aspect_question_stays_on_current_topic(facts: FactBase) -> None:
    subject = choose_subject(facts, "ask_treatment", [], "palatal_myoclonus")
    assert subject is not None and subject.id == "palatal_myoclonus"
    answer = answer_about(facts, subject, asked_aspect(facts, "ask_treatment", []))
    assert "medication" in answer.text
    assert answer.topic == "palatal_myoclonus"


def test_general_topic_named_in_message_overrides_current_topic(facts: FactBase) -> None:
    # "how is myoclonus treated?" names myoclonus in general, not the palatal topic
    subject = choose_subject(facts, "ask_treatment", ["what_is_myoclonus"], "palatal_myoclonus")
    assert subject is not None and subject.id == "treatment"


def test_aspect_without_a_specific_answer_says_so_and_points_to_a_provider(facts: FactBase) -> None:
    answer = answer_about(facts, facts.entries["hiccups"], "diagnosis")
    assert "says nothing specific about how it is diagnosed for hiccups" in answer.text
    assert "healthcare provider" in answer.text
    assert answer.text.count(facts.entries["diagnosis"].answer) == 1


def test_general_entry_with_aspect_gives_the_general_aspect_answer(facts: FactBase) -> None:
    answer = answer_about(facts, facts.entries["what_is_myoclonus"], "prevention")
    assert answer.text == facts.entries["prevention"].answer
    assert answer.topic == "prevention"


def test_entry_answer_with_related_buttons(facts: FactBase) -> None:
    answer = answer_about(facts, facts.entries["hiccups"], None)
    assert answer.text == facts.entries["hiccups"].answer
    assert [b.payload for b in answer.buttons] == [
        "/ask_sleep_myoclonus",
        "/ask_startle_reflex",
        "/ask_physiological_myoclonus",
    ]


def test_forms_pointing_to_a_condition_offer_the_triage(facts: FactBase) -> None:
    for entry_id in (
        "secondary_myoclonus",
        "epileptic_myoclonus",
        "opsoclonus_myoclonus_syndrome",
        "benign_neonatal_sleep_myoclonus",
    ):
        answer = answer_about(facts, facts.entries[entry_id], None)
        assert answer.buttons[0].payload == CHECK_SYMPTOMS_PAYLOAD, entry_id
        assert "a few quick questions" in answer.text
    assert all(
        b.payload != CHECK_SYMPTOMS_PAYLOAD
        for b in answer_about(facts, facts.entries["hiccups"], None).buttons
    )


def test_aspect_named_in_message_wins_over_intent(facts: FactBase) -> None:
    assert asked_aspect(facts, "ask_palatal_myoclonus", ["causes"]) == "causes"
    assert asked_aspect(facts, "ask_prevention", []) == "prevention"
    assert asked_aspect(facts, "ask_palatal_myoclonus", []) is None


def test_forged_entity_values_are_ignored(facts: FactBase) -> None:
    # "/ask_treatment{"topic": {"a": 1}}" sent by a client must not break the answer
    subject = choose_subject(facts, "ask_treatment", [{"a": 1}, ["x"], "no_such_id"], {"bad": 1})  # type: ignore[list-item, arg-type]
    assert subject is not None and subject.id == "treatment"
    assert asked_aspect(facts, "ask_hiccups", [{"a": 1}, "no_such_aspect"]) is None  # type: ignore[list-item]


def test_asking_whether_a_cause_causes_myoclonus_gives_the_cause_answer(facts: FactBase) -> None:
    answer = answer_about(facts, facts.entries["autoimmune_diseases"], "causes")
    assert answer.text.startswith(facts.entries["autoimmune_diseases"].answer)
