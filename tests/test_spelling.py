"""Typo tolerance for the fact base's names (components/spelling.py)."""

from __future__ import annotations

from functools import cache

import pytest

from components.name_matcher import NameMatcher
from components.spelling import Speller, common_words_near, one_edit_away
from core.fact_base import default_fact_base


@cache
def matcher() -> NameMatcher:
    return NameMatcher(default_fact_base().vocabulary())


def test_one_edit_covers_missing_added_changed_and_swapped_letters() -> None:
    variants = one_edit_away("hiccup")
    assert {"hicup", "hiccupp", "hiccop", "ihccup"} <= variants
    assert "hiccup" not in variants and "hicp" not in variants


def test_a_typo_is_corrected_to_the_one_name_word_it_is_near() -> None:
    speller = Speller(["hiccups", "seizure"], [])
    assert speller.correct("hicups") == "hiccups"
    assert speller.correct("siezure") == "seizure"
    assert speller.correct("seizure") is None  # already right
    assert speller.correct("hics") is None  # too short to tell


def test_a_common_word_is_never_taken_for_a_typo() -> None:
    words = ["startled", "driving"]
    common = common_words_near(words)
    assert "started" in common and "diving" in common
    assert Speller(words, common).correct("started") is None


def test_a_word_near_two_name_words_is_left_alone() -> None:
    assert Speller(["myoclonus", "myoclonic"], []).correct("myoclonis") is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("hicups every night", "hiccups"),
        ("my sezures", "epileptic_myoclonus"),
        ("essental myoclonus", "essential_myoclonus"),
        ("what did my docter mean", "when_to_see_provider"),
    ],
)
def test_names_with_a_typo_are_found(text: str, value: str) -> None:
    assert value in [m.value for m in matcher().find(text)]


def test_a_correct_everyday_word_is_not_read_as_a_name() -> None:
    assert "startle_reflex" not in [m.value for m in matcher().find("I started a new job")]
