"""Content check for editors: every mistake with its file, its line and what to do.

    scripts/check-content          the fast check (seconds, no trained model)
    scripts/check-content --slow   also what needs the trained model (trains it first if needed)

Fast: YAML that cannot be read, unknown fields, fact base ids and links, intents, actions,
slots and responses used but not declared (or declared but not used), examples under two
intents or also held out, names typed outside the fact base, answers that copy the article
or give a number, dose or medicine the article does not, and stories and rules that
contradict each other (Rasa's own checks, run in process). Slow: what the trained model
makes of the conversation tests and of each training example. Exits 1 when anything is wrong.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from core.claims import ARTICLE, Article
from core.fact_base import FactBase, FactBaseError, load_fact_base
from core.settings import MODEL_PATH, PROJECT_ROOT
from core.yaml_source import Problem
from scripts.content_check import rasa_data
from scripts.content_check.coverage import CoverageCheck
from scripts.content_check.declarations import DeclarationCheck
from scripts.content_check.examples import ExampleCheck
from scripts.content_check.faithfulness import FaithfulnessCheck
from scripts.content_check.fields import FieldCheck
from scripts.content_check.project import (
    CONFIG,
    DOMAIN,
    FACTS,
    NLU,
    RULES,
    STORIES,
    Project,
    code_strings,
    implemented_actions,
)
from scripts.quiet import quiet_rasa


@dataclass
class ContentCheck:
    """All the checks, over one project folder."""

    root: Path = PROJECT_ROOT
    article: Path = ARTICLE
    notes: list[str] = field(default_factory=list)

    def run(self, slow: bool = False, model: Path = MODEL_PATH) -> list[Problem]:
        """Run the checks; return the problems, by file and line."""
        project = Project.read(self.root)
        problems = [*project.problems, *FieldCheck(project).run()]
        facts = self.fact_base(problems)
        examples = ExampleCheck(project)
        problems += examples.run()
        article = Article.load(self.article)
        if article is None:
            self.notes.append(f"{self.article} is not there: the copy and number checks were skipped")
        else:
            uncovered = facts.not_covered if facts else ()
            problems += FaithfulnessCheck(project, article, uncovered).run()
        if any(p.file in (CONFIG, DOMAIN, NLU, RULES, STORIES) for p in problems):
            self.notes.append("fix the problems above first: Rasa's checks run once Rasa can read every file")
            return sorted(set(problems), key=_order)
        with quiet_rasa():
            problems += self.rasa_checks(project, facts, examples, slow, model)
        return sorted(set(problems), key=_order)

    def rasa_checks(
        self, project: Project, facts: FactBase | None, examples: ExampleCheck, slow: bool, model: Path
    ) -> list[Problem]:
        """The checks that need Rasa's view of the project (and, when slow, TensorFlow)."""
        data, problems = rasa_data.load(project)
        if data is None:
            return problems
        fallback = data.policy("RulePolicy").get("core_fallback_action_name")
        problems += DeclarationCheck(
            project,
            data.domain,
            code_strings(self.root),
            implemented_actions(self.root),
            config_actions=[fallback] if fallback else [],
            fact_intents={e.intent for e in facts.entries.values()} if facts else set(),
        ).run()
        if facts is not None:
            problems += CoverageCheck(project, facts, data.domain.intents, examples.examples).run()
        if slow:
            from scripts.content_check.dialogue import DialogueCheck  # these load TensorFlow
            from scripts.content_check.with_model import ModelCheck

            problems += DialogueCheck(project, data).run()
            problems += ModelCheck(project, model).run()
        return problems

    def fact_base(self, problems: list[Problem]) -> FactBase | None:
        try:
            return load_fact_base(self.root / FACTS, self.root)
        except FactBaseError as error:
            problems += error.problems
            return None


def _order(problem: Problem) -> tuple[str, int, str]:
    return problem.file, problem.line, problem.message


def main(argv: list[str] | None = None) -> int:
    """Run the check on the project (or --root), print the problems and the time taken."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--root", type=Path, default=PROJECT_ROOT, help="project folder (default: this one)")
    parser.add_argument("--slow", action="store_true", help="also run the checks that need the trained model")
    parser.add_argument("--model", type=Path, default=MODEL_PATH, help="trained model for --slow")
    args = parser.parse_args(argv)
    started = time.monotonic()
    check = ContentCheck(args.root.resolve())
    problems = check.run(slow=args.slow, model=args.model)
    for problem in problems:
        print(problem)
    for note in check.notes:
        print(f"note: {note}")
    seconds = f"{time.monotonic() - started:.1f} s"
    print(
        f"{len(problems)} problem(s) found ({seconds})." if problems else f"Content check passed ({seconds})."
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
