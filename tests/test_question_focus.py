"""The question inside a visitor's message: its aspect, and whether it asks about an uncovered subject.

Names are found by the project's own name matcher over the real fact base, so these tests
follow the fact base's vocabulary as content teams change it.
"""

from __future__ import annotations

from functools import cache

import pytest

from components.name_matcher import NameMatcher
from core.answers import asked_aspect, choose_subject, kept_aspect, names_its_topic
from core.fact_base import FactBase, default_fact_base
from core.message import Mention, Message, question_focus


@cache
def matcher() -> NameMatcher:
    return NameMatcher(default_fact_base().vocabulary())


def message(text: str) -> Message:
    """`text` with the names the project's name matcher finds in it."""
    return Message(text, tuple(Mention(m.entity, m.value, m.start, m.end) for m in matcher().find(text)))


def parsed(text: str) -> Message:
    """`text` read as the action reads it: Message.parsed over the matcher's entities."""
    entities = [
        {"entity": m.entity, "value": m.value, "start": m.start, "end": m.end} for m in matcher().find(text)
    ]
    return Message.parsed(text, entities)


def answered(facts: FactBase, intent: str, text: str) -> tuple[str | None, str | None]:
    """(subject id, aspect) the answer action would choose for a first message."""
    found = message(text)
    subject = choose_subject(
        facts, intent, found.named("topic"), None, asked_named=found.asked_named("topic")
    )
    aspect = asked_aspect(
        facts, intent, found.named("aspect"), None, found.asked_aspects(), found.implied_aspects(facts)
    )
    return (subject.id if subject else None), aspect


@pytest.mark.parametrize(
    ("text", "focus"),
    [
        ("My dad and I get jerks. They're worse after drinking. Is it genetic?", "Is it genetic?"),
        ("i jolt as i fall asleep, should i be worried", "should i be worried"),
        ("is it serious? it's every day and it's messing with my job", "is it serious?"),
        ("what causes hiccups", "what causes hiccups"),
        ("my 2 week old jerks her arms in her sleep is that a seizure", "is that a seizure"),
        ("my hubby's got middle ear myoclonus can it be fixed", "can it be fixed"),
        ("just diagnosed with OMS, how common is it?", "how common is it?"),
        (
            "hiccups for 3 days now. do I need a doctor or am I overreacting",
            "do I need a doctor or am I overreacting",
        ),
        ("my foot kicks as I doze off, harmful or not", "harmful or not"),
        ("eyelid twitching all week - serious or not?", "serious or not?"),
        (
            "My consultant found middle ear myoclonus. I would be grateful to know whether it is dangerous.",
            "whether it is dangerous.",
        ),
        ("How would we know which it is?", "How would we know which it is?"),
    ],
)
def test_the_focus_is_the_last_question_from_its_asking_clause(text: str, focus: str) -> None:
    where = question_focus(text)
    assert where is not None and text[where.start : where.stop].strip() == focus


def test_a_last_clause_that_names_nothing_leaves_the_question_to_the_clause_that_does(
    facts: FactBase,
) -> None:
    found = message("our toddler has OMS. how common is this, are we unlucky?")
    assert found.asked_aspects() == ["who"]
    assert answered(facts, "ask_opsoclonus_myoclonus_syndrome", found.text) == (
        "opsoclonus_myoclonus_syndrome",
        "who",
    )
    assert message("is it genetic, is it?").asked_aspects() == ["causes"]


def test_an_alternative_after_or_belongs_to_the_question_before_it(facts: FactBase) -> None:
    text = "I've had hiccups for three days. Do I need to see someone or can I just ignore it?"
    assert answered(facts, "ask_hiccups", text) == ("hiccups", "when_to_see")


def test_an_aspect_word_that_only_says_which_form_is_meant_is_not_asked() -> None:
    found = message("can myoclonus caused by prescription medicines be prevented")
    assert found.asked_aspects() == ["prevention"]
    assert message("what is it caused by?").asked_aspects() == ["causes"]


def test_asking_what_something_is_called_or_which_one_it_is_asks_no_aspect() -> None:
    for text in ("what are the normal harmless twitches called", "which jerks are the harmless ones?"):
        found = message(text)
        assert found.asks_for_a_name and found.asked_aspects() == [], text
    assert message("are the jerks harmless?").asked_aspects() == ["outlook"]


def test_the_question_words_keep_a_topic_that_stands_for_the_question(facts: FactBase) -> None:
    aspect_topics = {entry.id for entry in facts.entries.values() if entry.aspect}
    found = message("how do drs diagnose myoclonus")
    assert found.question_words(kept=aspect_topics) == "how do drs diagnose myoclonus"
    assert found.question_words() == "how do drs it"


