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


HEADLINES = {
    Outcome.NO_TREATMENT_NEEDED: "utter_advice_no_treatment_needed",
    Outcome.SEE_PROVIDER: "utter_advice_see_provider",
    Outcome.TELL_PROVIDER_ABOUT_SUBSTANCE: "utter_advice_tell_provider_about_substance",
    Outcome.SEE_CHILDS_PROVIDER: "utter_advice_see_childs_provider",
}


@dataclass(frozen=True)
class Recommendation:
    """An outcome and the response (domain.yml) that gives the reason for it."""

    outcome: Outcome
    reason: str

    @property
    def headline(self) -> str:
        """The response that states the outcome."""
        return HEADLINES[self.outcome]


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


def recommend(answers: Answers) -> Recommendation:
    """The recommendation for a (possibly partial) set of answers."""
    if answers.get(IS_NEWBORN):
        return Recommendation(Outcome.SEE_CHILDS_PROVIDER, "utter_reason_newborn")
    if answers.get(SEIZURES_OR_EYE_MOVEMENTS):
        return Recommendation(Outcome.SEE_PROVIDER, "utter_reason_seizures_or_eye_movements")
    if answers.get(AFTER_MEDICATION_OR_DRUG):
        return Recommendation(Outcome.TELL_PROVIDER_ABOUT_SUBSTANCE, "utter_reason_substance")
    if answers.get(KEEPS_HAPPENING):
        if answers.get(DISRUPTS_DAILY_LIFE):
            return Recommendation(Outcome.SEE_PROVIDER, "utter_reason_keeps_happening_disrupts")
        return Recommendation(Outcome.SEE_PROVIDER, "utter_reason_keeps_happening")
    if answers.get(NEW_OR_MORE_FREQUENT):
        return Recommendation(Outcome.SEE_PROVIDER, "utter_reason_new_or_more_frequent")
    return Recommendation(Outcome.NO_TREATMENT_NEEDED, "utter_reason_normal_form")
