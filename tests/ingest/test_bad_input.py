"""Every kind of bad file is reported with its reason; the batch goes on; the index is untouched."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.pdfencrypt import StandardEncryption

from assistant import Assistant
from tests.documents import encrypt_docx, write_docx, write_saved_page
from tests.pdfs import wrap, write_image_only_pdf, write_pdf

pytestmark = pytest.mark.slow

GOOD_TEXT = (
    "Reflective supervision helped social workers try new approaches with families. "
    "Managers who protected time for supervision saw more innovation in their teams."
)


def good_pdf(path: Path) -> Path:
    return write_pdf(path, [wrap(GOOD_TEXT)])


def encrypted_pdf(path: Path) -> Path:
    return write_pdf(path, [wrap(GOOD_TEXT)], encrypt="secret")


def truncated_pdf(path: Path) -> Path:
    data = good_pdf(path).read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def corrupt_pdf(path: Path) -> Path:
    path.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 20 + b"\n%%EOF\n")
    return path


def binary_txt(path: Path) -> Path:
    path.write_bytes(bytes(range(256)) * 8)
    return path


def case_file_txt(path: Path) -> Path:
    path.write_text(
        "Referral record. Child: Jamie Carter, DOB 03/04/2015, NHS number 943 476 5919.\n"
        "Mother: Dana Carter, 14 Acacia Road, Leeds LS6 2AB, mobile 07700 900123.\n",
        encoding="utf-8",
    )
    return path


def empty_txt(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def phone_line_case_note_txt(path: Path) -> Path:
    """Cleaning drops short lines holding a phone number (a publisher's hotline): this note is
    one such line, and must be held back for the number, not called empty."""
    path.write_text("Dana Carter, mobile 07700 900123\n", encoding="utf-8")
    return path


def debris_only_txt(path: Path) -> Path:
    path.write_text("Copyright © 2024 Example\nwww.example.org\nTOP\n", encoding="utf-8")
    return path


def good_docx(path: Path) -> Path:
    return write_docx(path, "Supervision and innovation", {"Findings": [GOOD_TEXT]})


def truncated_docx(path: Path) -> Path:
    data = good_docx(path).read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def protected_docx(path: Path) -> Path:
    return encrypt_docx(good_docx(path.with_name("plain-" + path.name)), path)


def pdf_named_docx(path: Path) -> Path:
    path.write_bytes(good_pdf(path.with_suffix(".tmp")).read_bytes())
    return path


def docx_named_pdf(path: Path) -> Path:
    path.write_bytes(good_docx(path.with_suffix(".tmp")).read_bytes())
    return path


def blank_docx(path: Path) -> Path:
    return write_docx(path, "", {})


def old_word_doc(path: Path) -> Path:
    """The compound-file header every .doc starts with (no writer for .doc exists here)."""
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4088))
    return path


def odt(path: Path) -> Path:
    """The OpenDocument container as LibreOffice writes it: a stored mimetype first."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return path


def navigation_only_html(path: Path) -> Path:
    return write_saved_page(path, "", {}, meta={})


def pdf_named_html(path: Path) -> Path:
    path.write_bytes(good_pdf(path.with_suffix(".tmp")).read_bytes())
    return path


BAD_FILES = {
    "encrypted.pdf": (encrypted_pdf, "encrypted"),
    "truncated.pdf": (truncated_pdf, "truncated"),
    "corrupt.pdf": (corrupt_pdf, "could not be read"),
    "scan.pdf": (write_image_only_pdf, "no text layer"),
    "empty.txt": (empty_txt, "is empty"),
    "binary.txt": (binary_txt, "binary"),
    "casefile.txt": (case_file_txt, "held back"),
    "casenote.txt": (phone_line_case_note_txt, "held back"),
    "debris.txt": (debris_only_txt, "no text left after cleaning"),
    "notes.xlsx": (empty_txt, "unsupported file type"),
    "empty.docx": (empty_txt, "is empty"),
    "blank.docx": (blank_docx, "has no text"),
    "truncated.docx": (truncated_docx, "could not be read as a Word document"),
    "protected.docx": (protected_docx, "password-protected"),
    "report.docx": (pdf_named_docx, "is a PDF, not a Word document: rename it to report.pdf"),
    "letter.pdf": (docx_named_pdf, "is a Word document, not a PDF: rename it to letter.docx"),
    "old.doc": (old_word_doc, "save it as .docx or PDF"),
    "draft.odt": (odt, "save it as .docx or PDF"),
    "empty.html": (empty_txt, "is empty"),
    "binary.htm": (binary_txt, "binary"),
    "menu.html": (navigation_only_html, "no article text"),
    "article.html": (pdf_named_html, "is a PDF, not a web page"),
}


def index_snapshot(assistant: Assistant) -> list[str]:
    return sorted(assistant.store.chunk_ids({"source": {"$ne": ""}}))


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_is_reported_and_the_rest_of_the_batch_goes_in(assistant, tmp_path, name):
    make, reason = BAD_FILES[name]
    existing = good_pdf(tmp_path / "existing.pdf")
    assistant.ingest([existing])
    before = index_snapshot(assistant)

    bad = make(tmp_path / name)
    other = tmp_path / "other.txt"
    other.write_text("Trust between leaders and staff was an enabler of co-production.\n")
    report = assistant.ingest([bad, other])

    assert reason in report.failed[name]
    assert name in report.failed[name], "the message names the file"
    assert report.ingested == ["other.txt"] and not report.complete
    after = index_snapshot(assistant)
    assert set(before) <= set(after) and len(after) > len(before)


def test_a_changed_file_that_is_now_broken_keeps_its_old_chunks(assistant, tmp_path):
    path = good_pdf(tmp_path / "report.pdf")
    assistant.ingest([path])
    before = index_snapshot(assistant)
    truncated_pdf(path)
    report = assistant.ingest([path])
    assert "truncated" in report.failed["report.pdf"]
    assert index_snapshot(assistant) == before


def test_missing_path_is_reported(assistant, tmp_path):
    report = assistant.ingest([tmp_path / "nowhere.pdf"])
    assert "does not exist" in report.failed["nowhere.pdf"]


def test_file_over_the_size_limit_is_refused(assistant, tmp_path):
    assistant.settings.ingest.max_file_mb = 0.0001
    path = tmp_path / "big.txt"
    path.write_text(GOOD_TEXT * 10)
    assert "larger than" in assistant.ingest([path]).failed["big.txt"]


def test_a_pdf_encrypted_with_an_empty_user_password_is_read(assistant, tmp_path):
    encryption = StandardEncryption("", ownerPassword="owner")
    path = write_pdf(tmp_path / "owner-only.pdf", [wrap(GOOD_TEXT)], encrypt=encryption)
    assert PdfReader(path).is_encrypted
    report = assistant.ingest([path])
    assert report.ingested == ["owner-only.pdf"], report.failed
