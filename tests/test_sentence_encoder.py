"""The NumPy sentence encoder gives what sentence-transformers gives for all-MiniLM-L6-v2.

The reference numbers were computed once with sentence-transformers' own stack (PyTorch and
Hugging Face transformers, mean pooling, unit length) on the same model files.
"""

from __future__ import annotations

import numpy as np
import pytest

from components.sentence_encoder import MAX_TOKENS, default_encoder

SENTENCES = [
    "my arm jerks every evening",
    "what are the symptoms of myoclonus",
    "how do u pronounce myoclonus, i keep saying it wrong at appointments",
    "Café déjà vu!! twitchy—eye?",
]
# The first six numbers of the reference embeddings of the first three sentences.
REFERENCE_START = [
    [-0.002505, -0.021389, 0.030298, 0.05473, 0.006296, -0.124854],
    [0.019166, -0.018502, -0.026261, 0.043638, -0.018471, -0.073041],
    [-0.022115, 0.01685, -0.066963, -0.024182, -0.18611, -0.074392],
]
REFERENCE_COSINES = [
    [1.0, 0.2627, 0.1564, 0.2424],
    [0.2627, 1.0, 0.4460, 0.1297],
    [0.1564, 0.4460, 1.0, 0.1436],
    [0.2424, 0.1297, 0.1436, 1.0],
]


@pytest.fixture(scope="module")
def embeddings() -> np.ndarray:
    encoder = default_encoder()
    return np.stack([encoder.encode(text) for text in SENTENCES])


def test_embeddings_match_the_reference_implementation(embeddings: np.ndarray) -> None:
    assert embeddings.shape == (4, 384)
    # within 2e-4: GELU is computed in its tanh form; a wrong or damaged model is off by far more
    np.testing.assert_allclose(embeddings[:3, :6], REFERENCE_START, atol=3e-4)
    np.testing.assert_allclose(embeddings @ embeddings.T, REFERENCE_COSINES, atol=5e-4)


def test_embeddings_have_unit_length(embeddings: np.ndarray) -> None:
    np.testing.assert_allclose(np.linalg.norm(embeddings, axis=1), 1.0, atol=1e-5)


def test_the_tokenizer_lowercases_strips_accents_and_splits_punctuation() -> None:
    tokenizer = default_encoder().tokenizer
    pieces = {i: p for p, i in tokenizer.ids.items()}
    ids = tokenizer.encode(SENTENCES[3])
    assert [pieces[i] for i in ids] == [
        "[CLS]", "cafe", "de", "##ja", "vu", "!", "!", "twitch", "##y", "—", "eye", "?", "[SEP]",
    ]  # fmt: skip


def test_an_unknown_word_and_a_very_long_message_are_handled() -> None:
    encoder = default_encoder()
    tokenizer = encoder.tokenizer
    assert tokenizer.pieces("\u2603" * 3) == [tokenizer.unknown]  # no piece for a snowman
    ids = tokenizer.encode("jerk " * 1000)
    assert len(ids) == MAX_TOKENS and ids[0] == tokenizer.start and ids[-1] == tokenizer.end
    assert np.isfinite(encoder.encode("jerk " * 1000)).all()


def test_phrasings_with_the_same_meaning_lie_closer_than_other_questions() -> None:
    encoder = default_encoder()
    symptoms, signs, say, pronounced = (
        encoder.encode(t)
        for t in (
            "what are the symptoms of myoclonus",
            "what are the signs of myoclonus",
            "how do you say myoclonus",
            "how is myoclonus pronounced",
        )
    )
    assert symptoms @ signs > symptoms @ say + 0.2
    assert say @ pronounced > say @ symptoms + 0.2
