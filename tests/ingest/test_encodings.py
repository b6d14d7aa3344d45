"""Text files are read in whatever common encoding they were saved in; binary data is refused."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from assistant import Assistant, Settings
from assistant.errors import CorruptDocument
from ingest.loaders import load_file
from tests.pdfs import wrap, write_pdf

WESTERN = (
    "The “Mind of My Own” app helped children’s voices reach the café-style review – "
    "it cost £12,000 a year and the équipe said it worked."
)
LATIN1 = "Co-operation between café staff and social workers cost £300 per family (naïve?)."


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def read(path: Path) -> tuple[str, str | None]:
    raw = load_file(path, max_mb=10)
    assert len(raw.pages) == 1 and raw.pages[0].number is None
    return raw.pages[0].text, raw.encoding


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (WESTERN.encode("cp1252"), "windows-1252"),
        (LATIN1.encode("latin-1"), "latin-1"),
        ("\ufeff".encode("utf-16-le") + WESTERN.encode("utf-16-le"), "utf-16"),
        ("\ufeff".encode("utf-16-be") + WESTERN.encode("utf-16-be"), "utf-16"),
        ("\ufeff".encode("utf-32-le") + WESTERN.encode("utf-32-le"), "utf-32"),
        ("\ufeff".encode("utf-32-be") + WESTERN.encode("utf-32-be"), "utf-32"),
        (WESTERN.encode("utf-8"), None),
        (WESTERN.encode("utf-8-sig"), None),
    ],
    ids=["cp1252", "latin-1", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "utf-8", "bom"],
)
def test_text_is_decoded_exactly_and_the_encoding_reported(tmp_path, data, encoding):
    expected = LATIN1 if encoding == "latin-1" else WESTERN
    text, reported = read(write(tmp_path, "notes.txt", data))
    assert text == expected, "no byte-order mark left, every character right"
    assert reported == encoding


def test_a_short_windows_1252_note_is_read_as_windows_1252(tmp_path):
    """Too short for charset-normalizer to be sure: Windows-1252 is the fallback."""
    text, encoding = read(write(tmp_path, "note.md", "It’s fine.".encode("cp1252")))
    assert (text, encoding) == ("It’s fine.", "windows-1252")


def test_another_single_byte_encoding_it_is_sure_of_is_used(tmp_path):
    russian = "Социальная работа с детьми и семьями в местных органах власти."
    text, encoding = read(write(tmp_path, "ru.txt", russian.encode("cp1251")))
    assert (text, encoding) == (russian, "windows-1251")


def test_bytes_windows_1252_leaves_undefined_are_read_as_latin_1(tmp_path):
    data = WESTERN.encode("cp1252") + b" \x81"
    text, encoding = read(write(tmp_path, "odd.txt", data))
    assert text == WESTERN + " \x81" and encoding == "windows-1252"


def png(rng: random.Random) -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rng.randbytes(4096)


@pytest.mark.parametrize(
    "data",
    [
        png(random.Random(1)),
        png(random.Random(2)).replace(b"\x00", b""),  # no NUL: refused for its control bytes
        b"Looks like text\x00\x00\x00 but holds NUL bytes" * 10,
        "\ufeff".encode("utf-16-le") + random.Random(3).randbytes(4096),  # a mark, then noise
    ],
    ids=["png", "png-without-nul", "nul-bytes", "utf-16-bom-then-noise"],
)
def test_binary_data_is_refused_as_binary(tmp_path, data):
    with pytest.raises(CorruptDocument, match="binary.txt holds binary data, not text"):
        load_file(write(tmp_path, "binary.txt", data), max_mb=10)


def test_utf8_text_and_pdfs_report_no_encoding(tmp_path):
    assert load_file(write(tmp_path, "plain.txt", b"Plain ASCII text."), 10).encoding is None
    pdf = write_pdf(tmp_path / "paper.pdf", [wrap(WESTERN)])
    assert load_file(pdf, 10).encoding is None


@pytest.mark.slow
def test_a_windows_1252_file_is_stored_with_the_right_characters(tmp_path, embedder):
    path = write(tmp_path, "review.txt", WESTERN.encode("cp1252"))
    assistant = Assistant(Settings(data_dir=tmp_path / "data"), embedder=embedder)
    report = assistant.ingest([path])
    assert report.ingested == ["review.txt"], report.failed
    assert report.encodings == {"review.txt": "windows-1252"}
    assert "review.txt: read as windows-1252" in report.summary()
    (info,) = assistant.documents()
    stored = " ".join(chunk.text for chunk in assistant.chunks(info.doc_id))
    for fragment in ("“Mind of My Own”", "children’s", "café", "– it cost £12,000", "équipe"):
        assert fragment in stored
