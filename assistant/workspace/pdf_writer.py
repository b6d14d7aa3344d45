"""An ``ExportDocument`` as a PDF (reportlab platypus): headings, indented quotes, tables whose
cells wrap, and a numbered reference list.

Text is set in DejaVu Sans when the system has it (it covers the curly quotes, Unicode hyphens
and accented names scraped papers hold), else in the Vera font reportlab ships.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph as PdfParagraph
from reportlab.platypus import SimpleDocTemplate, TableStyle
from reportlab.platypus import Table as PdfTable

from assistant.workspace.documents import Block, ExportDocument, Heading, Paragraph, Quote, Table

FONT_FOLDERS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
REFERENCES_HEADING = "References"
MARGIN = 2 * cm
FRAME_WIDTH = A4[0] - 2 * MARGIN
FIRST_COLUMN = 0.22  # share of the width: a table's first column names its rows


def to_pdf(document: ExportDocument) -> bytes:
    styles = _styles()
    story: list[Any] = [_paragraph(document.title, styles["Title"])]
    for block in document.blocks:
        story += _flowables(block, styles)
    if document.references:
        story.append(_paragraph(REFERENCES_HEADING, styles["Heading1"]))
        story += [
            _paragraph(f"{n}. {reference}", styles["Reference"])
            for n, reference in enumerate(document.references, 1)
        ]
    out = io.BytesIO()
    margins = {side: MARGIN for side in ("leftMargin", "rightMargin", "topMargin", "bottomMargin")}
    SimpleDocTemplate(out, pagesize=A4, title=document.title, **margins).build(story)
    return out.getvalue()


def _flowables(block: Block, styles: dict[str, Any]) -> list[Any]:
    if isinstance(block, Heading):
        return [_paragraph(block.text, styles[f"Heading{min(block.level, 2)}"])]
    if isinstance(block, Paragraph):
        return [_paragraph(block.text, styles["Note" if block.note else "BodyText"])]
    if isinstance(block, Quote):
        attribution = f"<br/>— {escape(block.attribution)}" if block.attribution else ""
        text = f"{escape(block.text)} [{block.citation}]{attribution}"
        return [PdfParagraph(text, styles["Quote"])]
    return [_table(block, styles)]


def _table(table: Table, styles: dict[str, Any]) -> Any:
    def cell(text: str, style: str) -> list[Any]:  # a paragraph a line: long rows can split
        return [_paragraph(line, styles[style]) for line in text.splitlines() or [""]]

    rows = [[cell(text, "TableHeader") for text in table.header]]
    rows += [[cell(text, "TableCell") for text in row] for row in table.rows]
    first = FRAME_WIDTH * FIRST_COLUMN if len(table.header) > 1 else FRAME_WIDTH
    rest = [(FRAME_WIDTH - first) / (len(table.header) - 1)] * (len(table.header) - 1)
    grid = PdfTable(rows, colWidths=[first, *rest], repeatRows=1, splitInRow=1)
    grid.setStyle(
        TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ])
    )  # fmt: skip
    return grid


def _paragraph(text: str, style: Any) -> Any:
    return PdfParagraph(escape(text), style)


def _styles() -> dict[str, Any]:
    regular, bold, italic = _fonts()
    sample = getSampleStyleSheet()
    styles = {name: sample[name] for name in ("Title", "Heading1", "Heading2", "BodyText")}
    for name in ("Heading1", "Heading2", "Title"):
        styles[name] = ParagraphStyle(name + "Font", parent=styles[name], fontName=bold)
    body = ParagraphStyle("Body", parent=styles["BodyText"], fontName=regular)
    styles["BodyText"] = body
    styles["Note"] = ParagraphStyle(
        "Note", parent=body, fontName=italic, textColor="#444444", spaceAfter=8
    )
    styles["Quote"] = ParagraphStyle(
        "Quote", parent=body, leftIndent=18, rightIndent=18, spaceBefore=4, spaceAfter=6,
        fontName=italic,
    )  # fmt: skip
    styles["Reference"] = ParagraphStyle(
        "Reference", parent=body, leftIndent=14, firstLineIndent=-14
    )
    styles["TableCell"] = ParagraphStyle(
        "TableCell", parent=body, fontSize=8, leading=10, spaceAfter=4
    )
    styles["TableHeader"] = ParagraphStyle("TableHeader", parent=styles["TableCell"], fontName=bold)
    return styles


@functools.cache
def _fonts() -> tuple[str, str, str]:
    """Regular, bold and italic font names, registered with reportlab once per process."""
    files = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf")
    folder = next((f for f in FONT_FOLDERS if all((f / name).exists() for name in files)), None)
    if folder is None:
        vera = Path(rl_config.__file__).parent / "fonts"
        folder, files = vera, ("Vera.ttf", "VeraBd.ttf", "VeraIt.ttf")
    names = ("CarechatSans", "CarechatSans-Bold", "CarechatSans-Italic")
    for name, file in zip(names, files):
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    return names
