"""Rasa's own checks: data validation and the conversation tests (`rasa test` stories)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MODEL, PROJECT_ROOT, RESULTS

RASA = str(Path(sys.executable).with_name("rasa"))
# Utterances Rasa's validator cannot see in use: form questions (utter_ask_<slot>) and
# responses sent by custom actions.
USED_OUTSIDE_STORIES = ("utter_ask_", "utter_intro", "utter_please_rephrase")


def _rasa(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3"}
    return subprocess.run(
        [RASA, *args], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=900
    )


def test_rasa_data_validate_is_clean() -> None:
    result = _rasa("data", "validate")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    warnings = [
        line
        for line in output.splitlines()
        if "UserWarning" in line and not any(f"'{u}" in line for u in USED_OUTSIDE_STORIES)
    ]
    assert warnings == []


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
