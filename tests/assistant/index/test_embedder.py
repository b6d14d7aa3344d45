from __future__ import annotations

import subprocess
import sys

import numpy as np

from assistant.index.embedder import CachedEmbedder


class CountingEmbedder:
    name, max_tokens = "counting", 254

    def __init__(self) -> None:
        self.seen: list[str] = []

    def embed_batch(self, texts):
        self.seen += list(texts)
        return np.array([[len(t), t.count("a"), 1.0] for t in texts], dtype=np.float32)

    def count_tokens(self, text):
        return len(text.split())


def test_cached_embedder_embeds_each_text_once_and_keeps_order():
    inner = CountingEmbedder()
    cached = CachedEmbedder(inner, capacity=3)
    first = cached.embed_batch(["aa", "b", "aa"])
    second = cached.embed_batch(["b", "ccc"])
    assert inner.seen == ["aa", "b", "ccc"]
    assert np.array_equal(first, inner.embed_batch(["aa", "b", "aa"]))
    assert np.array_equal(second, inner.embed_batch(["b", "ccc"]))


def test_cached_embedder_forgets_the_least_recently_used():
    inner = CountingEmbedder()
    cached = CachedEmbedder(inner, capacity=2)
    cached.embed_batch(["a", "b"])
    cached.embed_batch(["a", "c"])  # b is now the oldest and goes
    inner.seen.clear()
    cached.embed_batch(["a", "b"])
    assert inner.seen == ["b"]


def test_importing_the_package_loads_nothing_heavy():
    code = "import ingest.loaders, assistant, sys; print('torch' in sys.modules, 'chromadb' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "False"]
