"""Stories and rules that contradict each other, found by Rasa's own checks, in process.

- Stories: Rasa's story conflict check (rasa.core.training.story_conflict, what
  `rasa data validate` runs), looking back as far as the MemoizationPolicy does.
- Rules (with each other and with stories): the RulePolicy's own contradiction check, which
  Rasa otherwise runs only when training. A small subclass records each finding (who says
  what, after which step) instead of raising one long message at the first file.
Each finding names the stories or rules involved with their file and line.
"""

from __future__ import annotations

import logging
import tempfile
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rasa.core.policies.rule_policy import InvalidRule, RulePolicy
from rasa.core.training.story_conflict import _get_previous_event, find_story_conflicts
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.generator import TrainingDataGenerator
from rasa.utils.log_utils import configure_structlog

from core.yaml_source import Problem
from scripts.content_check.project import DIALOGUE_FILES, Block, Project
from scripts.content_check.rasa_data import RasaData

AGREE = (
    "make them do the same thing here, or tell the two situations apart with an earlier step "
    "(a slot_was_set or a previous action)"
)


@dataclass(frozen=True)
class Contradiction:
    """Two or more ways to go on after the same step."""

    after: str
    choices: dict[str, list[str]]  # next action -> the stories or rules that choose it


@dataclass(frozen=True)
class IncompleteRule:
    """A rule that leaves out what other rules do after the same action."""

    rule: str
    action: str
    missing: tuple[str, ...]


class _RecordingRulePolicy(RulePolicy):
    """RulePolicy whose training-time checks also record what they find."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.found: list[Contradiction] = []
        self.incomplete: list[IncompleteRule] = []

    def _check_prediction(
        self, tracker: Any, predicted_action_name: Any, gold_action_name: Any, prediction_source: Any
    ) -> list[str]:
        messages: list[str] = super()._check_prediction(
            tracker, predicted_action_name, gold_action_name, prediction_source
        )
        if messages:
            latest = tracker.latest_action_name
            after = (
                f"the intent `{tracker.latest_message.intent.get('name')}`"
                if latest == "action_listen"
                else f"the action `{latest}`"
            )
            choices: dict[str, list[str]] = {gold_action_name: [tracker.sender_id]}
            for rule, action in self._rules_sources[prediction_source]:
                if action != gold_action_name:
                    choices.setdefault(action, []).append(rule)
            self.found.append(Contradiction(after, choices))
        return messages

    def _error_messages_from_fingerprints(
        self, action_name: str, missing_slots: set[str], active_loops: set[str], rule_name: str
    ) -> list[str]:
        messages: list[str] = RulePolicy._error_messages_from_fingerprints(
            action_name, missing_slots, active_loops, rule_name
        )
        if messages:
            missing = sorted(missing_slots) + [f"active_loop: {loop}" for loop in sorted(active_loops)]
            self.incomplete.append(IncompleteRule(rule_name, action_name, tuple(missing)))
        return messages


class DialogueCheck:
    """Finds stories and rules that contradict each other."""

    def __init__(self, project: Project, data: RasaData) -> None:
        self.project = project
        self.data = data
        self.problems: list[Problem] = []
        self.blocks: dict[str, Block] = {}
        self.reported: set[tuple[str, frozenset[tuple[str, str]]]] = set()

    def run(self) -> list[Problem]:
        """Duplicate names first (findings are reported by name), then both contradiction checks."""
        self.names()
        configure_structlog(logging.ERROR)
        found, incomplete = self.rule_contradictions()
        for contradiction in [*self.story_conflicts(), *found]:
            self.report(contradiction)
        for rule in incomplete:
            block = self.blocks.get(rule.rule)
            self.problems.append(
                Problem(
                    block.file if block else DIALOGUE_FILES[0],
                    block.line if block else 0,
                    f"rule '{rule.rule}': after `{rule.action}` other rules also set "
                    f"{', '.join(rule.missing)}, this one does not",
                    f"add the same `slot_was_set`/`active_loop` step after `{rule.action}` in this rule, "
                    "or `wait_for_user_input: false` if the rule ends there",
                )
            )
        return sorted(self.problems, key=lambda p: (p.file, p.line, p.message))

    def names(self) -> None:
        for block, _ in self.project.blocks(DIALOGUE_FILES):
            first = self.blocks.setdefault(block.name, block)
            if first is not block:
                self.problems.append(
                    Problem(
                        block.file,
                        block.line,
                        f"two stories or rules are called '{block.name}' ({first.file}:{first.line})",
                        "give each a different name: Rasa tells them apart by name",
                    )
                )

    def _trackers(self, rules_too: bool) -> list[Any]:
        generator = TrainingDataGenerator(
            self.data.stories,
            domain=self.data.domain,
            remove_duplicates=not rules_too,
            augmentation_factor=0,
        )
        return generator.generate() if rules_too else generator.generate_story_trackers()

    def story_conflicts(self) -> list[Contradiction]:
        max_history = self.data.policy("MemoizationPolicy").get("max_history")
        conflicts = find_story_conflicts(self._trackers(False), self.data.domain, max_history)
        found = []
        for conflict in conflicts:
            kind, name = _get_previous_event(conflict._sliced_states[-1])
            after = f"the {kind} `{name}`" if kind else "the start of a conversation"
            found.append(Contradiction(after, {a: list(s) for a, s in conflict._conflicting_actions.items()}))
        return found

    def rule_contradictions(self) -> tuple[list[Contradiction], list[IncompleteRule]]:
        config = {**RulePolicy.get_default_config(), **self.data.policy("RulePolicy")}
        config.pop("name", None)
        with tempfile.TemporaryDirectory() as folder:
            policy = _RecordingRulePolicy.create(
                config,
                LocalModelStorage(Path(folder)),
                Resource("content_check_rules"),
                ExecutionContext(GraphSchema({}), "content_check"),
            )
            with suppress(InvalidRule):  # every finding is in policy.found
                policy.train(self._trackers(True), self.data.domain)
        return policy.found, policy.incomplete

    def _where(self, name: str) -> str:
        block = self.blocks.get(name.split(" > ")[0])
        return f"'{name}' ({block.file}:{block.line})" if block else f"'{name}'"

    def _position(self, name: str) -> tuple[str, int]:
        block = self.blocks.get(name.split(" > ")[0])
        return (block.file, block.line) if block else ("~", 0)

    def report(self, contradiction: Contradiction) -> None:
        """One problem per disagreement, at the first story or rule involved (in file order)."""
        key = (contradiction.after, frozenset((a, n) for a, ns in contradiction.choices.items() for n in ns))
        if key in self.reported:
            return  # the same disagreement, found from the other side
        self.reported.add(key)
        choices = sorted(
            ((action, sorted(names, key=self._position)) for action, names in contradiction.choices.items()),
            key=lambda choice: self._position(choice[1][0]),
        )
        first = self.blocks.get(choices[0][1][0].split(" > ")[0])
        described = "; ".join(
            f"{', '.join(self._where(n) for n in names)} then `{action}`" for action, names in choices
        )
        self.problems.append(
            Problem(
                first.file if first else DIALOGUE_FILES[0],
                first.line if first else 0,
                f"stories and rules disagree after {contradiction.after}: {described}",
                AGREE,
            )
        )
