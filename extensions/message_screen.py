"""Screen a visitor's message before the model sees it, on every channel.

Empty and over-long messages, and messages over the per-minute limit, get a polite reply
straight away (responses in domain.yml), without running the NLU pipeline on them.

A message is a button payload (`/intent` or `/intent{"entity": "value"}`) only when the
whole message is one well-formed payload; anything else starting with `/` is ordinary text
for the model, so "/greet my dad collapsed" still reaches the red-flag check. Applied once
for all channels by extensions/rasa_patches.py.
"""

from __future__ import annotations

import json
import re
from typing import Any

EMPTY = "utter_message_empty"
TOO_LONG = "utter_message_too_long"
TOO_MANY = "utter_too_many_messages"
PAYLOAD = re.compile(r"/(?P<intent>[A-Za-z0-9_\-]+)(?P<entities>\{.*\})?", re.DOTALL)


def screening_response(text: str | None, max_chars: int) -> tuple[str, dict[str, Any]] | None:
    """The response (name, values) for a message that should not reach the model, or None."""
    if not (text or "").strip():
        return EMPTY, {}
    if len(text or "") > max_chars:
        return TOO_LONG, {"max_chars": max_chars}
    return None


def is_whole_payload(text: str | None) -> bool:
    """True when the whole text is one `/intent` or `/intent{json object}` payload."""
    match = PAYLOAD.fullmatch((text or "").strip())
    if match is None:
        return False
    if match["entities"] is None:
        return True
    try:
        return isinstance(json.loads(match["entities"]), dict)
    except ValueError:
        return False
