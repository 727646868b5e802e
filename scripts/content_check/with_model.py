"""The slow checks: what the trained model makes of the conversation tests and the examples.

- Each user message of tests/test_stories.yml must be read as the intent the test expects.
- Each training example should be read as its own intent by the model trained on it; when it
  is not, it sits between two intents (move it, or add more examples like it).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rasa.core.agent import Agent, load_agent

from core.yaml_source import Problem, line_of
from scripts.content_check.examples import read_examples
from scripts.content_check.project import NLU, TEST_STORIES, Project

FALLBACK = "nlu_fallback"
EMERGENCY = "emergency"
RED_FLAGS = "safety/red_flags.yml"


class ModelCheck:
    """Parses the conversation tests' messages and the training examples with the trained model."""

    def __init__(self, project: Project, model: Path) -> None:
        self.project = project
        self.model = model

    def run(self) -> list[Problem]:
        """Load the model once, then parse everything."""
        if not self.model.is_file():
            return [
                Problem(
                    str(self.model),
                    0,
                    "there is no trained model for the slow checks",
                    "run `scripts/check-content --slow`, which trains one first (about 2 minutes)",
                )
            ]
        return asyncio.run(self._run())

    async def _run(self) -> list[Problem]:
        agent = await load_agent(model_path=str(self.model))
        return [*await self.conversation_tests(agent), *await self.training_examples(agent)]

    async def conversation_tests(self, agent: Agent) -> list[Problem]:
        problems = []
        for block, node in self.project.blocks((TEST_STORIES,)):
            for step in node.get("steps") or []:
                if not isinstance(step, dict) or "user" not in step or "intent" not in step:
                    continue
                text, expected = " ".join(str(step["user"]).split()), str(step["intent"])
                reading = _reading(await agent.parse_message(text))
                if reading.intent != expected or reading.fell_back:
                    problems.append(
                        Problem(
                            TEST_STORIES,
                            line_of(step, "user"),
                            f"the model reads '{text}' as {reading}, not `{expected}` (test '{block.name}')",
                            f"add examples like it under `- intent: {expected}` in data/nlu.yml, "
                            "or fix the test's intent",
                        )
                    )
        return problems

    async def training_examples(self, agent: Agent) -> list[Problem]:
        problems = []
        examples, _ = read_examples(self.project, NLU)
        for example in examples:
            reading = _reading(await agent.parse_message(example.text))
            if reading.intent != example.intent:
                problems.append(
                    Problem(
                        NLU,
                        example.line,
                        f"the trained model reads example '{example.text}' (under `{example.intent}`) "
                        f"as {reading}",
                        _fix(reading, example.intent),
                    )
                )
        return problems


@dataclass(frozen=True)
class Reading:
    """The model's best intent for a message, and whether it was too unsure to use it."""

    intent: str
    confidence: float
    fell_back: bool

    def __str__(self) -> str:
        unsure = ", below the fallback threshold" if self.fell_back else ""
        return f"`{self.intent}` ({self.confidence:.2f}{unsure})"


def _fix(reading: Reading, intent: str) -> str:
    """What to do about an example the model reads as another intent."""
    if reading.intent == EMERGENCY:
        return (
            f"if it is not about someone in danger now, see which pattern of {RED_FLAGS} makes it an "
            f"emergency (the emergency decision overrides the classifier); otherwise move it to `{EMERGENCY}`"
        )
    return (
        f"if it means `{reading.intent}`, move it there; otherwise add more examples like it under `{intent}`"
    )


def _reading(parsed: dict[str, Any]) -> Reading:
    ranking = [r for r in parsed.get("intent_ranking") or [] if r.get("name") != FALLBACK]
    best = ranking[0] if ranking else parsed.get("intent") or {}
    fell_back = (parsed.get("intent") or {}).get("name") == FALLBACK
    return Reading(str(best.get("name")), float(best.get("confidence") or 0.0), fell_back)
