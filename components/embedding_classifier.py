"""Rasa NLU component: a second opinion on the intent, from what a message means.

DIET learns from the words and characters of the training examples, so a phrasing made of
words it never saw ("what r the signs", "the hic thing") is a guess. This classifier reads
the message's sentence embedding (components/sentence_encoder.py), in which phrasings with
the same meaning lie close, through a logistic regression trained on the same examples, and
blends its probabilities with DIET's: the intent and ranking that follow are the blend.
It runs after DIET and before the fallback and the emergency guard.

It also gives the actions its own reading, unblended: `meaning_ranking` for the whole
message (which entry a description or "the family one" is most like) and
`question_meaning_ranking` for its question with the names in it replaced by "it" ("is it
bad for me?" asks about the outlook, whatever it names).
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import (
    ENTITIES,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.linear_model import LogisticRegression

from components.sentence_encoder import SentenceEncoder, default_encoder
from core.fact_base import default_fact_base
from core.message import MEANING_RANKING, QUESTION_MEANING_RANKING
from core.message import Message as VisitorMessage

WEIGHTS_FILE = "intent_weights.npz"
RANKING_LENGTH = 10
MEANING_LENGTH = 15  # enough to rank every item of a list just given


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class EmbeddingIntentClassifier(IntentClassifier, GraphComponent):
    """Blends DIET's intent ranking with a logistic regression over sentence embeddings."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """`weight`: this classifier's share of the blend; `regularization`: sklearn's C."""
        return {"weight": 0.6, "regularization": 10.0}

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        encoder: SentenceEncoder,
        intents: list[str] | None = None,
        coefficients: np.ndarray | None = None,
        intercepts: np.ndarray | None = None,
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.encoder = encoder
        self.intents = intents or []
        self.coefficients = coefficients
        self.intercepts = intercepts

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> EmbeddingIntentClassifier:
        """An untrained classifier."""
        return cls(config, model_storage, resource, default_encoder())

    def train(self, training_data: TrainingData) -> Resource:
        """Fit the regression on the embeddings of the intent examples and keep its weights."""
        examples = [m for m in training_data.intent_examples if m.get(TEXT)]
        embeddings = np.stack([self.encoder.encode(m.get(TEXT)) for m in examples])
        regression = LogisticRegression(C=float(self.config["regularization"]), max_iter=5000)
        regression.fit(embeddings, [m.get(INTENT) for m in examples])
        self.intents = [str(c) for c in regression.classes_]
        self.coefficients, self.intercepts = regression.coef_, regression.intercept_
        if len(self.intents) == 2:  # sklearn keeps one row for two classes: softmax of -s/2, s/2
            self.coefficients = np.vstack([-self.coefficients / 2, self.coefficients / 2])
            self.intercepts = np.concatenate([-self.intercepts / 2, self.intercepts / 2])
        with self._model_storage.write_to(self._resource) as directory:
            np.savez(
                directory / WEIGHTS_FILE,
                intents=np.array(self.intents),
                coefficients=self.coefficients,
                intercepts=self.intercepts,
            )
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> EmbeddingIntentClassifier:
        """The classifier with the weights it was trained with."""
        with model_storage.read_from(resource) as directory:
            saved = np.load(directory / WEIGHTS_FILE, allow_pickle=False)
            intents = [str(i) for i in saved["intents"]]
            coefficients, intercepts = saved["coefficients"], saved["intercepts"]
        return cls(config, model_storage, resource, default_encoder(), intents, coefficients, intercepts)

    def probabilities(self, text: str) -> dict[str, float]:
        """The regression's own probability for each intent."""
        if self.coefficients is None or self.intercepts is None:
            return {}
        scores = self.coefficients @ self.encoder.encode(text) + self.intercepts
        exp = np.exp(scores - scores.max())
        return dict(zip(self.intents, (exp / exp.sum()).tolist(), strict=True))

    def process(self, messages: list[Message]) -> list[Message]:
        """Blend the intent ranking with DIET's; add this classifier's own readings."""
        weight = float(self.config["weight"])
        for message in messages:
            text = message.get(TEXT)
            own = self.probabilities(text) if text else {}
            if not own:
                continue
            blend = {intent: weight * p for intent, p in own.items()}
            for ranked in message.get(INTENT_RANKING_KEY) or []:
                name, confidence = ranked.get(INTENT_NAME_KEY), ranked.get(PREDICTED_CONFIDENCE_KEY) or 0
                blend[name] = blend.get(name, 0.0) + (1 - weight) * float(confidence)
            ranking = _ranked(blend, RANKING_LENGTH)
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
            message.set(MEANING_RANKING, _ranked(own, MEANING_LENGTH), add_to_output=True)
            visitor = VisitorMessage.parsed(text, message.get(ENTITIES) or [])
            question = visitor.question_to_read(kept=aspect_topics())
            if question:
                read = own if question == text else self.probabilities(question)
                message.set(QUESTION_MEANING_RANKING, _ranked(read, MEANING_LENGTH), add_to_output=True)
        return messages


@cache
def aspect_topics() -> frozenset[str]:
    """The general topics that stand for an aspect (diagnosis, treatment, ...): part of a question."""
    return frozenset(entry.id for entry in default_fact_base().entries.values() if entry.aspect)


def _ranked(probabilities: dict[str, float], length: int) -> list[dict[str, Any]]:
    """The `length` most likely intents, best first, as Rasa ranks intents."""
    best = sorted(probabilities.items(), key=lambda item: -item[1])[:length]
    return [{INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: confidence} for name, confidence in best]
