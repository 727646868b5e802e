"""Fast content check for editors: finds what an edit can break, in seconds, no training.

Run it as `scripts/check-content`. Each problem names the file and line and says what to
do; the command exits 1 when there is any problem.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML

from core.fact_base import FactBase, FactBaseError, load_fact_base
from core.settings import PROJECT_ROOT
from scripts.servers import rasa_env

MIN_EXAMPLES = 8
BLOCK_START = re.compile(r"^- (intent|synonym|lookup|regex):\s*(\S+)")
EXAMPLE_LINE = re.compile(r"^\s+- (.+?)\s*$")
RESPONSE_IN_CODE = re.compile(r"""["'](utter_\w+)["']""")


@dataclass(frozen=True)
class Problem:
    """A problem, where it is, and what to do about it."""

    file: str
    line: int
    message: str
    fix: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}\n    -> {self.fix}"


@dataclass(frozen=True)
class Example:
    """One training example and where it is."""

    intent: str
    text: str
    line: int


def _rel(root: Path, path: Path) -> str:
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


def read_examples(path: Path) -> tuple[list[Example], list[tuple[str, str, int]]]:
    """Intent examples, and (kind, name, line) of synonym/lookup/regex blocks, from an NLU file."""
    examples: list[Example] = []
    other_blocks: list[tuple[str, str, int]] = []
    kind: str | None = None
    name = ""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        start = BLOCK_START.match(line)
        if start:
            kind, name = start.groups()
            if kind != "intent":
                other_blocks.append((kind, name, number))
            continue
        example = EXAMPLE_LINE.match(line)
        if kind == "intent" and example and not line.lstrip().startswith("- intent"):
            examples.append(Example(name, example.group(1), number))
    return examples, other_blocks


def _yaml(path: Path) -> object:
    return YAML(typ="rt").load(path.read_text(encoding="utf-8"))


