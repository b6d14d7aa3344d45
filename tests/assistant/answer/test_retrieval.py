"""Fusion of the dense and lexical lists (a fake store: the ranking logic alone)."""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np
import pytest

from assistant.answer.conversation import standalone_question
from assistant.answer.retrieval import (
    Retriever,
    collapse_duplicates,
    first_of_each,
    search_words,
)
from assistant.errors import StoreError
from assistant.models import Chunk, Passage

QUESTION_VECTOR = np.array([1.0, 0.0])


def chunk(chunk_id: str, text: str) -> Chunk:
    return Chunk(chunk_id, "d", "s.txt", "T", None, 0, len(text), None, text)


def at_cosine(cosine: float) -> np.ndarray:
    return np.array([cosine, float(np.sqrt(1 - cosine**2))])


class FakeStore:
    """Twenty generic passages the vectors like best, and one that only BM25 ranks first."""

    def __init__(self) -> None:
        self.generic = [
            (chunk(f"g{i}", "Services worked together on shared plans."), at_cosine(0.6 - i / 100))
            for i in range(20)
        ]
        self.rare = (chunk("rare", "Twenty-one expert informants took part."), at_cosine(0.45))

    def query(self, vector: np.ndarray, n: int, doc_ids: object) -> list[tuple[Passage, np.ndarray]]:
        return [(Passage(c, float(v @ vector)), v) for c, v in self.generic[:n]]

    def lexical_search(self, words: Sequence[str], n: int, doc_ids: object) -> list[str]:
        return ["rare", *(c.chunk_id for c, _ in self.generic[:5])][:n]

    def with_vectors(self, ids: Sequence[str]) -> list[tuple[Chunk, np.ndarray]]:
        stored = {c.chunk_id: (c, v) for c, v in [*self.generic, self.rare]}
        return [stored[chunk_id] for chunk_id in ids if chunk_id in stored]


class FakeEmbedder:
    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        return np.stack([QUESTION_VECTOR for _ in texts])


def test_a_passage_only_bm25_found_is_ranked_by_its_vector_and_terms_too() -> None:
    """Before, a lexical-only hit counted as absent from the dense list, and every passage in
    both lists outranked it."""
    retriever = Retriever(FakeStore(), FakeEmbedder(), 5, duplicate_similarity=1.01)  # type: ignore[arg-type]
    passages = retriever.retrieve("How many expert informants took part?").passages
    assert passages[0].chunk.chunk_id == "rare"
    assert passages[0].lexical_rank == 1 and passages[0].dense_rank == 1
    assert [p.chunk.chunk_id for p in passages[1:]] == ["g0", "g1", "g2", "g3"]


def test_a_follow_ups_context_label_is_not_searched_for():
    """"context" in "(context: ...)" is no word the user asked about: as the rarest word of a
    follow-up's search it made BM25 rank passages on contextual safeguarding first."""
    standalone = standalone_question("And what helps it?", ["What stops co-production?"])
    assert "context" in standalone
    assert search_words(standalone) == ["helps", "stops", "co", "production", "coproduction"]
    assert "context" in search_words("What context did the study work in?")


def in_document(chunk_id: str, doc_id: str) -> Passage:
    return Passage(Chunk(chunk_id, doc_id, "s.txt", "T", None, 0, 1, None, "text"), 0.5)


def test_the_first_k_and_with_spread_the_first_of_every_other_document() -> None:
    ranked = [in_document("a1", "a"), in_document("a2", "a"), in_document("b1", "b"),
              in_document("b2", "b"), in_document("c1", "c")]  # fmt: skip
    assert [p.chunk.chunk_id for p in first_of_each(ranked, 2, spread=False)] == ["a1", "a2"]
    assert [p.chunk.chunk_id for p in first_of_each(ranked, 2, spread=True)] == [
        "a1", "a2", "b1", "c1",
    ]  # fmt: skip


def test_a_pool_holds_more_of_the_same_candidates() -> None:
    """A pool to be put in another order is cut from the candidates of ``k``, not of a larger
    search: the order of the first ``k`` stays retrieval's."""
    retriever = Retriever(FakeStore(), FakeEmbedder(), 5, duplicate_similarity=1.01)  # type: ignore[arg-type]
    five = retriever.retrieve("How many expert informants took part?").passages
    ten = retriever.retrieve("How many expert informants took part?", pool=10).passages
    assert len(ten) == 10 and ten[:5] == five


def test_a_passage_too_like_one_kept_is_skipped_and_the_order_stays() -> None:
    a, copy_of_a, b, near_b = (in_document(name, "d") for name in ("a", "a2", "b", "b2"))
    candidates = [(a, at_cosine(1.0)), (b, at_cosine(0.0)), (copy_of_a, at_cosine(0.999)),
                  (near_b, at_cosine(0.5))]  # fmt: skip
    kept = collapse_duplicates(candidates, threshold=0.95)
    assert [p.chunk.chunk_id for p in kept] == ["a", "b", "b2"]
    assert len(collapse_duplicates(candidates, threshold=1.01)) == 4
    assert collapse_duplicates([], threshold=0.95) == []


def test_bm25_and_reading_its_hits_run_beside_the_question_being_embedded_and_errors_reach_the_caller():
    """The lexical search and the reading of its hits' vectors start first, on a thread of
    their own: here the question's embedding waits until the hits have been read, which on one
    thread would never happen."""
    hits_read = threading.Event()

    class SignallingStore(FakeStore):
        def with_vectors(self, ids):
            found = super().with_vectors(ids)
            hits_read.set()
            return found

    class WaitingEmbedder(FakeEmbedder):
        def embed_batch(self, texts):
            if not hits_read.wait(timeout=10):
                raise AssertionError("the question was embedded before BM25's hits were read")
            return super().embed_batch(texts)

    retriever = Retriever(SignallingStore(), WaitingEmbedder(), 5, duplicate_similarity=1.01)  # type: ignore[arg-type]
    assert retriever.retrieve("How many expert informants took part?").passages[0].chunk.chunk_id == "rare"

    class BrokenStore(FakeStore):
        def lexical_search(self, words, n, doc_ids):
            raise StoreError("the lexical index cannot be read")

    broken = Retriever(BrokenStore(), FakeEmbedder(), 5, duplicate_similarity=1.01)  # type: ignore[arg-type]
    with pytest.raises(StoreError, match="lexical index"):
        broken.retrieve("How many expert informants took part?")
