"""Export documents: one small model (title, headings, paragraphs and notes, quotes with a
numbered citation, tables, a closing reference list) written as DOCX, PDF, Markdown or CSV.

Evidence maps and session packs build an ``ExportDocument``; the writers know nothing of
either. Citations are numbers: ``[n]`` in a paragraph, ``Quote.citation`` for a quote, each
pointing at the n-th of ``references`` (formatted elsewhere, e.g. by a CSL style). A document
whose citations have no reference cannot be built. Document text is untrusted: the Markdown
writer escapes it, the PDF writer escapes reportlab's markup, and the DOCX writer adds it as
plain runs.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

FORMATS = ("md", "csv", "docx", "pdf")
Format = Literal["md", "csv", "docx", "pdf"]
_MARKER = re.compile(r"\[(\d+)\]")


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1 or 2


@dataclass(frozen=True)
class Paragraph:
    """Body text; a ``note`` (how the document was made, a caveat) is set apart in italics."""

    text: str
    note: bool = False


@dataclass(frozen=True)
class Quote:
    """Words quoted from a source, cited by the number of its reference; ``attribution`` says
    where in it ("Patton, McGlade and Elliott (2020), p. 3")."""

    text: str
    citation: int
    attribution: str = ""


def attribution(label: str, page: int | None) -> str:
    """Where a quote stands: "Patton, McGlade and Elliott (2020), p. 3"."""
    return label if page is None else f"{label}, p. {page}"


@dataclass(frozen=True)
class Table:
    """A header and rows of cells; a cell may hold several lines (one per quote)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Block = Heading | Paragraph | Quote | Table


@dataclass
class ExportDocument:
    title: str
    blocks: list[Block] = field(default_factory=list)
    references: list[str] = field(default_factory=list)  # formatted; [n] is references[n - 1]

    def __post_init__(self) -> None:
        missing = sorted(n for n in self.citations() if not 1 <= n <= len(self.references))
        if missing:
            raise ValueError(f"citations {missing} have no reference ({len(self.references)})")

    def citations(self) -> set[int]:
        """Every citation number used: quotes' and the ``[n]`` markers in text and tables."""
        found = {block.citation for block in self.blocks if isinstance(block, Quote)}
        for text in self._texts():
            found |= {int(n) for n in _MARKER.findall(text)}
        return found

    def _texts(self) -> list[str]:
        texts = []
        for block in self.blocks:
            if isinstance(block, Paragraph):
                texts.append(block.text)
            elif isinstance(block, Table):
                texts += [cell for row in block.rows for cell in row]
        return texts

    def tables(self) -> list[Table]:
        return [block for block in self.blocks if isinstance(block, Table)]


def render(document: ExportDocument, fmt: Format) -> bytes:
    """The document in ``fmt``; CSV holds its first table."""
    if fmt == "md":
        return to_markdown(document).encode("utf-8")
    if fmt == "csv":
        return to_csv(document).encode("utf-8")
    if fmt == "docx":
        from assistant.workspace.docx_writer import to_docx

        return to_docx(document)
    if fmt == "pdf":
        from assistant.workspace.pdf_writer import to_pdf

        return to_pdf(document)
    raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")


def write(document: ExportDocument, path: Path, fmt: Format) -> Path:
    path.write_bytes(render(document, fmt))
    return path


def to_csv(document: ExportDocument) -> str:
    """The first table as CSV (a cell's lines stay in one cell); ValueError without a table."""
    tables = document.tables()
    if not tables:
        raise ValueError(f"{document.title!r} has no table to write as CSV")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(tables[0].header)
    writer.writerows(tables[0].rows)
    return out.getvalue()


_ACTIVE = re.compile(r"([\\`*_{}\[\]<>#+!|~])")  # ( ) are harmless once [ ] are escaped
_ESCAPED_MARKER = re.compile(r"\\\[(\d+)\\\]")


def escape_markdown(text: str) -> str:
    """Markdown's active characters escaped, the ``[n]`` citation markers left working."""
    return _ESCAPED_MARKER.sub(r"[\1]", _ACTIVE.sub(r"\\\1", text))


def to_markdown(document: ExportDocument) -> str:
    lines = [f"# {escape_markdown(document.title)}", ""]
    for block in document.blocks:
        lines += _markdown_block(block) + [""]
    if document.references:
        lines += ["## References", ""]
        lines += [f"{n}. {escape_markdown(ref)}" for n, ref in enumerate(document.references, 1)]
    return "\n".join(lines).rstrip() + "\n"


def _markdown_block(block: Block) -> list[str]:
    if isinstance(block, Heading):
        return [f"{'#' * (block.level + 1)} {escape_markdown(block.text)}"]
    if isinstance(block, Paragraph):
        text = escape_markdown(block.text)
        return [f"*{text}*" if block.note else text]
    if isinstance(block, Quote):
        cited = f"> {escape_markdown(block.text)} [{block.citation}]"
        return [cited] + (
            [f"> — {escape_markdown(block.attribution)}"] if block.attribution else []
        )
    return _markdown_table(block)


def _markdown_table(table: Table) -> list[str]:
    def cells(row: Sequence[str]) -> str:
        return "| " + " | ".join(_markdown_cell(cell) for cell in row) + " |"

    return [cells(table.header), "|" + "---|" * len(table.header)] + [
        cells(row) for row in table.rows
    ]


def _markdown_cell(cell: str) -> str:
    return "<br>".join(escape_markdown(line) for line in cell.splitlines())
