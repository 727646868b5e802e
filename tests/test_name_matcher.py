"""spaCy name matching: lemmas, longest match, offsets."""

from __future__ import annotations

from components.name_matcher import NameMatcher

VOCABULARY = [
    ("topic", "sleep_myoclonus", "sleep myoclonus"),
    ("topic", "bnsm", "benign neonatal sleep myoclonus"),
    ("topic", "hiccups", "hiccup"),
    ("aspect", "treatment", "treat"),
    ("aspect", "treatment", "medicine for"),
    ("topic", "medication", "medicine"),
]


def test_inflected_words_match_their_lemma() -> None:
    found = NameMatcher(VOCABULARY).find("Are Hiccups treated?")
    assert [(m.entity, m.value, m.text) for m in found] == [
        ("topic", "hiccups", "Hiccups"),
        ("aspect", "treatment", "treated"),
    ]


def test_longest_name_wins() -> None:
    found = NameMatcher(VOCABULARY).find("what is benign neonatal sleep myoclonus")
    assert [m.value for m in found] == ["bnsm"]
    found = NameMatcher(VOCABULARY).find("any medicine for hiccups")
    assert [m.value for m in found] == ["treatment", "hiccups"]


def test_offsets_point_into_the_original_text() -> None:
    text = "is SLEEP MYOCLONUS bad"
    [match] = NameMatcher(VOCABULARY).find(text)
    assert text[match.start : match.end] == "SLEEP MYOCLONUS"


def test_a_possessive_typed_without_its_apostrophe_matches_the_name() -> None:
    matcher = NameMatcher([*VOCABULARY, ("topic", "bnsm", "baby")])
    assert [m.value for m in matcher.find("my babys hiccups")] == ["bnsm", "hiccups"]
    assert matcher.find("the babysitter") == []


def test_a_name_with_a_possessive_matches_anyone_s() -> None:
    matcher = NameMatcher([("topic", "startle_reflex", "jump out of my skin")])
    assert [m.value for m in matcher.find("he nearly jumps out of his skin")] == ["startle_reflex"]
    assert matcher.find("jump out of the skin") == []


def test_a_name_with_a_gap_matches_a_few_words_in_it_and_keeps_the_names_inside() -> None:
    matcher = NameMatcher([*VOCABULARY, ("aspect", "prevention", "stop ... from happening")])
    found = matcher.find("can I stop my hiccups from happening")
    assert [(m.value, m.text) for m in found] == [
        ("prevention", "stop my hiccups from happening"),
        ("hiccups", "hiccups"),
    ]
    assert matcher.find("stop it from happening")[0].value == "prevention"
    assert matcher.find("stop, then much later and after a long while, it went from happening") == []


def test_a_word_the_lemma_table_takes_for_another_keeps_its_own_meaning() -> None:
    matcher = NameMatcher([("topic", "body_chemistry", "my liver"), ("topic", "bnsm", "born")])
    assert matcher.find("we have all had them all our lives") == []
    assert [m.value for m in matcher.find("her liver is failing")] == ["body_chemistry"]
    assert matcher.find("I can't bear it") == []


def test_a_name_said_of_one_person_matches_it_said_of_another() -> None:
    matcher = NameMatcher(
        [("aspect", "causes", "did i do something wrong"), ("aspect", "diagnosis", "how do they know")]
    )
    assert [m.value for m in matcher.find("did we do something wrong?")] == ["causes"]
    assert [m.value for m in matcher.find("did she do something wrong?")] == ["causes"]
    # "they" is kept apart: in "how do they know" it means the doctors
    assert matcher.find("how do I know if it's serious?") == []
