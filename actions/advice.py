"""Turn a triage recommendation into the words the visitor reads."""

from __future__ import annotations

from actions.care import DISCLAIMER, CareContact
from actions.triage import Outcome, Recommendation

HEADLINES = {
    Outcome.NO_TREATMENT_NEEDED: "From what you've told me, this sounds like a normal form of myoclonus.",
    Outcome.SEE_PROVIDER: "I'd suggest you see a healthcare provider about this.",
    Outcome.TELL_PROVIDER_ABOUT_SUBSTANCE: "Please see your healthcare provider and tell them about it.",
    Outcome.SEE_CHILDS_PROVIDER: "Please have your baby checked by their healthcare provider.",
}


def advice_text(recommendation: Recommendation, contact: CareContact) -> str:
    """Headline, reason, where to get care, and the not-a-diagnosis disclaimer, as one message."""
    parts = [HEADLINES[recommendation.outcome], recommendation.reason]
    if recommendation.outcome is not Outcome.NO_TREATMENT_NEEDED:
        parts.append(contact.sentence())
    parts.append(DISCLAIMER)
    return " ".join(parts)
