"""The conversation tests (`rasa test` stories); `rasa data validate` runs in the content check."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from scripts.servers import rasa_env
from tests.conftest import MODEL, PROJECT_ROOT, RESULTS

RASA = str(Path(sys.executable).with_name("rasa"))


def _rasa(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [RASA, *args], cwd=PROJECT_ROOT, env=rasa_env(), capture_output=True, text=True, timeout=900
    )


@pytest.mark.model
def test_conversation_stories_pass() -> None:
    out = RESULTS / "stories"
    result = _rasa(
        "test",
        "core",
        "--model",
        str(MODEL),
        "--stories",
        "tests/test_stories.yml",
        "--fail-on-prediction-errors",
        "--out",
        str(out),
    )
    output = result.stdout + result.stderr
    failed = out / "failed_test_stories.yml"
    assert result.returncode == 0, (failed.read_text() if failed.exists() else "") + output[-3000:]
