"""Passages in the order of the sentences that answer.

Retrieval ranks a passage by its whole text (the mean of its sentences' vectors, BM25 over all
its words), so the passage that introduces a study ("This paper explores ... This 35-week course
recruited staff") outranks the one that answers a sentence later ("Of the 18 staff participants,
5 agreed ..."). Ordered by their best sentence, ranked as the composer ranks sentences
(similarity, the question's own words rather than those naming the study), with sentences giving
the kind of fact asked for (a count, a size, a method) first, as a fact answer picks them, the
passage holding the answer comes first: first shown, and first in what a language model reads.
A question asking what helps or hinders is led by the passages holding a sentence on the side
asked ("What undermines co-production?" by the passage saying what inhibits it, not by the one
saying most about co-production), each group in retrieval's order: its answer draws on many
passages, and ordered by their best sentence alone, whatever its side, those questions lost
recall@1 in the evaluation (see the README).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from assistant.answer.answer_types import answer_types
from assistant.answer.compose import asked_sides, passage_sentences, polarity, rank_sentences
from assistant.index.embedder import Embedder
from assistant.models import Passage


def by_best_sentence(
    question: str, question_vector: np.ndarray, passages: Sequence[Passage], embedder: Embedder
) -> list[Passage]:
    """``passages`` by the rank of their best sentence, those giving the kind of fact asked for
    first; those with no sentence that could answer (an author line, a heading) keep their
    order, after the rest. A question on what helps or hinders: ``by_side``."""
    sides = asked_sides(question)
    if sides:
        return by_side(passages, sides)
    ranked = rank_sentences(question, question_vector, passages, embedder, answer_types(question))
    ranked.sort(key=lambda candidate: not candidate.holds_kind)  # as a fact answer picks them
    place: dict[str, int] = {}
    for position, candidate in enumerate(ranked):
        place.setdefault(candidate.passage.chunk.chunk_id, position)
    return sorted(passages, key=lambda passage: place.get(passage.chunk.chunk_id, len(ranked)))


def by_side(passages: Sequence[Passage], sides: Sequence[str]) -> list[Passage]:
    """Passages holding a sentence on a side asked (an enabler, a barrier) first, each group in
    retrieval's order. Its answer draws on many passages, so retrieval's order stands within;
    and it needs no sentence vectors, which only the answer then reads."""
    return sorted(
        passages,
        key=lambda passage: not any(
            polarity(sentence) in sides for sentence in passage_sentences(passage.chunk.text)
        ),
    )
