"""Does a cited passage support the sentence that cites it? One check for the answer pipeline
and the evaluation metrics, so "supported" means the same thing in both.

The score combines two signals, because each fails alone: term overlap misses paraphrase, and a
small embedding model rates any two sentences about social care as fairly similar.

    score = best cosine similarity between the sentence and the passage (whole, or one of its
            sentences) + SUPPORT_TERM_WEIGHT x share of the sentence's content terms in the passage
            - NUMBER_PENALTY when the sentence states a number the passage does not hold

A sentence is supported when ``score >= SUPPORT_THRESHOLD``. Calibrated on the bundled corpus
(tests/assistant/answer/test_support.py): sentences copied from a passage score 1.5, paraphrases
0.95 to 1.4, sentences from the other document or another part of the same one 0.3 to 0.6.
The threshold sits between the two groups. The number check catches what similarity cannot:
"12 of 30 staff were interviewed" is as close to "5 of the 18 staff" as a correct sentence.

Answers mark citations as ``[n]`` (or ``[1, 2]``, ``[1][2]``), after the sentence's full stop
(the extractive composer) or inside it (language models); ``cited_sentences`` reads both.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assistant.index.embedder import Embedder
from assistant.terms import content_terms
from ingest.sentences import split_sentences

SUPPORT_TERM_WEIGHT = 0.5
SUPPORT_THRESHOLD = 0.75
NUMBER_PENALTY = 1.0

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_SMALL_NUMBERS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty",
)  # fmt: skip
_NUMBER_WORDS = {word: str(n) for n, word in enumerate(_SMALL_NUMBERS)}
_NUMBER_WORD = re.compile(r"\b(" + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE)

MARKER = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
_MARKER_RUN = r"(?:\s*\[\d+(?:\s*,\s*\d+)*\])+"
STOP_THEN_MARKERS = re.compile(rf"([.!?]+)({_MARKER_RUN})")
BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_HEADING = re.compile(r"^\s*(?:#+\s*)?(?:\*\*)?[A-Z][\w ,&/-]{0,40}(?:\*\*)?:(?:\*\*)?\s*")
_LABEL_LINE = re.compile(r"^\s*(?:#+\s+[^\n]{1,60}|\*\*[^*\n]{1,40}\*\*:?)\s*$")  # ### Barriers
_EMPHASIS = re.compile(r"\*\*|__")


@dataclass(frozen=True)
class CitedSentence:
    """A sentence of an answer, without its markers, and the citation numbers it carries."""

    text: str
    markers: tuple[int, ...]


def markers_in(text: str) -> list[int]:
    """Citation numbers in the order they appear, repeats kept: ``"a [1] b [2, 3]"`` -> [1, 2, 3]."""
    return [int(n) for group in MARKER.findall(text) for n in group.split(",")]


def strip_markers(text: str) -> str:
    return " ".join(MARKER.sub("", text).split()).replace(" .", ".").replace(" ,", ",")


def cited_sentences(answer_text: str) -> list[CitedSentence]:
    """The answer's sentences with their markers. Headings ("Enablers:", "**Barriers:**",
    "### Barriers"), bullet signs and bold marks are dropped; markers after a full stop belong to
    the sentence before them."""
    sentences: list[CitedSentence] = []
    for line in answer_text.splitlines():
        if _LABEL_LINE.match(line):
            continue
        line = _EMPHASIS.sub("", _without_heading(BULLET.sub("", line)))
        # "Sentence. [1] Next." -> "Sentence [1]. Next." so the splitter keeps [1] with its sentence.
        line = STOP_THEN_MARKERS.sub(lambda m: m.group(2) + m.group(1), line)
        for sentence in split_sentences(line):
            text = strip_markers(sentence)
            if any(ch.isalnum() for ch in text):
                sentences.append(CitedSentence(text, tuple(markers_in(sentence))))
    return sentences


def _without_heading(line: str) -> str:
    """Drop a label such as "Enablers:" (at most three words) from the start of a line."""
    match = _HEADING.match(line)
    if match and len(match.group().split()) <= 3:
        return line[match.end() :]
    return line


def support_scores(pairs: Sequence[tuple[str, str]], embedder: Embedder) -> list[float]:
    """Scores for many (sentence, passage text) pairs, with one encoder call for all of them."""
    if not pairs:
        return []
    units_per_pair = [_passage_units(passage) for _, passage in pairs]
    sentences = [strip_markers(sentence) for sentence, _ in pairs]
    texts = sentences + [unit for units in units_per_pair for unit in units]
    vectors = embedder.embed_batch(texts)
    sentence_vectors, unit_vectors = vectors[: len(pairs)], vectors[len(pairs) :]
    scores: list[float] = []
    offset = 0
    for (sentence, passage), units, vector in zip(pairs, units_per_pair, sentence_vectors):
        block = unit_vectors[offset : offset + len(units)]
        offset += len(units)
        scores.append(_combine(sentence, passage, vector, block))
    return scores


def support_score(sentence: str, passage_text: str, embedder: Embedder) -> float:
    return support_scores([(sentence, passage_text)], embedder)[0]


def is_supported(sentence: str, passage_text: str, embedder: Embedder) -> bool:
    """True when ``passage_text`` backs ``sentence`` (see the module docstring for the rule)."""
    return support_score(sentence, passage_text, embedder) >= SUPPORT_THRESHOLD


def term_share(sentence: str, passage_text: str) -> float:
    """Share of the sentence's content terms found in the passage (1.0 for a copied sentence)."""
    terms = content_terms(strip_markers(sentence))
    if not terms:
        return 0.0
    return len(terms & content_terms(passage_text)) / len(terms)


def numbers_in(text: str) -> set[str]:
    """Numbers written as digits or as words up to twenty ("five" and "5" are the same)."""
    words = {_NUMBER_WORDS[w.lower()] for w in _NUMBER_WORD.findall(text)}
    return set(_NUMBER.findall(text)) | words


def _passage_units(passage_text: str) -> list[str]:
    """The passage itself and each of its sentences: a short claim matches one sentence best."""
    sentences = [" ".join(s.split()) for s in split_sentences(passage_text)]
    return [passage_text, *(s for s in sentences if s and s != passage_text)]


def _combine(sentence: str, passage: str, vector: np.ndarray, units: np.ndarray) -> float:
    cosine = float(np.max(units @ vector)) if len(units) else 0.0
    claimed = numbers_in(strip_markers(sentence))
    penalty = NUMBER_PENALTY if claimed - numbers_in(passage) else 0.0
    return cosine + SUPPORT_TERM_WEIGHT * term_share(sentence, passage) - penalty
