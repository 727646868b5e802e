"""Choosing the subject and composing fact answers."""

from __future__ import annotations

import pytest

from core.answers import (
    Answer,
    answerable_aspect,
    asked_aspect,
    aspect_by_meaning,
    choose_subject,
    classifier_choice,
    clearly_named_subject,
    compose_answer,
    described_form,
    likely_topics,
    picked_from_list,
)
from core.fact_base import Entry, FactBase
from core.message import Message
from core.wording import Wording
from tests.conftest import DOMAIN_DICT

WORDING = Wording(DOMAIN_DICT["responses"])
CHECK_SYMPTOMS_PAYLOAD = "/check_symptoms"


def answer_about(facts: FactBase, subject: Entry, aspect: str | None) -> Answer:
    return compose_answer(facts, WORDING, subject, aspect)


def answer_about_with_offer(facts: FactBase, subject: Entry) -> Answer:
    return compose_answer(facts, WORDING, subject, None, offer_triage=True)


def test_an_aspect_the_article_leaves_open_gives_way_to_one_it_answers(facts: FactBase) -> None:
    epileptic = facts.entries["epileptic_myoclonus"]
    assert "treatment" not in epileptic.aspects and "prevention" in epileptic.aspects
    assert answerable_aspect(epileptic, "treatment", ["prevention", "treatment"]) == "prevention"
    assert answerable_aspect(epileptic, "treatment", ["treatment"]) == "treatment"
    assert answerable_aspect(epileptic, "prevention", ["treatment", "prevention"]) == "prevention"


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


