"""The files a trained model depends on, for the training fingerprint of scripts/lib.sh.

`python -m scripts.training_inputs` prints them, relative and sorted, each followed by a NUL:
the training data and config, the custom NLU components, and the core/ modules those
components import, directly or through other core/ modules. A change to any other core/
module (answers.py, wording.py, ...) does not retrain the model.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from core.settings import PROJECT_ROOT

INPUTS = (
    "config.yml",
    "domain.yml",
    "data",
    "facts",
    "safety",
    "components",
    "requirements.lock",
    "requirements-model.txt",
)
SUFFIXES = {".yml", ".py", ".lock", ".txt"}


def imported_modules(path: Path, package: str) -> set[str]:
    """Dotted names a module in `package` imports (`from a import b` gives a and a.b)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            parent = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            base = ".".join(part for part in [*parent, node.module or ""] if part)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def source_of(name: str, root: Path) -> Path | None:
    """The file of a project module or package named `name`, if there is one."""
    module = root.joinpath(*name.split("."))
    for path in (module.with_suffix(".py"), module / "__init__.py"):
        if path.is_file():
            return path
    return None


def core_modules(root: Path = PROJECT_ROOT) -> list[Path]:
    """The core/ files (packages included) that components/ imports, directly or through one another."""
    todo = sorted((root / "components").rglob("*.py"))
    seen: set[Path] = set()
    while todo:
        path = todo.pop()
        package = ".".join(path.relative_to(root).parent.parts)
        for name in imported_modules(path, package):
            parts = name.split(".")
            if parts[0] != "core":
                continue
            for source in (source_of(".".join(parts[:n]), root) for n in range(1, len(parts) + 1)):
                if source is not None and source not in seen:
                    seen.add(source)
                    todo.append(source)
    return sorted(seen)


def training_files(root: Path = PROJECT_ROOT) -> list[str]:
    """Every file a trained model depends on, relative to `root`, sorted."""
    files = set(core_modules(root))
    for name in INPUTS:
        path = root / name
        files.update(path.rglob("*") if path.is_dir() else [path])
    return sorted(str(p.relative_to(root)) for p in files if p.is_file() and p.suffix in SUFFIXES)


if __name__ == "__main__":
    sys.stdout.write("".join(f"{name}\0" for name in training_files()))
