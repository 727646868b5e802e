"""Find the fact base's names and aspect words in a message with spaCy.

Uses a blank English pipeline with lookup lemmas (from spacy-lookups-data), so that
"hiccuping", "treated" or "jerks" match the names "hiccup", "treat" and "jerk" typed once
in the fact base. No pretrained pipeline is needed. A typo of a name's word ("hicups") is
read as that word (components/spelling.py), and so is a name's word with an "s" typed for
"'s" ("my babys jerks"). Persons are one word each way: the name "jump out of my skin"
matches "he jumps out of his skin", and "did i do something wrong" matches "did we do
something wrong". A name with a gap, "...", matches with up to five words in it: "stop ...
from happening" matches "stop the family kind from happening".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import spacy
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from components.spelling import Speller, common_words_near, correctable

# Whoever's jerks they are: each word of a group is read as the group's first word.
SAME_PERSON = {
    "my": ("my", "his", "her", "their", "your", "our"),
    "i": ("i", "we", "he", "she", "you"),  # not "they": "how do they know" means the doctors
    "me": ("me", "us", "him", "them"),
}
PERSON_LEMMA = {word: lemma for lemma, words in SAME_PERSON.items() for word in words}
# Words the lookup table takes for another word: "liver" for "live" (so "their lives" would
# match "liver"), "born" for "bear", "left" for "leave", "worse" for "wrong".
OWN_LEMMA = ("liver", "born", "left", "span", "worse", "less", "more", "best", "first", "lower")
GAP = "..."  # in a name: up to GAP_WORDS words of any kind
GAP_WORDS = 5


def persons_as_one(doc: Doc) -> Doc:
    """The doc with "his", "their" read as "my", "we", "she" as "i" and "us", "him" as "me"."""
    for token in doc:
        if token.lower_ in PERSON_LEMMA:
            token.lemma_ = PERSON_LEMMA[token.lower_]
    return doc


def gapped(parts: list[Doc]) -> list[dict[str, Any]]:
    """A token pattern for a name's parts with up to GAP_WORDS words between each two."""
    pattern: list[dict[str, Any]] = []
    for index, part in enumerate(parts):
        if index:
            pattern.extend({"OP": "?"} for _ in range(GAP_WORDS))
        pattern.extend({"LEMMA": token.lemma_} for token in part)
    return pattern


@dataclass(frozen=True)
class Match:
    """A name found in a message."""

    entity: str
    value: str
    start: int
    end: int
    text: str


def build_pipeline() -> Language:
    """A blank English pipeline with a lookup lemmatizer (works offline).

    Words the lookup table reads as another word are kept as they are (OWN_LEMMA).
    """
    nlp = spacy.blank("en")
    lemmatizer: Lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})  # type: ignore[assignment]
    nlp.initialize()
    table = lemmatizer.lookups.get_table("lemma_lookup")
    for word in OWN_LEMMA:
        table[word] = word
    return nlp


class NameMatcher:
    """Matches (entity, value, phrase) vocabulary by lemma, longest match first."""

    def __init__(
        self,
        vocabulary: Iterable[tuple[str, str, str]],
        nlp: Language | None = None,
        common_near: Iterable[str] | None = None,
    ) -> None:
        """`common_near`: the common words near the names' words (computed when not given)."""
        self.nlp = nlp or build_pipeline()
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LEMMA")
        self.gap_matcher = Matcher(self.nlp.vocab)
        self.labels: list[tuple[str, str]] = []
        words: set[str] = set()
        for entity, value, phrase in vocabulary:
            parts = [persons_as_one(self.nlp(part.strip())) for part in phrase.lower().split(GAP)]
            if len(parts) == 1:
                self.matcher.add(str(len(self.labels)), parts)
            else:
                self.gap_matcher.add(str(len(self.labels)), [gapped(parts)])
            self.labels.append((entity, value))
            words.update(token.text for part in parts for token in part)
        self.words = frozenset(words)
        eligible = correctable(words)
        self.common_near = list(common_words_near(eligible) if common_near is None else common_near)
        self.speller = Speller(eligible, self.common_near)
        lemmatizer: Lemmatizer = self.nlp.get_pipe("lemmatizer")  # type: ignore[assignment]
        self.lemmas = lemmatizer.lookups.get_table("lemma_lookup")

    def without_apostrophe(self, word: str) -> str | None:
        """The name word a possessive typed without its apostrophe stands for: "babys" -> "baby"."""
        stem = word[:-1]
        if word.endswith("s") and len(stem) >= 3 and stem in self.words and word not in self.words:
            return stem if self.lemmas.get(word, word) == word else None
        return None

    def find(self, text: str) -> list[Match]:
        """Matches in text order; a longer name wins over a shorter one it overlaps.

        A name with a gap may hold other names in its gap ("stop the family kind from
        happening"); it is dropped when one of its ends is inside another name.
        """
        lowered = text.lower()
        doc = persons_as_one(self.nlp(lowered))
        for token in doc:
            corrected = self.speller.correct(token.text) or self.without_apostrophe(token.text)
            if corrected is not None:
                token.lemma_ = self.lemmas.get(corrected, corrected)
        names = filter_spans(self.spans(doc, self.matcher(doc)))
        taken = {i for span in names for i in range(span.start, span.end)}
        gapped_names = [
            span
            for span in filter_spans(self.spans(doc, self.gap_matcher(doc)))
            if span.start not in taken and span.end - 1 not in taken
        ]
        source = text if len(lowered) == len(text) else lowered
        return [
            Match(
                *self.labels[int(span.label_)],
                span.start_char,
                span.end_char,
                source[span.start_char : span.end_char],
            )
            for span in sorted([*names, *gapped_names], key=lambda span: span.start)
        ]

    def spans(self, doc: Doc, found: Iterable[tuple[int, int, int]]) -> list[Span]:
        """The matched spans, each labelled with its name's index."""
        spans = []
        for match_id, start, end in found:
            span = doc[start:end]
            span.label_ = self.nlp.vocab.strings[match_id]
            spans.append(span)
        return spans
