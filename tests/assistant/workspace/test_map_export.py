"""The evidence map as DOCX, PDF, Markdown and CSV."""

from __future__ import annotations

import csv
import io
import re
import subprocess
from pathlib import Path

import pytest
from docx import Document

from assistant.workspace.evidence_map import EvidenceMap, MapQuote, ThemeRow
from assistant.workspace.map_export import CSV_HEADER, evidence_map_document, export_evidence_map

PATTON = "002_ad9f423ab965abb9.txt"
SILO = "Organisational structures and silo working still act as an inhibiter for real change."
CULTURE = "Organisational culture, climate and processes"


def quote(text, side, theme, doc_id="d1", label="Patton, McGlade and Elliott (2020)", page=3):
    return MapQuote(text, text, side, theme, 0.64, ("organisation",), label, doc_id,
                    f"{doc_id}.pdf", page, "c1")  # fmt: skip


def small_map() -> EvidenceMap:
    return EvidenceMap(
        "silo working",
        (),
        [
            ThemeRow("Mobilisers", "Leaders and funding."),
            ThemeRow(CULTURE, "Culture.", barriers=[quote(SILO, "barrier", CULTURE)]),
        ],
        [
            quote(
                "The sunny weather helped attendance.",
                "enabler",
                None,
                "d2",
                "Someone (2021)",
                None,
            )
        ],
    )


def test_the_map_document_holds_the_grid_the_unassigned_quotes_and_the_references():
    document = evidence_map_document(small_map(), {"d2": "Someone, A. (2021) Weather. Press."})
    [grid] = document.tables()
    assert grid.header == ("Theme", "Enablers", "Barriers")
    assert grid.rows[0] == ("Mobilisers", "—", "—")
    assert grid.rows[1][2] == (
        f"“{SILO}” — Patton, McGlade and Elliott (2020), p. 3 [1] (organisation; confidence 0.64)"
    )
    assert document.references == [
        "Patton, McGlade and Elliott (2020). d1.pdf", "Someone, A. (2021) Weather. Press."
    ]  # fmt: skip
    markdown = export_evidence_map(small_map(), "md").decode("utf-8")
    assert "## Unassigned\n\n### Enablers\n\n> The sunny weather helped attendance. [2]" in markdown
    assert "1 enabler and 1 barrier quoted from 2 documents" in markdown


@pytest.fixture(scope="module")
def silo_map(corpus_assistant):
    labels = {corpus_assistant.find_document(PATTON).doc_id: "Patton, McGlade and Elliott (2020)"}
    return corpus_assistant.evidence_map("silo working", labels=labels)


@pytest.mark.slow
def test_docx_of_the_map(corpus_assistant, silo_map, output_dir: Path):
    data = corpus_assistant.export_evidence_map(silo_map, "docx")
    (output_dir / "map.docx").write_bytes(data)
    word = Document(io.BytesIO(data))
    styles = [(p.style.name, p.text) for p in word.paragraphs]
    assert styles[0] == ("Title", "Evidence map: silo working")
    [table] = word.tables
    rows = {row.cells[0].text: row.cells for row in table.rows}
    assert list(rows)[1:] == [row.name for row in silo_map.themes]
    assert (
        SILO in rows[CULTURE][2].text
        and "Patton, McGlade and Elliott (2020)" in rows[CULTURE][2].text
    )
    references = [text for style, text in styles if style == "List Number"]
    cells = " ".join(cell.text for row in table.rows for cell in row.cells)
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", cells)}
    assert cited and max(cited) <= len(references) == len(silo_map.doc_order())


@pytest.mark.slow
def test_pdf_of_the_map(corpus_assistant, silo_map, output_dir: Path):
    path = output_dir / "map.pdf"
    path.write_bytes(corpus_assistant.export_evidence_map(silo_map, "pdf"))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    flat = " ".join(text.stdout.split())
    assert "Evidence map: silo working" in flat and "silo working still act as an inhibiter" in flat
    assert "References" in flat
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(path), str(output_dir / "map")], check=True)
    assert list(output_dir.glob("map*.png"))


@pytest.mark.slow
def test_csv_of_the_map_has_a_row_per_quote(corpus_assistant, output_dir: Path):
    whole = corpus_assistant.evidence_map()
    data = corpus_assistant.export_evidence_map(whole, "csv")
    (output_dir / "map.csv").write_bytes(data)
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    assert tuple(rows[0]) == CSV_HEADER and len(rows) == len(whole.quotes())
    [silo] = [row for row in rows if row["sentence"] == SILO]
    assert (silo["theme"], silo["side"], silo["document"]) == (CULTURE, "barrier", PATTON)
    assert silo["citation"] == "Patton, McGlade and Elliott (n.d.)"  # the metadata found
    assert silo["reference"].startswith("Patton, S., McGlade, A. and Elliott, J. (no date)")
    assert all(float(row["confidence"]) > 0 for row in rows)
