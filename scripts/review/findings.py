"""What an editor acts on, found in the turns, grouped by the topic the visitor probably meant.

Kinds of findings (the first that applies to a message):
- a disputed emergency message: the visitor's next message says it is not one (the finding
  says what made it one: a pattern of safety/red_flags.yml, or the classifier);
- a fallback: the model fell back (nlu_fallback) or the assistant offered topics instead;
- not covered: the reply was `utter_not_covered`;
- the article says nothing specific: the reply contained `utter_article_silent`;
- a low-confidence answer: the model's intent (out of scope included) was below the threshold.
And separately, every answer a visitor rated 👎 (the `feedback` intent with helpful "no").
Messages the triage questions understood (the form was active) are not findings, and neither
are button clicks.

The topic a visitor probably meant: a fact base name in the message, else the model's best
ranked intent that is a real topic (the next best after a fallback, out of scope, or
`emergency` for a false alarm), unless the model gave it less than MIN_GUESS: then the
message goes under "no likely topic". Answers from the fact base (rated 👎, not covered, the article
silent, low confidence) are grouped by the topic they answered. The ready-to-paste training
example goes to the intent the visitor probably meant.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from core.emergency import RedFlags
from core.fact_base import FactBase
from core.wording import Wording
from scripts.review.turns import Turn

ANSWER_ACTION = "action_answer_fact"
SUGGEST_TOPICS = "action_suggest_topics"
EMERGENCY_RESPONSE = "utter_emergency"
NOT_AN_EMERGENCY = "not_an_emergency"
FEEDBACK = "feedback"
NOT_COVERED = "utter_not_covered"
ARTICLE_SILENT = "utter_article_silent"
NOT_TOPICS = {"nlu_fallback", "out_of_scope"}
DEFAULT_THRESHOLD = 0.6
MIN_GUESS = 0.05
UNCLEAR = ""  # the topic of messages with no likely topic
RED_FLAGS = "safety/red_flags.yml"


class Kind(Enum):
    """Why a message needs an editor."""

    FALSE_ALARM = "emergency message disputed"
    FALLBACK = "fell back"
    NOT_COVERED = "not covered"
    ARTICLE_SILENT = "article says nothing specific"
    LOW_CONFIDENCE = "low-confidence answer"
    UNHELPFUL = "rated not helpful"


@dataclass(frozen=True)
class Finding:
    """One message an editor should look at, and where its example belongs."""

    kind: Kind
    turn: Turn
    topic: str  # the intent that names the topic (the group it is shown in)
    intent: str  # the intent the visitor probably meant: where the training example goes
    note: str = ""  # for a disputed emergency message: what made it one

    @property
    def reading(self) -> str:
        """What the model made of the message: its intent, and the probable one when different."""
        said = f"{self.turn.intent} {self.turn.confidence:.2f}"
        if self.intent == self.turn.intent:
            return said
        if self.intent == UNCLEAR:
            return f"{said}; no likely topic"
        return f"{said}; probably {self.intent} {self.turn.score(self.intent):.2f}"

    @property
    def paste(self) -> str:
        """A ready-to-paste training example line (brackets dropped: Rasa reads them as markup)."""
        return "    - " + " ".join(re.sub(r"[\[\]{}]", "", self.turn.text).split())

    @property
    def paste_into(self) -> str:
        """Where the `paste` line goes."""
        if self.intent == UNCLEAR:
            return "data/nlu.yml, under the intent it should have (if it is about myoclonus)"
        return f"data/nlu.yml, under `- intent: {self.intent}`"


def _template(wording: Wording, response: str) -> re.Pattern[str] | None:
    """A pattern matching a response's text with any values in its {placeholders}."""
    if response not in wording.responses:
        return None  # a domain without that response
    names = re.findall(r"\{(\w+)\}", wording.template(response))
    text = wording.text(response, **dict.fromkeys(names, "\0"))
    return re.compile(".+?".join(re.escape(part) for part in text.split("\0")))


