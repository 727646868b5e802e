"""Screen a visitor's message before Rasa sees it.

Empty and over-long messages get a polite reply straight away, without running the NLU
pipeline on them.
"""

from __future__ import annotations

import os

MAX_MESSAGE_CHARS = int(os.environ.get("MAX_MESSAGE_CHARS", "1000"))

EMPTY_REPLY = "Your message looks empty. What would you like to know about myoclonus?"
TOO_LONG_REPLY = (
    f"Sorry, that message is too long for me (the limit is {MAX_MESSAGE_CHARS} characters). "
    "Could you ask your question in a sentence or two?"
)


def screening_reply(text: str) -> str | None:
    """The reply for a message that should not reach Rasa, or None to let it through."""
    if not text.strip():
        return EMPTY_REPLY
    if len(text) > MAX_MESSAGE_CHARS:
        return TOO_LONG_REPLY
    return None
