"""Chunks never cut a sentence, never exceed the encoder's window, and keep their page."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from assistant.models import Document, Page
from ingest.chunking import chunk_document, is_heading
from ingest.loaders import load_file
from ingest.pipeline import clean_document
from ingest.sentences import split_sentences
from tests.pdfs import wrap, write_pdf

pytestmark = pytest.mark.slow

TOPICS = ["supervision", "co-production", "leadership", "funding", "trust", "evaluation"]


def page_text(page: int) -> str:
    sentences = [
        f"On page {page}, finding {i} concerned {TOPICS[(page + i) % len(TOPICS)]} in team "
        f"number {page * 100 + i}, which practitioners described at length during interviews."
        for i in range(14)
    ]
    return " ".join(sentences)


@pytest.fixture
def multipage_pdf(tmp_path: Path) -> Path:
    pages = [["Introduction", "", *wrap(page_text(1))]] + [wrap(page_text(n)) for n in (2, 3)]
    return write_pdf(tmp_path / "study.pdf", pages, title="A Study of Teams")


def chunks_of(path: Path, embedder, chunk_tokens: int = 64, overlap: int = 1):
    document = clean_document(load_file(path, max_mb=10))
    return document, chunk_document(document, embedder.count_tokens, chunk_tokens, overlap)


def test_chunks_hold_whole_sentences_only(multipage_pdf, embedder):
    document, chunks = chunks_of(multipage_pdf, embedder)
    for chunk in chunks:
        page = next(p for p in document.pages if p.number == chunk.page)
        sentences = split_sentences(page.text)
        for sentence in split_sentences(chunk.text):
            assert sentence in sentences, f"cut sentence {sentence!r}"
        assert page.text[chunk.char_start : chunk.char_end] == chunk.text


def test_chunks_fit_the_encoder_and_the_setting(multipage_pdf, embedder):
    _, chunks = chunks_of(multipage_pdf, embedder, chunk_tokens=64)
    assert len(chunks) > 6
    assert max(embedder.count_tokens(chunk.text) for chunk in chunks) <= 64


def test_page_numbers_are_kept(multipage_pdf, embedder):
    _, chunks = chunks_of(multipage_pdf, embedder)
    assert {chunk.page for chunk in chunks} == {1, 2, 3}
    for chunk in chunks:
        assert f"On page {chunk.page}," in chunk.text
        assert all(f"On page {n}," not in chunk.text for n in {1, 2, 3} - {chunk.page})


def test_consecutive_chunks_overlap_by_one_sentence(multipage_pdf, embedder):
    _, chunks = chunks_of(multipage_pdf, embedder, overlap=1)
    same_page = [(a, b) for a, b in itertools.pairwise(chunks) if a.page == b.page]
    assert same_page
    for first, second in same_page:
        assert split_sentences(first.text)[-1] == split_sentences(second.text)[0]


def test_section_headings_and_metadata(multipage_pdf, embedder):
    document, chunks = chunks_of(multipage_pdf, embedder)
    assert document.title == "A Study of Teams"
    assert chunks[0].section == "Introduction"
    assert all(chunk.source == "study.pdf" and chunk.doc_id == document.doc_id for chunk in chunks)
    assert len({chunk.chunk_id for chunk in chunks}) == len(chunks)


def test_a_sentence_longer_than_the_window_is_split_not_lost(embedder):
    long_sentence = " ".join(f"word{i}" for i in range(400)) + "."
    document = Document("d", "long.txt", "Long", [Page(None, long_sentence)])
    chunks = chunk_document(document, embedder.count_tokens, 100, 1)
    assert len(chunks) > 1
    assert " ".join(chunk.text for chunk in chunks) == long_sentence
    assert all(embedder.count_tokens(chunk.text) <= 100 for chunk in chunks)


def test_heading_detection():
    assert is_heading("Findings") and is_heading("2.1 Data collection") and is_heading("# Notes")
    assert not is_heading("Michelle Lefevre,") and not is_heading("Findings were mixed.")
