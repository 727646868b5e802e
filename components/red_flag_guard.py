"""Rasa NLU component: the emergency decision, after the intent classifier.

It asks core/emergency.py whether the message describes someone in danger now (the
patterns in safety/red_flags.yml, the classifier's own prediction, the embedding
classifier's reading of its meaning (`meaning_ranking`: the emergency examples' probability
at least `meaning_threshold`), and whether the message is a calm question about causes, the
past or general facts). An emergency gets the
`emergency` intent with full confidence, whatever the classifier said; a calm question the
classifier took for an emergency gets its next-best intent instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_TYPE,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from core.emergency import load_red_flags
from core.message import MEANING_RANKING

EMERGENCY_INTENT = "emergency"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class RedFlagGuard(GraphComponent):
    """Sets or removes the `emergency` intent by the emergency decision."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """The red-flag file, relative to the folder Rasa runs in."""
        return {"red_flags": "safety/red_flags.yml", "meaning_threshold": 0.25}

    def __init__(self, config: dict[str, Any]) -> None:
        self.red_flags = load_red_flags(Path(config["red_flags"]).resolve())
        self.meaning_threshold = float(config["meaning_threshold"])

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RedFlagGuard:
        """Compile the patterns."""
        return cls(config)

    def process(self, messages: list[Message]) -> list[Message]:
        """Decide, for each message, whether it is an emergency."""
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            predicted = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            names_a_form = any(e.get(ENTITY_ATTRIBUTE_TYPE) == "topic" for e in message.get(ENTITIES) or [])
            meaning = {
                r.get(INTENT_NAME_KEY): r.get(PREDICTED_CONFIDENCE_KEY) or 0
                for r in message.get(MEANING_RANKING) or []
            }
            emergency = self.red_flags.is_emergency(
                text,
                predicted == EMERGENCY_INTENT,
                names_a_form,
                meaning_says_so=float(meaning.get(EMERGENCY_INTENT, 0)) >= self.meaning_threshold,
            )
            ranking = [
                r for r in message.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) != EMERGENCY_INTENT
            ]
            if emergency:
                top = {INTENT_NAME_KEY: EMERGENCY_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0}
                message.set(INTENT, top, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [top, *ranking], add_to_output=True)
            elif predicted == EMERGENCY_INTENT and ranking:
                message.set(INTENT, ranking[0], add_to_output=True)
                message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
