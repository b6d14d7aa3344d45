"""Read files into pages of raw text, refusing bad input with a reason a user can act on.

One loader per file type behind ``load_file``; adding a type means adding one function to
``LOADERS``. Loaders never clean text: that is ``ingest.cleaning``'s job.

Text files come in whatever encoding the machine that saved them used, so ``load_text`` reads
them in this order: a byte-order mark decides (UTF-8, UTF-16, UTF-32); otherwise binary data is
refused; strict UTF-8; a legacy single-byte encoding charset-normalizer is confident about
(Windows-1252 whenever it reads as cleanly as any other); else Windows-1252, with Latin-1 for
the five bytes it leaves undefined. What was decoded must read as text, or it is refused.
"""

from __future__ import annotations

import codecs
import hashlib
import logging
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from assistant.errors import (
    CorruptDocument,
    EmptyDocument,
    EncryptedDocument,
    NoTextLayer,
    TooLarge,
    UnsupportedFile,
)
from assistant.models import Page, Reference
from ingest.filetypes import refuse_other_type
from ingest.pdf_metadata import declared_reference
from ingest.web_pages import load_html
from ingest.word import load_docx, refuse_old_format

_BINARY_CONTROL_SHARE = 0.05
_SAMPLE_SIZE = 65536
_BOMS = (  # UTF-32 first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_WESTERN = frozenset({"cp1252", "latin_1", "iso8859_15"})
_CP1252_UNDEFINED = b"\x81\x8d\x8f\x90\x9d"
_C1_CONTROLS = bytes(range(0x80, 0xA0))


@dataclass(frozen=True)
class RawDocument:
    """Pages as extracted, with the title the file itself declares (PDF metadata), if any, the
    encoding a text file was read in when it was not plain UTF-8 (None for UTF-8 and PDF), and
    the bibliographic metadata the file declares (PDF information dictionary and XMP), and the
    pages read by OCR with their mean word confidence (page number -> 0-100)."""

    doc_id: str
    source: str
    pages: list[Page]
    declared_title: str | None
    encoding: str | None = None
    reference: Reference | None = None
    ocr_pages: dict[int, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Loaded:
    """What a loader returns: the pages, and what the file itself says about them."""

    pages: list[Page]
    title: str | None = None
    encoding: str | None = None
    reference: Reference | None = None
    ocr_pages: dict[int, float] = field(default_factory=dict)  # page number -> mean confidence


def load_file(path: Path, max_mb: float, ocr_language: str | None = None) -> RawDocument:
    """Load one file; raises a ``DocumentError`` subclass naming the file and the fix.
    ``ocr_language``: Tesseract language to read PDF pages without a text layer in (None:
    such pages stay empty, and a PDF with no text at all is refused)."""
    loader = LOADERS.get(path.suffix.lower())
    if loader is None:
        supported = ", ".join(ACCEPTED)
        raise UnsupportedFile(f"{path.name}: unsupported file type (supported: {supported})")
    data = path.read_bytes()
    if not data.strip():
        raise EmptyDocument(f"{path.name} is empty: nothing to ingest")
    if len(data) > max_mb * 1024 * 1024:
        raise TooLarge(f"{path.name} is larger than the {max_mb:g} MB limit (ingest.max_file_mb)")
    if loader is load_pdf:
        loaded = load_pdf(path.name, data, ocr_language)
    else:
        loaded = loader(path.name, data)
    return RawDocument(
        content_id(data), path.name, loaded.pages, loaded.title, loaded.encoding, loaded.reference,
        loaded.ocr_pages,
    )  # fmt: skip


def content_id(data: bytes) -> str:
    """Stable document id: the same bytes always give the same id."""
    return hashlib.sha256(data).hexdigest()[:16]


def load_text(name: str, data: bytes) -> Loaded:
    """A text file in any common encoding; ``encoding`` is set unless it was plain UTF-8."""
    refuse_other_type(name, data, "text")
    text, encoding = decode_text(name, data)
    share = _unreadable_share(text)
    if share > _BINARY_CONTROL_SHARE:
        raise CorruptDocument(
            f"{name} holds binary data, not text ({share:.0%} of it is unreadable as "
            f"{encoding or 'utf-8'}): check it is the right file"
        )
    return Loaded([Page(None, text)], None, encoding)


# Markdown's inline markup: emphasis ("**Authors:**", "*Journal*"), links and images (their text
# kept), code marks. Headings ("## Methods") stay: chunking reads them as sections.
_MARKDOWN_INLINE = (
    (re.compile(r"!?\[([^\]\n]*)\]\((?:[^()\s]|\([^()\s]*\))*\)"), r"\1"),  # a target (with (x))
    (re.compile(r"(?<![\w*])(\*\*|__)(?=\S)(.+?)(?<=\S)\1(?![\w*])"), r"\2"),
    (re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])"), r"\2"),
    (re.compile(r"`([^`\n]+)`"), r"\1"),
)


def load_markdown(name: str, data: bytes) -> Loaded:
    """A Markdown file read as text without its inline markup, so that "**Authors:** ..." is
    read as the authors' line and no sentence quotes asterisks."""
    loaded = load_text(name, data)
    return replace(loaded, pages=[Page(p.number, plain_markdown(p.text)) for p in loaded.pages])


def plain_markdown(text: str) -> str:
    for pattern, kept in _MARKDOWN_INLINE:
        text = pattern.sub(kept, text)
    return text


def decode_text(name: str, data: bytes) -> tuple[str, str | None]:
    """The text and the encoding it was read in (None for UTF-8). Only a byte-order mark
    allows NUL bytes: in any other text file they mean binary data."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            encoding = None if codec == "utf-8-sig" else codec
            return data.decode(codec, errors="replace"), encoding
    if b"\x00" in data or _control_share(data) > _BINARY_CONTROL_SHARE:
        raise CorruptDocument(f"{name} holds binary data, not text: check it is the right file")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    return _guess_single_byte(data) or _decode_western(data)


def _control_share(data: bytes) -> float:
    sample = data[:_SAMPLE_SIZE]
    controls = sum(byte < 32 and byte not in b"\t\n\r\f" for byte in sample)
    return controls / len(sample)


def _unreadable_share(text: str) -> float:
    """Share of characters no text would hold: replacement marks, controls, unassigned code
    points. Catches binary data behind a byte-order mark, or decoded in a legacy code page."""
    sample = text[:_SAMPLE_SIZE]
    unreadable = sum(
        char == "\ufffd" or unicodedata.category(char) in {"Cc", "Cn", "Co", "Cs"}
        for char in sample
        if char not in "\t\n\r\f"
    )
    return unreadable / max(len(sample), 1)


def _guess_single_byte(data: bytes) -> tuple[str, str] | None:
    """charset-normalizer's best single-byte reading, or None when it has no confident one.
    Short texts read equally cleanly in many code pages, and its language guess is noise on
    them, so Windows-1252 (by far the likeliest for English-language literature) wins whenever
    it reads as cleanly as any other; another code page needs words it recognises. Multi-byte
    guesses are left out: on a few accented letters they are usually wrong."""
    from charset_normalizer import from_bytes
    from charset_normalizer.utils import is_multi_byte_encoding

    matches = [m for m in from_bytes(data) if not is_multi_byte_encoding(m.encoding)]
    if not matches:
        return None
    least_chaos = min(match.chaos for match in matches)
    cleanest = [match for match in matches if match.chaos == least_chaos]
    if any(_is_western(match.could_be_from_charset) for match in cleanest):
        return _decode_western(data)
    best = max(cleanest, key=lambda match: match.coherence)
    if best.coherence == 0:
        return None
    return str(best), encoding_label(best.encoding)


def _is_western(codec_names: list[str]) -> bool:
    return not _WESTERN.isdisjoint(codec_names)


def _decode_western(data: bytes) -> tuple[str, str]:
    """Windows-1252, reading the five bytes it leaves undefined as Latin-1 does. Named Latin-1
    when no byte falls in 0x80-0x9F, the only range where the two differ."""
    text = data.decode("cp1252", errors="surrogateescape")
    text = text.translate({0xDC00 + byte: byte for byte in _CP1252_UNDEFINED})
    if any(byte in _C1_CONTROLS for byte in data):
        return text, "windows-1252"
    return text, "latin-1"


def encoding_label(codec: str) -> str:
    """A human-friendly name for a Python codec: cp1252 -> windows-1252, latin_1 -> latin-1."""
    name = codecs.lookup(codec).name
    if name.startswith("cp125"):
        return "windows-" + name[2:]
    if name == "iso8859-1":
        return "latin-1"
    return name.replace("iso8859", "iso-8859")


def load_pdf(name: str, data: bytes, ocr_language: str | None = None) -> Loaded:
    """A PDF's pages; pages without a text layer are read by OCR in ``ocr_language`` (a
    Tesseract language such as "eng"), or left empty when it is None."""
    import io

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    refuse_other_type(name, data, "pdf")
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
        reference = declared_reference(reader, title)
    except EncryptedDocument:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        raise CorruptDocument(
            f"{name} could not be read as a PDF ({exc}): export it again"
        ) from exc
    pages, confidences = _read_scanned_pages(name, data, pages, ocr_language)
    if not any(page.text.strip() for page in pages):
        raise NoTextLayer(
            f"{name} has no text layer (a scan?): "
            + ("OCR found no text in it either: check the scan" if ocr_language else
               "turn OCR on (setting ingest.ocr) or run OCR on it, then ingest it again")
        )  # fmt: skip
    return Loaded(pages, title, reference=reference, ocr_pages=confidences)


def _read_scanned_pages(
    name: str, data: bytes, pages: list[Page], ocr_language: str | None
) -> tuple[list[Page], dict[int, float]]:
    """The pages with those that have no text layer read by OCR, and their confidences."""
    blank = [i for i, page in enumerate(pages) if not page.text.strip()]
    if not blank or ocr_language is None:
        return pages, {}
    from ingest.ocr import ocr_pages

    read = ocr_pages(name, data, blank, ocr_language)
    pages = [Page(page.number, read[i].text) if i in read else page for i, page in enumerate(pages)]
    return pages, {i + 1: found.confidence for i, found in read.items() if found.text.strip()}


def _declared_title(reader: object) -> str | None:
    metadata = getattr(reader, "metadata", None)
    title = (getattr(metadata, "title", None) or "").strip()
    meaningless = not title or title.lower() in {"untitled", "title"} or title.endswith(".docx")
    return None if meaningless else title


LOADERS: dict[str, Callable[[str, bytes], Loaded]] = {
    ".pdf": load_pdf,
    ".txt": load_text,
    ".md": load_markdown,
    ".docx": load_docx,
    ".html": load_html,
    ".htm": load_html,
    ".doc": refuse_old_format,  # listed so the refusal says what to do, not "unsupported"
    ".odt": refuse_old_format,
}
ACCEPTED = (".pdf", ".docx", ".html", ".htm", ".txt", ".md")  # what users may hand in
