"""Word documents (.docx) as one page of text in reading order, through python-docx.

Word has no page numbers until it is laid out, so a .docx is one page with ``number`` None and
its headings are written as Markdown headings ("## Findings"): the chunker makes each one the
``section`` its passages are cited by ("§ Findings"). Lists become "- " items, each table row a
line of its cells, and footnotes a "Notes" section at the end.

python-docx 1.2 does not expose footnotes, so they are read from the package's footnotes part
(found through python-docx's own relationship API, parsed with its XML parser): a footnote often
holds the source or caveat of a finding, and losing it would lose evidence.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from assistant.errors import CorruptDocument, EmptyDocument, UnsupportedFile
from assistant.models import Page, Reference
from ingest.filetypes import refuse_other_type
from ingest.metadata import split_names

if TYPE_CHECKING:
    from ingest.loaders import Loaded  # at run time imported on use: loaders imports this module

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_NO_AUTHOR = frozenset(  # what Word and python-docx write when nobody set an author
    {"", "user", "admin", "administrator", "owner", "author", "unknown", "python-docx"}
)


def load_docx(name: str, data: bytes) -> Loaded:
    """A .docx as ``Loaded``: text with Markdown headings, the title and authors it declares."""
    from ingest.loaders import Loaded

    refuse_other_type(name, data, "docx")
    document = _open(name, data)
    title = _declared_title(document)
    blocks = [*_body_blocks(document, title), *_footnote_blocks(document)]
    text = "\n\n".join(block for block in blocks if block.strip())
    if not text.strip():
        raise EmptyDocument(f"{name} has no text (an empty Word document): nothing to ingest")
    return Loaded([Page(None, text)], title, reference=_reference(document, title))


def refuse_old_format(name: str, data: bytes) -> Loaded:
    """.doc and .odt: refused with the fix, whatever their bytes hold."""
    kind = "an old Word .doc file" if name.lower().endswith(".doc") else "an OpenDocument file"
    raise UnsupportedFile(
        f"{name} is {kind}, which carechat does not read: save it as .docx or PDF and ingest "
        "it again"
    )


def _open(name: str, data: bytes) -> Any:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, XMLSyntaxError) as exc:
        raise CorruptDocument(
            f"{name} could not be read as a Word document ({exc or type(exc).__name__}): open "
            "it in Word and save it again as .docx"
        ) from exc


def _body_blocks(document: Any, title: str | None) -> Iterator[str]:
    """Paragraphs and tables in reading order."""
    from docx.table import Table

    for block in document.iter_inner_content():
        if isinstance(block, Table):
            yield from _table_rows(block)
        else:
            yield _paragraph_text(block, title)


def _paragraph_text(paragraph: Any, title: str | None) -> str:
    text = " ".join(paragraph.text.split())
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    if not text:
        return ""
    if style == "Title" or (title and text == title):
        return text  # every chunk carries the title; the chunker leaves its line out
    if style.startswith("Heading"):
        level = style.removeprefix("Heading").strip()
        return "#" * (int(level) if level.isdigit() else 1) + " " + text
    if style.startswith("List") or _numbered(paragraph):
        return f"- {text}"
    return text


def _numbered(paragraph: Any) -> bool:
    """A list item by direct numbering (Word's list buttons), whatever its style."""
    properties = paragraph._p.pPr
    return properties is not None and properties.numPr is not None


def _table_rows(table: Any) -> Iterator[str]:
    """Each row one line, its cells separated by " | " (a merged cell once)."""
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(cell.text.split())
            if text and (not cells or cells[-1] != text):
                cells.append(text)
        yield " | ".join(cells)


def _footnote_blocks(document: Any) -> list[str]:
    """The footnotes under a "Notes" heading, numbered as Word numbers them."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml.parser import parse_xml

    try:
        part = document.part.part_related_by(RELATIONSHIP_TYPE.FOOTNOTES)
    except KeyError:
        return []
    notes: list[str] = []
    for note in parse_xml(part.blob).iter(f"{_W}footnote"):
        if note.get(f"{_W}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        text = " ".join("".join(t.text or "" for t in note.iter(f"{_W}t")).split())
        if text:
            notes.append(f"[{len(notes) + 1}] {text}")
    return ["## Notes", *notes] if notes else []


def _declared_title(document: Any) -> str | None:
    """The core properties' title, else the first paragraph in the Title style."""
    declared = " ".join((document.core_properties.title or "").split())
    if declared:
        return declared
    for paragraph in document.paragraphs:
        style = paragraph.style.name if paragraph.style is not None else ""
        if style == "Title" and paragraph.text.strip():
            return " ".join(paragraph.text.split())
    return None


def _reference(document: Any, title: str | None) -> Reference | None:
    author = (document.core_properties.author or "").strip()
    authors = split_names(author) if author.lower() not in _NO_AUTHOR else ()
    reference = Reference(title=title or "", authors=authors)
    return reference if reference.found() else None
