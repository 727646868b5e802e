"""Choose and compose fact answers: pure functions over the fact base."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from core.fact_base import UNCOVERED_ENTITY, Entry, FactBase
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
SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
# A clause that asks: at the start of a sentence, or after a comma, dash or "and/but/so".
ASKING_CLAUSE = re.compile(
    r"(?:^\W*|[,;:(]\s*|\s[-–]+\s*|\b(?:and|but|so|or)\s+)"
    r"(is|are|am|was|were|can|could|should|shall|do|does|did|will|would|what|what.?s|whats|why|how|when|"
    r"where|who|which|has|have|may|might|any|anything)\b",
    re.IGNORECASE,
)
# A question run on without punctuation: "my baby jerks in her sleep is that a seizure".
RUN_ON_QUESTION = re.compile(
    r"\s((?:is|are|am|can|could|should|will|would|do|does|did)\s+"
    r"(?:it|that|this|they|these|those|i|he|she|we|you|there|my|his|her|their|our)\b)",
    re.IGNORECASE,
)
# A question that asks what something is called wants the entry itself, not an aspect of it.
NAMING_QUESTION = re.compile(
    r"\b(what (do|would|should) (you|they|doctors|people) call|what.?s (it|that|this|that one) called|"
    r"what (is|are) (it|that|this|they|these) called|(a|the) (proper |medical |real )?(name|term) for)\b",
    re.IGNORECASE,
)
FOLLOW_UP_WORDS = 7  # at most this many words pointing back: a follow-up, not a new question
# When the question is one of these, the story around it does not change the answer.
ANSWERED_WHATEVER_THE_STORY = "when_to_see"


def question_focus(text: str) -> range | None:
    """Where in a message its question is (character positions), or None when it asks nothing.

    The last sentence that asks counts, from its last asking clause: in "My dad and I get
    jerks. They're worse after drinking. Is it genetic?" the focus is "Is it genetic?"; in
    "i jolt as i fall asleep, should i be worried" it is "should i be worried".
    """
    focus = None
    for sentence in SENTENCE.finditer(text):
        clauses = [m.start(1) for m in ASKING_CLAUSE.finditer(sentence.group())] or [
            m.start(1) for m in RUN_ON_QUESTION.finditer(sentence.group())
        ]
        if clauses:
            focus = range(sentence.start() + clauses[-1], sentence.end())
        elif sentence.group().rstrip().endswith("?"):
            focus = range(sentence.start(), sentence.end())
    return focus


@dataclass(frozen=True)
class Mention:
    """A name the tagger found in a message: its kind (topic, aspect, uncovered), value and place."""

    kind: str
    value: str
    start: int


@dataclass(frozen=True)
class Message:
    """A visitor's message: its text, the names tagged in it, and where its question is."""

    text: str
    mentions: tuple[Mention, ...] = ()

    @staticmethod
    def parsed(text: str, entities: Iterable[Mapping[str, Any]]) -> Message:
        """The message with the mentions among its entities (anything malformed is left out)."""
        wellformed = [
            e
            for e in entities
            if isinstance(e, Mapping) and all(isinstance(e.get(k), str) for k in ("entity", "value"))
        ]
        return Message(
            text, tuple(Mention(e["entity"], e["value"], int(e.get("start") or 0)) for e in wellformed)
        )

    @cached_property
    def focus(self) -> range | None:
        """Where its question is (see `question_focus`)."""
        return question_focus(self.text)

    @property
    def is_personal(self) -> bool:
        """True when a visitor speaks of their own (or their family's) jerks."""
        return PERSONAL.search(self.text) is not None

    @property
    def refers_back(self) -> bool:
        """True when it points back at what was just discussed ("is that one dangerous?")."""
        return REFERS_BACK.search(self.text) is not None

    @property
    def is_short_follow_up(self) -> bool:
        """True for a few words pointing back ("the family one", "the drugs part, explain that")."""
        return self.refers_back and len(self.text.split()) <= FOLLOW_UP_WORDS

    def named(self, kind: str) -> list[str]:
        """The values of one kind of mention, in message order."""
        return [m.value for m in self.mentions if m.kind == kind]

    def asked_mentions(self) -> list[Mention]:
        """The mentions inside its question (none when it asks nothing)."""
        return [] if self.focus is None else [m for m in self.mentions if m.start in self.focus]

    def asked_named(self, kind: str) -> list[str]:
        """The values of one kind of mention inside its question, in message order."""
        return [m.value for m in self.asked_mentions() if m.kind == kind]

    def asked_aspects(self) -> list[str]:
        """The aspects its question names, in order ("is it genetic?" asks what causes it).

        A question for a name ("what do you call twitching caused by another illness?") asks none.
        """
        if self.focus is None or NAMING_QUESTION.search(self.text[self.focus.start : self.focus.stop]):
            return []
        return self.asked_named("aspect")

    def implied_aspects(self, facts: FactBase) -> list[str]:
        """The aspects of the general topics its question names.

        "Should I ring my doctor?" names the when-to-see topic, so it asks when to see a provider
        about whatever form or cause the message names.
        """
        topics = [facts.entries.get(t) for t in self.asked_named("topic")]
        return [entry.aspect for entry in topics if entry is not None and entry.aspect]

    def uncovered_is_asked(self, facts: FactBase) -> bool:
        """Whether the visitor asks about a subject the article does not cover.

        A subject named in the question, or in a message that asks nothing, is asked about. One
        named only in the story before the question is not, when the article answers that
        question whatever the story: when to see a provider ("started sertraline, do I tell my
        GP?"), or what causes a form or cause the message names ("manganese at work, can it
        cause jerks?").
        """
        uncovered = [m for m in self.mentions if m.kind == UNCOVERED_ENTITY]
        if not uncovered or self.focus is None or any(m.start in self.focus for m in uncovered):
            return bool(uncovered)
        question = self.asked_aspects() + self.implied_aspects(facts)
        names_specific = any(facts.entries[t].is_specific for t in self.named("topic") if t in facts.entries)
        return not (ANSWERED_WHATEVER_THE_STORY in question or ("causes" in question and names_specific))

    def asks_about_a_covered_form(self, facts: FactBase) -> bool:
        """Whether its question asks an aspect of a type or cause the article covers.

        "my baby jerks when sleeping - is it a seizure or not??" asks how benign neonatal sleep
        myoclonus is told apart; "can OMS happen with lung cancer?" asks what causes OMS.
        """
        topics = [facts.entries.get(t) for t in self.named("topic")]
        return any(e is not None and e.is_specific for e in topics) and bool(self.asked_aspects())


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
    asks_an_aspect: bool = False,
    asked_named: Sequence[str] = (),
) -> Entry | None:
    """The entry a message is about.

    A type or cause named in the message wins: one named in its question (`asked_named`)
    first ("she has Alzheimer's ... I thought that only happened with epilepsy. Could it be
    part of her dementia?"), then a type before a cause. With nothing named, a message that points
    back ("can it be inherited?", "who does it affect?"), a narrowing follow-up ("the one in
    the ear") or a general aspect question ("can it be treated?") stays on the current topic.
    Then the intent's own entry, or the general topic a message names; a description of
    symptoms that names no form gets the general answer.
    """
    named_entries = [facts.entries[n] for n in named if isinstance(n, str) and n in facts.entries]
    asked = facts.entry_for_intent(intent)
    current = facts.entries.get(current_topic) if isinstance(current_topic, str) else None
    specific = sorted(
        (e for e in named_entries if e.is_specific), key=lambda e: (e.id not in asked_named, e.kind != "type")
    )
    if specific:
        return specific[0]  # a form named with a cause ("can drinking make X worse?") is about X
    follows_up = (
        intent == NARROWING_INTENT
        or (asked is not None and bool(asked.aspect))
        or (pointing_back and (asks_an_aspect or (asked is not None and asked.is_specific)))
    )
    if current is not None and not named_entries and follows_up:
        return current
    if asked is not None:
        return asked
    if named_entries:
        return named_entries[0]
    return facts.entries.get(DEFAULT_SUBJECT.get(str(intent), ""))


