"""Unknown fields in the domain, the training data, the stories and the rules.

The allowed field names come from Rasa's own schema files, so they are exactly the ones Rasa
reads. Rasa rejects most unknown fields with a message naming no line, and silently ignores
some (a misspelt `respones:` in domain.yml drops every response); here each one gets its line
and the closest allowed name.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import rasa
from rasa.shared.constants import DOMAIN_SCHEMA_FILE, RESPONSES_SCHEMA_FILE
from rasa.shared.core.training_data.story_reader.yaml_story_reader import CORE_SCHEMA_FILE
from rasa.shared.nlu.training_data.formats.rasa_yaml import NLU_SCHEMA_FILE
from rasa.shared.utils.io import read_yaml_file

from core.yaml_source import Problem, did_you_mean, line_of
from scripts.content_check.project import DIALOGUE_FILES, DOMAIN, NLU, TEST_STORIES, Project

ANY_ITEM = "[]"  # every alternative of a list in the schema
ANY_NAME = "*"  # the entry of a mapping whose keys are free (slot names, response names)


@cache
def _schema(relative: str) -> Any:
    return read_yaml_file(Path(rasa.__file__).parent / relative)


def allowed_fields(schema: Any, *path: str) -> frozenset[str]:
    """The field names a Rasa schema allows at `path` (union over the alternatives)."""
    nodes = [schema]
    for part in path:
        following: list[Any] = []
        for node in nodes:
            mapping = node.get("mapping") or {}
            if part == ANY_ITEM:
                following += node.get("sequence") or node.get("seq") or []
            elif part == ANY_NAME:
                following += [value for key, value in mapping.items() if key.startswith("regex;")]
            elif part in mapping:
                following.append(mapping[part])
        nodes = following
    return frozenset(
        key for node in nodes for key in node.get("mapping") or {} if not key.startswith("regex;")
    )


def _mappings(node: Any) -> list[Any]:
    return [item for item in (node if isinstance(node, list) else []) if isinstance(item, dict)]


class FieldCheck:
    """Finds fields Rasa does not know, with the closest known name."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.problems: list[Problem] = []

    def run(self) -> list[Problem]:
        """Check the domain, the NLU file, and every story and rule file."""
        if self.project.readable(DOMAIN):
            self.domain()
        if self.project.readable(NLU):
            self.nlu()
        for name in (*DIALOGUE_FILES, TEST_STORIES):
            if self.project.readable(name):
                self.stories(name)
        return self.problems

    def _check(self, file: str, node: Any, allowed: frozenset[str], what: str) -> None:
        if not isinstance(node, dict):
            return
        for key in node:
            if str(key) not in allowed:
                self.problems.append(
                    Problem(
                        file,
                        line_of(node, key),
                        f"unknown field `{key}` in {what}",
                        did_you_mean(str(key), allowed)
                        or f"remove it; {what} may have: {', '.join(sorted(allowed))}",
                    )
                )

    def domain(self) -> None:
        schema, responses = _schema(DOMAIN_SCHEMA_FILE), _schema(RESPONSES_SCHEMA_FILE)["schema;responses"]
        tree = self.project.tree(DOMAIN)
        self._check(DOMAIN, tree, allowed_fields(schema), "domain.yml")
        self._check(
            DOMAIN, tree.get("session_config"), allowed_fields(schema, "session_config"), "session_config"
        )
        slot_fields = allowed_fields(schema, "slots", ANY_NAME)
        mapping_fields = allowed_fields(schema, "slots", ANY_NAME, "mappings", ANY_ITEM)
        condition_fields = allowed_fields(
            schema, "slots", ANY_NAME, "mappings", ANY_ITEM, "conditions", ANY_ITEM
        )
        for name, slot in self.project.mapping(DOMAIN, "slots").items():
            self._check(DOMAIN, slot, slot_fields, f"slot `{name}`")
            for mapping in _mappings(slot.get("mappings") if isinstance(slot, dict) else None):
                self._check(DOMAIN, mapping, mapping_fields, f"a mapping of slot `{name}`")
                for condition in _mappings(mapping.get("conditions")):
                    self._check(DOMAIN, condition, condition_fields, f"a condition of slot `{name}`")
        for name, form in self.project.mapping(DOMAIN, "forms").items():
            self._check(DOMAIN, form, allowed_fields(schema, "forms", ANY_NAME), f"form `{name}`")
        variation_fields = allowed_fields(responses, ANY_NAME, ANY_ITEM)
        button_fields = allowed_fields(responses, ANY_NAME, ANY_ITEM, "buttons", ANY_ITEM)
        for name, variations in self.project.mapping(DOMAIN, "responses").items():
            for variation in _mappings(variations):
                self._check(DOMAIN, variation, variation_fields, f"response `{name}`")
                for button in _mappings(variation.get("buttons")):
                    self._check(DOMAIN, button, button_fields, f"a button of `{name}`")

    def nlu(self) -> None:
        schema = _schema(NLU_SCHEMA_FILE)
        self._check(NLU, self.project.tree(NLU), allowed_fields(schema), "data/nlu.yml")
        block_fields = allowed_fields(schema, "nlu", ANY_ITEM)
        for block in _mappings(self.project.tree(NLU).get("nlu")):
            self._check(NLU, block, block_fields, "a training data block")

    def stories(self, file: str) -> None:
        schema = _schema(CORE_SCHEMA_FILE)
        self._check(file, self.project.tree(file), allowed_fields(schema) | {"stories", "rules"}, file)
        step_fields = allowed_fields(schema, "stories", ANY_ITEM, "steps", ANY_ITEM) | allowed_fields(
            schema, "rules", ANY_ITEM, "steps", ANY_ITEM
        )
        condition_fields = allowed_fields(schema, "rules", ANY_ITEM, "condition", ANY_ITEM)
        for block, node in self.project.blocks((file,)):
            kind = f"{block.kind} '{block.name}'"
            section = "rules" if block.kind == "rule" else "stories"
            self._check(file, node, allowed_fields(schema, section, ANY_ITEM), kind)
            for step in _steps_of(node.get("steps")):
                self._check(file, step, step_fields, f"a step of {kind}")
            for condition in _mappings(node.get("condition")):
                self._check(file, condition, condition_fields, f"the condition of {kind}")


def _steps_of(node: Any) -> Iterator[Any]:
    for step in _mappings(node):
        yield step
        yield from _steps_of(step.get("or"))
