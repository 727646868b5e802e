"""Rasa NLU component: a deterministic backstop for emergencies.

After the classifier (and the fallback classifier) have run, any message matching a
pattern in safety/red_flags.yml is given the `emergency` intent with full confidence, so a
missed classification can never suppress the emergency message.
"""

from __future__ import annotations

import re
from pathlib import Path
from re import Pattern
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.utils.io import read_yaml_file

EMERGENCY_INTENT = "emergency"


def load_red_flags(path: Path) -> dict[str, list[Pattern[str]]]:
    """Compile the red-flag patterns, grouped by kind of emergency."""
    content = read_yaml_file(path)
    groups = content.get("patterns") if isinstance(content, dict) else None
    if not isinstance(groups, dict) or not groups:
        raise ValueError(f"{path}: needs a 'patterns' mapping of group: [regex, ...]")
    compiled = {}
    for group, patterns in groups.items():
        try:
            compiled[group] = [re.compile(p, re.IGNORECASE) for p in patterns]
        except (TypeError, re.error) as error:
            raise ValueError(f"{path}: group '{group}': bad pattern: {error}") from None
    return compiled


def red_flag_in(text: str, red_flags: dict[str, list[Pattern[str]]]) -> str | None:
    """The group of the first red flag found in text, or None."""
    for group, patterns in red_flags.items():
        if any(p.search(text) for p in patterns):
            return group
    return None


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class RedFlagGuard(GraphComponent):
    """Forces the `emergency` intent when a red-flag pattern matches."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """The red-flag file, relative to the folder Rasa runs in."""
        return {"red_flags": "safety/red_flags.yml"}

    def __init__(self, config: dict[str, Any]) -> None:
        self.red_flags = load_red_flags(Path(config["red_flags"]).resolve())

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
        """Override the intent of messages that contain a red flag."""
        for message in messages:
            text = message.get(TEXT)
            if not text or red_flag_in(text, self.red_flags) is None:
                continue
            emergency = {INTENT_NAME_KEY: EMERGENCY_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0}
            ranking = [
                r for r in message.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) != EMERGENCY_INTENT
            ]
            message.set(INTENT, emergency, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [emergency, *ranking], add_to_output=True)
        return messages
