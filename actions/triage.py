"""The triage questions and the recommendation, as pure functions over the answers.

The guidance follows the article: normal forms need no treatment; see a provider when
jerks keep happening (especially when they disrupt daily life) or are new or getting more
frequent; tell the provider about a new medication or drug; newborn jerks need an EEG to
tell benign neonatal sleep myoclonus from seizures; seizures or uncontrolled eye
movements point to epileptic myoclonus or opsoclonus-myoclonus syndrome.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

Answers = Mapping[str, bool | None]

IS_NEWBORN = "is_newborn"
SEIZURES_OR_EYE_MOVEMENTS = "seizures_or_eye_movements"
AFTER_MEDICATION_OR_DRUG = "after_medication_or_drug"
KEEPS_HAPPENING = "keeps_happening"
DISRUPTS_DAILY_LIFE = "disrupts_daily_life"
NEW_OR_MORE_FREQUENT = "new_or_more_frequent"

QUESTIONS = (
    IS_NEWBORN,
    SEIZURES_OR_EYE_MOVEMENTS,
    AFTER_MEDICATION_OR_DRUG,
    KEEPS_HAPPENING,
    DISRUPTS_DAILY_LIFE,
    NEW_OR_MORE_FREQUENT,
)


class Outcome(str, Enum):
    """What the visitor is advised to do."""

    NO_TREATMENT_NEEDED = "no_treatment_needed"
    SEE_PROVIDER = "see_provider"
    TELL_PROVIDER_ABOUT_SUBSTANCE = "tell_provider_about_substance"
    SEE_CHILDS_PROVIDER = "see_childs_provider"


@dataclass(frozen=True)
class Recommendation:
    """An outcome and the reason for it, in plain words."""

    outcome: Outcome
    reason: str


def needed_questions(answers: Answers) -> list[str]:
    """The questions to ask, in order, given the answers so far.

    Questions stop as soon as the answers already decide the outcome.
    """
    needed: list[str] = []
    for question in (IS_NEWBORN, SEIZURES_OR_EYE_MOVEMENTS, AFTER_MEDICATION_OR_DRUG):
        needed.append(question)
        if answers.get(question) is not False:  # a "yes" decides; no answer yet waits
            return needed
    needed.append(KEEPS_HAPPENING)
    keeps = answers.get(KEEPS_HAPPENING)
    if keeps is not None:
        needed.append(DISRUPTS_DAILY_LIFE if keeps else NEW_OR_MORE_FREQUENT)
    return needed


def next_question(answers: Answers) -> str | None:
    """The next unanswered question, or None when the triage is complete."""
    return next((q for q in needed_questions(answers) if answers.get(q) is None), None)


def recommend(answers: Answers) -> Recommendation:
    """The recommendation for a (possibly partial) set of answers."""
    if answers.get(IS_NEWBORN):
        return Recommendation(
            Outcome.SEE_CHILDS_PROVIDER,
            "Jerks in a newborn's sleep are often benign neonatal sleep myoclonus, which is harmless, "
            "but it can look like seizures. Only an EEG (a test of brain activity) can tell them apart, "
            "so have your baby's healthcare provider check.",
        )
    if answers.get(SEIZURES_OR_EYE_MOVEMENTS):
        return Recommendation(
            Outcome.SEE_PROVIDER,
            "Jerks that come with seizures or with uncontrolled eye movements can be part of epilepsy "
            "or of opsoclonus-myoclonus syndrome, so they need a healthcare provider's assessment.",
        )
    if answers.get(AFTER_MEDICATION_OR_DRUG):
        return Recommendation(
            Outcome.TELL_PROVIDER_ABOUT_SUBSTANCE,
            "Many medications and non-medical drugs can cause myoclonus. Tell your healthcare provider "
            "about the new medication or substance: they need to know everything you've taken to treat "
            "you safely, and their job is to help you, not judge you.",
        )
    if answers.get(KEEPS_HAPPENING):
        if answers.get(DISRUPTS_DAILY_LIFE):
            reason = (
                "The jerks keep happening and disrupt your routine. Myoclonus that disrupts your "
                "life can be a sign of something more serious."
            )
        else:
            reason = (
                "The jerks keep happening, and myoclonus that keeps happening is worth a check, "
                "especially if it starts to disrupt your usual activities."
            )
        return Recommendation(Outcome.SEE_PROVIDER, reason)
    if answers.get(NEW_OR_MORE_FREQUENT):
        return Recommendation(
            Outcome.SEE_PROVIDER,
            "Muscle jerks that are new or getting more frequent are worth talking over with a provider; "
            "many causes are treatable, and early diagnosis and treatment can make a big difference.",
        )
    return Recommendation(
        Outcome.NO_TREATMENT_NEEDED,
        "An occasional jerk, like a hiccup or a jerk as you fall asleep, is a normal form of myoclonus "
        "and doesn't need treatment. See a provider if the jerks start to keep happening, disrupt your "
        "routine, or become new or more frequent.",
    )
