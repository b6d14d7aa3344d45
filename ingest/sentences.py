"""Sentence boundaries, shared by the chunker (never cut mid-sentence) and the answer composer.

A rule-based splitter: a sentence ends at ``.``, ``!`` or ``?`` (optionally closed by a quote or
bracket) followed by whitespace and a word (scraped abstracts often lose a sentence's first
word, so lower case counts too), unless the word before the stop is a known abbreviation or an
initial, or the stop is inside a quotation in curly quotes that closes soon after (a quoted
title such as “Does training help? Reflections from practice”), or it closes a quotation the
sentence goes on after in lower case, or it closes a table's or figure's label ("Table 1.
Police call-outs by home" is one caption, which ``is_caption`` tells apart: a label, not a
sentence). Good enough for academic English; no model needed.
"""

from __future__ import annotations

import re

ABBREVIATIONS = frozenset(
    "e.g i.e etc al cf vs approx fig figs no nos vol pp p ch eds ed dr mr mrs ms prof st "
    "jan feb mar apr jun jul aug sep sept oct nov dec inc ltd co dept univ est".split()
)
_BOUNDARY = re.compile(r"[.!?]+['\"’”)\]]*(?=\s+['\"‘“(\[]?\w)")
_PARAGRAPH = re.compile(r"\S(?:.|\n(?!\s*\n))*")
_WORD_BEFORE = re.compile(r"([A-Za-z.]+)$")
QUOTED_TITLE_CHARS = 300  # a quotation closed further on than this is not a title: stops count
_LABEL = r"(?:Table|Figure|Fig|Box|Chart)\s+\d+[A-Za-z]?"
_CAPTION_LABEL = re.compile(_LABEL)
_CAPTION = re.compile(rf"{_LABEL}[.:]\s")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences in ``text``, whitespace between them excluded.
    A blank line always ends a sentence: headings and list items stand alone."""
    spans: list[tuple[int, int]] = []
    for paragraph in _PARAGRAPH.finditer(text):
        offset = paragraph.start()
        spans += [(offset + s, offset + e) for s, e in _paragraph_spans(paragraph.group())]
    return spans


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = _skip_space(text, 0)
    for match in _BOUNDARY.finditer(text):
        before = text[start : match.start()]
        if (
            _is_abbreviation(before)
            or _is_label(before)
            or _inside_quotation(text, start, match)
            or _quotation_runs_on(text, match)
        ):
            continue
        end = match.end()
        if end > start:
            spans.append((start, end))
        start = _skip_space(text, end)
    tail = text[start:].rstrip()
    if tail:
        spans.append((start, start + len(tail)))
    return spans


def split_sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text)]


def evidence_sentences(text: str) -> list[str]:
    """A passage's sentences as they are stored, embedded and quoted: whitespace collapsed."""
    return [" ".join(sentence.split()) for sentence in split_sentences(text)]


def is_caption(sentence: str) -> bool:
    """A table's or figure's caption ("Table 1. Police call-outs by home Before After": the
    table's header cells run on after it when a PDF's table is read as text)."""
    return _CAPTION.match(sentence) is not None


def _is_label(before_stop: str) -> bool:
    """The stop closes a table's or figure's label, "Table 1." opening the sentence."""
    return _CAPTION_LABEL.fullmatch(before_stop.strip()) is not None


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position].isspace():
        position += 1
    return position


def _inside_quotation(text: str, start: int, stop: re.Match[str]) -> bool:
    """The stop falls inside a “…” opened in this sentence and closed soon after it."""
    before = text[start : stop.end()]
    if before.count("“") <= before.count("”"):
        return False
    return "”" in text[stop.end() : stop.end() + QUOTED_TITLE_CHARS]


def _quotation_runs_on(text: str, stop: re.Match[str]) -> bool:
    """The stop ends a quotation inside the sentence, which goes on in lower case: being asked
    "what happened, and who has been affected?" made them feel listened to."""
    closes_quote = stop.group()[-1] in "\"”’'"
    return closes_quote and text[_skip_space(text, stop.end()) :][:1].islower()


def _is_abbreviation(before_stop: str) -> bool:
    match = _WORD_BEFORE.search(before_stop)
    if not match:
        return False
    word = match.group(1).strip(".").lower()
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())
