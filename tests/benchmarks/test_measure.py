"""The benchmarks' timed wrappers keep the real parts' behaviour."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from benchmarks.measure import TimedEmbedder


class WithVocabulary:
    name = "fake"
    max_tokens = 8

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        return np.ones((len(texts), 2), dtype=np.float32)

    def count_tokens(self, text: str) -> int:
        return len(text.split())

    def is_common_word(self, word: str) -> bool:
        return word == "the"


def test_the_timed_embedder_tells_common_words_as_the_real_one_does() -> None:
    """Without it the assistant took every word for a common one and skipped spelling
    correction, unmentioned names and the authors' lookup: the benchmark timed a shorter path."""
    timed = TimedEmbedder(WithVocabulary())  # type: ignore[arg-type]
    assert timed.is_common_word("the") and not timed.is_common_word("Lefevre")
    timed.embed_batch(["a", "b"])
    assert timed.embedded == 2
