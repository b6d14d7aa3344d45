"""Read files into pages of raw text, refusing bad input with a reason a user can act on.

One loader per file type behind ``load_pages``; adding a type means adding one function to
``LOADERS``. Loaders never clean text: that is ``ingest.cleaning``'s job.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import (
    CorruptDocument,
    EmptyDocument,
    EncryptedDocument,
    NoTextLayer,
    NotUtf8,
    TooLarge,
    UnsupportedFile,
)
from assistant.models import Page

_BINARY_CONTROL_SHARE = 0.05


@dataclass(frozen=True)
class RawDocument:
    """Pages as extracted, with the title the file itself declares (PDF metadata), if any."""

    doc_id: str
    source: str
    pages: list[Page]
    declared_title: str | None


def load_file(path: Path, max_mb: float) -> RawDocument:
    """Load one file; raises a ``DocumentError`` subclass naming the file and the fix."""
    loader = LOADERS.get(path.suffix.lower())
    if loader is None:
        supported = ", ".join(sorted(LOADERS))
        raise UnsupportedFile(f"{path.name}: unsupported file type (supported: {supported})")
    data = path.read_bytes()
    if not data.strip():
        raise EmptyDocument(f"{path.name} is empty: nothing to ingest")
    if len(data) > max_mb * 1024 * 1024:
        raise TooLarge(f"{path.name} is larger than the {max_mb:g} MB limit (ingest.max_file_mb)")
    pages, title = loader(path.name, data)
    return RawDocument(content_id(data), path.name, pages, title)


def content_id(data: bytes) -> str:
    """Stable document id: the same bytes always give the same id."""
    return hashlib.sha256(data).hexdigest()[:16]


def load_text(name: str, data: bytes) -> tuple[list[Page], str | None]:
    if b"\x00" in data or _control_share(data) > _BINARY_CONTROL_SHARE:
        raise CorruptDocument(f"{name} holds binary data, not text: check it is the right file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise NotUtf8(
            f"{name} is not UTF-8 text (byte {exc.start}): re-save it as UTF-8 and ingest again"
        ) from exc
    return [Page(None, text)], None


def _control_share(data: bytes) -> float:
    sample = data[:65536]
    controls = sum(byte < 32 and byte not in b"\t\n\r\f" for byte in sample)
    return controls / len(sample)


def load_pdf(name: str, data: bytes) -> tuple[list[Page], str | None]:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if not data.lstrip().startswith(b"%PDF"):
        raise CorruptDocument(f"{name} is not a PDF (no PDF header): check the file")
    if b"%%EOF" not in data[-2048:]:
        raise CorruptDocument(
            f"{name} is truncated (no end-of-file marker): download or export it again"
        )
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # malformed-file chatter; we report instead
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise EncryptedDocument(f"{name} is encrypted: remove the password and ingest it again")
        pages = [Page(i + 1, page.extract_text() or "") for i, page in enumerate(reader.pages)]
        title = _declared_title(reader)
    except EncryptedDocument:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        raise CorruptDocument(
            f"{name} could not be read as a PDF ({exc}): export it again"
        ) from exc
    if not any(page.text.strip() for page in pages):
        raise NoTextLayer(
            f"{name} has no text layer (a scan?): run OCR on it, then ingest it again"
        )
    return pages, title


def _declared_title(reader: object) -> str | None:
    metadata = getattr(reader, "metadata", None)
    title = (getattr(metadata, "title", None) or "").strip()
    meaningless = not title or title.lower() in {"untitled", "title"} or title.endswith(".docx")
    return None if meaningless else title


LOADERS: dict[str, Callable[[str, bytes], tuple[list[Page], str | None]]] = {
    ".pdf": load_pdf,
    ".txt": load_text,
    ".md": load_text,
}