def test_aspect_without_a_specific_answer_says_so_and_points_to_a_provider(
    facts: FactBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CARE_PROVIDER_NAME", "Example Neurology")
    answer = answer_about(facts, facts.entries["hiccups"], "diagnosis")
    assert answer.text.startswith(facts.entries["hiccups"].answer)  # what the article does say
    assert "says nothing specific about how it is diagnosed for hiccups" in answer.text
    assert "Ask Example Neurology: they can tell you more." in answer.text
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


def test_narrowing_follow_up_keeps_the_aspect_asked_before(facts: FactBase) -> None:
    # "who gets myoclonus?" -> "what about newborns?"
    subject = choose_subject(facts, "narrow_topic", ["benign_neonatal_sleep_myoclonus"], "who_gets_it")
    aspect = asked_aspect(facts, "narrow_topic", [], previous="who")
    assert subject is not None and subject.id == "benign_neonatal_sleep_myoclonus"
    assert answer_about(facts, subject, aspect).text.startswith(facts.entries[subject.id].aspects["who"])


def test_narrowing_follow_up_without_a_name_stays_on_the_topic(facts: FactBase) -> None:
    # "what causes OMS?" -> "and in children?"
    subject = choose_subject(facts, "narrow_topic", [], "opsoclonus_myoclonus_syndrome")
    assert subject is not None and subject.id == "opsoclonus_myoclonus_syndrome"
    assert asked_aspect(facts, "narrow_topic", [], previous="causes") == "causes"
    assert asked_aspect(facts, "ask_hiccups", [], previous="causes") is None


def test_a_short_follow_up_pointing_back_keeps_the_aspect_asked_before(facts: FactBase) -> None:
    # "how can myoclonus be prevented?" -> "and the drugs bit, what about that"
    follow_up = Message("and the drugs bit, what about that")
    assert follow_up.is_short_follow_up
    assert asked_aspect(facts, "ask_non_medical_drugs", [], "prevention", follows_up=True) == "prevention"
    assert not Message(
        "what is sleep myoclonus? I think my husband has that when he dozes"
    ).is_short_follow_up


def test_a_message_pointing_back_stays_on_the_topic(facts: FactBase) -> None:
    # "can it be inherited?" after palatal myoclonus: the classifier may pick a cause intent
    subject = choose_subject(facts, "ask_genetic_disorders", [], "palatal_myoclonus", pointing_back=True)
    assert subject is not None and subject.id == "palatal_myoclonus"
    assert choose_subject(facts, "ask_genetic_disorders", [], "palatal_myoclonus").id == "genetic_disorders"  # type: ignore[union-attr]


def test_a_form_named_with_a_cause_is_the_subject(facts: FactBase) -> None:
    subject = choose_subject(facts, "ask_outlook", ["non_medical_drugs", "essential_myoclonus"], None)
    assert subject is not None and subject.id == "essential_myoclonus"


def test_a_description_naming_no_form_gets_the_general_answer_and_the_offer(facts: FactBase) -> None:
    subject = choose_subject(facts, "describe_symptoms", [], None)
    assert subject is not None and subject.id == "what_is_myoclonus"
    answer = answer_about_with_offer(facts, subject)
    assert answer.buttons[0].payload == CHECK_SYMPTOMS_PAYLOAD


def test_personal_and_pointing_back_words() -> None:
    assert Message("my arm jerks every evening").is_personal and Message("I'm twitching").is_personal
    assert not Message("what is palatal myoclonus").is_personal
    assert Message("is that one dangerous?").refers_back and not Message("what is asterixis?").refers_back


def test_an_entry_whose_answer_says_the_cause_gives_it_for_causes(facts: FactBase) -> None:
    answer = answer_about(facts, facts.entries["epileptic_myoclonus"], "causes")
    assert answer.text.startswith(facts.entries["epileptic_myoclonus"].answer)
    assert "nothing specific" not in answer.text


def test_every_topic_and_aspect_pair_is_answered_or_honestly_silent(facts: FactBase) -> None:
    """Walk the fact base: a pair the entry answers (its aspects, or its own answer) never gets
    "nothing specific"; a pair the article leaves open says so and gives what it says nearby."""
    silent = WORDING.template("utter_article_silent").split("{")[0]
    for entry in (e for e in facts.entries.values() if e.is_specific):
        for aspect in facts.aspects:
            text = answer_about(facts, entry, aspect).text
            answered = aspect in entry.aspects or aspect in entry.answer_covers or aspect in entry.answered_by
            answered |= aspect == "causes" and entry.kind == "cause"
            assert (silent in text) != answered, (entry.id, aspect)
            general = facts.general_entry_for(aspect)
            if silent in text and general is not None:
                assert general.answer in text, (entry.id, aspect)


def test_likely_topics_put_named_forms_first_then_ranked_intents(facts: FactBase) -> None:
    ranking = [("nlu_fallback", 0.3), ("ask_hiccups", 0.2), ("ask_startle_reflex", 0.1), ("greet", 0.1)]
    found = likely_topics(facts, ["sleep_myoclonus"], ranking)
    assert [e.id for e in found] == ["sleep_myoclonus", "hiccups", "startle_reflex"]
    assert likely_topics(facts, [], [("ask_hiccups", 0.01)]) == []


def test_an_unclear_message_is_about_the_form_it_names_not_the_general_word(facts: FactBase) -> None:
    # "that hic thing when you gulp fizzy pop, is that one of these muscle jerk things?"
    subject = clearly_named_subject(facts, ["what_is_myoclonus"], ["hiccups", "what_is_myoclonus"])
    assert subject is not None and subject.id == "hiccups"
    general = clearly_named_subject(facts, ["what_is_myoclonus"], ["what_is_myoclonus"])
    assert general is not None and general.id == "what_is_myoclonus"
    assert clearly_named_subject(facts, [], ["hiccups", "epileptic_myoclonus"]) is None


def test_the_question_s_meaning_gives_the_aspect_when_it_names_none(facts: FactBase) -> None:
    assert aspect_by_meaning(facts, {"ask_outlook": 0.58, "ask_not_covered": 0.22}) == "outlook"
    assert aspect_by_meaning(facts, {"narrow_topic": 0.6, "ask_outlook": 0.3}) is None  # not sure enough
    assert (
        aspect_by_meaning(facts, {"ask_hiccups": 0.9, "ask_outlook": 0.05}) is None
    )  # a form, not an aspect
    assert asked_aspect(facts, "ask_sleep_myoclonus", [], by_meaning="outlook") == "outlook"
    # of the aspects the question names, the one it means ("by what age have most stopped?")
    assert (
        asked_aspect(facts, "ask_hiccups", [], question_aspects=["who", "outlook"], by_meaning="outlook")
        == "outlook"
    )
    assert (
        asked_aspect(facts, "ask_hiccups", [], question_aspects=["who", "outlook"], by_meaning="causes")
        == "who"
    )


def test_a_follow_up_picks_the_item_of_the_list_it_means(facts: FactBase) -> None:
    types = facts.entries["types"]
    family_one = {"narrow_topic": 0.99, "ask_essential_myoclonus": 0.004, "ask_negative_myoclonus": 0.0003}
    picked = picked_from_list(facts, types, family_one)
    assert picked is not None and picked.id == "essential_myoclonus"
    spread = {"ask_essential_myoclonus": 0.2, "ask_negative_myoclonus": 0.18, "ask_palatal_myoclonus": 0.17}
    assert picked_from_list(facts, types, spread) is None
    subject = choose_subject(facts, "narrow_topic", [], "types", meaning=family_one)
    assert subject is not None and subject.id == "essential_myoclonus"
    # a follow-up asking an aspect stays on the topic ("can those be prevented?")
    kept = choose_subject(facts, "narrow_topic", [], "types", asks_an_aspect=True, meaning=family_one)
    assert kept is not None and kept.id == "types"
    # the classifier takes the follow-up to be about an item of the list ("the family one, does
    # it get worse over time?"): that item, when its meaning agrees
    item = {"ask_essential_myoclonus": 0.48, "narrow_topic": 0.44, "ask_outlook": 0.03}
    follow_up = choose_subject(
        facts, "ask_essential_myoclonus", [], "types", pointing_back=True, asks_an_aspect=True, meaning=item
    )
    assert follow_up is not None and follow_up.id == "essential_myoclonus"
    spread_follow_up = choose_subject(
        facts, "ask_essential_myoclonus", [], "types", pointing_back=True, asks_an_aspect=True, meaning=spread
    )
    assert spread_follow_up is not None and spread_follow_up.id == "types"


def test_a_description_that_names_nothing_gets_the_form_it_is_most_like(facts: FactBase) -> None:
    backfire = {"describe_symptoms": 0.55, "ask_startle_reflex": 0.27}
    subject = choose_subject(facts, "describe_symptoms", [], None, meaning=backfire)
    assert subject is not None and subject.id == "startle_reflex"
    vague = {"describe_symptoms": 0.97, "ask_sleep_myoclonus": 0.01}
    general = choose_subject(facts, "describe_symptoms", [], None, meaning=vague)
    assert general is not None and general.id == "what_is_myoclonus"
    assert described_form(facts, {}) is None
    # the description intent takes most of the meaning; one form still stands out among the forms
    memory = {
        "describe_symptoms": 0.64,
        "ask_degenerative_brain_diseases": 0.05,
        "ask_essential_myoclonus": 0.02,
    }
    subject = choose_subject(facts, "describe_symptoms", [], None, meaning=memory)
    assert subject is not None and subject.id == "degenerative_brain_diseases"
    # faint and spread: jerks in general
    spread = {"describe_symptoms": 0.9, "ask_negative_myoclonus": 0.007, "ask_startle_reflex": 0.004}
    general = choose_subject(facts, "describe_symptoms", [], None, meaning=spread)
    assert general is not None and general.id == "what_is_myoclonus"
    # a general question is not a description: the faint form does not count
    assert described_form(facts, memory) is None


def test_a_general_question_that_describes_one_form_is_about_it(facts: FactBase) -> None:
    # "I jump every time my phone buzzes, is there something wrong with me?"
    jumps = {"ask_outlook": 0.35, "ask_startle_reflex": 0.3}
    subject = choose_subject(facts, "ask_outlook", [], None, meaning=jumps)
    assert subject is not None and subject.id == "startle_reflex"
    general = choose_subject(facts, "ask_treatment", [], None, meaning={"ask_treatment": 0.9})
    assert general is not None and general.id == "treatment"


def test_a_wider_form_named_with_its_forms_is_the_subject(facts: FactBase) -> None:
    # "can i stop my normal twitches, like hiccups, from happening?"
    whole = choose_subject(facts, "ask_hiccups", ["physiological_myoclonus", "hiccups"], None)
    assert whole is not None and whole.id == "physiological_myoclonus"
    # "I get hiccups and the jerk as I doze off, do they need treatment?"
    both = choose_subject(facts, "ask_hiccups", ["hiccups", "sleep_myoclonus"], None)
    assert both is not None and both.id == "physiological_myoclonus"
    # "is my sleep jerk the normal kind?" is about the sleep jerk
    one = choose_subject(facts, "ask_sleep_myoclonus", ["sleep_myoclonus", "physiological_myoclonus"], None)
    assert one is not None and one.id == "sleep_myoclonus"
    # a form of another kind named too: no wider form covers them all
    mixed = ["hiccups", "sleep_myoclonus", "benign_neonatal_sleep_myoclonus"]
    assert clearly_named_subject(facts, [], mixed) is None
    unclear = clearly_named_subject(facts, [], ["physiological_myoclonus", "hiccups", "sleep_myoclonus"])
    assert unclear is not None and unclear.id == "physiological_myoclonus"


def test_the_other_kind_after_a_form_is_its_counterpart(facts: FactBase) -> None:
    other = choose_subject(facts, "narrow_topic", [], "negative_myoclonus", asks_for_the_other=True)
    assert other is not None and other.id == "positive_myoclonus"
    named_types = choose_subject(
        facts, "narrow_topic", ["types"], "negative_myoclonus", asks_for_the_other=True
    )
    assert named_types is not None and named_types.id == "positive_myoclonus"
    # hiccups pair with two normal forms: the follow-up stays on hiccups
    kept = choose_subject(facts, "narrow_topic", [], "hiccups", asks_for_the_other=True)
    assert kept is not None and kept.id == "hiccups"
    assert Message("and what's the opposite kind?").asks_for_the_other
    assert Message("tell me about the other one").asks_for_the_other
    assert not Message("are there other kinds of myoclonus?").asks_for_the_other


def test_a_new_question_about_an_age_group_asks_who_gets_it(facts: FactBase) -> None:
    # "the nurse said it's BNSM. Does that happen to older kids too?"
    assert asked_aspect(facts, "ask_benign_neonatal_sleep_myoclonus", [], asks_of_an_age=True) == "who"
    # an aspect it names comes first ("what causes it in kids?")
    assert asked_aspect(facts, "ask_oms", [], question_aspects=["causes"], asks_of_an_age=True) == "causes"
    # a narrowing follow-up keeps the aspect asked before ("and in adults?")
    assert asked_aspect(facts, "narrow_topic", [], "causes", asks_of_an_age=True) == "causes"


def test_of_several_forms_named_the_classifier_s_clear_choice_wins(facts: FactBase) -> None:
    sleep, medicines = facts.entries["sleep_myoclonus"], facts.entries["prescribed_medications"]
    # "woke up from an anaesthetic and my limbs kept twitching": well ahead, though not sure
    ahead = {"ask_prescribed_medications": 0.17, "ask_sleep_myoclonus": 0.05}
    assert classifier_choice([sleep, medicines], ahead) == medicines
    subject = choose_subject(
        facts, "describe_symptoms", ["sleep_myoclonus", "prescribed_medications"], None, ranking=ahead
    )
    assert subject == medicines
    assert (
        classifier_choice([sleep, medicines], {"ask_sleep_myoclonus": 0.3, "ask_prescribed_medications": 0.2})
        == sleep
    )
    # close, or faint: the form named in the question and the type first decide
    assert (
        classifier_choice(
            [sleep, medicines], {"ask_prescribed_medications": 0.17, "ask_sleep_myoclonus": 0.1}
        )
        is None
    )
    assert classifier_choice([sleep, medicines], {"ask_prescribed_medications": 0.08}) is None


def test_an_aspect_another_aspect_s_answer_gives_is_answered_by_it(facts: FactBase) -> None:
    # "my mum's thyroid is out of whack; if it gets sorted, will the jerks ease off?"
    chemistry = facts.entries["body_chemistry_imbalances"]
    assert answer_about(facts, chemistry, "treatment").text.startswith(chemistry.aspects["prevention"])
    # "should I tell my doctor I've been taking drugs?": avoiding them, and telling the provider
    drugs = facts.entries["non_medical_drugs"]
    assert answer_about(facts, drugs, "when_to_see").text.startswith(drugs.aspects["prevention"])


def test_a_cause_that_only_makes_a_form_stand_out_is_not_the_subject(facts: FactBase) -> None:
    # "me, my dad and my aunt all get jerks, more obvious after a couple of beers"
    named = ["essential_myoclonus", "non_medical_drugs"]
    ranking = {"ask_non_medical_drugs": 0.6, "ask_essential_myoclonus": 0.2}
    subject = choose_subject(facts, "describe_symptoms", named, None, ranking=ranking)
    assert subject is not None and subject.id == "essential_myoclonus"
    # alcohol alone is still about non-medical drugs
    alone = choose_subject(facts, "ask_non_medical_drugs", ["non_medical_drugs"], None)
    assert alone is not None and alone.id == "non_medical_drugs"


def test_a_question_about_an_age_group_asks_who_gets_it_unless_it_keeps_an_aspect(facts: FactBase) -> None:
    # "what is OMS?" -> "does that one affect kids too?"
    assert asked_aspect(facts, "narrow_topic", [], None, asks_of_an_age=True) == "who"
    # "is it serious?" -> "and in adults?"
    assert asked_aspect(facts, "narrow_topic", [], "outlook", asks_of_an_age=True) == "outlook"


def test_a_form_named_with_its_special_case_is_the_special_case(facts: FactBase) -> None:
    # "will my son's twitching in his sleep go away? he's 2 months old"
    named = ["sleep_myoclonus", "benign_neonatal_sleep_myoclonus"]
    subject = choose_subject(facts, "ask_outlook", named, None, asked_named=["sleep_myoclonus"])
    assert subject is not None and subject.id == "benign_neonatal_sleep_myoclonus"
    unclear = clearly_named_subject(facts, ["sleep_myoclonus"], named)
    assert unclear is not None and unclear.id == "benign_neonatal_sleep_myoclonus"
    # another form named with the newborns is not narrowed ("my 8 month old has hiccups")
    hiccups = choose_subject(
        facts,
        "ask_hiccups",
        ["benign_neonatal_sleep_myoclonus", "hiccups"],
        None,
        ranking={"ask_hiccups": 0.9},
    )
    assert hiccups is not None and hiccups.id == "hiccups"
