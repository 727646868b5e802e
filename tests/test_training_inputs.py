"""The training fingerprint (scripts/lib.sh, scripts/training_inputs.py) covers what the model depends on."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from core.settings import PROJECT_ROOT
from scripts.training_inputs import INPUTS, core_modules, training_files


def test_the_components_core_modules_are_inputs_and_the_rest_of_core_is_not() -> None:
    core = {str(path.relative_to(PROJECT_ROOT)) for path in core_modules()}
    assert {"core/fact_base.py", "core/emergency.py", "core/yaml_source.py", "core/settings.py"} <= core
    files = training_files()
    assert core <= set(files)
    assert "core/answers.py" not in files and "core/wording.py" not in files
    assert {"config.yml", "domain.yml", "data/nlu.yml", "components/fact_names.py"} <= set(files)


def test_imports_are_followed_through_core(tmp_path: Path) -> None:
    (tmp_path / "components").mkdir()
    (tmp_path / "core" / "sub").mkdir(parents=True)
    (tmp_path / "components" / "tagger.py").write_text("import os\nfrom core import words\n")
    (tmp_path / "core" / "__init__.py").write_text("")
    (tmp_path / "core" / "words.py").write_text("from .sub.deep import x\n")
    (tmp_path / "core" / "sub" / "__init__.py").write_text("")
    (tmp_path / "core" / "sub" / "deep.py").write_text("import core.settings\n")
    (tmp_path / "core" / "settings.py").write_text("")
    (tmp_path / "core" / "unused.py").write_text("import core.words\n")
    found = {str(path.relative_to(tmp_path)) for path in core_modules(tmp_path)}
    assert found == {
        "core/__init__.py",
        "core/words.py",
        "core/sub/__init__.py",
        "core/sub/deep.py",
        "core/settings.py",
    }


def fingerprint(root: Path) -> str:
    """scripts/lib.sh's training_fingerprint, run in a copy of the project at `root`."""
    result = subprocess.run(
        ["bash", "-c", "source scripts/lib.sh && training_fingerprint"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_the_fingerprint_changes_with_a_training_input_only(tmp_path: Path) -> None:
    for name in (*INPUTS, "core"):
        source = PROJECT_ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / name)
    (tmp_path / "scripts").mkdir()
    for name in ("__init__.py", "lib.sh", "training_inputs.py"):
        shutil.copy(PROJECT_ROOT / "scripts" / name, tmp_path / "scripts" / name)
    (tmp_path / ".venv").symlink_to(PROJECT_ROOT / ".venv")

    first = fingerprint(tmp_path)
    assert len(first) == 64
    with (tmp_path / "core" / "answers.py").open("a") as answers:
        answers.write("# not a training input\n")
    assert fingerprint(tmp_path) == first
    with (tmp_path / "core" / "yaml_source.py").open("a") as imported:
        imported.write("# read by the components, through core/fact_base.py\n")
    assert fingerprint(tmp_path) != first
