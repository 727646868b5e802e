"""Training examples: each under one intent, none held out, no names typed outside the fact base.

Examples are read from the YAML tree of data/nlu.yml: an `examples: |` block keeps its lines,
so the line of each example is the line after `examples:` plus its position. Each example is
parsed with Rasa's own parser (entity annotations included), as training does.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.entities_parser import parse_training_example

from core.yaml_source import Problem, line_of
from scripts.content_check.project import HELDOUT, NLU, Project

FACT_ENTITIES = ("topic", "aspect")
NAMES_LIVE_IN_FACTS = "names and synonyms live only in facts/myoclonus.yml (the entry's `names:`)"


@dataclass(frozen=True)
class Example:
    """One training example: its intent, plain text, annotated entities and line."""

    intent: str
    text: str
    entities: tuple[str, ...]
    file: str
    line: int


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def read_examples(project: Project, file: str, key: str = "nlu") -> tuple[list[Example], list[Problem]]:
    """Every intent example of an NLU file, and the lines Rasa would skip."""
    examples, problems = [], []
    for block in project.sequence(file, key):
        if not isinstance(block, dict) or "intent" not in block or not isinstance(block.get("examples"), str):
            continue
        first_line = line_of(block, "examples") + 1
        for offset, raw in enumerate(block["examples"].splitlines()):
            line = first_line + offset
            if not raw.strip():
                continue
            if not raw.startswith("-"):
                problems.append(
                    Problem(
                        file,
                        line,
                        "this example does not start with `- `, so Rasa skips it",
                        "start it with `- `",
                    )
                )
                continue
            message = parse_training_example(raw[1:].strip(), str(block["intent"]))
            entities = tuple(str(e.get("entity")) for e in message.get(ENTITIES) or [])
            examples.append(Example(str(block["intent"]), message.get(TEXT), entities, file, line))
    return examples, problems


class ExampleCheck:
    """Checks the training examples of data/nlu.yml."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.examples, self.problems = read_examples(project, NLU)

    def run(self) -> list[Problem]:
        """Every example check."""
        self.duplicates()
        self.held_out()
        self.names_outside_the_fact_base()
        return self.problems

    def duplicates(self) -> None:
        first: dict[str, Example] = {}
        for example in self.examples:
            seen = first.setdefault(_key(example.text), example)
            if seen is example:
                continue
            if seen.intent == example.intent:
                message = (
                    f"example '{example.text}' is twice under `{example.intent}` (first on line {seen.line})"
                )
                fix = "remove this one"
            else:
                message = (
                    f"example '{example.text}' is under two intents: `{seen.intent}` (line {seen.line}) "
                    f"and `{example.intent}`"
                )
                fix = f"keep it only under the intent it means: `{seen.intent}` or `{example.intent}`"
            self.problems.append(Problem(NLU, example.line, message, fix))

    def held_out(self) -> None:
        """Held-out test phrasings measure accuracy on new words: training on them hides errors."""
        held_out, _ = read_examples(self.project, HELDOUT)
        tested = {_key(example.text): example for example in held_out}
        for example in self.examples:
            test = tested.get(_key(example.text))
            if test is not None:
                self.problems.append(
                    Problem(
                        NLU,
                        example.line,
                        f"example '{example.text}' is also a held-out test phrasing ({HELDOUT}:{test.line})",
                        "remove it from data/nlu.yml or reword it: held-out phrasings must stay unseen",
                    )
                )

    def names_outside_the_fact_base(self) -> None:
        for block in self.project.sequence(NLU, "nlu"):
            kind = next((k for k in ("synonym", "lookup") if isinstance(block, dict) and k in block), None)
            if kind is not None:
                self.problems.append(
                    Problem(
                        NLU,
                        line_of(block, kind),
                        f"{kind} `{block[kind]}` in the training data",
                        NAMES_LIVE_IN_FACTS,
                    )
                )
        for example in self.examples:
            annotated = [e for e in example.entities if e in FACT_ENTITIES]
            if annotated:
                self.problems.append(
                    Problem(
                        NLU,
                        example.line,
                        f"example '{example.text}' annotates a `{annotated[0]}` entity by hand",
                        "remove the [..](..) annotation: fact base names are tagged automatically",
                    )
                )


def examples_per_intent(examples: list[Example]) -> dict[str, int]:
    """How many examples each intent has."""
    counts: dict[str, int] = defaultdict(int)
    for example in examples:
        counts[example.intent] += 1
    return counts


def block_lines(project: Project) -> dict[str, int]:
    """{intent: line of its `- intent:` block} in data/nlu.yml."""
    blocks: list[Any] = project.sequence(NLU, "nlu")
    return {str(b["intent"]): line_of(b, "intent") for b in blocks if isinstance(b, dict) and "intent" in b}
