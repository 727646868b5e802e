"""Choose and compose fact answers: pure functions over the fact base."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from core.fact_base import Entry, FactBase
from core.wording import Button, Wording

TRIAGE_OFFER = "utter_triage_offer"
ARTICLE_SILENT = "utter_article_silent"
IN_GENERAL = "utter_in_general"
PROVIDER_KNOWS_MORE = "utter_provider_knows_more"


@dataclass(frozen=True)
class Answer:
    """What to say, what to offer next, and the topic to remember."""

    text: str
    buttons: tuple[Button, ...]
    topic: str


def choose_subject(
    facts: FactBase, intent: str | None, named: Sequence[str], current_topic: str | None
) -> Entry | None:
    """The entry a message is about.

    A type or cause named in the message wins; then the intent's own type or cause; a
    general aspect question ("can it be treated?") with no topic named stays on the
    current topic; otherwise the intent's or the message's general topic.
    """
    named_entries = [facts.entries[n] for n in named if isinstance(n, str) and n in facts.entries]
    asked = facts.entry_for_intent(intent)
    specific = [e for e in named_entries if e.is_specific]
    if specific:
        return specific[0]
    if asked is not None and asked.is_specific:
        return asked
    if (
        asked is not None
        and asked.aspect
        and not named_entries
        and isinstance(current_topic, str)
        and current_topic in facts.entries
    ):
        return facts.entries[str(current_topic)]
    return asked or (named_entries[0] if named_entries else None)


def asked_aspect(facts: FactBase, intent: str | None, named_aspects: Sequence[str]) -> str | None:
    """The aspect asked about: named in the message, else implied by the intent."""
    known = [a for a in named_aspects if isinstance(a, str) and a in facts.aspects]
    if known:
        return known[0]
    asked = facts.entry_for_intent(intent)
    return asked.aspect if asked else None


def compose_answer(facts: FactBase, wording: Wording, subject: Entry, aspect: str | None) -> Answer:
    """The answer about one entry, or about one aspect of it."""
    if aspect == "causes" and subject.kind == "cause":
        aspect = None  # "can a stroke cause myoclonus?": the cause's own answer says how
    general = facts.general_entry_for(aspect) if aspect else None
    if not subject.is_specific and general is not None:
        subject = general
        text = general.answer
    elif aspect and subject.is_specific and aspect not in subject.aspects:
        parts = [
            wording.text(ARTICLE_SILENT, aspect=facts.aspects[aspect].label, subject=subject.title.lower())
        ]
        if general is not None:
            parts.append(wording.text(IN_GENERAL, answer=general.answer))
        parts.append(wording.text(PROVIDER_KNOWS_MORE))
        text = " ".join(parts)
    else:
        text = subject.aspects.get(aspect or "", subject.answer)
    buttons = tuple(Button(facts.entries[r].title, "/" + facts.entries[r].intent) for r in subject.related)
    if subject.see_provider:
        text += " " + wording.text(TRIAGE_OFFER)
        buttons = (*wording.buttons(TRIAGE_OFFER), *buttons)
    return Answer(text, buttons, subject.id)
