"""Find the fact base's names and aspect words in a message with spaCy.

Uses a blank English pipeline with lookup lemmas (from spacy-lookups-data), so that
"hiccuping", "treated" or "jerks" match the names "hiccup", "treat" and "jerk" typed once
in the fact base. No pretrained pipeline is needed. A typo of a name's word ("hicups") is
read as that word (components/spelling.py), and so is a name's word with an "s" typed for
"'s" ("my babys jerks"). Possessives are one word: the name "jump out of my skin" matches
"he jumps out of his skin".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc
from spacy.util import filter_spans

from components.spelling import Speller, common_words_near, correctable

POSSESSIVES = frozenset({"my", "his", "her", "their", "your", "our"})


def possessives_as_one(doc: Doc) -> Doc:
    """The doc with every possessive read as "my", so that names match whoever's jerks they are."""
    for token in doc:
        if token.lower_ in POSSESSIVES:
            token.lemma_ = "my"
    return doc


@dataclass(frozen=True)
class Match:
    """A name found in a message."""

    entity: str
    value: str
    start: int
    end: int
    text: str


def build_pipeline() -> Language:
    """A blank English pipeline with a lookup lemmatizer (works offline)."""
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
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
        self.labels: list[tuple[str, str]] = []
        words: set[str] = set()
        for entity, value, phrase in vocabulary:
            pattern = possessives_as_one(self.nlp(phrase.lower()))
            self.matcher.add(str(len(self.labels)), [pattern])
            self.labels.append((entity, value))
            words.update(token.text for token in pattern)
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
        """Non-overlapping matches in text order; a longer name wins over a shorter one."""
        lowered = text.lower()
        doc = possessives_as_one(self.nlp(lowered))
        for token in doc:
            corrected = self.speller.correct(token.text) or self.without_apostrophe(token.text)
            if corrected is not None:
                token.lemma_ = self.lemmas.get(corrected, corrected)
        spans = []
        for match_id, start, end in self.matcher(doc):
            span = doc[start:end]
            span.label_ = self.nlp.vocab.strings[match_id]
            spans.append(span)
        source = text if len(lowered) == len(text) else lowered
        matches = []
        for span in filter_spans(spans):
            entity, value = self.labels[int(span.label_)]
            matches.append(
                Match(entity, value, span.start_char, span.end_char, source[span.start_char : span.end_char])
            )
        return matches
