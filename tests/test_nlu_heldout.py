"""Intent accuracy on held-out phrasings that are not in the training data."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from rasa.shared.utils.io import read_yaml_file

from tests.conftest import PROJECT_ROOT, RESULTS, load_examples

HELDOUT = PROJECT_ROOT / "tests" / "nlu" / "heldout.yml"
MIN_ACCURACY = 0.90


def test_heldout_examples_are_not_in_the_training_data(training_texts: dict[str, str]) -> None:
    overlap = [text for text, _ in load_examples(HELDOUT) if text.lower() in training_texts]
    assert overlap == []


def test_heldout_covers_every_intent(training_texts: dict[str, str]) -> None:
    assert {intent for _, intent in load_examples(HELDOUT)} == set(training_texts.values())


@pytest.mark.model
def test_heldout_intent_accuracy(parse: Callable[[str], dict[str, Any]]) -> None:
    examples = load_examples(HELDOUT)
    errors = []
    for text, expected in examples:
        predicted = parse(text)["intent"]["name"]
        if predicted != expected:
            errors.append({"text": text, "expected": expected, "predicted": predicted})
    accuracy = 1 - len(errors) / len(examples)
    RESULTS.mkdir(exist_ok=True)
    report = {
        "examples": len(examples),
        "intent_accuracy": round(accuracy, 4),
        "errors": errors,
        "confused_pairs": Counter(f"{e['expected']} -> {e['predicted']}" for e in errors).most_common(10),
    }
    (RESULTS / "nlu_heldout.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\nheld-out intent accuracy: {accuracy:.1%} on {len(examples)} examples")
    assert accuracy >= MIN_ACCURACY, f"accuracy {accuracy:.1%} < {MIN_ACCURACY:.0%}; errors: {errors}"


@pytest.mark.model
def test_names_from_the_fact_base_become_entities(parse: Callable[[str], dict[str, Any]]) -> None:
    entities = parse("Can palatal tremor be treated?")["entities"]
    found = {(e["entity"], e["value"]) for e in entities}
    assert ("topic", "palatal_myoclonus") in found
    assert ("aspect", "treatment") in found


@pytest.mark.model
def test_a_name_only_in_the_fact_base_still_finds_its_intent(parse: Callable[[str], dict[str, Any]]) -> None:
    # "thumping" and "tensor tympani" appear together in no training example
    assert parse("tensor tympani thumping")["intent"]["name"] == "ask_middle_ear_myoclonus"


def test_end_to_end_questions_are_not_in_the_training_data(training_texts: dict[str, str]) -> None:
    questions = read_yaml_file(PROJECT_ROOT / "tests" / "e2e" / "questions.yml")["questions"]
    asked = [turn for q in questions for turn in (q.get("conversation") or [q["ask"]])]
    assert [t for t in asked if t.lower() in training_texts] == []
