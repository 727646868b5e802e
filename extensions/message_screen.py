"""Screen a visitor's message before the model sees it, on every channel.

Empty and over-long messages get a polite reply straight away (responses in domain.yml),
without running the NLU pipeline on them. Applied once for all channels by
extensions/rasa_patches.py.
"""

from __future__ import annotations

from typing import Any

EMPTY = "utter_message_empty"
TOO_LONG = "utter_message_too_long"


def screening_response(text: str | None, max_chars: int) -> tuple[str, dict[str, Any]] | None:
    """The response (name, values) for a message that should not reach the model, or None."""
    if not (text or "").strip():
        return EMPTY, {}
    if len(text or "") > max_chars:
        return TOO_LONG, {"max_chars": max_chars}
    return None
