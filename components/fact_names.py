"""Rasa NLU component: the fact base's names as entities and as intent features.

Names and synonyms are typed once, in facts/myoclonus.yml. This component reads them when
the model is trained and keeps them in the model (so a model is always self-consistent;
the set-up scripts retrain when the fact base changes). For each message it:
- adds `topic` entities (value: an entry id) and `aspect` entities (value: an aspect id);
- adds sparse features (one column per entry and aspect) so the intent classifier knows
  that "tensor tympani" names middle ear myoclonus even if no training example says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.nlu.featurizers.sparse_featurizer.sparse_featurizer import SparseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.shared.utils.io import dump_obj_as_json_to_file, read_json_file

from components.name_matcher import Match, NameMatcher
from core.fact_base import load_fact_base

VOCABULARY_FILE = "vocabulary.json"
COMMON_WORDS_FILE = "common_words_near_names.json"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR],
    is_trainable=True,
)
class FactNameTagger(SparseFeaturizer, EntityExtractorMixin, GraphComponent):
    """Tags and featurizes the types, causes, topics and aspects a message names."""

    @classmethod
    def required_components(cls) -> list[type]:
        """Needs tokens to place sequence features."""
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """The fact base file, relative to the folder Rasa runs in."""
        return {**SparseFeaturizer.get_default_config(), "fact_base": "facts/myoclonus.yml"}

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """Nothing to check here: training reads and validates the fact base itself."""

    def __init__(
        self,
        config: dict[str, Any],
        name: str,
        model_storage: ModelStorage,
        resource: Resource,
        vocabulary: Sequence[Sequence[str]] = (),
        common_near: Sequence[str] = (),
    ) -> None:
        super().__init__(name, config)
        self._model_storage = model_storage
        self._resource = resource
        self._use(vocabulary, common_near)

    def _use(self, vocabulary: Sequence[Sequence[str]], common_near: Sequence[str] | None) -> None:
        self.vocabulary = [(entity, value, phrase) for entity, value, phrase in vocabulary]
        self.matcher = NameMatcher(self.vocabulary, common_near=common_near)
        self.columns = {
            label: i for i, label in enumerate(dict.fromkeys((e, v) for e, v, _ in self.vocabulary))
        }

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> FactNameTagger:
        """A tagger that knows no names until it is trained."""
        return cls(config, execution_context.node_name, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        """Read the names from the fact base and keep them in the model."""
        self._use(list(load_fact_base(Path(self._config["fact_base"]).resolve()).vocabulary()), None)
        with self._model_storage.write_to(self._resource) as directory:
            dump_obj_as_json_to_file(directory / VOCABULARY_FILE, self.vocabulary)
            dump_obj_as_json_to_file(directory / COMMON_WORDS_FILE, self.matcher.common_near)
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> FactNameTagger:
        """The tagger with the names it was trained with."""
        with model_storage.read_from(resource) as directory:
            vocabulary = read_json_file(directory / VOCABULARY_FILE)
            common_near = read_json_file(directory / COMMON_WORDS_FILE)
        return cls(config, execution_context.node_name, model_storage, resource, vocabulary, common_near)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Featurize training examples (their entity annotations are left alone)."""
        for example in training_data.training_examples:
            if example.get(TEXT):
                self._add_features(example, self.matcher.find(example.get(TEXT)))
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Featurize each message and add the entities it names."""
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            matches = self.matcher.find(text)
            self._add_features(message, matches)
            if matches:
                entities = [
                    {
                        "entity": m.entity,
                        "value": m.value,
                        "start": m.start,
                        "end": m.end,
                        "confidence_entity": 1.0,
                    }
                    for m in matches
                ]
                message.set(
                    ENTITIES,
                    message.get(ENTITIES, []) + self.add_extractor_name(entities),
                    add_to_output=True,
                )
        return messages

    def _add_features(self, message: Message, matches: list[Match]) -> None:
        tokens = message.get(TOKENS_NAMES[TEXT], [])
        if not tokens:
            return
        sequence, sentence = self._feature_matrices(tokens, matches)
        self.add_features_to_message(sequence, sentence, TEXT, message)

    def _feature_matrices(
        self, tokens: list[Any], matches: list[Match]
    ) -> tuple[scipy.sparse.coo_matrix, scipy.sparse.coo_matrix | None]:
        sequence = np.zeros([len(tokens), len(self.columns)])
        sentence = np.zeros([1, len(self.columns)])
        for match in matches:
            column = self.columns[(match.entity, match.value)]
            sentence[0, column] = 1.0
            for index, token in enumerate(tokens):
                if token.start < match.end and token.end > match.start:
                    sequence[index, column] = 1.0
        return scipy.sparse.coo_matrix(sequence), scipy.sparse.coo_matrix(sentence)
