"""The source article, and two rules every answer keeps towards it.

Every medical statement comes from the article. The content check (scripts/check_content.py)
and the test suite (tests/test_fact_base.py) apply the same two rules:

- **Own words**: an answer may not repeat `COPY_RUN` (8) or more consecutive words of the
  article, unless those words are all names (a list of names is not prose).
- **Nothing the article does not give**: every number in an answer must appear in the article
  as a number; a dose (a number followed by a unit such as mg, ml or tablets) must appear with
  its unit; and a drug-like word must appear in the article. A word is drug-like when it is in
  `DRUG_NAMES` (medicines used for myoclonus in general medical references, none of which the
  article names) or ends with a medicine-name stem of `DRUG_STEMS` (from the WHO's INN stems,
  e.g. -azepam, -racetam). The list is small and deliberate: it catches the usual slips, not
  every medicine there is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from core.settings import PROJECT_ROOT

DEFAULT_ARTICLE = PROJECT_ROOT.parent / "shared" / "source" / "myoclonus-cleveland-clinic.txt"
COPY_RUN = 8

DOSE_UNITS = (
    "mg", "mcg", "µg", "ug", "g", "kg", "ml", "l", "iu", "units", "unit", "mmol", "mol",
    "tablet", "tablets", "pill", "pills", "capsule", "capsules", "drops", "puffs",
)  # fmt: skip
DRUG_STEMS = (
    "azepam", "azolam", "barbital", "racetam", "amate", "etine", "oxetine", "triptyline",
    "pramine", "ximab", "umab", "prazole", "sartan", "olol", "cillin", "mycin",
    "floxacin", "cycline", "profen", "codone", "morphone", "caine",
)  # fmt: skip
DRUG_NAMES = frozenset((
    "clonazepam", "valproate", "valproic", "levetiracetam", "piracetam", "brivaracetam",
    "primidone", "zonisamide", "topiramate", "gabapentin", "pregabalin", "baclofen", "diazepam",
    "lorazepam", "midazolam", "phenobarbital", "phenytoin", "carbamazepine", "lamotrigine",
    "acetazolamide", "tetrabenazine", "botox", "botulinum", "oxybate", "melatonin", "prednisone",
    "prednisolone", "dexamethasone", "methylprednisolone", "corticosteroids", "steroids", "acth",
    "ivig", "immunoglobulin", "rituximab", "cyclophosphamide", "haloperidol", "chlorpromazine",
    "propranolol", "ibuprofen", "paracetamol", "acetaminophen", "aspirin",
))  # fmt: skip

_NUMBER = re.compile(r"(?<![\w.])(\d+(?:[.,]\d+)?)\s*(%|[a-zµ]+\b)?", re.IGNORECASE)


def words(text: str) -> list[str]:
    """The text's words, lower case, apostrophes kept ("can't"), punctuation dropped."""
    return re.findall(r"[a-z0-9µ']+", text.lower().replace("’", "'"))


def _mentions(text: str) -> list[tuple[str, str]]:
    """(number, unit) for each number in a text; the unit is '' unless it is a dose unit or %."""
    found = []
    for number, unit in _NUMBER.findall(text):
        unit = unit.lower()
        found.append((number, unit if unit == "%" or unit in DOSE_UNITS else ""))
    return found


def is_drug_like(word: str) -> bool:
    """True for a word in DRUG_NAMES or ending with one of DRUG_STEMS."""
    return word in DRUG_NAMES or any(word.endswith(stem) and len(word) > len(stem) + 2 for stem in DRUG_STEMS)


@dataclass(frozen=True)
class Article:
    """The article's text, with the two rules."""

    text: str

    @classmethod
    def load(cls, path: Path = DEFAULT_ARTICLE) -> Article | None:
        """The article at `path`, or None when it is not there."""
        return cls(path.read_text(encoding="utf-8")) if path.is_file() else None

    @cached_property
    def _joined(self) -> str:
        return f" {' '.join(words(self.text))} "

    @cached_property
    def _words(self) -> frozenset[str]:
        return frozenset(words(self.text))

    @cached_property
    def _mentions(self) -> frozenset[tuple[str, str]]:
        return frozenset(_mentions(self.text))

    def copied_run(self, text: str, names: Iterable[str] = ()) -> str | None:
        """The first run of COPY_RUN or more words copied from the article, unless all names."""
        name_words = {w for name in names for w in words(name)}
        tokens = words(text)
        for start in range(len(tokens) - COPY_RUN + 1):
            run = tokens[start : start + COPY_RUN]
            if f" {' '.join(run)} " in self._joined and not set(run) <= name_words:
                return " ".join(run)
        return None

    def unsupported(self, text: str, plain_numbers: bool = True) -> list[str]:
        """Numbers, doses and drug-like words of `text` that the article does not give.

        With `plain_numbers=False` (for replies that are not medical facts, such as the
        emergency message with its phone numbers) only doses and drug-like words count.
        """
        article_numbers = {number for number, _ in self._mentions}
        found = []
        for number, unit in _mentions(text):
            if unit and (number, unit) not in self._mentions:
                found.append(f"{number}{'' if unit == '%' else ' '}{unit}")
            elif not unit and plain_numbers and number not in article_numbers:
                found.append(number)
        found += [w for w in words(text) if is_drug_like(w) and w not in self._words]
        return list(dict.fromkeys(found))
