"""The source article, and the rules everything the assistant says keeps towards it.

Every medical statement comes from the article. The content check (scripts/check-content),
the test suite and the grading of replies (scripts/evaluate.py) apply the same rules:

- **Own words**: an answer may not repeat `COPY_RUN` (8) or more consecutive words of the
  article, unless those words are all names (a list of names is not prose).
- **No invented claims**: nothing the assistant says may give
  - a number the article does not give (the emergency numbers 911, 112 and 999 are product
    safety behaviour, not medical facts, and are allowed);
  - a dose: a number with a dose unit (mg, mcg, ml, g, IU, units, tablets, ...) or a dose unit
    on its own (milligrams, ...); the article gives none;
  - a subject the article does not cover: a name listed under `not_covered` in the fact base
    (named medicines, supplements, driving, pregnancy, ...), or a word that ends like a
    medicine name (the WHO's naming stems in `MEDICINE_STEMS`, such as -azepam or -racetam),
    unless the article uses it.
  The lists catch the usual slips, not every medicine there is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from core.fact_base import default_fact_base
from core.settings import PROJECT_ROOT

ARTICLE = PROJECT_ROOT.parent / "shared" / "source" / "myoclonus-cleveland-clinic.txt"
COPY_RUN = 8
EMERGENCY_NUMBERS = frozenset({"911", "112", "999"})
NUMBER = re.compile(r"\b\d+(?:[.,]\d+)?\b")
DOSE = re.compile(
    r"\b\d+(?:[.,]\d+)?\s?(?:mg|mcg|µg|ug|g|ml|iu|units?|mmol|tablets?|pills?|capsules?|drops|puffs)\b"
    r"|\b(?:mg|mcg|milligrams?|micrograms?|millilitres?|milliliters?)\b",
    re.IGNORECASE,
)
MEDICINE_STEMS = (
    "azepam", "azolam", "barbital", "racetam", "oxetine", "triptyline", "pramine", "ximab",
    "umab", "prazole", "sartan", "olol", "cillin", "mycin", "floxacin", "cycline", "profen",
    "codone", "morphone",
)  # fmt: skip


def words(text: str) -> list[str]:
    """The text's words, lower case, apostrophes kept ("can't"), punctuation dropped."""
    return re.findall(r"[a-z0-9']+", text.lower().replace("’", "'"))


def _medicine_like(word: str) -> bool:
    return any(word.endswith(stem) and len(word) > len(stem) + 2 for stem in MEDICINE_STEMS)


@dataclass(frozen=True)
class Article:
    """The article's text, and the two rules."""

    text: str

    @classmethod
    def load(cls, path: Path = ARTICLE) -> Article | None:
        """The article at `path`, or None when it is not beside the project."""
        return cls(path.read_text(encoding="utf-8")) if path.is_file() else None

    @cached_property
    def _joined(self) -> str:
        return f" {' '.join(words(self.text))} "

    @cached_property
    def _numbers(self) -> frozenset[str]:
        return frozenset(NUMBER.findall(self.text))

    def _says(self, phrase: str) -> bool:
        return f" {' '.join(words(phrase))} " in self._joined

    def copied_run(self, text: str, names: Iterable[str] = ()) -> str | None:
        """The first run of COPY_RUN words copied from the article (unless all names), or None."""
        name_words = {w for name in names for w in words(name)}
        tokens = words(text)
        for start in range(len(tokens) - COPY_RUN + 1):
            run = tokens[start : start + COPY_RUN]
            if self._says(" ".join(run)) and not set(run) <= name_words:
                return " ".join(run)
        return None

    def unsupported(self, text: str, uncovered: Iterable[str] = ()) -> list[str]:
        """The numbers, doses and uncovered subjects of `text` that the article does not give."""
        found = [m.group(0) for m in DOSE.finditer(text) if not self._says(m.group(0))]
        found += [
            n for n in NUMBER.findall(DOSE.sub(" ", text)) if n not in EMERGENCY_NUMBERS | self._numbers
        ]
        lowered = f" {' '.join(words(text))} "
        found += [
            name for name in uncovered if f" {' '.join(words(name))} " in lowered and not self._says(name)
        ]
        found += [w for w in words(text) if _medicine_like(w) and not self._says(w)]
        return list(dict.fromkeys(found))


@cache
def source_article() -> Article | None:
    """The project's source article (None when it is not beside the project)."""
    return Article.load()


def unsupported_claims(reply: str) -> list[str]:
    """What a reply claims that the article does not give (nothing when the article is absent)."""
    article = source_article()
    return article.unsupported(reply, default_fact_base().not_covered) if article else []
