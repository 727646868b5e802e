"""Where to get care: set by whoever deploys the assistant, through the environment.

CARE_PROVIDER_NAME    e.g. "Example Hospital Neurology" (default: your healthcare provider)
CARE_PHONE            e.g. "555-0100" (optional)
CARE_APPOINTMENT_URL  e.g. "https://example.org/appointments" (optional)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_PROVIDER = "your healthcare provider"

DISCLAIMER = (
    "I'm an automated assistant giving general information from a Cleveland Clinic article, not a diagnosis."
)


@dataclass(frozen=True)
class CareContact:
    """Who a visitor is pointed to for care."""

    name: str = DEFAULT_PROVIDER
    phone: str | None = None
    appointment_url: str | None = None

    def sentence(self) -> str:
        """One sentence telling the visitor how to reach care."""
        text = f"You can contact {self.name}"
        if self.phone:
            text += f" on {self.phone}"
        if self.appointment_url:
            text += f" or book at {self.appointment_url}"
        return text + "."


def care_contact_from_env(env: Mapping[str, str] = os.environ) -> CareContact:
    """Read the deployment's care contact; unset or blank values fall back to the default."""
    return CareContact(
        name=env.get("CARE_PROVIDER_NAME", "").strip() or DEFAULT_PROVIDER,
        phone=env.get("CARE_PHONE", "").strip() or None,
        appointment_url=env.get("CARE_APPOINTMENT_URL", "").strip() or None,
    )
