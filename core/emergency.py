"""The emergency decision: someone in danger now, or only a question about danger.

safety/red_flags.yml holds four lists of regular expressions (case-insensitive):
- `now`: someone is in danger at this moment ("he's not breathing", "call an ambulance").
  Always an emergency, whatever else the message says.
- `danger`: words of danger ("overdose", "collapsed", "hit his head"). An emergency unless
  the message is calm framing.
- `calm`: calm framing: a question about causes ("can an overdose cause it?"), the past
  ("years ago", "when I was a kid"), general facts ("is it a common cause?") or a
  hypothetical ("what should I do if ...").
- `harmless`: a description of a harmless form ("jolted as I was dozing"). It stops only the
  classifier's and the meaning's guesses below; a danger word still alarms.
The classifier's own `emergency` prediction counts like a danger word, except when the
message is calm framing or names a form of myoclonus without any danger word (a visitor
describing palatal clicks is not in danger). The embedding classifier's reading of the
message's meaning (`meaning_says_so`: it is most like the emergency examples) counts like a
danger word too, vetoed only by calm framing or a harmless form described: it catches
emergencies in words no pattern has ("she goes from one into the next and never comes back").
`spellings` maps common misspellings ("sezure") to the word the patterns know.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from re import Pattern

from core.settings import PROJECT_ROOT
from core.yaml_source import display_path, read_yaml

TIERS = ("now", "danger", "calm", "harmless")
SPELLINGS = "spellings"


@dataclass(frozen=True)
class RedFlags:
    """The compiled patterns of safety/red_flags.yml."""

    now: tuple[Pattern[str], ...]
    danger: tuple[Pattern[str], ...]
    calm: tuple[Pattern[str], ...]
    harmless: tuple[Pattern[str], ...]
    spellings: tuple[tuple[Pattern[str], str], ...] = ()

    @staticmethod
    def _any(patterns: tuple[Pattern[str], ...], text: str) -> bool:
        return any(p.search(text) for p in patterns)

    def is_emergency(
        self,
        text: str,
        classifier_says_so: bool = False,
        names_a_form: bool = False,
        meaning_says_so: bool = False,
    ) -> bool:
        """True when the message describes someone in danger now."""
        text = self.normalised(text)
        if self._any(self.now, text):
            return True
        if self._any(self.calm, text):
            return False
        if self._any(self.danger, text):
            return True
        if self._any(self.harmless, text):
            return False
        return meaning_says_so or (classifier_says_so and not names_a_form)

    def normalised(self, text: str) -> str:
        """The text as the patterns read it: contractions and misspellings spelled out."""
        return self.spelled(with_apostrophes(text))

    def spelled(self, text: str) -> str:
        """The text with the misspellings of `spellings` corrected ("sezure" -> "seizure")."""
        for misspelling, word in self.spellings:
            text = misspelling.sub(word, text)
        return text


TEXT_SPEAK = re.compile(
    r"\b(he|she|it|that|there|who|dad|mum|mom)s\b|\b(i)m\b|\b(can|won|don|isn|aren|didn|doesn|hasn|haven|wasn|weren|couldn|wouldn|shouldn)t\b",
    re.IGNORECASE,
)


def with_apostrophes(text: str) -> str:
    """Typed-in-a-hurry contractions spelled out, so patterns see them: "hes" -> "he's", "cant" -> "can't"."""

    def spell(match: re.Match[str]) -> str:
        if match.group(1):
            return match.group(1) + "'s"
        if match.group(2):
            return match.group(2) + "'m"
        return match.group(3) + "'t"

    return TEXT_SPEAK.sub(spell, text)


def load_red_flags(path: Path) -> RedFlags:
    """Compile the patterns; a broken file stops with the tier and pattern at fault."""
    content = read_yaml(path, display_path(path, PROJECT_ROOT))
    if not isinstance(content, dict) or any(not isinstance(content.get(t), list) for t in TIERS):
        raise ValueError(f"{path}: needs the lists {', '.join(TIERS)} of regular expressions")
    compiled: dict[str, tuple[Pattern[str], ...]] = {}
    for tier in TIERS:
        patterns = []
        for pattern in content[tier]:
            try:
                patterns.append(re.compile(pattern, re.IGNORECASE))
            except (TypeError, re.error) as error:
                raise ValueError(f"{path}: {tier}: bad pattern {pattern!r}: {error}") from None
        compiled[tier] = tuple(patterns)
    spellings = content.get(SPELLINGS) or {}
    if not isinstance(spellings, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and k.isalpha() for k, v in spellings.items()
    ):
        raise ValueError(f"{path}: {SPELLINGS}: needs misspelled words (letters only) mapped to words")
    corrections = tuple((re.compile(rf"\b{k}\b", re.IGNORECASE), v) for k, v in spellings.items())
    return RedFlags(**compiled, spellings=corrections)
