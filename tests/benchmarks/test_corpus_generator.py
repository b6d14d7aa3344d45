"""The benchmark corpus generator: deterministic, the size asked for, real PDFs, clean ingest."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from assistant import Assistant
from benchmarks.corpus import generate_corpus

ROOT = Path(__file__).resolve().parents[2]


def _files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_same_seed_same_bytes_and_a_small_corpus_is_a_prefix_of_a_larger_one(
    tmp_path: Path,
) -> None:
    generate_corpus(tmp_path / "a", 12, seed=3, pdf_share=0.5)
    generate_corpus(tmp_path / "b", 12, seed=3, pdf_share=0.5)
    generate_corpus(tmp_path / "small", 5, seed=3, pdf_share=0.5)
    generate_corpus(tmp_path / "other", 12, seed=4, pdf_share=0.5)
    first = _files(tmp_path / "a")
    assert first == _files(tmp_path / "b")
    assert _files(tmp_path / "small") == dict(list(first.items())[:5])
    assert set(first.values()).isdisjoint(_files(tmp_path / "other").values())


def test_writes_the_requested_number_of_text_and_pdf_documents(tmp_path: Path) -> None:
    generated = generate_corpus(tmp_path, 30, pdf_share=0.3)
    assert len(generated) == 30 == len(list(tmp_path.iterdir()))
    kinds = {doc.kind for doc in generated}
    assert kinds == {"txt", "pdf"}
    assert all(doc.path.suffix == f".{doc.kind}" and doc.path.exists() for doc in generated)
    assert len({doc.title for doc in generated}) > 20  # varied, not one template


def test_pdfs_have_the_pages_the_generator_reports(tmp_path: Path) -> None:
    for doc in generate_corpus(tmp_path, 12, pdf_share=1.0):
        reader = PdfReader(doc.path)
        assert len(reader.pages) == doc.pages >= 2
        texts = [page.extract_text() for page in reader.pages]
        assert "Abstract" in texts[0]
        assert all(len(text.split()) > 20 for text in texts[:-1])
        assert all(text.strip() for text in texts)


def test_text_documents_carry_web_debris_and_some_a_repeated_block(tmp_path: Path) -> None:
    texts = [doc.path.read_text() for doc in generate_corpus(tmp_path, 20, pdf_share=0.0)]
    debris = ("Download PDF", "Advertisement", "All rights reserved", "Citations:", "Язык",
              "Share", "Back to top", "Tel: +44", "Privacy policy", "www.", "Downloads:")  # fmt: skip
    assert sum(any(marker in text for marker in debris) for text in texts) >= 15
    repeated = [text for text in texts if text.count("\nAbstract\n") == 2]
    assert 0 < len(repeated) < len(texts)


def test_command_line_writes_the_corpus(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "corpus.py"), str(tmp_path), "--docs", "4"],
        capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    assert "4 documents" in result.stdout
    assert len(list(tmp_path.iterdir())) == 4


@pytest.mark.slow
def test_generated_documents_ingest_cleanly(tmp_path: Path, assistant: Assistant) -> None:
    generated = generate_corpus(tmp_path / "corpus", 6, pdf_share=0.5)
    report = assistant.ingest([tmp_path / "corpus"])
    assert report.complete, report.summary()
    assert sorted(report.ingested) == sorted(doc.path.name for doc in generated)
    assert report.chunks_added >= 6 * 5
    listed = {info.source: info for info in assistant.documents()}
    for doc in generated:
        assert listed[doc.path.name].pages == doc.pages
        assert listed[doc.path.name].title == doc.title or doc.kind == "pdf"
    for doc in generated:
        if doc.kind == "txt":
            removed = report.cleaning[doc.path.name]
            assert removed["chars"] > 0, doc.path.name
            repeats = doc.path.read_text().count("\nAbstract\n") == 2
            assert ("repeated blocks" in removed) == repeats, (doc.path.name, removed)
