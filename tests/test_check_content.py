"""The content check catches each kind of mistake an editor can make, with file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scripts.check_content import ContentCheck, main
from tests.conftest import PROJECT_ROOT

COPIED = ["facts", "data", "domain.yml", "config.yml", "tests/test_stories.yml", "actions", "extensions"]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project's content that a test may break."""
    for name in COPIED:
        source, target = PROJECT_ROOT / name, tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, target)
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found in {path}: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(project: Path) -> list[str]:
    return [str(p) for p in ContentCheck(project).run(with_rasa=False)]


def test_the_project_itself_passes_including_rasa_validate() -> None:
    assert [str(p) for p in ContentCheck(PROJECT_ROOT).run(with_rasa=True)] == []


def test_unchanged_copy_passes(project: Path) -> None:
    assert problems(project) == []


def test_fact_base_schema_error(project: Path) -> None:
    edit(
        project / "facts/myoclonus.yml", "  - id: hiccups\n    kind: type", "  - id: hiccups\n    kind: tipe"
    )
    [found] = problems(project)
    assert found.startswith("facts/myoclonus.yml:")
    assert "entry 'hiccups', field 'kind'" in found and "-> fix the fact base entry" in found


def test_name_claimed_by_two_entries(project: Path) -> None:
    edit(project / "facts/myoclonus.yml", "names: [hiccups, hiccup,", "names: [hypnic jerk, hiccups, hiccup,")
    assert any(
        "entry 'sleep_myoclonus', field 'names'" in p
        and "'hypnic jerk' is already a name of entry 'hiccups'" in p
        for p in problems(project)
    )


def test_new_entry_without_intent_examples_or_test(project: Path) -> None:
    edit(
        project / "facts/myoclonus.yml",
        "  - id: hiccups\n",
        (
            "  - id: spinal_myoclonus\n    kind: type\n    title: Spinal myoclonus\n    names: [spinal myoclonus]\n"
            "    section: Overview\n    answer: A test entry.\n\n  - id: hiccups\n"
        ),
    )
    found = problems(project)
    assert any(
        p.startswith("domain.yml:1: entry 'spinal_myoclonus' has no intent 'ask_spinal_myoclonus'")
        for p in found
    )
    assert any(
        "intent 'ask_spinal_myoclonus' has 0 training examples (at least 8 needed)" in p for p in found
    )
    assert any(
        p.startswith("tests/test_stories.yml:1: entry 'spinal_myoclonus'") and "no conversation test" in p
        for p in found
    )


def test_intent_used_by_no_rule_or_story(project: Path) -> None:
    edit(project / "data/rules.yml", "      - intent: ask_hiccups\n", "")
    [found] = problems(project)
    assert found.startswith("domain.yml:") and "intent 'ask_hiccups' is used by no rule or story" in found


def test_example_duplicated_across_intents(project: Path) -> None:
    edit(
        project / "data/nlu.yml",
        "    - are hiccups normal\n",
        "    - are hiccups normal\n    - what is asterixis\n",
    )
    [found] = problems(project)
    assert found.startswith("data/nlu.yml:")
    assert "example 'what is asterixis' is in 'ask_negative_myoclonus' and in 'ask_hiccups'" in found


def test_synonym_typed_in_training_data(project: Path) -> None:
    with (project / "data/nlu.yml").open("a", encoding="utf-8") as handle:
        handle.write("\n- synonym: sleep_myoclonus\n  examples: |\n    - night jerks\n")
    [found] = problems(project)
    assert "synonym 'sleep_myoclonus' in the training data" in found
    assert "names and synonyms live only in facts/myoclonus.yml" in found


def test_rasa_validate_problems_are_reported(project: Path) -> None:
    edit(project / "data/rules.yml", "    - action: utter_goodbye\n", "    - action: utter_good_bye\n")
    found = [str(p) for p in ContentCheck(project).run(with_rasa=True)]
    assert any("rasa data validate" in p and "utter_good_bye" in p for p in found)


def test_command_exits_non_zero_on_problems(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(
        project / "data/nlu.yml",
        "    - are hiccups normal\n",
        "    - are hiccups normal\n    - are hiccups normal\n",
    )
    assert main(["--root", str(project), "--skip-rasa"]) == 1
    assert "1 problem(s) found." in capsys.readouterr().out
