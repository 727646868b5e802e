"""A visitor's message as the answer choice reads it: where its question is, what it names.

Pure functions over the text and the names the tagger found (components/fact_names.py).
The NLU components use it too (the classifier reads the question's meaning), so a change
here retrains the model.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from core.fact_base import BACKGROUND, MYOCLONUS_ITSELF, UNCOVERED_ENTITY, FactBase

# Where the embedding classifier puts its own reading of a message and of its question, in
# the parse data (components/embedding_classifier.py), for the actions to read.
MEANING_RANKING = "meaning_ranking"
QUESTION_MEANING_RANKING = "question_meaning_ranking"

PERSONAL = re.compile(r"\b(i|i'?m|i'?ve|i'?d|me|my|mine|we|our|us)\b", re.IGNORECASE)
# "is that one dangerous?", "the epilepsy kind?": pointing back at what was just discussed.
REFERS_BACK = re.compile(
    r"\b(it|that|this|they|them|those|these|one|ones|part|bit)\b|\bthe\s+([\w-]+\s+){1,3}(kind|type|sort|form)s?\b|"
    r"\b(specifically|in particular|i mean)\W*$|"
    r"\bthe\s+(kind|type|sort|form)s?\s+(from|with|in|for|caused|that|which|where|when|after)\b",
    re.IGNORECASE,
)
# "what about in newborns?", "and for adults?", "what if it started after new pills?": the
# same question, asked of something else.
SAME_QUESTION_OF = re.compile(
    r"^\W*(and\s+)?((what|how)\s+about|what\s+if)\b|^\W*and\s+(in|for|with|of)\b", re.IGNORECASE
)
# "and hiccups?", "in a newborn baby?": going on from the question asked before
GOES_ON = re.compile(
    r"^\W*(and|also|plus)\b|^\W*(in|for|among)\s+(?!(what|which|how|when|who|whom)\b)", re.IGNORECASE
)
# "and the other kind?", "what's the opposite?": the form paired with the one just discussed.
THE_OTHER = re.compile(r"\b(the|that)\s+(other|opposite)(\s+(one|kind|type|sort|form))?\b", re.IGNORECASE)
SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
# "hand twitch as i fall asleep, normal or not": a question without a question word.
OR_NOT = re.compile(r"(?:^|[,;:]\s*|\s[-–]+\s*)((?:(?!\s[-–])[^,;:])*?\bor not)\W*$", re.IGNORECASE)
# A clause that asks: at the start of a sentence, or after a comma, dash or "and/but/so"
# ("at what point ...", "by what age ...": after a preposition too).
ASKING_CLAUSE = re.compile(
    r"(?:^\W*|[,;:(]\s*|\s[-–]+\s*|\b(?:and|but|so|or)\s+)"
    r"(?:(?:at|by|in|for|from|to|after|until|till|up to)\s+(?=(?:what|which|how|when|whom?)\b))?"
    r"(is|are|am|was|were|can|could|should|shall|do|does|did|will|would|what|what.?s|whats|why|how|when|"
    r"where|who|which|has|have|may|might|any|anything)\b",
    re.IGNORECASE,
)
# "squeezes suddenly instead of going floppy": the form after it is the contrast, not the subject.
CONTRAST = re.compile(r"\b(instead of|rather than|as opposed to)\s+$", re.IGNORECASE)
# "they're not painful": a not-covered subject the visitor says is absent is not asked about.
DENIED = re.compile(r"\b(not|n.t|never|no)\s+(\w+\s+)?$", re.IGNORECASE)
# "I jump like a scalded cat": a not-covered name in a comparison is not asked about.
COMPARED_TO = re.compile(
    r"(?<!would )(?<!.d )\b(like|as if|as though)\s+((a|an|the|some)\s+)?"
    r"((?!(what|which|how|who|when|where|why)\b)\w+\s+)?$",
    re.IGNORECASE,
)
# "my arm does a sort of hiccup", "kind of like a hiccup but in a muscle": a form named only
# as a likeness is not the subject.
LIKENESS = re.compile(
    r"\b((sort of |kind of |a bit )?like (a|an)|(does|do|did|doing|gives?|gave) (a|this) (sort|kind) of)\s+$",
    re.IGNORECASE,
)
# "for my college essay", "school project q:": a not-covered name that only says what the
# question is for.
PURPOSE_BEFORE = re.compile(r"\bfor (a|an|my|our|the) (\w+\s+)?$", re.IGNORECASE)
PURPOSE_AFTER = re.compile(
    r"^\s+(project|essay|assignment|homework|coursework|presentation|report|quiz|exam)\b", re.IGNORECASE
)
# "physio student here": a not-covered name that only says who is asking.
ASKER_AFTER = re.compile(
    r"^\s+(students?|trainees?|apprentices?|lecturers?|tutors?|teachers?|degree)\b", re.IGNORECASE
)
# "the physio said ...": a not-covered name that only says who told the visitor something.
MESSENGER = re.compile(
    r"^\W*((has|had|have|just|also|only|never|really|once|already)\s+){0,2}"
    r"(said|says|told|tells|thinks|thought|reckons|reckoned|mentioned|explained|suggested|called|calls)\b",
    re.IGNORECASE,
)
INDIRECT_QUESTION = re.compile(
    r"\b(?:know|wonder(?:ing)?|curious|unsure|not sure|advise|tell (?:me|us)|let (?:me|us) know|explain|"
    r"confirm|clarify|inform (?:me|us))\s+"
    r"(whether|if|what|how|why|when|who|which)\b",
    re.IGNORECASE,
)
# "awake he's totally normal, feeding well": a statement that someone is normal asks nothing
# of the outlook (but "is this totally normal?" does).
DESCRIBED_AS = re.compile(
    r"\b(he|she|they|i|we|baby|son|daughter)\s*(.s|is|are|.re|.m|am|seems?|looks?|acts?|behaves?|feels?)\s+"
    r"((totally|completely|perfectly|entirely|otherwise|quite|just|fine and)\s+)*$|"
    r"\botherwise\s+((totally|completely|perfectly|entirely|quite)\s+)*$",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"[.?!;]|$")
# "yes or no, and why?": a closing "why" asks for the answer's reason, not for causes.
REASON_FOR_THE_ANSWER = re.compile(r"\b(and|or why not|or not)\W*$", re.IGNORECASE)
ONLY_ASKS_WHY = re.compile(
    r"^\W*(?=\w)((yes or no|yes/no|true or false)\W*)?((and|or)\s+)?(why( or why not| not)?)?\W*$",
    re.IGNORECASE,
)
# "coming from the back of my throat": where a sound comes from, not what causes it.
A_PLACE_AFTER = re.compile(
    r"\s+(the\s+)?(back|front|inside|deep|somewhere|behind|under|underneath|left|right|roof|top|bottom|middle|"
    r"direction|area)\b",
    re.IGNORECASE,
)
BY_AGENT = re.compile(r"\s+by\s")  # "caused by medicines": names the form, asks nothing
# "the jerks that come from another illness": a cause word in a clause about the jerks says
# which form is meant, and asks nothing.
WHICH_FORM = re.compile(
    r"\b(jerks?|jerking|twitch(es|ing)?|spasms?|myoclonus|kind|type|sort|form|ones?)\s+(that|which)\s+"
    r"((is|are|can be|gets?|get)\s+)?$",
    re.IGNORECASE,
)
# "the kind caused by meds": so does a cause word after a kind word and before "by".
KIND_WORD_BEFORE = re.compile(r"\b(kind|type|sort|form|ones?)\s+$", re.IGNORECASE)
OFFERS_ANOTHER = re.compile(r"\W*or\s", re.IGNORECASE)  # "... or am I overreacting?"
# A question run on without punctuation: "my baby jerks in her sleep is that a seizure".
RUN_ON_QUESTION = re.compile(
    r"\s((?:(?:how|why|when|where|what)\s+)?(?:is|are|am|can|could|should|will|would|do|does|did)\s+"
    r"(?:it|that|this|they|these|those|i|he|she|we|you|there|my|his|her|their|our)\b)",
    re.IGNORECASE,
)
# A question that asks what something is, is called, or whether it exists wants the entry
# itself, not an aspect of it.
NAMING_QUESTION = re.compile(
    r"\b(what (do|would|should) (you|they|doctors|people) call|what(.?s| is| are) (\w+ ){1,5}called|"
    r"(a|the) (proper |medical |real |right |correct )?(name|term) for|"
    r"(a|the) (proper|right|correct) word for|which (\w+ ){0,3}(is|are) the|"
    r"what(.?s| is| are) the (one|kind|type|form|sort)s? (that|which)|"
    r"(is|are) (that|this|it|they|these|those) (a )?real( thing)?|does (that|this|it) (really )?exist|"
    r"which (one|kind|type|form|sort)s? (only |just |mainly )?(affects?|happens?|comes?|runs?|hits?|starts?|"
    r"shows? up|appears?|occurs?|is for)|"
    r"what (could|might|would|can) (it|this|that|they|these) (be|possibly be)|"
    r"which (one|kind|type|form|sort) (is|was) (it|that|this)|"
    r"^\W*what(.?s| is| are) (this|that|these|those)( thing| things)?(?=\W*$)|"
    r"is there (a|an|any) (\w+ ){0,2}(kind|type|form|sort|name|word) "
    r"(of \w+ )?((just|only|mainly|specially) )?(that|which|where|when|for))\b",
    re.IGNORECASE,
)
FOLLOW_UP_WORDS = 7  # at most this many words pointing back: a follow-up, not a new question
BARE_NAME_WORDS = 2  # "hiccups?" after "can myoclonus be prevented?" asks the same of hiccups
QUERY_WORDS = 6  # at most this many words, none personal, no question: a search-box query
# When the question is one of these, the story around it does not change the answer.
ANSWERED_WHATEVER_THE_STORY = "when_to_see"


def asking_clauses(sentence: str) -> list[int]:
    """Where the clauses of a sentence that ask start.

    A clause after "or" that offers another answer to the question before it ("do I need a
    doctor or am I overreacting?") is part of that question, not a new one. A sentence that
    only asks indirectly ("I would be grateful to know whether it is dangerous") asks from its
    "whether".
    """
    clauses = [
        (m.start(1), OFFERS_ANOTHER.match(m.group()) is not None) for m in ASKING_CLAUSE.finditer(sentence)
    ] or [(m.start(1), False) for m in INDIRECT_QUESTION.finditer(sentence)]
    starts = [start for i, (start, after_or) in enumerate(clauses) if not (after_or and i > 0)]
    return starts or [m.start(1) for m in RUN_ON_QUESTION.finditer(sentence)]


def question_focus(text: str, named_at: Collection[int] = ()) -> range | None:
    """Where in a message its question is (character positions), or None when it asks nothing.

    The last sentence that asks counts, from its last asking clause: in "My dad and I get
    jerks. They're worse after drinking. Is it genetic?" the focus is "Is it genetic?"; in
    "i jolt as i fall asleep, should i be worried" it is "should i be worried", and in "twitch as
    i doze off, normal or not" it is "normal or not". When that
    clause names nothing and an earlier one of the sentence does (`named_at`: where names
    start), the question starts there: "how common is this, are we unlucky?". A closing "Yes
    or no, and why?" only asks for the reason of the answer to the question before it.
    """
    focus = None
    for sentence in SENTENCE.finditer(text):
        if focus is not None and ONLY_ASKS_WHY.match(sentence.group()):
            continue  # "Is it harmful? Yes or no, and why?" asks the question before
        clauses = [sentence.start() + start for start in asking_clauses(sentence.group())]
        if clauses:
            spans = zip(clauses, [*clauses[1:], sentence.end()], strict=True)
            naming = [start for start, end in spans if any(start <= at < end for at in named_at)]
            focus = range(naming[-1] if naming else clauses[-1], sentence.end())
        elif (or_not := OR_NOT.search(sentence.group())) is not None:
            focus = range(sentence.start() + or_not.start(1), sentence.end())
        elif sentence.group().rstrip().endswith("?"):
            focus = range(sentence.start(), sentence.end())
    return focus


def merely_mentioned(text: str, entity: Mapping[str, Any]) -> bool:
    """Whether a tagged name only says who told or who asks, or is absent, a comparison or the purpose."""
    start, end = int(entity.get("start") or 0), int(entity.get("end") or 0)
    before, after = text[:start], text[end:]
    return any(p.match(after) for p in (MESSENGER, PURPOSE_AFTER, ASKER_AFTER)) or any(
        p.search(before) for p in (DENIED, COMPARED_TO, PURPOSE_BEFORE)
    )


def only_describes(text: str, entity: Mapping[str, Any]) -> bool:
    """Whether an outlook word only describes someone ("awake she is totally normal, feeding well")."""
    start, end = int(entity.get("start") or 0), int(entity.get("end") or 0)
    if entity.get("value") != "outlook" or text[start:end].lower() != "normal":
        return False
    ends_with = SENTENCE_END.search(text, end)
    return DESCRIBED_AS.search(text[:start]) is not None and not (ends_with and ends_with.group() == "?")


def asks_no_cause(text: str, entity: Mapping[str, Any]) -> bool:
    """Whether a cause word asks nothing of causes.

    It only says which jerks are meant ("the kind caused by meds"), asks for the reason of an
    answer (a closing "and why?"), or says where a sound is ("coming from the back").
    """
    start, end = int(entity.get("start") or 0), int(entity.get("end") or 0)
    before, word = text[:start], text[start:end].lower()
    if word == "why" and REASON_FOR_THE_ANSWER.search(before) and not re.search(r"\w", text[end:]):
        return True
    if word.startswith(("come", "coming")) and A_PLACE_AFTER.match(text, end):
        return True
    return WHICH_FORM.search(before) is not None or (
        KIND_WORD_BEFORE.search(before) is not None and BY_AGENT.match(text, end) is not None
    )


@dataclass(frozen=True)
class Mention:
    """A name the tagger found in a message: its kind (topic, aspect, uncovered), value and place."""

    kind: str
    value: str
    start: int
    end: int = 0


@dataclass(frozen=True)
class Message:
    """A visitor's message: its text, the names tagged in it, and where its question is."""

    text: str
    mentions: tuple[Mention, ...] = ()

    @staticmethod
    def parsed(text: str, entities: Iterable[Mapping[str, Any]]) -> Message:
        """The message with the mentions among its entities.

        Anything malformed is left out, and so is a form named as the contrast ("instead of
        going floppy") or only as a likeness ("my arm does a sort of hiccup"), a not-covered
        name that only says who told the visitor ("the physio said"), that the visitor says is
        absent ("they're not painful"), that only serves a comparison ("I jump like a cat") or
        says what the question is for ("for my college essay"), a cause word that only says
        which jerks are meant ("the jerks that come from another illness", "the kind caused
        by meds"), and "normal" that only describes someone ("awake she's totally normal").
        """
        wellformed = [
            e
            for e in entities
            if isinstance(e, Mapping)
            and all(isinstance(e.get(k), str) for k in ("entity", "value"))
            and not (e["entity"] == "topic" and CONTRAST.search(text[: int(e.get("start") or 0)]))
            and not (e["entity"] == "topic" and LIKENESS.search(text[: int(e.get("start") or 0)]))
            and not (e["entity"] == UNCOVERED_ENTITY and merely_mentioned(text, e))
            and not (e["entity"] == "aspect" and e["value"] == "causes" and asks_no_cause(text, e))
            and not (e["entity"] == "aspect" and only_describes(text, e))
        ]
        return Message(
            text,
            tuple(
                Mention(e["entity"], e["value"], int(e.get("start") or 0), int(e.get("end") or 0))
                for e in wellformed
            ),
        )

    @cached_property
    def focus(self) -> range | None:
        """Where its question is (see `question_focus`).

        A short query typed as into a search box ("treatment for myoclonic jerks") asks what
        it says: all of it is the question. A visitor's own short statement ("my eyelid keeps
        twitching") asks nothing.
        """
        found = question_focus(self.text, [m.start for m in self.mentions])
        if found is None and self.is_query:
            return range(0, len(self.text))
        return found

    @property
    def is_query(self) -> bool:
        """True for a few impersonal words that ask nothing in form: "causes of hiccups"."""
        return 0 < len(self.text.split()) <= QUERY_WORDS and not self.is_personal

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
        """True for a follow-up that keeps the question asked before.

        A few words pointing back ("the family one", "the drugs part, explain that",
        "hypnic jerks specifically?") or going on from it ("and hiccups?", "in a newborn
        baby?"), a bare name or two ("hiccups?"), or the same question asked of something else
        ("what about in newborns who jerk in their sleep?").
        """
        words = len(self.text.split())
        pointing_back = words <= FOLLOW_UP_WORDS and (
            self.refers_back or GOES_ON.search(self.text) is not None or words <= BARE_NAME_WORDS
        )
        return pointing_back or SAME_QUESTION_OF.search(self.text) is not None

    @property
    def asks_for_the_other(self) -> bool:
        """True when it asks about "the other kind" or "the opposite" of what was discussed."""
        return THE_OTHER.search(self.text) is not None

    def named(self, kind: str) -> list[str]:
        """The values of one kind of mention, in message order."""
        return [m.value for m in self.mentions if m.kind == kind]

    def question_words(self, kept: Collection[str] = ()) -> str | None:
        """Its question with the first form or topic it names replaced by "it", or None.

        "is BNSM the same thing as a seizure?" -> "is it the same thing as a seizure?": what
        the question asks about its subject, for the classifier's reading of its meaning.
        Topics in `kept` are part of what is asked and stay ("how do doctors diagnose
        myoclonus?" names the diagnosis topic).
        """
        if self.focus is None:
            return None
        question = self.text[self.focus.start : self.focus.stop]
        named = [
            m for m in self.asked_mentions() if m.kind == "topic" and m.end > m.start and m.value not in kept
        ]
        if not named:
            return question
        first = min(named, key=lambda m: m.start)
        start, end = first.start - self.focus.start, first.end - self.focus.start
        return question[:start] + "it" + question[end:]

    def question_to_read(self, kept: Collection[str] = ()) -> str | None:
        """The question words whose meaning the answer choice may need, or None.

        None when the names settle what it asks: no question, a question for a name, or one
        that names exactly one aspect ("can it be treated?").
        """
        if self.asks_for_a_name or len(set(self.asked_aspects())) == 1:
            return None
        return self.question_words(kept)

    def asked_mentions(self) -> list[Mention]:
        """The mentions inside its question (none when it asks nothing)."""
        return [] if self.focus is None else [m for m in self.mentions if m.start in self.focus]

    def asked_named(self, kind: str) -> list[str]:
        """The values of one kind of mention inside its question, in message order."""
        return [m.value for m in self.asked_mentions() if m.kind == kind]

    @property
    def asks_for_a_name(self) -> bool:
        """True when its question asks what something is called, or could be."""
        return self.focus is not None and bool(
            NAMING_QUESTION.search(self.text[self.focus.start : self.focus.stop])
        )

    def asked_aspects(self) -> list[str]:
        """The aspects its question names, in order ("is it genetic?" asks what causes it).

        A question for a name ("what do you call twitching caused by another illness?", "the
        GP saw nothing. What could it be?") asks none. A cause word followed by "by" says
        which form is meant ("can myoclonus caused by medicines be prevented?"): it is not
        asked when the question asks another aspect.
        """
        if self.focus is None or self.asks_for_a_name:
            return []
        named = [m for m in self.asked_mentions() if m.kind == "aspect"]
        asked = [m for m in named if not (m.value == "causes" and BY_AGENT.match(self.text, m.end))]
        return [m.value for m in (asked or named)]

    def implied_aspects(self, facts: FactBase) -> list[str]:
        """The aspects of the general topics its question names.

        "Should I ring my doctor?" names the when-to-see topic, so it asks when to see a provider
        about whatever form or cause the message names.
        """
        topics = [facts.entries.get(t) for t in self.asked_named("topic")]
        return [entry.aspect for entry in topics if entry is not None and entry.aspect]

    def uncovered_is_asked(self, facts: FactBase) -> bool:
        """Whether the visitor asks about a subject the article does not cover.

        A subject named in the question, or in a message that asks nothing, is asked about, unless
        the message only describes a form it names with the story's background. One
        named only in the story before the question is not, when the article answers that
        question whatever the story: when to see a provider ("started sertraline, do I tell my
        GP?"), what causes a form or cause the message names ("manganese at work, can it
        cause jerks?"), or any aspect but causes, or a form or cause the message names, when
        the subject is only the story's background (stress, school: the fact base's
        `background` names).
        """
        uncovered = [m for m in self.mentions if m.kind == UNCOVERED_ENTITY]
        names_specific = any(facts.entries[t].is_specific for t in self.named("topic") if t in facts.entries)
        background = all(m.value == BACKGROUND for m in uncovered)
        if self.focus is None and background and names_specific:
            return False  # a form described with its background ("a big jerk as I doze off after work")
        if not uncovered or self.focus is None or any(m.start in self.focus for m in uncovered):
            return bool(uncovered)
        question = self.asked_aspects() + self.implied_aspects(facts)
        if ANSWERED_WHATEVER_THE_STORY in question or ("causes" in question and names_specific):
            return False
        # The story's background: "I'm stressed at uni. ... Is this something I need treated?",
        # "a kid at school got twitchy after huffing gasoline. Is that a thing?" (but "I'm
        # stressed, is that why I twitch?" asks about it)
        return not (background and "causes" not in question and (question or names_specific))

    def asks_what_the_article_answers(self, facts: FactBase) -> bool:
        """Whether its question asks an aspect of a covered type or cause, or when to see a provider.

        "my baby jerks when sleeping - is it a seizure or not??" asks how benign neonatal sleep
        myoclonus is told apart; "can OMS happen with lung cancer?" asks what causes OMS; "at
        what point is myoclonus worth a GP appointment?" asks when to see a provider. A message
        that asks nothing and names a form describes it ("a big jerk as I doze off"), and one
        whose question names a topic asks it ("where does the stress go in myoclonus?").
        """
        topics = [facts.entries.get(t) for t in self.named("topic")]
        asked = self.asked_aspects()
        if ANSWERED_WHATEVER_THE_STORY in asked:
            return True
        general = [facts.entries[t] for t in self.asked_named("topic") if t in facts.entries]
        if any(not e.is_specific and e.id != MYOCLONUS_ITSELF for e in general):
            return True  # "where does the stress go in myoclonus?" asks a general topic
        return any(e is not None and e.is_specific for e in topics) and (bool(asked) or self.focus is None)