def test_a_message_that_asks_nothing_has_no_focus() -> None:
    assert question_focus("constant tick tick noise from the back of my mouth") is None
    assert question_focus("") is None


def test_a_description_answers_the_aspect_its_question_asks(facts: FactBase) -> None:
    text = "I jolt awake just as I'm dropping off most nights, should I be worried?"
    assert answered(facts, "describe_symptoms", text) == ("sleep_myoclonus", "outlook")


def test_aspect_words_in_the_story_are_not_the_question(facts: FactBase) -> None:
    # "come from" describes the sound; the message asks nothing
    assert answered(
        facts, "describe_symptoms", "a tick noise that seems to come from the back of my mouth"
    ) == (
        "palatal_myoclonus",
        None,
    )


def test_a_form_named_in_the_question_wins_over_one_in_the_story(facts: FactBase) -> None:
    text = "Grandad had epilepsy as a young man. These days he has Parkinson's. Is his twitching caused by the Parkinson's?"
    assert answered(facts, "ask_epileptic_myoclonus", text) == ("degenerative_brain_diseases", "causes")
    story_only = "Grandad had epilepsy as a young man and these days he has Parkinson's, and he twitches."
    assert answered(facts, "describe_symptoms", story_only)[0] == "epileptic_myoclonus"


def test_a_doctor_named_in_the_question_asks_when_to_see_one(facts: FactBase) -> None:
    text = "I started a new antibiotic on monday and now my hands jerk. should I ring my doctor?"
    assert answered(facts, "report_new_medication", text) == ("prescribed_medications", "when_to_see")


def test_the_intents_own_aspect_outranks_a_doctor_named_in_passing(facts: FactBase) -> None:
    assert answered(facts, "ask_treatment", "what do doctors give for myoclonus") == (
        "treatment",
        "treatment",
    )


def test_an_uncovered_subject_in_the_question_is_asked_about(facts: FactBase) -> None:
    for text in (
        "is it safe to drive with myoclonus?",
        "I have myoclonus. Can I still drive?",
        "jerks and my driving licence",
    ):
        assert message(text).uncovered_is_asked(facts), text


def test_an_uncovered_subject_in_the_story_does_not_hide_a_question_the_article_answers(
    facts: FactBase,
) -> None:
    for text in (
        "my twitches are making it hard to write at work, is it time to see someone?",
        "manganese exposure at work, can it cause jerks?",
    ):
        assert not message(text).uncovered_is_asked(facts), text


def test_a_background_subject_in_the_story_leaves_the_question_to_the_article(facts: FactBase) -> None:
    text = "Exams all month and I'm stressed. My legs kick as I doze off. Do I need that treated?"
    assert not message(text).uncovered_is_asked(facts)
    # asked whether the background is the cause, it is the question
    assert message("I'm so stressed lately, is that why my eyelid twitches?").uncovered_is_asked(facts)
    # a subject that changes what the answer means is asked even in the story
    assert message("I'm pregnant. Can my palatal myoclonus be treated?").uncovered_is_asked(facts)


def test_a_short_follow_up_naming_a_kind_keeps_the_question(facts: FactBase) -> None:
    assert message("the epilepsy kind?").is_short_follow_up
    assert message("in a newborn baby?").is_short_follow_up
    assert not message("for how long does each jerk last?").is_short_follow_up
    assert not message("what kind of doctor?").is_short_follow_up


def test_a_form_named_as_the_contrast_is_not_the_subject() -> None:
    text = "what do you call it when a muscle tightens suddenly rather than going limp?"
    assert message(text).named("topic") == ["positive_myoclonus", "negative_myoclonus"]
    assert parsed(text).named("topic") == ["positive_myoclonus"]


def test_who_told_the_visitor_or_what_is_absent_is_not_what_they_ask_about(facts: FactBase) -> None:
    told = parsed("my physio has said it's the secondary kind. what brings that on?")
    assert not told.uncovered_is_asked(facts)
    assert parsed("would physio help with my jerks?").uncovered_is_asked(facts)
    assert not parsed("they're not painful. how long should each jerk last?").uncovered_is_asked(facts)
    assert parsed("are the jerks painful?").uncovered_is_asked(facts)


