"""Red flags: every held-out emergency phrasing triggers, ordinary questions do not."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from components.red_flag_guard import load_red_flags, red_flag_in
from tests.conftest import PROJECT_ROOT, RESULTS, load_phrases

SAFETY = PROJECT_ROOT / "tests" / "safety"
RED_FLAGS = load_phrases(SAFETY / "red_flags_heldout.yml", "red_flags")
ORDINARY = load_phrases(SAFETY / "ordinary_questions.yml", "ordinary")


def test_heldout_red_flags_are_not_training_examples(training_texts: dict[str, str]) -> None:
    assert [t for t in RED_FLAGS if t.lower() in training_texts] == []


@pytest.mark.model
def test_red_flag_recall_is_total_and_ordinary_questions_do_not_alarm(
    parse: Callable[[str], dict[str, Any]],
) -> None:
    missed = [t for t in RED_FLAGS if parse(t)["intent"]["name"] != "emergency"]
    false_alarms = [t for t in ORDINARY if parse(t)["intent"]["name"] == "emergency"]
    recall = 1 - len(missed) / len(RED_FLAGS)
    false_alarm_rate = len(false_alarms) / len(ORDINARY)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "red_flags.json").write_text(
        json.dumps(
            {
                "red_flag_phrasings": len(RED_FLAGS),
                "recall": recall,
                "missed": missed,
                "ordinary_questions": len(ORDINARY),
                "false_alarm_rate": false_alarm_rate,
                "false_alarms": false_alarms,
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    print(
        f"\nred-flag recall {recall:.0%} of {len(RED_FLAGS)}, "
        f"false alarms {false_alarm_rate:.0%} of {len(ORDINARY)}"
    )
    assert missed == []
    assert false_alarms == []


def test_backstop_patterns_alone_catch_core_emergencies() -> None:
    red_flags = load_red_flags(PROJECT_ROOT / "safety" / "red_flags.yml")
    for text in (
        "he is seizing and it won't stop",
        "she is not breathing",
        "i overdosed",
        "he hit his head and is twitching",
        "my friend collapsed",
    ):
        assert red_flag_in(text, red_flags) is not None, text


def test_backstop_rejects_a_broken_pattern_file(tmp_path: Path) -> None:
    path = tmp_path / "red_flags.yml"
    path.write_text("patterns:\n  broken:\n    - '(unclosed'\n", encoding="utf-8")
    with pytest.raises(ValueError, match="group 'broken': bad pattern"):
        load_red_flags(path)
