"""The embedding classifier: it learns intents from meaning, blends with DIET, survives a reload."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.embedding_classifier import EmbeddingIntentClassifier
from core.message import MEANING_RANKING, QUESTION_MEANING_RANKING

EXAMPLES = {
    "ask_symptoms": [
        "what are the symptoms",
        "what symptoms does it cause",
        "which symptoms should i look out for",
        "tell me the symptoms",
    ],
    "ask_pronunciation": [
        "how do you say the word",
        "how is it pronounced",
        "what's the right pronunciation",
        "how do i say it out loud",
    ],
}


@pytest.fixture()
def storage(tmp_path: Path) -> LocalModelStorage:
    return LocalModelStorage(tmp_path)


def _context() -> ExecutionContext:
    return ExecutionContext(GraphSchema({}), node_name="embedding_classifier")


def _trained(storage: LocalModelStorage, weight: float = 1.0) -> EmbeddingIntentClassifier:
    classifier = EmbeddingIntentClassifier.create(
        {"weight": weight}, storage, Resource("embedding_classifier"), _context()
    )
    examples = [Message(data={TEXT: t, INTENT: i}) for i, texts in EXAMPLES.items() for t in texts]
    classifier.train(TrainingData(examples))
    return classifier


def _classify(classifier: EmbeddingIntentClassifier, text: str, diet_ranking: list | None = None) -> Message:
    message = Message(data={TEXT: text})
    if diet_ranking is not None:
        message.set(INTENT_RANKING_KEY, diet_ranking)
        message.set(INTENT, diet_ranking[0])
    classifier.process([message])
    return message


def test_an_unseen_phrasing_gets_the_intent_of_the_same_meaning(storage: LocalModelStorage) -> None:
    classifier = _trained(storage)
    assert _classify(classifier, "what signs would show up").get(INTENT)["name"] == "ask_symptoms"
    assert _classify(classifier, "how should I pronounce that").get(INTENT)["name"] == "ask_pronunciation"


def test_the_ranking_is_a_blend_of_both_classifiers(storage: LocalModelStorage) -> None:
    classifier = _trained(storage, weight=0.5)
    own = classifier.probabilities("what signs would show up")
    diet = [
        {"name": "ask_pronunciation", "confidence": 0.9},
        {"name": "ask_symptoms", "confidence": 0.1},
    ]
    ranking = _classify(classifier, "what signs would show up", diet).get(INTENT_RANKING_KEY)
    blended = {r["name"]: r["confidence"] for r in ranking}
    assert blended["ask_symptoms"] == pytest.approx(0.5 * own["ask_symptoms"] + 0.05)
    assert blended["ask_pronunciation"] == pytest.approx(0.5 * own["ask_pronunciation"] + 0.45)
    assert [r["name"] for r in ranking] == sorted(blended, key=lambda n: -blended[n])


def test_a_reloaded_classifier_gives_the_same_probabilities(storage: LocalModelStorage) -> None:
    trained = _trained(storage)
    loaded = EmbeddingIntentClassifier.load({}, storage, Resource("embedding_classifier"), _context())
    text = "is there a way to say it properly"
    assert loaded.probabilities(text) == pytest.approx(trained.probabilities(text))


def test_a_message_without_text_is_left_alone(storage: LocalModelStorage) -> None:
    message = Message(data={})
    _trained(storage).process([message])
    assert message.get(INTENT) is None


def test_its_own_readings_of_the_message_and_of_its_question_are_kept(storage: LocalModelStorage) -> None:
    classifier = _trained(storage)
    story = "my dad keeps twitching in the evenings. what symptoms should we watch for?"
    message = _classify(classifier, story, [{"name": "ask_pronunciation", "confidence": 1.0}])
    meaning = {r["name"]: r["confidence"] for r in message.get(MEANING_RANKING)}
    assert meaning == pytest.approx(classifier.probabilities(story))
    question = {r["name"]: r["confidence"] for r in message.get(QUESTION_MEANING_RANKING)}
    assert question == pytest.approx(classifier.probabilities("what symptoms should we watch for?"))
    statement = _classify(classifier, "my dad keeps twitching in the evenings")
    assert statement.get(MEANING_RANKING) and statement.get(QUESTION_MEANING_RANKING) is None
