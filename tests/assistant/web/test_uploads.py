"""Uploads: a safe name, the allowed types and size, written under data_dir/uploads only."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import TooLarge, UnsupportedFile
from assistant.settings import AppSettings
from assistant.web.uploads import check_upload, safe_filename, save_uploads


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ("report.pdf", "report.pdf"),
        ("Annual Report (final).PDF", "Annual_Report_final.pdf"),
        ("../../etc/passwd", "passwd"),
        ("..\\..\\Windows\\win.ini", "win.ini"),
        ("／etc／．．／shadow.md", "shadow.md"),  # full-width look-alikes of / and .
        ('<img src=x onerror="alert(1)">.md', "img_src_x_onerror_alert_1.md"),
        (".bashrc", "upload.bashrc"),  # never a hidden file
        ("..", "upload"),
        ("", "upload"),
        ("notes.m d", "notes.md"),
        ("Café notes.txt", "Café_notes.txt"),
        ("a" * 300 + ".txt", "a" * 80 + ".txt"),
    ],
)
def test_safe_filename(sent: str, stored: str) -> None:
    assert safe_filename(sent) == stored


def test_check_upload_refuses_other_types_and_large_files(tmp_path: Path) -> None:
    settings = AppSettings(max_upload_mb=0.001, allowed_types=[".md", ".PDF"])
    small = tmp_path / "small.pdf"
    small.write_bytes(b"x" * 100)
    check_upload(small, "small.pdf", settings)
    with pytest.raises(UnsupportedFile, match=r"budget.xlsx: only \.md, \.pdf files"):
        check_upload(small, "budget.xlsx", settings)
    large = tmp_path / "large.md"
    large.write_bytes(b"x" * 2000)
    with pytest.raises(TooLarge, match=r"large.md is 0.0 MB, over the 0.001 MB upload limit"):
        check_upload(large, "large.md", settings)


def test_save_uploads_writes_only_inside_the_uploads_folder(tmp_path: Path) -> None:
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    good = incoming / "..evil name<>.md"
    good.write_text("# Notes\n\nSome text about foster care.", encoding="utf-8")
    wrong = incoming / "macro.docm"
    wrong.write_text("x", encoding="utf-8")
    uploads = tmp_path / "data" / "uploads"

    saved, refused = save_uploads([good, wrong], uploads, AppSettings())

    assert saved == [uploads.resolve() / "evil_name.md"]
    assert saved[0].read_text(encoding="utf-8").startswith("# Notes")
    assert list(refused) == ["macro.docm"] and "only .pdf, .docx, .html, .htm, .txt, .md" in refused["macro.docm"]
    written = {p for p in tmp_path.rglob("*") if p.is_file()} - {good, wrong}
    assert written == {uploads / "evil_name.md"}
