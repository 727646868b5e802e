"""Every fact base entry can be asked about: its intent, enough examples, a conversation test.

And the other way round: every intent the fact-answer rule answers is an entry of the fact
base; and every intent with training examples has held-out phrasings, so the accuracy figure
covers it.
"""

from __future__ import annotations

from core.fact_base import INTENT_PREFIX, FactBase
from core.yaml_source import Problem, did_you_mean, line_of
from scripts.content_check.examples import Example, block_lines, examples_per_intent, read_examples
from scripts.content_check.project import DOMAIN, FACTS, HELDOUT, NLU, RULES, TEST_STORIES, Project

MIN_EXAMPLES = 8
ANSWER_ACTION = "action_answer_fact"


class CoverageCheck:
    """Compares the fact base with the domain, the examples, the rules and the tests."""

    def __init__(
        self, project: Project, facts: FactBase, intents: list[str], examples: list[Example]
    ) -> None:
        self.project = project
        self.facts = facts
        self.intents = set(intents)
        self.counts = examples_per_intent(examples)
        self.held_out = examples_per_intent(read_examples(project, HELDOUT)[0])
        self.problems: list[Problem] = []

    def run(self) -> list[Problem]:
        """Check each entry, then the fact-answer rules."""
        entry_lines = {
            str(node.get("id")): line_of(node, "id")
            for node in self.project.sequence(FACTS, "entries")
            if isinstance(node, dict)
        }
        blocks = block_lines(self.project)
        tested = {s.value for s in self.project.steps((TEST_STORIES,)) if s.kind == "intent"}
        for entry in self.facts.entries.values():
            where = f"entry '{entry.id}' ({FACTS}:{entry_lines.get(entry.id, 0)})"
            if entry.intent not in self.intents:
                self.add(
                    DOMAIN,
                    line_of(self.project.tree(DOMAIN), "intents"),
                    f"{where} has no intent `{entry.intent}` in domain.yml",
                    f"add `  - {entry.intent}` under `intents:` in domain.yml",
                )
            if self.counts[entry.intent] < MIN_EXAMPLES:
                self.add(
                    NLU,
                    blocks.get(entry.intent) or line_of(self.project.tree(NLU), "nlu"),
                    f"intent `{entry.intent}` has {self.counts[entry.intent]} training examples "
                    f"(at least {MIN_EXAMPLES} needed)",
                    f"add varied examples under `- intent: {entry.intent}` in data/nlu.yml",
                )
            if entry.intent not in tested:
                self.add(
                    TEST_STORIES,
                    line_of(self.project.tree(TEST_STORIES), "stories"),
                    f"{where} has no conversation test",
                    f"add a story with `intent: {entry.intent}` to {TEST_STORIES}",
                )
        self.answered_intents_are_entries()
        self.every_intent_is_held_out()
        return self.problems

    def add(self, file: str, line: int, message: str, fix: str) -> None:
        self.problems.append(Problem(file, line, message, fix))

    def every_intent_is_held_out(self) -> None:
        """The held-out accuracy test needs phrasings of every intent that has examples."""
        blocks = block_lines(self.project)
        for intent in sorted({i for i, n in self.counts.items() if n} - set(self.held_out)):
            self.add(
                HELDOUT,
                line_of(self.project.tree(HELDOUT), "nlu"),
                f"intent `{intent}` (data/nlu.yml:{blocks.get(intent, 0)}) has no held-out test phrasings",
                f"add two or three new phrasings (not in data/nlu.yml) under `- intent: {intent}` in "
                f"{HELDOUT}",
            )

    def answered_intents_are_entries(self) -> None:
        """An intent answered by action_answer_fact must be `ask_<id>` of an entry."""
        intents = {e.intent for e in self.facts.entries.values()}
        steps = list(self.project.steps((RULES,)))
        answering = {s.block for s in steps if s.kind == "action" and s.value == ANSWER_ACTION}
        for step in steps:
            if (
                step.kind == "intent"
                and step.block in answering
                and step.value.startswith(INTENT_PREFIX)
                and step.value not in intents
            ):
                self.add(
                    RULES,
                    step.line,
                    f"'{step.block}' answers `{step.value}` from the fact base, but no entry has the id "
                    f"`{step.value[len(INTENT_PREFIX) :]}`",
                    did_you_mean(step.value, sorted(intents))
                    or f"add the entry to {FACTS}, or remove it here",
                )
