"""The dependency direction described in ARCHITECTURE.md, checked on the imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from core.settings import PROJECT_ROOT

PACKAGES = ("core", "actions", "components", "extensions", "scripts", "tests")
ALLOWED = {
    "core": {"core"},
    "actions": {"core", "actions"},
    "components": {"core", "components"},
    "extensions": {"core", "extensions"},
    "scripts": {"core", "actions", "components", "extensions", "scripts"},
    "tests": set(PACKAGES),
}


def project_imports(path: Path) -> set[str]:
    """The project packages a module imports."""
    return imported_top_levels(path) & set(PACKAGES)


@pytest.mark.parametrize("package", PACKAGES)
def test_each_package_imports_only_what_it_may(package: str) -> None:
    wrong = {
        str(path.relative_to(PROJECT_ROOT)): sorted(project_imports(path) - ALLOWED[package])
        for path in (PROJECT_ROOT / package).rglob("*.py")
    }
    assert {file: names for file, names in wrong.items() if names} == {}


def test_core_runs_without_rasa_so_the_action_server_image_needs_only_rasa_sdk() -> None:
    uses_rasa = [
        str(path.relative_to(PROJECT_ROOT))
        for path in (PROJECT_ROOT / "core").rglob("*.py")
        if {"rasa"} & imported_top_levels(path)
    ]
    assert uses_rasa == []


def imported_top_levels(path: Path) -> set[str]:
    """Every top-level package a module imports."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_the_checker_sees_a_forbidden_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("import os\nfrom extensions.serve import main\nfrom . import sibling\n")
    assert project_imports(module) == {"extensions"}


def test_no_visitor_sentence_is_written_in_python() -> None:
    """Wording lives in domain.yml or the fact base: no sentence-like literal in the server code."""
    sentences = []
    for package in ("core", "actions", "components", "extensions"):
        for path in (PROJECT_ROOT / package).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            docstrings = {
                id(node.body[0].value)
                for node in ast.walk(tree)
                if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
                and node.body
                and isinstance(node.body[0], ast.Expr)
                and isinstance(node.body[0].value, ast.Constant)
            }
            sentences += [
                f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}"
                for node in ast.walk(tree)
                if isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings
                and _reads_like_a_reply(node.value)
            ]
    assert sentences == []


def _reads_like_a_reply(text: str) -> bool:
    """Several words starting with a capital and ending like a sentence, addressed to someone."""
    words = text.split()
    return len(words) >= 5 and text[:1].isupper() and text.rstrip()[-1:] in ".?!" and " you" in f" {text}"
