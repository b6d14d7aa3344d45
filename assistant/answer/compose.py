"""The default answer, with no language model: the passages' own sentences, each cited.

Every sentence of an answer is copied from the passage its ``[n]`` points at; the only words
added are headings ("Enablers:") and a note when one side of the split is missing. Sentences
are chosen by relevance = cosine similarity to the question + TERM_WEIGHT x share of the
question's content terms they contain (+ ANSWER_TYPE_BONUS when the sentence holds the kind of
fact the question asks for). The answer is refused when the best sentence's relevance is below
``answer.refusal_threshold``: a relevant-looking passage is not enough, one of its sentences must
actually speak to the question.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from assistant.answer.retrieval import TERM_WEIGHT
from assistant.answer.terms import content_terms, overlap
from assistant.index.embedder import Embedder
from assistant.models import Citation, Passage
from assistant.prompts import render
from assistant.settings import AnswerSettings
from ingest.sentences import split_sentences

ANSWER_TYPE_BONUS = 0.15  # a number for "how many", a duration for "how long", a year for "when"
NEAR_BEST = 0.1  # a further sentence joins a fact answer only when this close to the best one
MIN_SENTENCE_WORDS = 5  # headings, author lines and labels never make an answer
RELATED_SHOWN = 3

_ANSWER_TYPES = (
    (re.compile(r"\bhow (many|much)\b|\bnumber of\b", re.IGNORECASE), re.compile(r"\b\d+\b")),
    (
        re.compile(r"\bhow long\b|\bduration\b", re.IGNORECASE),
        re.compile(r"\b\d+[- ]?(day|week|month|year|hour)s?\b", re.IGNORECASE),
    ),
    (re.compile(r"\bwhen\b|\bwhat year\b", re.IGNORECASE), re.compile(r"\b(19|20)\d\d\b")),
)
_ASKS_ENABLERS = re.compile(
    r"\b(enabl\w*|help\w*|facilitat\w*|what works|conducive|supports?|success\w*)\b",
    re.IGNORECASE,
)
_ASKS_BARRIERS = re.compile(
    r"\b(barriers?|hinder\w*|block\w*|obstacles?|imped\w*|inhibit\w*|get(s)? in the way|"
    r"prevent\w*|stop\w*|challenges?|obstruct\w*|problems?|difficult\w*)\b",
    re.IGNORECASE,
)
_ENABLER_CUES = re.compile(
    r"\b(enabl\w*|facilitat\w*|support\w*|catalyst|help\w*|conducive|confiden\w*|trust|"
    r"opportunit\w*|enhanc\w*|energi[sz]ed|collaborative|stable|safe|benefits?|improv\w*|"
    r"success\w*|empower\w*)\b",
    re.IGNORECASE,
)
_BARRIER_CUES = re.compile(
    r"\b(barriers?|inhibit\w*|imped\w*|hinder\w*|obstacles?|silos?|lack\w*|resist\w*|"
    r"constrain\w*|prevent\w*|block\w*|difficult\w*|burden\w*|shortages?|insufficient|"
    r"fear\w*|risk-averse|turnover|less than optimum|not happening)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Candidate:
    """A passage sentence and how well it answers the question: ``grounding`` is similarity +
    term overlap (what the refusal decision uses); ``relevance`` adds the answer-type bonus,
    which orders sentences but never turns a refusal into an answer."""

    text: str
    passage: Passage
    grounding: float
    relevance: float


@dataclass
class Composition:
    text: str
    citations: list[Citation]
    refused: bool
    related: list[Passage]


def asked_sides(question: str) -> list[str]:
    """Which of enablers and barriers the question asks about (both, one, or none)."""
    sides = [("Enablers", _ASKS_ENABLERS), ("Barriers", _ASKS_BARRIERS)]
    return [side for side, pattern in sides if pattern.search(question)]


def asks_for_enablers_and_barriers(question: str) -> bool:
    return bool(asked_sides(question))


def polarity(sentence: str) -> str | None:
    """'Enablers', 'Barriers', or None when the sentence leans to neither."""
    enablers = len(_ENABLER_CUES.findall(sentence))
    barriers = len(_BARRIER_CUES.findall(sentence))
    if enablers == barriers:
        return None
    return "Enablers" if enablers > barriers else "Barriers"


def compose(
    question: str,
    question_vector: np.ndarray,
    passages: Sequence[Passage],
    embedder: Embedder,
    settings: AnswerSettings,
    describe_searched: Callable[[], str],
) -> Composition:
    """Answer from ``passages`` or refuse, naming what was searched (asked only on refusal)."""
    ranked = rank_sentences(question, question_vector, passages, embedder)
    if not ranked or max(c.grounding for c in ranked) < settings.refusal_threshold:
        return refusal(passages, describe_searched())
    candidates = [c for c in ranked if c.relevance >= settings.min_sentence_score]
    sides = asked_sides(question)
    if sides:
        grouped = group_by_polarity(candidates, sides, settings.max_per_group)
        if grouped and polarity(candidates[0].text) is None:
            grouped.insert(0, ("", candidates[:1]))  # the best answer leans neither way: lead with it
        if grouped:
            return cite(grouped)
    return cite([("", pick_fact_sentences(candidates, settings.max_sentences))])


def refusal(passages: Sequence[Passage], searched: str) -> Composition:
    return Composition(
        render("refusal", searched=searched), [], True, list(passages[:RELATED_SHOWN])
    )


def rank_sentences(
    question: str, question_vector: np.ndarray, passages: Sequence[Passage], embedder: Embedder
) -> list[Candidate]:
    """Each distinct sentence of the passages once (overlapping chunks repeat some), best first."""
    seen: set[str] = set()
    pairs: list[tuple[str, Passage]] = []
    for passage in passages:
        for sentence in split_sentences(passage.chunk.text):
            text = " ".join(sentence.split())
            if _answer_worthy(text, passage) and text not in seen:
                seen.add(text)
                pairs.append((text, passage))
    if not pairs:
        return []
    similarities = embedder.embed_batch([text for text, _ in pairs]) @ question_vector
    terms = content_terms(question)
    expected = [fact for asks, fact in _ANSWER_TYPES if asks.search(question)]
    candidates = []
    for (text, passage), similarity in zip(pairs, similarities):
        grounding = float(similarity) + TERM_WEIGHT * overlap(terms, text)
        bonus = ANSWER_TYPE_BONUS * any(fact.search(text) for fact in expected)
        candidates.append(Candidate(text, passage, grounding, grounding + bonus))
    return sorted(candidates, key=lambda c: -c.relevance)


def _answer_worthy(text: str, passage: Passage) -> bool:
    """Titles (and parts of them), headings, author lines, labels and questions never make an
    answer."""
    is_question = text.endswith("?")
    in_title = text in passage.chunk.title
    return len(text.split()) >= MIN_SENTENCE_WORDS and not in_title and not is_question


def pick_fact_sentences(candidates: list[Candidate], limit: int) -> list[Candidate]:
    best = candidates[0].relevance
    return [c for c in candidates[:limit] if c.relevance >= best - NEAR_BEST]


def group_by_polarity(
    candidates: list[Candidate], sides: list[str], per_group: int
) -> list[tuple[str, list[Candidate]]]:
    """The asked sides with their best sentences; empty when no side has any."""
    groups = [
        (side, [c for c in candidates if polarity(c.text) == side][:per_group]) for side in sides
    ]
    return groups if any(members for _, members in groups) else []


def cite(groups: list[tuple[str, list[Candidate]]]) -> Composition:
    """Number passages by first use and write each sentence with its marker."""
    citations: dict[str, Citation] = {}
    blocks: list[str] = []
    for heading, members in groups:
        lines = [f"{c.text} [{_citation_for(c, citations).n}]" for c in members]
        if not heading:
            blocks.append(" ".join(lines))
        elif lines:
            blocks.append(f"{heading}:\n" + "\n".join(f"- {line}" for line in lines))
        else:
            blocks.append(f"{heading}: the passages found name none.")
    return Composition("\n\n".join(blocks), list(citations.values()), False, [])


def _citation_for(candidate: Candidate, citations: dict[str, Citation]) -> Citation:
    chunk_id = candidate.passage.chunk.chunk_id
    if chunk_id not in citations:
        citations[chunk_id] = Citation(len(citations) + 1, candidate.passage)
    citations[chunk_id].sentences.append(candidate.text)
    return citations[chunk_id]
