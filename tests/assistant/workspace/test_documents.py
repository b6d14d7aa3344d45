"""Export documents read back as their readers see them: python-docx, pdftotext and pdftoppm,
the csv module, the Markdown text."""

from __future__ import annotations

import csv
import io
import re
import subprocess
from pathlib import Path

import pytest
from docx import Document

from assistant.workspace.documents import (
    ExportDocument,
    Heading,
    Paragraph,
    Quote,
    Table,
    render,
    to_markdown,
)

REFERENCES = [
    "Lefevre, M. et al. (2025) Creating a conducive zone for innovation in children’s social care.",
    "Patton, S., McGlade, A. and Elliott, J. (2020) Does training in co-production lead to change?",
]


def session_pack() -> ExportDocument:
    return ExportDocument(
        "Session pack: innovation in children’s social care",
        [
            Heading("What helps"),
            Paragraph("A stable workforce matters [1], and so does training [2]."),
            Paragraph("Quotes are the studies' own words.", note=True),
            Heading("In their words", level=2),
            Quote("stable, well\u2010supported workforce", 1, "Lefevre et al. (2025)"),
            Quote("silo working still act as an inhibiter", 2, "Patton et al. (2020), p. 3"),
            Table(("Theme", "Barriers"), (("Culture", "silo working [2]\nlow trust"),)),
        ],
        REFERENCES,
    )


def test_a_citation_without_its_reference_is_refused():
    with pytest.raises(ValueError, match=r"citations \[3\] have no reference"):
        ExportDocument("x", [Paragraph("see [3]"), Quote("q", 1)], ["one"])
    assert session_pack().citations() == {1, 2}


def test_docx_uses_words_own_styles_and_every_citation_has_its_reference(output_dir: Path):
    data = render(session_pack(), "docx")
    (output_dir / "pack.docx").write_bytes(data)
    word = Document(io.BytesIO(data))
    styled = [(p.style.name, p.text) for p in word.paragraphs]
    assert styled[0] == ("Title", "Session pack: innovation in children’s social care")
    assert ("Heading 1", "What helps") in styled and ("Heading 2", "In their words") in styled
    quotes = [text for style, text in styled if style == "Quote"]
    assert quotes[0].startswith("stable, well\u2010supported workforce [1]")
    assert "Patton et al. (2020), p. 3" in quotes[1]
    references = [text for style, text in styled if style == "List Number"]
    assert references == REFERENCES and ("Heading 1", "References") in styled
    body = " ".join(text for _, text in styled) + " ".join(
        cell.text for table in word.tables for row in table.rows for cell in row.cells
    )
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", body)}
    assert cited == {1, 2} and all(n <= len(references) for n in cited)
    [table] = word.tables
    assert [c.text for c in table.rows[0].cells] == ["Theme", "Barriers"]
    assert table.rows[1].cells[1].text == "silo working [2]\nlow trust"
    assert [p.italic for p in word.paragraphs[3].runs] == [True]  # the note


def test_pdf_reads_back_as_text_and_renders_as_pages(output_dir: Path):
    path = output_dir / "pack.pdf"
    path.write_bytes(render(session_pack(), "pdf"))
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    for expected in (
        "Session pack: innovation in children’s social care", "What helps", "In their words",
        "stable, well\u2010supported workforce [1]", "— Patton et al. (2020), p. 3", "References",
        "1. Lefevre, M. et al. (2025)", "2. Patton, S., McGlade, A.", "silo working [2]",
    ):  # fmt: skip
        assert expected in flat, expected
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(path), str(output_dir / "pack")], check=True
    )
    pages = sorted(output_dir.glob("pack*.png"))
    assert pages and all(page.stat().st_size > 2000 for page in pages)


def test_csv_holds_the_first_table():
    rows = list(csv.reader(io.StringIO(render(session_pack(), "csv").decode("utf-8"))))
    assert rows == [["Theme", "Barriers"], ["Culture", "silo working [2]\nlow trust"]]
    with pytest.raises(ValueError, match="no table"):
        render(ExportDocument("no table"), "csv")


def test_markdown_keeps_citations_and_escapes_document_text():
    document = ExportDocument(
        "Pack",
        [
            Paragraph("Trust helps [1]. [click](javascript:alert(1)) <img src=x>"),
            Quote("a | b", 1, "Someone (2020)"),
            Table(("A", "B"), (("x|y", "one\ntwo"),)),
        ],
        ["Someone (2020) A *title*."],
    )
    markdown = to_markdown(document)
    assert markdown.startswith("# Pack\n")
    assert "Trust helps [1]." in markdown and "\\[click\\](javascript" in markdown
    assert "\\<img src=x\\>" in markdown
    assert "> a \\| b [1]\n> — Someone (2020)" in markdown
    assert "| x\\|y | one<br>two |" in markdown
    assert markdown.endswith("## References\n\n1. Someone (2020) A \\*title\\*.\n")
