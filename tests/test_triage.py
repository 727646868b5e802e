"""The triage guidance as a pure function: which questions, which recommendation."""

from __future__ import annotations

import pytest

from core.triage import Outcome, needed_questions, recommend
from core.wording import Wording
from tests.conftest import DOMAIN_DICT

WORDING = Wording(DOMAIN_DICT["responses"])

NO = False
YES = True

CASES = [
    # answers, expected outcome, words the reason must contain
    ({"is_newborn": YES}, Outcome.SEE_CHILDS_PROVIDER, "EEG"),
    ({"is_newborn": NO, "seizures_or_eye_movements": YES}, Outcome.SEE_PROVIDER, "eye movements"),
    (
        {"is_newborn": NO, "seizures_or_eye_movements": NO, "after_medication_or_drug": YES},
        Outcome.TELL_PROVIDER_ABOUT_SUBSTANCE,
        "not judge",
    ),
    (
        {
            "is_newborn": NO,
            "seizures_or_eye_movements": NO,
            "after_medication_or_drug": NO,
            "keeps_happening": YES,
            "disrupts_daily_life": YES,
        },
        Outcome.SEE_PROVIDER,
        "disrupts your life",
    ),
    (
        {
            "is_newborn": NO,
            "seizures_or_eye_movements": NO,
            "after_medication_or_drug": NO,
            "keeps_happening": YES,
            "disrupts_daily_life": NO,
        },
        Outcome.SEE_PROVIDER,
        "keeps happening",
    ),
    (
        {
            "is_newborn": NO,
            "seizures_or_eye_movements": NO,
            "after_medication_or_drug": NO,
            "keeps_happening": NO,
            "new_or_more_frequent": YES,
        },
        Outcome.SEE_PROVIDER,
        "more frequent",
    ),
    (
        {
            "is_newborn": NO,
            "seizures_or_eye_movements": NO,
            "after_medication_or_drug": NO,
            "keeps_happening": NO,
            "new_or_more_frequent": NO,
        },
        Outcome.NO_TREATMENT_NEEDED,
        "doesn't need treatment",
    ),
    # partial answers, as used for "it's getting worse" and "I started a new medicine"
    ({"new_or_more_frequent": YES}, Outcome.SEE_PROVIDER, "more frequent"),
    ({"after_medication_or_drug": YES}, Outcome.TELL_PROVIDER_ABOUT_SUBSTANCE, "medication"),
]


@pytest.mark.parametrize(("answers", "outcome", "reason_words"), CASES)
def test_recommendation(answers: dict[str, bool | None], outcome: Outcome, reason_words: str) -> None:
    recommendation = recommend(answers)
    assert recommendation.outcome is outcome
    assert reason_words in WORDING.text(recommendation.reason)
    assert WORDING.text(recommendation.headline)


QUESTION_CASES = [
    ({}, "is_newborn", ["is_newborn"]),
    ({"is_newborn": YES}, None, ["is_newborn"]),
    ({"is_newborn": NO}, "seizures_or_eye_movements", ["is_newborn", "seizures_or_eye_movements"]),
    ({"is_newborn": NO, "seizures_or_eye_movements": YES}, None, ["is_newborn", "seizures_or_eye_movements"]),
    (
        {"is_newborn": NO, "seizures_or_eye_movements": NO, "after_medication_or_drug": NO},
        "keeps_happening",
        ["is_newborn", "seizures_or_eye_movements", "after_medication_or_drug", "keeps_happening"],
    ),
    (
        {
            "is_newborn": NO,
            "seizures_or_eye_movements": NO,
            "after_medication_or_drug": NO,
            "keeps_happening": YES,
        },
        "disrupts_daily_life",
        [
            "is_newborn",
            "seizures_or_eye_movements",
            "after_medication_or_drug",
            "keeps_happening",
            "disrupts_daily_life",
        ],
    ),
    (
        {
            "is_newborn": NO,
            "seizures_or_eye_movements": NO,
            "after_medication_or_drug": NO,
            "keeps_happening": NO,
        },
        "new_or_more_frequent",
        [
            "is_newborn",
            "seizures_or_eye_movements",
            "after_medication_or_drug",
            "keeps_happening",
            "new_or_more_frequent",
        ],
    ),
    (
        {
            "is_newborn": NO,
            "seizures_or_eye_movements": NO,
            "after_medication_or_drug": NO,
            "keeps_happening": NO,
            "new_or_more_frequent": NO,
        },
        None,
        [
            "is_newborn",
            "seizures_or_eye_movements",
            "after_medication_or_drug",
            "keeps_happening",
            "new_or_more_frequent",
        ],
    ),
]


@pytest.mark.parametrize(("answers", "question", "needed"), QUESTION_CASES)
def test_only_the_questions_the_answers_still_need_are_asked(
    answers: dict[str, bool | None], question: str | None, needed: list[str]
) -> None:
    assert needed_questions(answers) == needed
    assert next((q for q in needed if answers.get(q) is None), None) == question
