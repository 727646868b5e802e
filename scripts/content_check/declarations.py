"""Intents, actions, slots and responses: used but not declared, declared but not used.

What is declared comes from Rasa's own Domain (loaded in process); where each name is used
comes from the YAML trees and the server code, so every problem has its file and line.
Responses that the code composes (core/, actions/, extensions/) count as used when a string
literal in the code names them.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from typing import Any

from rasa.shared.core.constants import DEFAULT_ACTION_NAMES, DEFAULT_INTENTS, DEFAULT_SLOT_NAMES
from rasa.shared.core.domain import Domain
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.nlu.constants import ENTITIES, INTENT
from rasa.shared.nlu.training_data.message import Message

from core.yaml_source import Problem, closest, did_you_mean, line_of
from scripts.content_check.project import DIALOGUE_FILES, DOMAIN, NLU, Located, Project

RESPONSE_NAME = re.compile(r"^utter_[a-z0-9_]*[a-z0-9]$")
SESSION_START = "action_session_start"


def _names_and_lines(node: Any) -> dict[str, int]:
    """{name: line} of a domain list (`intents:`) or mapping (`responses:`)."""
    if isinstance(node, dict):
        return {str(key): line_of(node, key) for key in node}
    if isinstance(node, list):
        names = {}
        for index, item in enumerate(node):
            name = next(iter(item)) if isinstance(item, dict) else item
            names[str(name)] = line_of(node, index)
        return names
    return {}


def or_did_you_mean(first: str, word: str, choices: Iterable[str], otherwise: str) -> str:
    """'<first>, or did you mean `x`?' when something is close to `word`, else '<first>, or <otherwise>'."""
    return f"{first}, or {did_you_mean(word, choices) or otherwise}"


def payload_parts(payload: str) -> tuple[str | None, list[str]]:
    """(intent, entity names) of a button payload like `/feedback{"helpful": "no"}` (Rasa's parser)."""
    if not payload.startswith("/"):
        return None, []
    message = YAMLStoryReader.unpack_regex_message(Message.build(payload))
    intent = (message.get(INTENT) or {}).get("name")
    return intent, [str(entity.get("entity")) for entity in message.get(ENTITIES) or []]


class DeclarationCheck:
    """Compares what domain.yml declares with what the data and the code use."""

    def __init__(
        self,
        project: Project,
        domain: Domain,
        code: list[Located],
        implemented: set[str],
        config_actions: Iterable[str] = (),
        fact_intents: Iterable[str] = (),
    ) -> None:
        """Compare over the project's trees, Rasa's domain and the code.

        `config_actions` are actions config.yml names; the examples of `fact_intents` are
        counted by the coverage check (at least 8), so the no-examples check leaves them out.
        """
        self.project = project
        self.domain = domain
        self.code = code
        self.implemented = implemented
        self.config_actions = set(config_actions)
        self.fact_intents = set(fact_intents)
        self.problems: list[Problem] = []
        self.lines = {
            key: _names_and_lines(project.tree(DOMAIN).get(key))
            for key in ("intents", "entities", "slots", "forms", "actions", "responses")
        }
        self.steps = list(project.steps())
        self.code_names = {located.value for located in code}

    def run(self) -> list[Problem]:
        """Every declaration check."""
        self.intents()
        self.actions()
        self.responses()
        self.slots()
        self.buttons()
        return self.problems

    def add(self, file: str, line: int, message: str, fix: str) -> None:
        self.problems.append(Problem(file, line, message, fix))

    def _used_in_data(self, kind: str) -> set[str]:
        return {s.value for s in self.steps if s.kind == kind and s.file in DIALOGUE_FILES}

    def _undeclared(
        self,
        kind: str,
        declared: Collection[str],
        message: str,
        fix: str,
        choices: Iterable[str],
        otherwise: str,
    ) -> None:
        """Used but not declared: each rule or story step of `kind` naming something not in `declared`.

        `message` (after the block's name) and `fix` are templates of `{name}`; the fix offers the
        closest of `choices`, else `otherwise`.
        """
        for step in self.steps:
            if step.kind == kind and step.value not in declared:
                name = step.value
                self.add(
                    step.file,
                    step.line,
                    f"'{step.block}' {message.format(name=name)}",
                    or_did_you_mean(fix.format(name=name), name, choices, otherwise),
                )

    def _unused(self, section: str, used: Collection[str], message: str, fix: str) -> None:
        """Declared but unused: each name under `section:` in domain.yml that is not in `used`.

        `message` and `fix` are templates of `{name}`.
        """
        for name, line in self.lines[section].items():
            if name not in used:
                self.add(DOMAIN, line, message.format(name=name), fix.format(name=name))

    # -------------------------------------------------------------- intents

    def intents(self) -> None:
        declared = set(self.domain.intents)
        suggestions = sorted(declared - set(DEFAULT_INTENTS))
        with_examples: set[str] = set()
        for block in self.project.sequence(NLU, "nlu"):
            if not isinstance(block, dict) or "intent" not in block:
                continue
            intent = str(block["intent"])
            with_examples.add(intent)
            if intent not in declared:
                choices = closest(intent, suggestions) or suggestions[:3]
                self.add(
                    NLU,
                    line_of(block, "intent"),
                    f"intent `{intent}` has training examples but is not in domain.yml",
                    f"add `{intent}` under `intents:` in domain.yml, or rename the example's intent to "
                    f"one of: {', '.join(choices)}",
                )
        self._undeclared(
            "intent",
            declared,
            "uses intent `{name}`, which is not in domain.yml",
            "add `{name}` under `intents:` in domain.yml",
            suggestions,
            "use an intent that domain.yml lists",
        )
        sent_by_buttons = {intent for intent, _ in self._payloads()}
        self._unused(
            "intents",
            with_examples | sent_by_buttons | self.fact_intents | set(DEFAULT_INTENTS),
            "intent `{name}` has no training examples",
            "add examples under `- intent: {name}` in data/nlu.yml, or remove it from domain.yml",
        )
        self._unused(
            "intents",
            self._used_in_data("intent") | set(DEFAULT_INTENTS),
            "intent `{name}` is used by no rule or story, so the assistant won't react to it",
            "add it to a rule in data/rules.yml (fact intents: the `or` list of the answer "
            "rule), or remove it from domain.yml",
        )

    # -------------------------------------------------------------- actions

    def actions(self) -> None:
        responses = set(self.domain.responses)
        known = set(self.domain.action_names_or_texts) | set(DEFAULT_ACTION_NAMES)
        custom = sorted(a for a in self.domain.user_actions if a not in responses)
        for step in self.steps:
            if step.kind != "action" or step.value in known:
                continue
            if step.value.startswith("utter_"):
                self.add(
                    step.file,
                    step.line,
                    f"'{step.block}' uses response `{step.value}`, which domain.yml does not have",
                    or_did_you_mean(
                        f"add `{step.value}` under `responses:` in domain.yml",
                        step.value,
                        responses,
                        "use a response that domain.yml has",
                    ),
                )
            else:
                self.add(
                    step.file,
                    step.line,
                    f"'{step.block}' uses action `{step.value}`, which domain.yml does not list",
                    or_did_you_mean(
                        f"add `{step.value}` under `actions:` in domain.yml (and write it in actions/)",
                        step.value,
                        [*custom, *self.domain.form_names],
                        "use an action that domain.yml lists",
                    ),
                )
        self._undeclared(
            "loop",
            {*self.domain.form_names, "null"},
            "uses form `{name}`, which domain.yml does not have",
            "add `{name}` under `forms:` in domain.yml",
            self.domain.form_names,
            "use a form that domain.yml has",
        )
        used = self._used_in_data("action") | self.config_actions | self.code_names | {SESSION_START}
        used |= {f"validate_{form}" for form in self.domain.form_names}
        for action in custom:
            line = self.lines["actions"].get(action, 0)
            if action not in self.implemented:
                self.add(
                    DOMAIN,
                    line,
                    f"action `{action}` is listed but no custom action in actions/ has that name",
                    or_did_you_mean(
                        "write it in actions/actions.py (a class whose name() returns it)",
                        action,
                        self.implemented,
                        "remove it from `actions:`",
                    ),
                )
            if action not in used:
                self.add(
                    DOMAIN,
                    line,
                    f"action `{action}` is used by no rule or story",
                    "use it in a rule or story (`- action: ...`), or remove it from `actions:`",
                )

    # -------------------------------------------------------------- responses

    def responses(self) -> None:
        declared = set(self.domain.responses)
        asked = {
            name
            for form in self.domain.form_names
            for slot in self.domain.required_slots_for_form(form)
            for name in (f"utter_ask_{slot}", f"utter_ask_{form}_{slot}")
        }
        used = self._used_in_data("action") | asked | self.code_names | self.config_actions
        self._unused(
            "responses",
            used,
            "response `{name}` is used by no rule, story or code",
            "use it in a rule or story (`- action: {name}`), or remove it from domain.yml",
        )
        for located in self.code:
            if RESPONSE_NAME.match(located.value) and located.value not in declared:
                self.add(
                    located.file,
                    located.line,
                    f"the code uses response `{located.value}`, which domain.yml does not have",
                    or_did_you_mean(
                        f"add `{located.value}` under `responses:` in domain.yml",
                        located.value,
                        declared,
                        "change the code",
                    ),
                )

    # -------------------------------------------------------------- slots

    def slots(self) -> None:
        declared = {slot.name for slot in self.domain.slots}
        user_slots = sorted(declared - DEFAULT_SLOT_NAMES)
        self._undeclared(
            "slot",
            declared,
            "sets slot `{name}`, which domain.yml does not have",
            "add `{name}` under `slots:` in domain.yml",
            user_slots,
            "use a slot that domain.yml has",
        )
        required: set[str] = set()
        for form, line in self.lines["forms"].items():
            for slot in self.domain.required_slots_for_form(form):
                required.add(slot)
                if slot not in declared:
                    self.add(
                        DOMAIN,
                        line,
                        f"form `{form}` asks for slot `{slot}`, which domain.yml does not have",
                        or_did_you_mean(f"add `{slot}` under `slots:`", slot, user_slots, "remove it"),
                    )
        used = required | {s.value for s in self.steps if s.kind == "slot"} | self.code_names
        self._unused(
            "slots",
            used,
            "slot `{name}` is used by no form, story, rule or code",
            "use it (a form's required_slots, a story's slot_was_set, or the actions), or remove it",
        )

    # -------------------------------------------------------------- buttons

    def _payloads(self) -> list[tuple[str, Located]]:
        """(intent, where) for every button payload of the domain's responses."""
        found = []
        for variations in self.project.mapping(DOMAIN, "responses").values():
            for variation in variations if isinstance(variations, list) else []:
                buttons = variation.get("buttons") if isinstance(variation, dict) else None
                for index, button in enumerate(buttons if isinstance(buttons, list) else []):
                    payload = str(button.get("payload", "")) if isinstance(button, dict) else ""
                    intent, _ = payload_parts(payload)
                    if intent:
                        found.append((intent, Located(DOMAIN, line_of(buttons, index), payload)))
        return found

    def buttons(self) -> None:
        declared, entities = set(self.domain.intents), set(self.domain.entities)
        for intent, where in self._payloads():
            if intent not in declared:
                self.add(
                    DOMAIN,
                    where.line,
                    f"a button sends `{where.value}`, but intent `{intent}` is not in domain.yml",
                    or_did_you_mean(f"add `{intent}` under `intents:`", intent, declared, "fix the payload"),
                )
            for entity in payload_parts(where.value)[1]:
                if entity not in entities:
                    self.add(
                        DOMAIN,
                        where.line,
                        f"a button sends entity `{entity}`, which domain.yml does not list (Rasa drops it)",
                        f"add `{entity}` under `entities:` in domain.yml",
                    )