def test_an_uncovered_name_in_a_comparison_is_not_asked_about(facts: FactBase) -> None:
    assert not parsed("Someone dropped a pan behind me and I leapt like a scalded cat.").uncovered_is_asked(
        facts
    )
    assert not parsed("is my startle reflex anything to worry about? I jump like a cat").uncovered_is_asked(
        facts
    )
    assert parsed("my cat twitches in her sleep, is that myoclonus?").uncovered_is_asked(facts)
    assert parsed("I'd like a dose I can take for it").uncovered_is_asked(facts)
    assert parsed("how common is myoclonus, like what percent of people have it").uncovered_is_asked(facts)


def test_an_uncovered_name_that_only_says_what_the_question_is_for_is_not_asked_about(
    facts: FactBase,
) -> None:
    assert not parsed("for my college essay: what are the main causes of myoclonus?").uncovered_is_asked(
        facts
    )
    assert not parsed("school project q: which people are affected by myoclonus?").uncovered_is_asked(facts)
    assert parsed("does myoclonus affect my college work?").uncovered_is_asked(facts)


def test_asking_which_kind_shows_up_in_a_group_asks_for_its_name() -> None:
    assert parsed("and which kind only shows up in brand new babies?").asks_for_a_name


def test_a_background_story_with_a_named_form_leaves_the_question_to_the_article(facts: FactBase) -> None:
    text = "A kid at my school got all twitchy after huffing gasoline. Is that really a thing?"
    assert not parsed(text).uncovered_is_asked(facts)
    assert parsed("I'm at school all day. Is that really a thing?").uncovered_is_asked(facts)


def test_a_description_of_a_form_with_its_background_asks_nothing_of_the_background(facts: FactBase) -> None:
    described = parsed("a huge jolt as I nod off on the couch after the gym")
    assert not described.uncovered_is_asked(facts)
    assert described.asks_what_the_article_answers(facts)
    assert parsed("I work night shifts and go to the gym").uncovered_is_asked(facts)


def test_an_overview_asked_for_after_several_of_its_forms_is_about_the_overview(facts: FactBase) -> None:
    story = "One doctor said the normal kind, another the epileptic kind. How do all the kinds fit together?"
    assert answered(facts, "ask_physiological_myoclonus", story) == ("types", None)
    assert (
        answered(facts, "ask_types", "Is the epileptic kind one of the main types?")[0]
        == "epileptic_myoclonus"
    )


def test_a_not_covered_name_that_only_says_who_asks_is_not_asked_about(facts: FactBase) -> None:
    assert not parsed("sports physio student: can a nerve injury cause jerks?").uncovered_is_asked(facts)
    assert parsed("can a physio help with my jerks?").uncovered_is_asked(facts)


def test_normal_that_only_describes_someone_asks_nothing_of_the_outlook() -> None:
    assert (
        parsed("3 weeks old, jerks only when asleep, otherwise totally normal. what's that?").named("aspect")
        == []
    )
    assert parsed("3 weeks old and jerks only when asleep, is this totally normal?").asked_aspects() == [
        "outlook"
    ]
    assert parsed("my arm jumps at night. what's this?").asks_for_a_name


def test_a_form_named_only_as_a_likeness_is_not_the_subject() -> None:
    assert parsed("my leg does a sort of hiccup when I drift off").named("topic") == ["sleep_myoclonus"]
    assert parsed("a jolt in my hand, kind of like a hiccup but in a muscle").named("topic") == []
    assert parsed("is this a kind of hiccups?").named("topic") == ["hiccups"]


def test_a_closing_yes_or_no_and_why_asks_the_question_before_it() -> None:
    assert parsed("Is my sleep jerk dangerous? Yes or no, and why?").asked_aspects() == ["outlook"]
    assert parsed("Why?").asked_aspects() == ["causes"]


def test_where_a_sound_comes_from_is_a_place_not_a_cause() -> None:
    assert parsed("a click coming from the back of my mouth").named("aspect") == []
    assert parsed("where does palatal myoclonus come from?").asked_aspects() == ["causes"]


def test_asking_which_kind_it_is_asks_for_its_name() -> None:
    assert parsed("and in newborns, which kind is it?").asks_for_a_name


def test_the_kind_from_something_points_back_to_the_question() -> None:
    assert parsed("the kind from street drugs?").refers_back
    assert parsed("the type caused by medicines?").refers_back


def test_a_bare_name_or_a_specifically_keeps_the_question() -> None:
    assert parsed("hiccups?").is_short_follow_up
    assert parsed("the seizure-related kind, I mean.").is_short_follow_up
    assert parsed("hypnic jerks specifically?").is_short_follow_up
    assert not parsed("my baby jerks in her sleep every night").is_short_follow_up


