"""Typo tolerance for the fact base's names: "hicups", "siezure" or "twitchin" still match.

A word of a message that is one edit (a letter missing, added, changed or two swapped) away
from exactly one word of the fact base's names is read as that word, unless it is itself a
common English word ("started" is not a typo of "startled"). Which English words are common
comes from spaCy's word frequencies (spacy-lookups-data, no download); only the common words
near the names are kept, so the model stays small.
"""

from __future__ import annotations

import string
from collections.abc import Iterable
from functools import cache

from spacy.lookups import Table, load_lookups

SHORTEST_FIXED = 5  # shorter words are too alike to correct ("eye" / "bye")
COMMON_LOG_PROBABILITY = -16.0  # rarer than this in spaCy's frequencies: possibly a typo


def one_edit_away(word: str) -> set[str]:
    """Every string one deletion, swap, change or insertion of a letter away from `word`."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deleted = {left + right[1:] for left, right in splits if right}
    swapped = {left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1}
    changed = {left + c + right[1:] for left, right in splits if right for c in string.ascii_lowercase}
    inserted = {left + c + right for left, right in splits for c in string.ascii_lowercase}
    return (deleted | swapped | changed | inserted) - {word}


def correctable(words: Iterable[str]) -> set[str]:
    """The words long enough, and made of letters only, for a typo to be read as them."""
    return {w for w in words if w.isalpha() and len(w) >= SHORTEST_FIXED}


@cache
def _word_frequencies() -> Table:
    return load_lookups("en", ["lexeme_prob"]).get_table("lexeme_prob")


def common_words_near(words: Iterable[str]) -> list[str]:
    """The common English words one edit away from any of `words` (never to be corrected)."""
    frequencies = _word_frequencies()
    known = set(words)
    near = {v for w in known for v in one_edit_away(w)} - known
    return sorted(v for v in near if frequencies.get(v, -100.0) > COMMON_LOG_PROBABILITY)


class Speller:
    """Corrects a word to the one name word it is a typo of."""

    def __init__(self, words: Iterable[str], common_near: Iterable[str]) -> None:
        self.words = correctable(words)
        self.common_near = set(common_near)

    def correct(self, word: str) -> str | None:
        """The name word `word` is a typo of, or None (not a typo, or ambiguous)."""
        if len(word) < SHORTEST_FIXED or not word.isalpha() or word in self.words or word in self.common_near:
            return None
        candidates = one_edit_away(word) & self.words
        return candidates.pop() if len(candidates) == 1 else None
