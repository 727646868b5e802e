"""Choose and compose fact answers: pure functions over the fact base."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from core.fact_base import MYOCLONUS_ITSELF, Entry, FactBase
from core.settings import settings
from core.wording import Button, Wording

TRIAGE_OFFER = "utter_triage_offer"
ARTICLE_SILENT = "utter_article_silent"
IN_GENERAL = "utter_in_general"
PROVIDER_KNOWS_MORE = "utter_provider_knows_more"

NARROWING_INTENT = "narrow_topic"
WHO = "who"  # the aspect of who gets a form: asked by a question about an age group
DESCRIPTION_INTENT = "describe_symptoms"
# What a message answered by action_answer_fact is about when it names nothing.
DEFAULT_SUBJECT = {DESCRIPTION_INTENT: MYOCLONUS_ITSELF, "report_new_medication": "prescribed_medications"}
# The classifier's confidence in one of several forms a message names that settles which it is
# about: this much, or at least CLASSIFIER_LEADS_FROM and this many times each other one's.
CLASSIFIER_DECIDES = 0.25
CLASSIFIER_LEADS_FROM = 0.1
CLASSIFIER_LEAD = 2.0
# How sure the classifier's own reading of a message's meaning must be to count:
ASPECT_BY_MEANING = 0.35  # the question is most like a general question about one aspect
PICK_BY_MEANING = 0.6  # share of the current list's items: the follow-up picks one ("the family one")
DESCRIBED_BY_MEANING = 0.2  # a message that names nothing is most like one form
# A description of symptoms leans on the description intent itself; the form it is most like
# still stands out among the forms: this much of their share, and at least DESCRIPTION_FLOOR.
# (Held-out descriptions of one form: >= 0.05 and >= 42 %; of jerks in general: <= 0.008.)
DESCRIPTION_SHARE = 0.4
DESCRIPTION_FLOOR = 0.04


def aspect_by_meaning(facts: FactBase, question_meaning: Mapping[str, float]) -> str | None:
    """The aspect a question asks by its meaning, or None.

    `question_meaning` is the classifier's reading of the question with its names replaced
    by "it": "is that bad for me?" is most like the general questions about the outlook.
    """
    for intent, confidence in sorted(question_meaning.items(), key=lambda item: -item[1]):
        entry = facts.entry_for_intent(intent)
        if entry is not None:
            return entry.aspect if entry.aspect and confidence >= ASPECT_BY_MEANING else None
    return None


def picked_from_list(facts: FactBase, current: Entry, meaning: Mapping[str, float]) -> Entry | None:
    """The item of the current topic's list a follow-up picks by its meaning, or None.

    After the types, "the family one" is most like essential myoclonus by far among them.
    """
    items = [facts.entries[r] for r in current.related if r in facts.entries]
    total = sum(meaning.get(e.intent, 0.0) for e in items)
    best = max(items, key=lambda e: meaning.get(e.intent, 0.0), default=None)
    if best is None or total <= 0:
        return None
    return best if meaning.get(best.intent, 0.0) / total >= PICK_BY_MEANING else None


def described_form(facts: FactBase, meaning: Mapping[str, float], description: bool = False) -> Entry | None:
    """The form or cause a message that names none is most like, if clearly so.

    A `description` of symptoms ("my granddad's memory has been going and now his arms jerk")
    is most like the description intent; it counts when one form stands out among the forms.
    """
    forms = [e for e in facts.entries.values() if e.is_specific]
    best = max(forms, key=lambda e: meaning.get(e.intent, 0.0), default=None)
    if best is None:
        return None
    confidence = meaning.get(best.intent, 0.0)
    share = confidence / (sum(meaning.get(e.intent, 0.0) for e in forms) or 1.0)
    stands_out = description and confidence >= DESCRIPTION_FLOOR and share >= DESCRIPTION_SHARE
    return best if confidence >= DESCRIBED_BY_MEANING or stands_out else None


def wider_form(facts: FactBase, named: Sequence[Entry]) -> Entry | None:
    """The wider form a message is about when it names it with its forms, or several of them.

    "my normal twitches, like hiccups" and "hiccups and the jerk as I doze off" are about the
    normal forms as a whole; "is my sleep jerk the normal kind?" is about the sleep jerk.
    `named`: the types and causes a message names, in message order.
    """
    entries = list({e.id: e for e in named}.values())
    wider = {e.part_of for e in entries if e.part_of}
    if len(wider) != 1:
        return None
    whole = facts.entries.get(wider.pop())
    parts = [e for e in entries if whole is not None and e.part_of == whole.id]
    if whole is None or len(parts) + (whole in entries) != len(entries):
        return None
    return whole if len(parts) >= 2 or (parts and entries[0] == whole) else None


def overview_asked(facts: FactBase, named: Sequence[Entry], asked_named: Sequence[str]) -> Entry | None:
    """The overview its question asks for after naming several of its forms in the story.

    "the normal sort, the epileptic sort, the family one... How do all the kinds fit
    together?" asks for the types, not for the first form named.
    """
    for overview in (facts.entries.get(n) for n in asked_named):
        if overview is None or overview.is_specific or overview.aspect:
            continue
        listed = {e.id for e in named if e.id in overview.related and e.id not in asked_named}
        if len(listed) >= 2:
            return overview
    return None


def most_special(named: Sequence[Entry]) -> list[Entry]:
    """The forms named, less those that a special case or a form they only make stand out is named with.

    "my 2 month old twitches in his sleep" names sleep jerks and newborns: it is about benign
    neonatal sleep myoclonus, the sleep jerks of newborns. "Me, my dad and my aunt all get
    jerks, worse after a few beers" is about essential myoclonus, not about alcohol.
    """
    special = {e.special_case_of for e in named if e.special_case_of}
    special |= {e.shows_more_with for e in named if e.shows_more_with}
    return [e for e in named if e.id not in special]


def counterpart(facts: FactBase, current: Entry) -> Entry | None:
    """The one form of the same kind that a form is paired with, if it has exactly one.

    After negative myoclonus, "and the other kind?" asks about positive myoclonus: each lists
    the other as related. Hiccups, paired with two normal forms, have none.
    """
    related = [facts.entries[r] for r in current.related if r in facts.entries]
    paired = [e for e in related if e.kind == current.kind and current.id in e.related]
    return paired[0] if len(paired) == 1 else None


def classifier_choice(named: Sequence[Entry], ranking: Mapping[str, float]) -> Entry | None:
    """Of several forms a message names, the one the intent classifier clearly takes it to be about.

    Clearly: with enough confidence, or well ahead of each other one ("woke up from an
    anaesthetic and my limbs kept twitching" names a sleep word, but ranks the medicines first).
    """
    best = max(named, key=lambda e: ranking.get(e.intent, 0.0), default=None)
    if best is None:
        return None
    confidence = ranking.get(best.intent, 0.0)
    others = [ranking.get(e.intent, 0.0) for e in named if e.id != best.id]
    leads = confidence >= CLASSIFIER_LEADS_FROM and all(confidence >= CLASSIFIER_LEAD * o for o in others)
    return best if confidence >= CLASSIFIER_DECIDES or leads else None


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
    ranking: Mapping[str, float] | None = None,
    meaning: Mapping[str, float] | None = None,
    asks_for_the_other: bool = False,
) -> Entry | None:
    """The entry a message is about.

    A type or cause named in the message wins. Of several, the one the intent classifier
    (`ranking`: intent -> confidence) clearly takes the message to be about ("will he grow
    out of the sleep twitching the doctor called BNSM?"); else one named in its question
    (`asked_named`) first ("she has Alzheimer's ... I thought that only happened with
    epilepsy. Could it be part of her dementia?"), then a type before a cause. With nothing
    named, a message that points back ("can it be inherited?", "who does it affect?"), a
    narrowing follow-up ("the one in the ear") or a general aspect question ("can it be
    treated?", "when do I tell the doctor?") stays on the current topic, or picks the item
    of its list that the classifier's reading of the message (`meaning`) clearly points to
    ("the family one"). Then the intent's own entry, or the general topic a message names; a description of
    symptoms, or a general question, that names no form gets the form it is clearly most like
    ("I jump whenever my phone buzzes, is that bad?" is about the startle reflex), else the
    general answer. A wider form named with its forms is about the whole (`wider_form`), and
    "the other kind" (`asks_for_the_other`) after a form is about its `counterpart`; an
    overview asked for after several of its forms (`overview_asked`) is about the overview.
    """
    named_entries = [facts.entries[n] for n in named if isinstance(n, str) and n in facts.entries]
    asked = facts.entry_for_intent(intent)
    current = facts.entries.get(current_topic) if isinstance(current_topic, str) else None
    specific = sorted(
        (e for e in named_entries if e.is_specific), key=lambda e: (e.id not in asked_named, e.kind != "type")
    )
    whole = overview_asked(facts, named_entries, asked_named) or wider_form(
        facts, [e for e in named_entries if e.is_specific]
    )
    if whole is not None:
        return whole
    specific = most_special(specific)
    other = counterpart(facts, current) if current is not None and asks_for_the_other else None
    if other is not None and not any(e.is_specific for e in named_entries):
        return other  # "the other kind" is also a name of the types
    preferred = classifier_choice(specific, ranking or {})
    if preferred is not None:
        return preferred
    if specific:
        return specific[0]  # a form named with a cause ("can drinking make X worse?") is about X
    follows_up = (
        intent == NARROWING_INTENT
        or (asked is not None and bool(asked.aspect))
        or (pointing_back and (asks_an_aspect or (asked is not None and asked.is_specific)))
    )
    # Myoclonus in general named in the question ("how is myoclonus treated?") is a new
    # subject; named in the story before an aspect question ("I noticed twitching, when do I
    # tell the doctor?"), or as a topic that stands for an aspect, it is not.
    names_a_subject = any(
        e.is_specific or (not e.aspect and (e.id in asked_named or not asks_an_aspect)) for e in named_entries
    )
    if current is not None and not names_a_subject and follows_up:
        # "the family one": a narrowing follow-up, or one the classifier takes to be about an
        # item of the list ("the family one, does it get worse?" after the types)
        picks_an_item = (intent == NARROWING_INTENT and not asks_an_aspect) or (
            asked is not None and asked.is_specific and asked.id in current.related
        )
        picked = picked_from_list(facts, current, meaning) if picks_an_item and meaning else None
        return picked or current
    if asked is not None and not asked.is_specific and meaning:
        return described_form(facts, meaning) or asked  # "I jump when my phone buzzes, is that bad?"
    if asked is not None:
        return asked
    if named_entries:
        return named_entries[0]
    if intent == DESCRIPTION_INTENT and meaning:
        return described_form(facts, meaning, description=True) or facts.entries.get(DEFAULT_SUBJECT[intent])
    return facts.entries.get(DEFAULT_SUBJECT.get(str(intent), ""))


def asked_aspect(
    facts: FactBase,
    intent: str | None,
    named_aspects: Sequence[str],
    previous: str | None = None,
    question_aspects: Sequence[str] = (),
    implied: Sequence[str] = (),
    follows_up: bool = False,
    by_meaning: str | None = None,
    asks_of_an_age: bool = False,
) -> str | None:
    """The aspect asked about: named in the question, else in the message, else by the intent.

    The first aspect of the question counts ("diagnosed with OMS. is it common?" asks who
    gets it; "what tests find out why it happens?" asks how it is diagnosed), unless the
    question's meaning (`by_meaning`, see `aspect_by_meaning`) is another of the aspects it
    names. A question that names none asks the aspect of its meaning ("is that bad for
    me?" asks about the outlook). A description
    of symptoms asks only what its question names ("I jolt as I fall asleep, should I be
    worried?"); a narrowing follow-up ("and in children?") keeps the aspect asked before.
    The aspect `implied` by a general topic in the question ("should I ring my doctor?")
    counts after the intent's own ("what do doctors give?" asks about treatment). A short
    follow-up pointing back (`follows_up`: "how is it prevented?" -> "the drugs part, explain
    that") keeps the aspect asked before, like a narrowing one. A new question that names no
    aspect but an age group (`asks_of_an_age`: "BNSM. Does that happen to older kids too?")
    asks who gets it.
    """
    in_question = [a for a in question_aspects if isinstance(a, str) and a in facts.aspects]
    if in_question:
        return by_meaning if by_meaning in in_question else in_question[0]
    if by_meaning in facts.aspects:
        return by_meaning
    follow_up = follows_up or intent == NARROWING_INTENT
    if asks_of_an_age and (previous is None or not follow_up) and WHO in facts.aspects:
        return WHO
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
    return previous if follow_up and previous in facts.aspects else None


def names_its_topic(subject: Entry, intent: str | None, asked_named: Sequence[str]) -> bool:
    """Whether a question asks about a general topic by its own name, as the classifier took it.

    "Which parts of the body does myoclonus usually affect?" names the topic of where and how
    long jerks happen: its aspect word ("affect") does not lead to who gets it. Myoclonus
    itself, named in nearly every message, does not count.
    """
    return (
        subject.intent == intent
        and not subject.is_specific
        and not subject.aspect
        and subject.id in asked_named
        and subject.id != DEFAULT_SUBJECT[DESCRIPTION_INTENT]
    )


def kept_aspect(subject: Entry, current_topic: str | None, previous: str | None) -> str | None:
    """The aspect asked before, if it still applies: on the same topic, or to a new one that answers it.

    "who gets myoclonus?" -> "what about newborns?" keeps "who gets it"; "what are the rarer
    forms?" -> "the mouth one" asks about palatal myoclonus itself.
    """
    if previous is None or subject.id == current_topic:
        return previous
    return previous if previous in subject.aspects or previous in subject.answer_covers else None


def answerable_aspect(subject: Entry, aspect: str | None, named: Sequence[str]) -> str | None:
    """The aspect asked, or another the message names when the article is silent on the first.

    Another aspect counts only when the article answers it for the entry: "... they can be
    made to happen less. What is it that helps?" about epileptic myoclonus asks how to make
    it happen less, since the article says nothing of its treatment.
    """
    if aspect is None or not subject.is_specific or subject.says(aspect):
        return aspect
    return next((a for a in named if a in subject.aspects), aspect)


def compose_answer(
    facts: FactBase, wording: Wording, subject: Entry, aspect: str | None, offer_triage: bool = False
) -> Answer:
    """The answer about one entry, or about one aspect of it.

    When the article says nothing about that aspect of the entry, the answer gives what it
    does say about the entry, says plainly that it is silent on the aspect, and gives the
    general answer for the aspect, and points to the care provider (as "not covered" does).

    The triage questions are offered when the entry can point to a condition or the visitor
    spoke of their own jerks.
    """
    if aspect in subject.answer_covers or (aspect == "causes" and subject.kind == "cause"):
        aspect = None  # "can epilepsy / a stroke cause it?": the entry's own answer says so
    if aspect is not None and aspect not in subject.aspects:
        aspect = subject.answered_by.get(aspect, aspect)  # "if her thyroid is sorted, will it help?"
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
        parts.append(wording.text(PROVIDER_KNOWS_MORE, provider=settings().care_provider_name))
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


def clearly_named_subject(
    facts: FactBase, asked: Sequence[str], named: Sequence[str], ranking: Mapping[str, float] | None = None
) -> Entry | None:
    """The entry an unclear message is about by the names in it, or None.

    A sole form named in the question, else a sole form named anywhere ("that hic thing when
    you gulp pop, is it a muscle jerk thing?" is about hiccups, not about myoclonus in
    general), else a sole name of any kind in the question, else anywhere. A wider form named
    with its forms comes first ("the normal kind, hiccups and the falling asleep jerk"), then
    the form the classifier's `ranking` clearly prefers among several (`classifier_choice`).
    """
    entries = [facts.entries[n] for n in named if isinstance(n, str) and n in facts.entries]
    named_forms = [e for e in entries if e.is_specific]
    forms = most_special(named_forms)
    chosen = wider_form(facts, forms) or classifier_choice(forms, ranking or {})
    if chosen is None and len({e.id for e in forms}) == 1 and len(forms) < len(named_forms):
        chosen = forms[0]  # sleep jerks and a newborn: the special case
    if chosen is not None:
        return chosen
    candidates = [sole_named_subject(facts, asked), sole_named_subject(facts, named)]
    specific = [e for e in candidates if e is not None and e.is_specific]
    return specific[0] if specific else next((e for e in candidates if e is not None), None)


def sole_named_subject(facts: FactBase, named: Sequence[str]) -> Entry | None:
    """The one entry an unclear message clearly names, or None when it names several or none.

    Its only form counts first, then its only type or cause, then its only name of any kind.
    """
    entries = [facts.entries[n] for n in dict.fromkeys(named) if isinstance(n, str) and n in facts.entries]
    specific = [e for e in entries if e.is_specific]
    forms = [e for e in specific if e.kind == "type"]
    one = forms if len(forms) == 1 else specific if len(specific) == 1 else entries
    return one[0] if len(one) == 1 else None
