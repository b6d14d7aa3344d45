"""Sentence-aware chunks sized for the embedding model.

A chunk is a run of whole sentences from one page and one section, at most ``chunk_tokens``
word pieces, so the encoder (which truncates at 256) never cuts one silently. The next chunk
repeats the last ``overlap_sentences`` sentences. Only a single sentence longer than the limit
is split, at word boundaries, so no text is ever lost.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from assistant.models import Chunk, Document
from ingest.cleaning import STRUCTURED_ABSTRACT_LABELS
from ingest.sentences import sentence_spans

TokenCounter = Callable[[str], int]

_HEADING_WORDS = {
    "abstract", "introduction", "background", "method", "methods", "methodology", "results",
    "findings", "discussion", "conclusion", "conclusions", "limitations", "implications",
    "recommendations", "summary", "keywords", "acknowledgements", "acknowledgments", "appendix",
    "literature review", "context", "aims", "objectives",
    *(label.lower() for label in STRUCTURED_ABSTRACT_LABELS),
}  # fmt: skip
_NUMBERED_HEADING = re.compile(r"^(\d+(\.\d+)*\.?|[IVX]+\.)\s+[A-Z][^.!?]*$")
_MAX_HEADING_WORDS = 10


@dataclass(frozen=True)
class _Sentence:
    start: int
    end: int
    tokens: int


def is_heading(paragraph: str) -> bool:
    """A short line that names a section: a known heading word, numbered, Markdown or CAPS."""
    text = paragraph.strip()
    if not text or len(text.split()) > _MAX_HEADING_WORDS or "\n" in text:
        return False
    bare = text.lstrip("#").strip().rstrip(":").strip()
    return (
        text.startswith("#")
        or bare.lower() in _HEADING_WORDS
        or bool(_NUMBERED_HEADING.match(bare))
        or (bare.isupper() and len(bare) > 3)
    )


def chunk_document(
    document: Document, count_tokens: TokenCounter, chunk_tokens: int, overlap_sentences: int
) -> list[Chunk]:
    chunks: list[Chunk] = []
    carried: str | None = None
    for page in document.pages:
        for section, start, end in _sections(page.text, carried, document.title):
            carried = section
            sentences = list(_sentences(page.text, start, end, count_tokens, chunk_tokens))
            for first, last in _windows(sentences, chunk_tokens, overlap_sentences):
                char_start, char_end = sentences[first].start, sentences[last].end
                text = page.text[char_start:char_end]
                chunks.append(
                    Chunk(
                        chunk_id=chunk_id(document.doc_id, page.number, char_start, text),
                        doc_id=document.doc_id,
                        source=document.source,
                        title=document.title,
                        path=document.path,
                        page=page.number,
                        char_start=char_start,
                        char_end=char_end,
                        section=section,
                        text=text,
                    )
                )
    return chunks


def chunk_id(doc_id: str, page: int | None, char_start: int, text: str) -> str:
    """Derived from content and position: re-ingesting the same file yields the same ids."""
    key = f"{doc_id}|{page}|{char_start}|{text}"
    return hashlib.sha256(key.encode()).hexdigest()[:24]


def _sections(text: str, section: str | None, title: str) -> Iterator[tuple[str | None, int, int]]:
    """Split a page at headings; yields (section, start, end) spans of body text.
    The section carries over from the previous page until a new heading appears. The title
    line is left out: every chunk carries it as metadata, and a chunk made of it alone would
    match every question about the document while answering none."""
    body_start: int | None = None
    body_end = 0
    for match in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", text):
        if " ".join(match.group().split()) == title:
            if body_start is not None:
                yield section, body_start, body_end
            body_start = None
        elif is_heading(match.group()):
            if body_start is not None:
                yield section, body_start, body_end
            section, body_start = match.group().lstrip("#").strip().rstrip(":"), None
        else:
            body_start = match.start() if body_start is None else body_start
            body_end = match.end()
    if body_start is not None:
        yield section, body_start, body_end


def _sentences(
    text: str, start: int, end: int, count_tokens: TokenCounter, limit: int
) -> Iterator[_Sentence]:
    for sentence_start, sentence_end in sentence_spans(text[start:end]):
        span_start, span_end = start + sentence_start, start + sentence_end
        tokens = count_tokens(text[span_start:span_end])
        if tokens <= limit:
            yield _Sentence(span_start, span_end, tokens)
        else:
            yield from _split_long_sentence(text, span_start, span_end, count_tokens, limit)


def _split_long_sentence(
    text: str, start: int, end: int, count_tokens: TokenCounter, limit: int
) -> Iterator[_Sentence]:
    """The one place text is cut inside a sentence: only when a sentence alone exceeds the limit."""
    words = list(re.finditer(r"\S+", text[start:end]))
    first = 0
    while first < len(words):
        last = first
        while last + 1 < len(words):
            candidate = text[start + words[first].start() : start + words[last + 1].end()]
            if count_tokens(candidate) > limit:
                break
            last += 1
        piece_start, piece_end = start + words[first].start(), start + words[last].end()
        yield _Sentence(piece_start, piece_end, count_tokens(text[piece_start:piece_end]))
        first = last + 1


def _windows(sentences: list[_Sentence], limit: int, overlap: int) -> Iterator[tuple[int, int]]:
    """Greedy runs of sentences within the token limit; each run after the first starts with
    the previous run's last ``overlap`` sentences when they fit."""
    first = 0
    while first < len(sentences):
        last, total = first, sentences[first].tokens
        while last + 1 < len(sentences) and total + sentences[last + 1].tokens <= limit:
            last += 1
            total += sentences[last].tokens
        yield first, last
        if last + 1 >= len(sentences):
            return
        first = _overlap_start(sentences, first, last, limit, overlap)


def _overlap_start(
    sentences: list[_Sentence], first: int, last: int, limit: int, overlap: int
) -> int:
    start = max(first + 1, last + 1 - overlap)
    while start <= last and sum(s.tokens for s in sentences[start : last + 2]) > limit:
        start += 1
    return start