def asked_aspect(
    facts: FactBase,
    intent: str | None,
    named_aspects: Sequence[str],
    previous: str | None = None,
    question_aspects: Sequence[str] = (),
    implied: Sequence[str] = (),
    follows_up: bool = False,
) -> str | None:
    """The aspect asked about: named in the question, else in the message, else by the intent.

    The first aspect of the question counts ("diagnosed with OMS. is it common?" asks who
    gets it; "what tests find out why it happens?" asks how it is diagnosed). A description
    of symptoms asks only what its question names ("I jolt as I fall asleep, should I be
    worried?"); a narrowing follow-up ("and in children?") keeps the aspect asked before.
    The aspect `implied` by a general topic in the question ("should I ring my doctor?")
    counts after the intent's own ("what do doctors give?" asks about treatment). A short
    follow-up pointing back (`follows_up`: "how is it prevented?" -> "the drugs part, explain
    that") keeps the aspect asked before, like a narrowing one.
    """
    in_question = [a for a in question_aspects if isinstance(a, str) and a in facts.aspects]
    if in_question:
        return in_question[0]
    by_topic = [a for a in implied if a in facts.aspects]
    if intent in DEFAULT_SUBJECT:
        return by_topic[-1] if by_topic else None
    known = [a for a in named_aspects if isinstance(a, str) and a in facts.aspects]
    if known:
        return known[-1]
    asked = facts.entry_for_intent(intent)
    if asked is not None and asked.aspect:
        return asked.aspect
    if by_topic:
        return by_topic[-1]
    return previous if (follows_up or intent == NARROWING_INTENT) and previous in facts.aspects else None


def kept_aspect(subject: Entry, current_topic: str | None, previous: str | None) -> str | None:
    """The aspect asked before, if it still applies: on the same topic, or to a new one that answers it.

    "who gets myoclonus?" -> "what about newborns?" keeps "who gets it"; "what are the rarer
    forms?" -> "the mouth one" asks about palatal myoclonus itself.
    """
    if previous is None or subject.id == current_topic:
        return previous
    return previous if previous in subject.aspects or previous in subject.answer_covers else None


def compose_answer(
    facts: FactBase, wording: Wording, subject: Entry, aspect: str | None, offer_triage: bool = False
) -> Answer:
    """The answer about one entry, or about one aspect of it.

    When the article says nothing about that aspect of the entry, the answer gives what it
    does say about the entry, says plainly that it is silent on the aspect, and gives the
    general answer for the aspect.

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
            subject.answer,  # what the article does say about it, first
            wording.text(ARTICLE_SILENT, aspect=facts.aspects[aspect].label, subject=subject.title.lower()),
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
