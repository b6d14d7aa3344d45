"""Retrieval: dense candidates from Chroma, re-ranked with term overlap, near-duplicates collapsed.

Small embedding models miss exact terms ("21 expert informants" in a garbled abstract), so the
dense candidates (a few times ``k``) are re-ordered by cosine + TERM_WEIGHT x the share of the
question's terms each passage contains. ``Passage.score`` stays the plain cosine similarity.
Overlapping chunks and documents ingested twice under different names return the same text
more than once; a near-duplicate of a better-scoring passage is dropped so the answer cites
each piece of evidence once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assistant.answer.terms import content_terms, overlap
from assistant.index.embedder import Embedder
from assistant.index.store import ChunkStore
from assistant.models import Passage

TERM_WEIGHT = 0.5
_OVERFETCH = 4


@dataclass
class Retrieval:
    question_vector: np.ndarray
    passages: list[Passage]


class Retriever:
    def __init__(
        self, store: ChunkStore, embedder: Embedder, k: int, duplicate_similarity: float
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.k = k
        self.duplicate_similarity = duplicate_similarity

    def retrieve(
        self, question: str, doc_ids: Sequence[str] | None = None, k: int | None = None
    ) -> Retrieval:
        k = k or self.k
        vector = self.embedder.embed_batch([question])[0]
        candidates = self.store.query(vector, k * _OVERFETCH, doc_ids)
        ranked = rerank(question, collapse_duplicates(candidates, self.duplicate_similarity))
        return Retrieval(vector, ranked[:k])


def hybrid_score(question_terms: set[str], passage: Passage) -> float:
    return passage.score + TERM_WEIGHT * overlap(question_terms, passage.chunk.text)


def rerank(question: str, passages: list[Passage]) -> list[Passage]:
    terms = content_terms(question)
    return sorted(passages, key=lambda passage: -hybrid_score(terms, passage))


def collapse_duplicates(
    candidates: list[tuple[Passage, np.ndarray]], threshold: float
) -> list[Passage]:
    """Keep passages in score order, skipping any too similar to one already kept."""
    kept: list[tuple[Passage, np.ndarray]] = []
    for passage, vector in sorted(candidates, key=lambda item: -item[0].score):
        if all(float(vector @ other) < threshold for _, other in kept):
            kept.append((passage, vector))
    return [passage for passage, _ in kept]