def test_a_not_covered_guess_is_overruled_when_the_question_names_a_general_topic(facts: FactBase) -> None:
    assert parsed("where does the stress go in myoclonus").asks_what_the_article_answers(facts)
    assert not parsed("how long do people with myoclonus live").asks_what_the_article_answers(facts)


def test_the_kind_a_cause_word_names_asks_nothing_of_it() -> None:
    assert parsed("specifically the kind caused by prescription meds?").asked_aspects() == []
    assert parsed("is myoclonus caused by stress?").asked_aspects() == ["causes"]
    assert parsed("tell me about it. is that one inherited?").asked_aspects() == ["causes"]


def test_a_question_about_when_to_see_a_provider_is_one_the_article_answers(facts: FactBase) -> None:
    assert parsed("at what point is myoclonus worth a GP appointment").asks_what_the_article_answers(facts)
    assert not parsed("how long do people with myoclonus live").asks_what_the_article_answers(facts)


def test_asking_whether_a_kind_exists_asks_for_its_name() -> None:
    assert message("is there a type of twitching that runs in families and isn't harmful?").asks_for_a_name
    assert message("jerks from another illness, what's the right word for that?").asks_for_a_name
    assert message("twitches that run in the family and get worse with wine, are they real?").asks_for_a_name
    assert not message("are they dangerous?").asks_for_a_name
    assert message("the rare forms / which one affects babies?").asks_for_a_name
    assert not message("what about the kind that runs in families?").asks_for_a_name


def test_an_uncovered_story_still_wins_when_the_article_cannot_answer_in_that_context(
    facts: FactBase,
) -> None:
    # pregnancy changes what "is it dangerous" means: the honest answer is "not covered"
    text = "I'm pregnant, is myoclonus dangerous for the baby?"
    assert message(text).uncovered_is_asked(facts)


def test_a_follow_up_pointing_back_with_an_aspect_stays_on_the_topic(facts: FactBase) -> None:
    # "benign neonatal sleep myoclonus" -> "who does it affect?" even if classed as another topic
    found = message("who does it affect?")
    subject = choose_subject(
        facts, "ask_duration", found.named("topic"), "benign_neonatal_sleep_myoclonus", True, True
    )
    assert subject is not None and subject.id == "benign_neonatal_sleep_myoclonus"
    assert found.asked_aspects() == ["who"]


def test_a_follow_up_naming_myoclonus_only_in_its_story_stays_on_the_topic(facts: FactBase) -> None:
    # "what medicines cause jerks?" -> "I started a new one, when do I tell the doctor?"
    found = message("i just started a new one and noticed twitching, when do i tell the doctor")
    subject = choose_subject(
        facts,
        "ask_when_to_see_provider",
        found.named("topic"),
        "prescribed_medications",
        True,
        asks_an_aspect=bool(found.asked_aspects()),
        asked_named=found.asked_named("topic"),
    )
    assert subject is not None and subject.id == "prescribed_medications"
    assert found.asked_aspects() + found.implied_aspects(facts) == ["when_to_see"]
    general = choose_subject(facts, "ask_treatment", ["what_is_myoclonus"], "prescribed_medications")
    assert general is not None and general.id == "treatment"


def test_the_aspect_asked_before_is_kept_only_where_it_applies(facts: FactBase) -> None:
    entries = facts.entries
    assert kept_aspect(entries["palatal_myoclonus"], "types", "who") is None
    assert kept_aspect(entries["benign_neonatal_sleep_myoclonus"], "who_gets_it", "who") == "who"
    assert kept_aspect(entries["hiccups"], "hiccups", "diagnosis") == "diagnosis"


def test_a_short_query_is_its_own_question_and_a_short_statement_asks_nothing(facts: FactBase) -> None:
    query = message("treatment for myoclonic jerks")
    assert query.focus == range(0, len(query.text))
    assert query.asked_aspects() == ["treatment"]
    assert message("my eyelid keeps twitching").focus is None


def test_the_question_words_name_no_form(facts: FactBase) -> None:
    assert message("is BNSM much like a fit?").question_words() == "is it much like a fit?"
    found = message("My boy has palatal myoclonus. Is it bad for him?")
    assert found.question_words() == "Is it bad for him?"
    assert message("my arm jerks every evening").question_words() is None


