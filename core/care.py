"""Where to get care, and the advice a visitor reads after the triage or a report.

The care contact is set by whoever deploys the assistant (CARE_PROVIDER_NAME, CARE_PHONE,
CARE_APPOINTMENT_URL; see core/settings.py). The words are responses in domain.yml.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.settings import DEFAULT_PROVIDER, Settings
from core.triage import Outcome, Recommendation
from core.wording import Wording

DISCLAIMER = "utter_disclaimer"
CONTACT = "utter_care_contact"
CONTACT_PHONE = "utter_care_contact_phone"
CONTACT_BOOKING = "utter_care_contact_booking"


@dataclass(frozen=True)
class CareContact:
    """Who a visitor is pointed to for care."""

    name: str = DEFAULT_PROVIDER
    phone: str | None = None
    appointment_url: str | None = None

    @classmethod
    def from_settings(cls, current: Settings) -> CareContact:
        """The deployment's care contact."""
        return cls(current.care_provider_name, current.care_phone, current.care_appointment_url)

    def sentences(self, wording: Wording) -> list[str]:
        """How the visitor can reach care."""
        parts = [wording.text(CONTACT, provider=self.name)]
        if self.phone:
            parts.append(wording.text(CONTACT_PHONE, phone=self.phone))
        if self.appointment_url:
            parts.append(wording.text(CONTACT_BOOKING, url=self.appointment_url))
        return parts


def advice_text(
    recommendation: Recommendation, contact: CareContact, wording: Wording, publisher: str
) -> str:
    """Headline, reason, where to get care, and the not-a-diagnosis disclaimer, as one message."""
    parts = [wording.text(recommendation.headline), wording.text(recommendation.reason)]
    if recommendation.outcome is not Outcome.NO_TREATMENT_NEEDED:
        parts.extend(contact.sentences(wording))
    parts.append(wording.text(DISCLAIMER, publisher=publisher))
    return " ".join(parts)
