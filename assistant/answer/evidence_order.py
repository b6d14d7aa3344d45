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
recall@1 in the evaluation (see the README). Nor is what stops innovation found in a paper
that never speaks of innovation, however well its sentences on what stops co-production read as
barriers: unless the question asks about several documents, those of a document holding none of
its topic words that tell the documents apart are left out (``on_the_topic``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from assistant.answer.answer_types import answer_types
from assistant.answer.compose import (
    asked_sides,
    asks_about_several_documents,
    heading_side,
    passage_sentences,
    polarity,
    rank_sentences,
    topic_terms,
    without_side_words,
)
from assistant.index.embedder import Embedder
from assistant.models import Passage
from assistant.terms import text_terms


def by_best_sentence(
    question: str, question_vector: np.ndarray, passages: Sequence[Passage], embedder: Embedder
) -> list[Passage]:
    """``passages`` by the rank of their best sentence, those giving the kind of fact asked for
    first; those with no sentence that could answer (an author line, a heading) keep their
    order, after the rest. A question on what helps or hinders: ``by_side``, of the documents
    ``on_the_topic`` unless it asks about several."""
    sides = asked_sides(question)
    if sides:
        several = asks_about_several_documents(question)
        return by_side(passages if several else on_the_topic(question, passages), sides)
    ranked = rank_sentences(question, question_vector, passages, embedder, answer_types(question))
    ranked.sort(key=lambda candidate: not candidate.holds_kind)  # as a fact answer picks them
    place: dict[str, int] = {}
    for position, candidate in enumerate(ranked):
        place.setdefault(candidate.passage.chunk.chunk_id, position)
    return sorted(passages, key=lambda passage: place.get(passage.chunk.chunk_id, len(ranked)))


def by_side(passages: Sequence[Passage], sides: Sequence[str]) -> list[Passage]:
    """Passages holding a sentence on a side asked (an enabler, a barrier), or headed by one
    ("What got in the way"), first, each group in retrieval's order. Its answer draws on many
    passages, so retrieval's order stands within; and it needs no sentence vectors, which only
    the answer then reads."""

    def on_a_side(passage: Passage) -> bool:
        sentences = passage_sentences(passage.chunk.text)
        headed = heading_side(passage.chunk.section) in sides
        return headed or any(polarity(sentence) in sides for sentence in sentences)

    return sorted(passages, key=lambda passage: not on_a_side(passage))


def on_the_topic(question: str, passages: Sequence[Passage]) -> list[Passage]:
    """Without the passages of documents that hold none of the question's topic words (its
    words for helping or hindering aside) that tell the documents apart: a word every document
    holds ("services" in "What stops innovation in children's services?") tells none apart. A
    document's title counts as its own words."""
    asked = topic_terms(without_side_words(question))
    held: dict[str, set[str]] = {}
    for passage in passages:
        chunk = passage.chunk
        words = text_terms(f"{chunk.title} {chunk.text}")
        held.setdefault(chunk.doc_id, set()).update(asked & words)
    first, *rest = held.values() or [set()]
    telling = first.union(*rest) - first.intersection(*rest)
    if not telling:
        return list(passages)
    return [passage for passage in passages if held[passage.chunk.doc_id] & telling]
