"""An ``ExportDocument`` as a Word file, with Word's own styles ("Title", "Heading 1", "Quote",
"List Number"...), so a trainer can restyle it, build a table of contents, or paste a section
into their own template."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from docx import Document

from assistant.workspace.documents import Block, ExportDocument, Heading, Paragraph, Quote, Table

if TYPE_CHECKING:
    from docx.document import Document as WordDocument

REFERENCES_HEADING = "References"


def to_docx(document: ExportDocument) -> bytes:
    word = Document()
    word.core_properties.title = document.title
    word.add_heading(document.title, level=0)
    for block in document.blocks:
        _add_block(word, block)
    if document.references:
        word.add_heading(REFERENCES_HEADING, level=1)
        for reference in document.references:
            word.add_paragraph(reference, style="List Number")
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _add_block(word: WordDocument, block: Block) -> None:
    if isinstance(block, Heading):
        word.add_heading(block.text, level=block.level)
    elif isinstance(block, Paragraph):
        paragraph = word.add_paragraph()
        paragraph.add_run(block.text).italic = block.note or None
    elif isinstance(block, Quote):
        quote = word.add_paragraph(f"{block.text} [{block.citation}]", style="Quote")
        if block.attribution:
            quote.add_run(f"\n— {block.attribution}")
    else:
        _add_table(word, block)


def _add_table(word: WordDocument, table: Table) -> None:
    grid = word.add_table(rows=1 + len(table.rows), cols=len(table.header), style="Table Grid")
    for column, text in enumerate(table.header):
        cell = grid.cell(0, column)
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row_number, row in enumerate(table.rows, 1):
        for column, text in enumerate(row):
            cell = grid.cell(row_number, column)
            lines = text.splitlines() or [""]
            cell.text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)
