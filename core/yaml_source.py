"""Read the project's YAML files with line numbers, and say what is wrong in plain words.

Every file an editor touches (fact base, domain, training data, tests) is read here with
ruamel's round-trip loader, so each value keeps its line. A file YAML cannot read becomes a
`Problem` that names the line and says what to do, without the parser's jargon.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError


@dataclass(frozen=True)
class Problem:
    """Something wrong in a file: where it is, what it is, and what to do about it."""

    file: str
    line: int
    message: str
    fix: str = ""

    def __str__(self) -> str:
        text = f"{self.file}:{self.line}: {self.message}"
        return f"{text}\n    -> {self.fix}" if self.fix else text


class ContentError(ValueError):
    """A file cannot be used; `problems` lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(f"  {p}" for p in problems))


def display_path(path: Path, root: Path) -> str:
    """The path as an editor knows it: relative to the project folder when inside it."""
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


def read_yaml(path: Path, display: str) -> Any:
    """The file's YAML tree (mappings and lists keep their lines); ContentError if unreadable."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(
            [Problem(display, 0, "file not found", f"create {display} or restore it")]
        ) from None
    try:
        return YAML(typ="rt").load(text)
    except YAMLError as error:
        raise ContentError([syntax_problem(display, error)]) from None


def line_of(node: Any, key: Any = None) -> int:
    """1-based line of `key` in a mapping (or of item `key` in a list, or of the node itself)."""
    lc = getattr(node, "lc", None)
    if lc is None:
        return 0
    if key is not None:
        try:
            return int(lc.key(key)[0] if isinstance(node, dict) else lc.item(key)[0]) + 1
        except (KeyError, IndexError, TypeError):
            pass
    return int(lc.line) + 1


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean `x`?)' for the closest choice, or '' when nothing is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else ""


def closest(word: str, choices: Iterable[str], count: int = 3) -> list[str]:
    """Up to `count` choices that look like `word`, best first."""
    return difflib.get_close_matches(word, list(choices), n=count, cutoff=0.5)


# ------------------------------------------------------------------ YAML errors in plain words

_QUOTE_IT = "put the whole text in double quotes"


def _plain(error: YAMLError) -> tuple[str, str]:
    """(what is wrong, what to do) for a YAML error, in an editor's words."""
    problem = str(getattr(error, "problem", "") or "")
    context = getattr(error, "context_mark", None)
    opened = f" (opened on line {context.line + 1})" if context is not None else ""
    if "duplicate key" in problem:
        key = problem.split('"')[1] if '"' in problem else "a field"
        return f"`{key}` appears twice in the same block", "keep one of them (merge what they say)"
    if "'\\t'" in problem:
        return "this line contains a tab character", "indent with spaces only"
    if "mapping values are not allowed" in problem:
        return (
            "there is a colon (:) where YAML does not expect one",
            f"if this is text that contains ': ', {_QUOTE_IT}; otherwise indent this line exactly "
            "like the line above it",
        )
    if "cannot start any token" in problem:
        char = problem.split("'")[1] if "'" in problem else "this character"
        return f"a value cannot start with {char}", _QUOTE_IT
    if "undefined alias" in problem:
        return "a value starts with *, which YAML reads as a reference", _QUOTE_IT
    if "',' or ']'" in problem or "',' or '}'" in problem:
        bracket = "]" if "]" in problem else "}"
        return f"a list in brackets is not closed{opened}", f"add the missing `{bracket}`"
    if "end of stream" in problem and "quoted" in str(getattr(error, "context", "")):
        return f"a quoted text is never closed{opened}", "add the closing quote"
    if "<scalar>" in problem:
        return "there is more text after a value that is already complete", (
            f'{_QUOTE_IT} (write a quote inside it as \\")'
        )
    if "expected <block end>" in problem or "expected <block mapping" in problem:
        return (
            "this line is not indented like the lines above it",
            "indent it with the same number of spaces as the other fields of the same item",
        )
    return (
        "YAML cannot read this line",
        f"check the indentation (spaces only, like the lines around it); if a text contains ': ' "
        f"or ' #' or starts with a special character, {_QUOTE_IT}",
    )


def syntax_problem(display: str, error: YAMLError) -> Problem:
    """A YAML syntax error as a Problem at the line where the reading stopped."""
    mark = error.problem_mark if isinstance(error, MarkedYAMLError) else None
    message, fix = _plain(error)
    return Problem(display, mark.line + 1 if mark is not None else 0, message, fix)
