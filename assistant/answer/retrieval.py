"""Retrieval: dense and lexical candidates fused by reciprocal rank, near-duplicates collapsed.

Dense: Chroma's nearest chunks to the question's vector, ordered by cosine + TERM_WEIGHT x the
share of the question's terms each holds (small embedding models miss exact terms: "21 expert
informants" in a garbled abstract). Lexical: BM25 over the same chunks (``index.lexical``), which
finds exact names, numbers and rare words that the vectors blur. The dense order covers the
lexical hits too (their vectors are read with them), so a passage only BM25 found is not ranked
as if the vectors had missed it. The two lists are fused by
reciprocal rank fusion, ``sum(weight / (RRF_K + rank))``, with the weights in ``FUSION_WEIGHTS``
(measured with the evaluation; see the README). ``Passage.score`` stays the plain cosine
similarity. Overlapping chunks and documents stored twice return the same text more than once;
a near-duplicate of a better-ranked passage is dropped so the answer cites each piece once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

import numpy as np

from assistant.answer.conversation import without_context_label
from assistant.index.embedder import Embedder
from assistant.index.lexical import fold
from assistant.index.store import ChunkStore
from assistant.models import Chunk, Passage
from assistant.terms import STOPWORDS, content_terms, overlap

TERM_WEIGHT = 0.5
RRF_K = 60  # the usual constant: ranks 1 and 10 differ, ranks 40 and 50 barely
FUSION_WEIGHTS = {"dense": 1.0, "lexical": 1.0}
_OVERFETCH = 4
# threads for the lexical half of retrieval, shared by the questions being answered at once
_LEXICAL_SEARCHES = ThreadPoolExecutor(4, thread_name_prefix="lexical-search")
_WORD = re.compile(r"\w+")


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
        self,
        question: str,
        doc_ids: Sequence[str] | None = None,
        k: int | None = None,
        spread: bool = False,
        pool: int | None = None,
    ) -> Retrieval:
        """The ``k`` best passages (``pool`` of them, to be put in another order and cut to
        ``k``: the candidates are those of ``k``); with ``spread``, also the best of every
        other document among the candidates, for questions that span several."""
        k = k or self.k
        # BM25 and reading its hits need no vector: they run on another core while the question
        # is embedded and Chroma searches (SQLite, Chroma and onnxruntime all let go of the GIL)
        lexical_hits = _LEXICAL_SEARCHES.submit(
            self._lexical_hits, search_words(question), k * _OVERFETCH, doc_ids
        )
        vector = self.embedder.embed_batch([question])[0]
        dense = self.store.query(vector, k * _OVERFETCH, doc_ids)
        lexical = _resolve(lexical_hits.result(), dense, vector)
        # every candidate has a vector: the dense order covers the lexical hits too, so a
        # passage that only BM25 found ("21 expert informants") is not ranked as if far away
        both = list({item[0].chunk.chunk_id: item for item in dense + lexical}.values())
        terms = content_terms(question)
        both.sort(key=lambda item: -hybrid_score(terms, item[0]))
        candidates = fuse(both, lexical)
        passages = collapse_duplicates(candidates, self.duplicate_similarity)
        return Retrieval(vector, first_of_each(passages, pool or k, spread))

    def _lexical_hits(
        self, words: list[str], n: int, doc_ids: Sequence[str] | None
    ) -> list[tuple[Chunk, np.ndarray]]:
        """BM25's best ``n`` with their vectors, in BM25 order. All are read, those the dense
        search will also find included: read beside the dense search, they cost the answer
        nothing, where reading only the others after it took 4 ms of a broad question's 25 at
        100,000 passages."""
        return self.store.with_vectors(self.store.lexical_search(words, n, doc_ids))


def _resolve(
    hits: list[tuple[Chunk, np.ndarray]],
    dense: list[tuple[Passage, np.ndarray]],
    vector: np.ndarray,
) -> list[tuple[Passage, np.ndarray]]:
    """The lexical hits as passages with vectors, in BM25 order; one the dense search found too
    is its dense entry."""
    known = {passage.chunk.chunk_id: (passage, emb) for passage, emb in dense}
    return [
        known.get(chunk.chunk_id) or (Passage(chunk, float(emb @ vector)), emb)
        for chunk, emb in hits
    ]


def first_of_each(passages: Sequence[Passage], k: int, spread: bool) -> list[Passage]:
    """The first ``k``; with ``spread``, also the first of every other document."""
    chosen = list(passages[:k])
    if spread:
        covered = {passage.chunk.doc_id for passage in chosen}
        for passage in passages[k:]:
            if passage.chunk.doc_id not in covered:
                covered.add(passage.chunk.doc_id)
                chosen.append(passage)
    return chosen


def search_words(question: str) -> list[str]:
    """The question's words for BM25: stop words dropped, folded forms ("coproduction") kept
    beside the parts ("co", "production"), a follow-up's context label left out."""
    asked = without_context_label(question).lower()
    words = _WORD.findall(asked) + _WORD.findall(fold(asked))
    return [word for word in dict.fromkeys(words) if word not in STOPWORDS and len(word) > 1]


def fuse(
    dense: list[tuple[Passage, np.ndarray]], lexical: list[tuple[Passage, np.ndarray]]
) -> list[tuple[Passage, np.ndarray]]:
    """Both lists as one, best fused score first, each passage carrying its two ranks."""
    ranks: dict[str, dict[str, int]] = {}
    entries: dict[str, tuple[Passage, np.ndarray]] = {}
    for name, ranked in (("dense", dense), ("lexical", lexical)):
        for rank, (passage, vector) in enumerate(ranked, start=1):
            ranks.setdefault(passage.chunk.chunk_id, {})[name] = rank
            entries.setdefault(passage.chunk.chunk_id, (passage, vector))

    def fused(chunk_id: str) -> float:
        return sum(FUSION_WEIGHTS[name] / (RRF_K + rank) for name, rank in ranks[chunk_id].items())

    order = sorted(entries, key=lambda chunk_id: -fused(chunk_id))
    return [
        (
            replace(
                entries[chunk_id][0],
                dense_rank=ranks[chunk_id].get("dense"),
                lexical_rank=ranks[chunk_id].get("lexical"),
            ),
            entries[chunk_id][1],
        )
        for chunk_id in order
    ]


def hybrid_score(question_terms: set[str], passage: Passage) -> float:
    return passage.score + TERM_WEIGHT * overlap(question_terms, passage.chunk.text)


def collapse_duplicates(
    candidates: list[tuple[Passage, np.ndarray]], threshold: float
) -> list[Passage]:
    """Keep passages in the order given, skipping any too similar to one already kept. The
    likenesses are one matrix product: pair by pair in Python, they took 2 ms of a broad
    question's retrieval (80 candidates)."""
    if not candidates:
        return []
    vectors = np.stack([vector for _, vector in candidates])
    likeness = vectors @ vectors.T
    kept: list[int] = []
    for i in range(len(candidates)):
        if not kept or float(likeness[i, kept].max()) < threshold:
            kept.append(i)
    return [candidates[i][0] for i in kept]
