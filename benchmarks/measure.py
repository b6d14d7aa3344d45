"""Measuring helpers shared by the benchmarks: timers, memory, and timed wrappers that count
the seconds spent in the encoder and in Chroma through the same seams the Assistant uses."""

from __future__ import annotations

import os
import platform
import resource
import statistics
import time
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import numpy as np

from assistant.index.embedder import Embedder
from assistant.index.store import ChunkStore

_T = TypeVar("_T")


def describe_machine() -> str:
    """What the figures were measured on; the load average shows a machine shared with others."""
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, load average {load}, "
        f"Python {platform.python_version()}"
    )


def percentiles(seconds: list[float]) -> str:
    """p50 and p95 in milliseconds."""
    if len(seconds) < 2:
        return f"{1000 * sum(seconds):.0f} ms (one)"
    cuts = statistics.quantiles(seconds, n=100, method="inclusive")
    return f"p50 {1000 * cuts[49]:.0f} ms, p95 {1000 * cuts[94]:.0f} ms"


def offline_environment() -> None:
    """Nothing leaves the machine: no hub look-ups, no telemetry."""
    for name, value in (("HF_HUB_OFFLINE", "1"), ("TRANSFORMERS_OFFLINE", "1"),
                        ("ANONYMIZED_TELEMETRY", "False")):  # fmt: skip
        os.environ.setdefault(name, value)


def timed(work: Callable[[], _T]) -> tuple[_T, float]:
    started = time.perf_counter()
    result = work()
    return result, time.perf_counter() - started


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class TimedEmbedder:
    """The real embedder, with the seconds spent inside it counted, and how many of the texts
    it was given it had already embedded before (work a cache would save)."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.max_tokens = inner.max_tokens
        self.reset()

    def reset(self) -> None:
        self.embed_seconds = self.token_seconds = 0.0
        self.embedded = self.repeated = 0
        self._seen: set[str] = set()

    def __getattr__(self, name: str) -> Any:
        """What else the real embedder offers (``is_common_word``): without it the assistant
        skips spelling correction, the check for unmentioned names and topics, and the lookup
        of authors' names, and the benchmark would time a shorter path than users take."""
        return getattr(self.inner, name)

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        vectors, seconds = timed(lambda: self.inner.embed_batch(texts))
        self.embed_seconds += seconds
        self.embedded += len(texts)
        self.repeated += sum(text in self._seen for text in texts)
        self._seen.update(texts)
        return vectors

    def count_tokens(self, text: str) -> int:
        count, seconds = timed(lambda: self.inner.count_tokens(text))
        self.token_seconds += seconds
        return count


class TimedStore(ChunkStore):
    """The real Chroma store, with the seconds and calls spent in it counted, per method."""

    seconds: float
    calls: int
    by_method: dict[str, float]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reset()

    def reset(self) -> None:
        self.seconds, self.calls, self.by_method = 0.0, 0, {}

    def __getattribute__(self, name: str) -> Any:
        attribute = super().__getattribute__(name)
        if name.startswith("_") or name not in _STORE_CALLS:
            return attribute

        def counted(*args: Any, **kwargs: Any) -> Any:
            result, seconds = timed(lambda: attribute(*args, **kwargs))
            self.seconds += seconds
            self.calls += 1
            self.by_method[name] = self.by_method.get(name, 0.0) + seconds
            return result

        return counted


_STORE_CALLS = {"count", "document_count", "add", "add_documents", "delete", "stored_copy", "chunk_ids", "query", "get_chunks",
                "documents", "lexical_search", "with_vectors", "sentence_vectors"}  # fmt: skip