def _line_of_text(path: Path, text: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text in line:
            return number
    return 1


def _intents_in_steps(node: object) -> Iterator[str]:
    """Every intent named in story or rule steps, `or` blocks included."""
    if isinstance(node, dict):
        if isinstance(node.get("intent"), str):
            yield node["intent"]
        for value in node.values():
            yield from _intents_in_steps(value)
    elif isinstance(node, list):
        for item in node:
            yield from _intents_in_steps(item)


def intents_used(paths: list[Path]) -> set[str]:
    """Intents that appear in the rules, stories or test stories of the given files."""
    used: set[str] = set()
    for path in paths:
        if path.is_file():
            used.update(_intents_in_steps(_yaml(path)))
    return used


def responses_sent_by_code(root: Path) -> set[str]:
    """Responses the custom actions and server extensions send (Rasa's validator cannot see these)."""
    code = [f for folder in ("actions", "core", "extensions") for f in (root / folder).glob("*.py")]
    return {m for f in code for m in RESPONSE_IN_CODE.findall(f.read_text(encoding="utf-8"))}


class ContentCheck:
    """All the checks, over one project folder."""

    def __init__(self, root: Path = PROJECT_ROOT) -> None:
        self.root = root
        self.facts_file = root / "facts" / "myoclonus.yml"
        self.nlu_file = root / "data" / "nlu.yml"
        self.domain_file = root / "domain.yml"
        self.dialogue_files = [root / "data" / "rules.yml", root / "data" / "stories.yml"]
        self.test_stories = root / "tests" / "test_stories.yml"
        self.problems: list[Problem] = []

    def add(self, path: Path, line: int, message: str, fix: str) -> None:
        self.problems.append(Problem(_rel(self.root, path), line, message, fix))

    def run(self, with_rasa: bool = True) -> list[Problem]:
        """Run every check; return the problems found."""
        facts = self.check_fact_base()
        examples, other_blocks = read_examples(self.nlu_file)
        domain_intents = self.domain_intents()
        if facts is not None:
            self.check_entries_have_intents(facts, domain_intents, examples)
        self.check_intents_are_used(domain_intents)
        self.check_duplicate_examples(examples)
        self.check_names_typed_once(other_blocks)
        if with_rasa:
            self.check_rasa_validate()
        return self.problems

    def check_fact_base(self) -> FactBase | None:
        try:
            return load_fact_base(self.facts_file)
        except FactBaseError as error:
            for p in error.problems:
                self.add(
                    self.root / p.file,
                    p.line,
                    f"{p.where}: {p.message}",
                    "fix the fact base entry (see docs/content-guide.md, 'The fact base')",
                )
            return None

    def domain_intents(self) -> list[str]:
        domain = _yaml(self.domain_file)
        intents = domain.get("intents", []) if isinstance(domain, dict) else []
        return [i if isinstance(i, str) else next(iter(i)) for i in intents]

    def check_entries_have_intents(
        self, facts: FactBase, domain_intents: list[str], examples: list[Example]
    ) -> None:
        counts: dict[str, int] = defaultdict(int)
        for example in examples:
            counts[example.intent] += 1
        tested = intents_used([self.test_stories])
        for entry in facts.entries.values():
            line = _line_of_text(self.facts_file, f"id: {entry.id}")
            if entry.intent not in domain_intents:
                self.add(
                    self.domain_file,
                    1,
                    f"entry '{entry.id}' has no intent '{entry.intent}'",
                    f"add '  - {entry.intent}' under 'intents:' in domain.yml",
                )
            if counts[entry.intent] < MIN_EXAMPLES:
                self.add(
                    self.nlu_file,
                    1,
                    f"intent '{entry.intent}' has {counts[entry.intent]} training examples (at least "
                    f"{MIN_EXAMPLES} needed)",
                    f"add varied examples under '- intent: {entry.intent}' in data/nlu.yml",
                )
            if entry.intent not in tested:
                self.add(
                    self.test_stories,
                    1,
                    f"entry '{entry.id}' (facts/myoclonus.yml:{line}) has no conversation test",
                    f"add a story with 'intent: {entry.intent}' to tests/test_stories.yml",
                )

    def check_intents_are_used(self, domain_intents: list[str]) -> None:
        used = intents_used(self.dialogue_files)
        for intent in domain_intents:
            if intent not in used:
                self.add(
                    self.domain_file,
                    _line_of_text(self.domain_file, f"- {intent}"),
                    f"intent '{intent}' is used by no rule or story, so the assistant won't react to it",
                    "add it to a rule in data/rules.yml (fact intents: the 'or' list of the answer rules)",
                )

    def check_duplicate_examples(self, examples: list[Example]) -> None:
        first: dict[str, Example] = {}
        for example in examples:
            key = " ".join(example.text.lower().split())
            seen = first.setdefault(key, example)
            if seen is not example:
                where = "twice in" if seen.intent == example.intent else f"in '{seen.intent}' and in"
                self.add(
                    self.nlu_file,
                    example.line,
                    f"example '{example.text}' is {where} '{example.intent}' (first on line {seen.line})",
                    "keep it once, under the intent it really means",
                )

    def check_names_typed_once(self, other_blocks: list[tuple[str, str, int]]) -> None:
        for kind, name, line in other_blocks:
            if kind in ("synonym", "lookup"):
                self.add(
                    self.nlu_file,
                    line,
                    f"{kind} '{name}' in the training data",
                    "names and synonyms live only in facts/myoclonus.yml ('names:' of the entry)",
                )
        text = self.nlu_file.read_text(encoding="utf-8")
        for number, text_line in enumerate(text.splitlines(), start=1):
            if re.search(r"\]\((topic|aspect)(:[^)]*)?\)|\"entity\":\s*\"(topic|aspect)\"", text_line):
                self.add(
                    self.nlu_file,
                    number,
                    "an example annotates a topic/aspect entity by hand",
                    "remove the annotation: facts/myoclonus.yml names are tagged automatically",
                )

    def check_rasa_validate(self) -> None:
        rasa = Path(sys.executable).with_name("rasa")
        result = subprocess.run(
            [str(rasa), "data", "validate"],
            cwd=self.root,
            capture_output=True,
            text=True,
            env=rasa_env(),
        )
        ignorable = responses_sent_by_code(self.root)
        for line in (result.stdout + result.stderr).splitlines():
            match = re.search(r"UserWarning: (.*)", line) or re.search(r"ERROR\s+\S+\s+-\s+(.*)", line)
            if not match:
                continue
            message = match.group(1)
            utter = re.search(r"utterance '(utter_\w+)' is not used", message)
            if utter and (utter.group(1).startswith("utter_ask_") or utter.group(1) in ignorable):
                continue
            self.add(
                self.root / "data", 1, f"rasa data validate: {message}", "see the message; rerun to confirm"
            )
        if result.returncode != 0 and not self.problems:
            self.add(
                self.root / "data",
                1,
                "rasa data validate failed",
                result.stdout[-500:] + result.stderr[-500:],
            )


def main(argv: list[str] | None = None) -> int:
    """Run the check on the project (or --root) and print the problems."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--root", type=Path, default=PROJECT_ROOT, help="project folder")
    parser.add_argument("--skip-rasa", action="store_true", help="skip `rasa data validate` (faster)")
    args = parser.parse_args(argv)
    problems = ContentCheck(args.root.resolve()).run(with_rasa=not args.skip_rasa)
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s) found." if problems else "Content check passed: no problems found.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
