"""Choose and compose fact answers: pure functions over the fact base."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from core.fact_base import Entry, FactBase
from core.wording import Button, Wording

TRIAGE_OFFER = "utter_triage_offer"
ARTICLE_SILENT = "utter_article_silent"
IN_GENERAL = "utter_in_general"
PROVIDER_KNOWS_MORE = "utter_provider_knows_more"

NARROWING_INTENT = "narrow_topic"
DESCRIPTION_INTENT = "describe_symptoms"
# What a message answered by action_answer_fact is about when it names nothing.
DEFAULT_SUBJECT = {DESCRIPTION_INTENT: "what_is_myoclonus", "report_new_medication": "prescribed_medications"}
PERSONAL = re.compile(r"\b(i|i'?m|i'?ve|i'?d|me|my|mine|we|our|us)\b", re.IGNORECASE)
REFERS_BACK = re.compile(r"\b(it|that|this|they|them|those|these|one|ones)\b", re.IGNORECASE)


def is_personal(text: str) -> bool:
    """True when a visitor speaks of their own (or their family's) jerks."""
    return PERSONAL.search(text) is not None


def refers_back(text: str) -> bool:
    """True when a message points back at what was just discussed ("is that one dangerous?")."""
    return REFERS_BACK.search(text) is not None


@dataclass(frozen=True)
class Answer:
    """What to say, what to offer next, and the topic to remember."""

    text: str
    buttons: tuple[Button, ...]
    topic: str


def choose_subject(
    facts: FactBase,
    intent: str | None,
    named: Sequence[str],
    current_topic: str | None,
    pointing_back: bool = False,
) -> Entry | None:
    """The entry a message is about.

    A type or cause named in the message wins. With nothing named, a message that points
    back ("can it be inherited?"), a narrowing follow-up ("the one in the ear") or a general
    aspect question ("can it be treated?") stays on the current topic. Then the intent's own
    entry, or the general topic a message names; a description of symptoms that names no
    form gets the general answer.
    """
    named_entries = [facts.entries[n] for n in named if isinstance(n, str) and n in facts.entries]
    asked = facts.entry_for_intent(intent)
    current = facts.entries.get(current_topic) if isinstance(current_topic, str) else None
    specific = sorted((e for e in named_entries if e.is_specific), key=lambda e: e.kind != "type")
    if specific:
        return specific[0]  # a form named with a cause ("can drinking make X worse?") is about X
    follows_up = (
        intent == NARROWING_INTENT
        or (asked is not None and bool(asked.aspect))
        or (pointing_back and asked is not None and asked.is_specific)
    )
    if current is not None and not named_entries and follows_up:
        return current
    if asked is not None:
        return asked
    if named_entries:
        return named_entries[0]
    return facts.entries.get(DEFAULT_SUBJECT.get(str(intent), ""))


def asked_aspect(
    facts: FactBase, intent: str | None, named_aspects: Sequence[str], previous: str | None = None
) -> str | None:
    """The aspect asked about: named in the message, else implied by the intent.

    The last aspect named counts ("diagnosed with OMS. is it common?" asks who gets it). A
    description of symptoms asks nothing; a narrowing follow-up ("and in children?") keeps
    the aspect asked before.
    """
    if intent in DEFAULT_SUBJECT:
        return None
    known = [a for a in named_aspects if isinstance(a, str) and a in facts.aspects]
    if known:
        return known[-1]
    asked = facts.entry_for_intent(intent)
    if asked is not None:
        return asked.aspect
    return previous if intent == NARROWING_INTENT and previous in facts.aspects else None


def compose_answer(
    facts: FactBase, wording: Wording, subject: Entry, aspect: str | None, offer_triage: bool = False
) -> Answer:
    """The answer about one entry, or about one aspect of it.

    The triage questions are offered when the entry can point to a condition or the visitor
    spoke of their own jerks.
    """
    if aspect in subject.answer_covers or (aspect == "causes" and subject.kind == "cause"):
        aspect = None  # "can epilepsy / a stroke cause it?": the entry's own answer says so
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
    if subject.see_provider or offer_triage:
        text += " " + wording.text(TRIAGE_OFFER)
        buttons = (*wording.buttons(TRIAGE_OFFER), *buttons)
    return Answer(text, buttons, subject.id)


def likely_topics(
    facts: FactBase, named: Sequence[str], ranking: Sequence[tuple[str, float]], at_least: float = 0.05
) -> list[Entry]:
    """For a message the classifier was unsure about: the entries that could fit, best first.

    Entries named in the message come first (forms and causes before general topics), then
    those of the classifier's ranked `ask_<id>` intents with some confidence.
    """
    named_entries = [facts.entries[n] for n in named if isinstance(n, str) and n in facts.entries]
    candidates = sorted(named_entries, key=lambda e: not e.is_specific)
    for intent, confidence in ranking:
        entry = facts.entry_for_intent(intent)
        if entry is not None and confidence >= at_least:
            candidates.append(entry)
    unique: dict[str, Entry] = {}
    for entry in candidates:
        unique.setdefault(entry.id, entry)
    return list(unique.values())


def sole_named_subject(facts: FactBase, named: Sequence[str]) -> Entry | None:
    """The one entry an unclear message clearly names, or None when it names several or none.

    Its only form counts first, then its only type or cause, then its only name of any kind.
    """
    entries = [facts.entries[n] for n in dict.fromkeys(named) if isinstance(n, str) and n in facts.entries]
    specific = [e for e in entries if e.is_specific]
    forms = [e for e in specific if e.kind == "type"]
    one = forms if len(forms) == 1 else specific if len(specific) == 1 else entries
    return one[0] if len(one) == 1 else None