def test_of_several_forms_named_the_classifier_decides(facts: FactBase) -> None:
    found = message("will my little boy grow out of the sleep twitching the paediatrician called BNSM")
    assert {"sleep_myoclonus", "benign_neonatal_sleep_myoclonus"} <= set(found.named("topic"))
    special = choose_subject(facts, "ask_outlook", found.named("topic"), None)
    assert (
        special is not None and special.id == "benign_neonatal_sleep_myoclonus"
    )  # the newborns' sleep jerks
    named = ["hiccups", "epileptic_myoclonus"]  # "are my hiccup fits a kind of epilepsy?"
    by_order = choose_subject(facts, "ask_outlook", named, None)
    sure = {"ask_epileptic_myoclonus": 0.85, "ask_hiccups": 0.02}
    by_classifier = choose_subject(facts, "ask_outlook", named, None, ranking=sure)
    assert by_order is not None and by_order.id == "hiccups"
    assert by_classifier is not None and by_classifier.id == "epileptic_myoclonus"
    unsure = {"ask_epileptic_myoclonus": 0.06}  # faint: below CLASSIFIER_LEADS_FROM
    assert choose_subject(facts, "ask_outlook", named, None, ranking=unsure) == by_order


def test_a_question_for_what_something_is_asks_no_aspect(facts: FactBase) -> None:
    found = message("Clicking deep in my ear when I talk. The GP saw nothing. What could it be?")
    assert found.asks_for_a_name and found.asked_aspects() == []
    assert not message("what could be making my legs jerk?").asks_for_a_name


def test_a_family_history_names_the_form_that_runs_in_families(facts: FactBase) -> None:
    for text in (
        "my grandad, my dad and me all get these jerks and they're worse after a few pints",
        "He's always had little jerks, and so did his father. Is it passed down?",
    ):
        subject, aspect = answered(facts, "describe_symptoms", text)
        assert subject == "essential_myoclonus", text


def test_a_general_topic_named_by_its_own_words_keeps_the_question(facts: FactBase) -> None:
    found = message("Which parts of the body does myoclonus usually affect?")
    duration = facts.entries["duration"]
    assert "duration" in found.asked_named("topic") and found.asked_aspects() == []
    assert names_its_topic(duration, "ask_duration", found.asked_named("topic"))
    assert not names_its_topic(duration, "ask_who_gets_it", found.asked_named("topic"))
    what_is = facts.entries["what_is_myoclonus"]
    assert not names_its_topic(what_is, "ask_what_is_myoclonus", ["what_is_myoclonus"])


def test_affect_asks_who_gets_it_only_when_it_asks_who() -> None:
    assert message("who does benign neonatal sleep myoclonus affect?").asked_aspects() == ["who"]
    assert message("who is affected by opsoclonus myoclonus syndrome?").asked_aspects() == ["who"]
    assert message("does drinking alcohol affect essential myoclonus?").asked_aspects() == []


def test_a_cause_word_that_only_says_which_jerks_are_meant_asks_nothing() -> None:
    found = parsed("what's the deal with the jerks that come from some other illness")
    assert not [m for m in found.mentions if m.kind == "aspect"]
    assert message("my jerks come from my tablets, can they be treated?").asked_aspects() == ["treatment"]
    assert message("where do the jerks come from?").asked_aspects() == ["causes"]


def test_a_request_to_advise_or_tell_asks_from_its_whether() -> None:
    text = "Dear Sir, my husband has essential myoclonus. Kindly advise whether it will become worse."
    found = message(text)
    assert found.focus is not None and text[found.focus.start :].startswith("whether")
    assert found.asked_aspects() == ["outlook"]
    assert message("Please let me know if it can be prevented in my children.").asked_aspects() == [
        "prevention"
    ]


def test_a_question_run_on_without_punctuation_keeps_its_question_word() -> None:
    text = "he gets twitchy after parties where hes taken stuff how can he stop it coming back"
    found = message(text)
    assert found.focus is not None and text[found.focus.start :].startswith("how can he stop")
    assert found.asked_aspects() == ["prevention"]


def test_the_same_question_asked_of_something_else_keeps_the_aspect(facts: FactBase) -> None:
    assert message("what about in newborns who jerk while they sleep?").is_short_follow_up
    assert message("and for adults?").is_short_follow_up
    assert message("and hiccups?").is_short_follow_up
    assert not message(
        "and my daughter gets the same jerks every night when she goes to bed"
    ).is_short_follow_up
    assert message("what if it only started after I began some new tablets?").is_short_follow_up
    assert not message("what causes jerks in newborns while they sleep?").is_short_follow_up


def test_the_question_s_meaning_is_read_only_when_its_names_do_not_settle_it(facts: FactBase) -> None:
    assert message("can palatal myoclonus be treated?").question_to_read() is None  # one aspect named
    assert message("what do you call it when a muscle switches off?").question_to_read() is None
    assert message("my arm jerks every evening").question_to_read() is None  # no question
    assert message("is BNSM much like a fit?").question_to_read() == "is it much like a fit?"
