"""Real PDFs written at test time with reportlab, for loader, chunking and app tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas


def write_pdf(
    path: Path,
    pages: list[list[str]],
    *,
    title: str | None = None,
    author: str | None = None,
    encrypt: Any = None,
) -> Path:
    """One list of lines per page, drawn as real text, with ``title`` and ``author`` in the
    information dictionary; ``encrypt`` is a user password or a reportlab
    ``StandardEncryption``."""
    pdf = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt)
    if title:
        pdf.setTitle(title)
    if author:
        pdf.setAuthor(author)
    for lines in pages:
        text = pdf.beginText(50, 800)
        text.setFont("Helvetica", 10)
        for line in lines:
            text.textLine(line)
        pdf.drawText(text)
        pdf.showPage()
    pdf.save()
    return path


def write_image_only_pdf(path: Path) -> Path:
    """A page with drawing but no text layer, like a scan."""
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.rect(100, 100, 300, 400, fill=1)
    pdf.showPage()
    pdf.save()
    return path


def wrap(text: str, width: int = 90) -> list[str]:
    """Break text into lines like a PDF layout would."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines
