"""The project's content files, read once with their line numbers.

Every YAML file an editor touches is read here (core.yaml_source); the checks look values
up in these trees and point at their lines. Python code is read with `ast` (string
literals, action names), never imported, so a copy of the project can be checked too.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.yaml_source import ContentError, Problem, line_of, read_yaml

FACTS = "facts/myoclonus.yml"
DOMAIN = "domain.yml"
CONFIG = "config.yml"
NLU = "data/nlu.yml"
RULES = "data/rules.yml"
STORIES = "data/stories.yml"
TEST_STORIES = "tests/test_stories.yml"
HELDOUT = "tests/nlu/heldout.yml"
RED_FLAGS = "safety/red_flags.yml"
YAML_FILES = (FACTS, DOMAIN, CONFIG, NLU, RULES, STORIES, TEST_STORIES, HELDOUT, RED_FLAGS)
DIALOGUE_FILES = (RULES, STORIES)
CODE_FOLDERS = ("core", "actions", "extensions")


@dataclass(frozen=True)
class Located:
    """A value found in a file, with its line."""

    file: str
    line: int
    value: str


@dataclass(frozen=True)
class Step:
    """One step of a story, rule or test story: `kind` is intent, action, slot, loop, bot or user."""

    file: str
    line: int
    block: str
    kind: str
    value: str


@dataclass(frozen=True)
class Block:
    """A story or rule, by name, with its line."""

    file: str
    line: int
    kind: str
    name: str


STEP_KINDS = {
    "intent": "intent",
    "action": "action",
    "active_loop": "loop",
    "bot": "bot",
    "user": "user",
    "checkpoint": "checkpoint",
}


@dataclass
class Project:
    """The content files of one project folder, parsed."""

    root: Path
    trees: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @classmethod
    def read(cls, root: Path) -> Project:
        """Read every YAML file; a file YAML cannot read becomes a problem (and no tree)."""
        project = cls(root)
        for name in YAML_FILES:
            try:
                project.trees[name] = read_yaml(root / name, name)
            except ContentError as error:
                project.problems.extend(error.problems)
        return project

    def tree(self, name: str) -> Any:
        """The file's YAML tree, or an empty mapping when it could not be read."""
        tree = self.trees.get(name)
        return tree if isinstance(tree, dict) else {}

    def readable(self, *names: str) -> bool:
        """True when all these files were read."""
        return all(name in self.trees for name in names)

    def mapping(self, name: str, key: str) -> dict[Any, Any]:
        """A top-level mapping of a file (e.g. the domain's `responses`), or {}."""
        value = self.tree(name).get(key)
        return value if isinstance(value, dict) else {}

    def sequence(self, name: str, key: str) -> list[Any]:
        """A top-level list of a file (e.g. the domain's `intents`), or []."""
        value = self.tree(name).get(key)
        return value if isinstance(value, list) else []

    # -------------------------------------------------------------- stories and rules

    def blocks(self, files: tuple[str, ...] = (*DIALOGUE_FILES, TEST_STORIES)) -> Iterator[tuple[Block, Any]]:
        """Every story and rule (with its YAML node) of these files."""
        for name in files:
            for key in ("stories", "rules"):
                for node in self.sequence(name, key):
                    if isinstance(node, dict):
                        kind = "rule" if key == "rules" else "story"
                        yield Block(name, line_of(node), kind, str(node.get(kind, ""))), node

    def steps(self, files: tuple[str, ...] = (*DIALOGUE_FILES, TEST_STORIES)) -> Iterator[Step]:
        """Every step of every story and rule (conditions and `or` branches included)."""
        for block, node in self.blocks(files):
            for key in ("condition", "steps"):
                items = node.get(key)
                if isinstance(items, list):
                    yield from _steps(block, items)


def _steps(block: Block, items: list[Any]) -> Iterator[Step]:
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        line = line_of(items, index)
        for key, value in item.items():
            if key == "or" and isinstance(value, list):
                yield from _steps(block, value)
            elif key == "slot_was_set" and isinstance(value, list):
                for number, slot in enumerate(value):
                    names = slot.keys() if isinstance(slot, dict) else [slot]
                    where = line_of(value, number) or line
                    yield from (Step(block.file, where, block.name, "slot", str(n)) for n in names)
            elif key in STEP_KINDS and value is not None:
                yield Step(block.file, line_of(item, key), block.name, STEP_KINDS[key], str(value))


# ------------------------------------------------------------------ code


def code_strings(root: Path) -> list[Located]:
    """Every string literal of the server code (core/, actions/, extensions/), with its line."""
    found = []
    for folder in CODE_FOLDERS:
        for path in sorted((root / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            relative = str(path.relative_to(root))
            found += [
                Located(relative, node.lineno, node.value)
                for node in ast.walk(tree)
                if isinstance(node, ast.Constant) and isinstance(node.value, str)
            ]
    return found


def implemented_actions(root: Path) -> set[str]:
    """Names the custom actions in actions/ answer with (`def name(self): return "..."`)."""
    names: set[str] = set()
    for path in (root / "actions").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name == "name":
                names.update(
                    ret.value.value
                    for ret in ast.walk(node)
                    if isinstance(ret, ast.Return)
                    and isinstance(ret.value, ast.Constant)
                    and isinstance(ret.value.value, str)
                )
    return names