class Reviewer:
    """Classifies turns into findings."""

    def __init__(
        self,
        facts: FactBase,
        wording: Wording,
        threshold: float = DEFAULT_THRESHOLD,
        red_flags: RedFlags | None = None,
    ) -> None:
        self.facts = facts
        self.threshold = threshold
        self.red_flags = red_flags
        self.said = {
            name: pattern
            for name in (NOT_COVERED, ARTICLE_SILENT)
            if (pattern := _template(wording, name)) is not None
        }

    def probable_intent(self, turn: Turn, skip: Iterable[str] = ()) -> str:
        """A fact base name in the message, else the best ranked real topic (or UNCLEAR)."""
        named = self.facts.entries.get(turn.entity("topic") or "")
        if named is not None:
            return named.intent
        ranked = [i for i in turn.ranking if i not in NOT_TOPICS and i not in set(skip)]
        return ranked[0] if ranked and turn.score(ranked[0]) >= MIN_GUESS else UNCLEAR

    def alarm_cause(self, text: str) -> str:
        """What made a message an emergency: a `now` pattern, a `danger` word, or the classifiers."""
        read = self.red_flags.normalised(text) if self.red_flags is not None else text
        if self.red_flags is not None and any(p.search(read) for p in self.red_flags.now):
            return f"a `now` pattern of {RED_FLAGS} matched (such messages always alarm)"
        if self.red_flags is not None and any(p.search(read) for p in self.red_flags.danger):
            return f"a `danger` word of {RED_FLAGS} matched, and no `calm` pattern"
        return "the classifier read it as an emergency (by its words or its meaning)"

    def finding(self, kind: Kind, turn: Turn) -> Finding:
        """A finding grouped by the topic answered from the fact base, if any, else the probable one."""
        meant = self.probable_intent(turn)
        entry = self.facts.entries.get(turn.topic or "") if ANSWER_ACTION in turn.actions else None
        return Finding(kind, turn, entry.intent if entry else meant, meant)

    def _said(self, turn: Turn, response: str) -> bool:
        pattern = self.said.get(response)
        return any(
            reply.response == response or (pattern is not None and pattern.search(reply.text))
            for reply in turn.replies
        )

    def kind(self, turn: Turn, following: Turn | None) -> Kind | None:
        """Why this message needs an editor, or None."""
        if turn.is_button or (turn.in_triage and turn.intent != "nlu_fallback"):
            return None
        if (
            EMERGENCY_RESPONSE in turn.actions
            and following is not None
            and following.intent == NOT_AN_EMERGENCY
        ):
            return Kind.FALSE_ALARM
        if turn.intent == "nlu_fallback" or SUGGEST_TOPICS in turn.actions:
            return Kind.FALLBACK
        if self._said(turn, NOT_COVERED):
            return Kind.NOT_COVERED
        if self._said(turn, ARTICLE_SILENT):
            return Kind.ARTICLE_SILENT
        if turn.confidence < self.threshold:
            return Kind.LOW_CONFIDENCE
        return None

    def findings(self, turns: list[Turn]) -> list[Finding]:
        """Every finding, in conversation order."""
        found = []
        last_answer: dict[str, Turn] = {}
        for index, turn in enumerate(turns):
            following = turns[index + 1] if index + 1 < len(turns) else None
            if following is not None and following.conversation != turn.conversation:
                following = None
            kind = self.kind(turn, following)
            if kind is Kind.FALSE_ALARM:
                meant = self.probable_intent(turn, skip=["emergency"])
                found.append(Finding(kind, turn, meant, meant, self.alarm_cause(turn.text)))
            elif kind is not None:
                found.append(self.finding(kind, turn))
            if ANSWER_ACTION in turn.actions and not turn.is_button:
                last_answer[turn.conversation] = turn
            answered = last_answer.get(turn.conversation)
            if turn.intent == FEEDBACK and turn.entity("helpful") == "no" and answered is not None:
                found.append(self.finding(Kind.UNHELPFUL, answered))
        return found


def ratings(turns: Iterable[Turn]) -> Counter[str]:
    """How many 👍 ("yes") and 👎 ("no") the visitors gave."""
    return Counter(str(t.entity("helpful")) for t in turns if t.intent == FEEDBACK and t.entity("helpful"))
