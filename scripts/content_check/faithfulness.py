"""What the assistant says keeps to the article (the rules are in core/claims.py).

- Fact base answers (and aspect answers): in our own words.
- Fact base answers and titles, domain responses and their buttons, and `bot:` lines of
  stories: no number, dose or uncovered subject the article does not give.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from core.claims import Article
from core.yaml_source import Problem, line_of
from scripts.content_check.project import DOMAIN, FACTS, Project

OWN_WORDS = "say it in your own words: at most 7 words in a row may match the article"
FROM_THE_ARTICLE = "remove it: every number, dose and medicine name must come from the article"


class FaithfulnessCheck:
    """Applies the article's rules to everything the assistant says."""

    def __init__(self, project: Project, article: Article, uncovered: Iterable[str] = ()) -> None:
        """`uncovered`: the fact base's `not_covered` names (subjects no reply may mention)."""
        self.project = project
        self.article = article
        self.uncovered = tuple(uncovered)
        self.problems: list[Problem] = []

    def run(self) -> list[Problem]:
        """Fact base answers, domain responses, and bot lines of stories."""
        self.fact_answers()
        self.responses()
        for step in self.project.steps():
            if step.kind == "bot":
                self._unsupported(step.file, step.line, f"the bot line of '{step.block}'", step.value)
        return self.problems

    def _unsupported(self, file: str, line: int, what: str, text: str) -> None:
        for mention in self.article.unsupported(text, self.uncovered):
            message = f"{what} mentions '{mention}', which the article does not give"
            self.problems.append(Problem(file, line, message, FROM_THE_ARTICLE))

    def fact_answers(self) -> None:
        entries = [e for e in self.project.sequence(FACTS, "entries") if isinstance(e, dict)]
        names = [str(n) for e in entries for n in [*(e.get("names") or []), e.get("title", "")]]
        for entry in entries:
            texts: list[tuple[str, Any, str]] = [("answer", entry, "answer"), ("title", entry, "title")]
            aspects = entry.get("aspects")
            if isinstance(aspects, dict):
                texts += [(f"`{key}` answer", aspects, key) for key in aspects]
            for label, node, key in texts:
                text = node.get(key)
                if not isinstance(text, str):
                    continue
                what, line = f"entry '{entry.get('id')}': the {label}", line_of(node, key)
                copied = self.article.copied_run(text, names) if label != "title" else None
                if copied:
                    message = f'{what} copies the article word for word: "{copied}"'
                    self.problems.append(Problem(FACTS, line, message, OWN_WORDS))
                self._unsupported(FACTS, line, what, text)

    def responses(self) -> None:
        for name, variations in self.project.mapping(DOMAIN, "responses").items():
            for variation in variations if isinstance(variations, list) else []:
                if not isinstance(variation, dict):
                    continue
                text = variation.get("text")
                if isinstance(text, str):
                    self._unsupported(DOMAIN, line_of(variation, "text"), f"response `{name}`", text)
                buttons = variation.get("buttons")
                for index, button in enumerate(buttons if isinstance(buttons, list) else []):
                    title = button.get("title") if isinstance(button, dict) else None
                    if isinstance(title, str):
                        self._unsupported(DOMAIN, line_of(buttons, index), f"a button of `{name}`", title)
