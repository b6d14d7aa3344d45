"""What a file really is, from its first bytes, so a file with the wrong extension is refused
with the fix ("report.docx is a PDF: rename it to report.pdf") instead of a parser's error.

Users rename files, browsers save "Web Page, complete" as .htm, and Word's "Save as" offers
.doc and .odt beside .docx: the extension alone says little about the bytes.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

from assistant.errors import CorruptDocument, EncryptedDocument, UnsupportedFile

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # compound file: .doc, or an encrypted .docx
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")  # stream name inside the latter
_ODF_TEXT = b"application/vnd.oasis.opendocument.text"
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<title")

_NAMES = {
    "pdf": ("a PDF", ".pdf"),
    "docx": ("a Word document", ".docx"),
    "html": ("a web page", ".html"),
    "odt": ("an OpenDocument text file", ".odt"),
    "doc": ("an old Word .doc file", ".doc"),
    "text": ("a text file", ".txt"),
}


def sniff(data: bytes) -> str | None:
    """'pdf', 'docx', 'odt', 'doc', 'encrypted-office', 'zip', 'html', or None (text or
    something else)."""
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(_OLE_MAGIC):
        return "encrypted-office" if _ENCRYPTED_PACKAGE in data else "doc"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    lowered = head.lstrip(b"\xef\xbb\xbf").lower()
    if lowered.startswith(_HTML_STARTS) or (lowered.startswith(b"<?xml") and b"<html" in lowered):
        return "html"
    return None


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == _ODF_TEXT:
                return "odt"
    except (zipfile.BadZipFile, OSError, KeyError):
        return "zip"
    return "docx" if "word/document.xml" in names else "zip"


def refuse_other_type(name: str, data: bytes, expected: str) -> None:
    """Raise the reason a file named like ``expected`` holds something else, if it does:
    a clear refusal with the fix, never a parser's traceback."""
    kind = sniff(data)
    if kind in (expected, None, "zip") or (expected == "text" and kind == "html"):
        return
    stem = PurePath(name).stem
    if kind == "encrypted-office":
        raise EncryptedDocument(
            f"{name} is password-protected: open it in Word, remove the password (File > Info > "
            "Protect Document), save it, and ingest it again"
        )
    if kind in ("doc", "odt"):
        raise UnsupportedFile(
            f"{name} is {_NAMES[kind][0]}, which carechat does not read: save it as .docx or "
            "PDF and ingest it again"
        )
    what, extension = _NAMES[kind]
    raise CorruptDocument(
        f"{name} is {what}, not {_NAMES[expected][0]}: rename it to {stem}{extension} and "
        "ingest it again"
    )
