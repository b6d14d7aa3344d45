"""``carechat map``: the evidence map from the command line, on the bundled corpus."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from assistant.cli import main

pytestmark = pytest.mark.slow

SILO = "Organisational structures and silo working still act as an inhibiter for real change."
PATTON = "002_ad9f423ab965abb9.txt"


def carechat_map(*args: str):
    return CliRunner().invoke(main, ["map", *args], catch_exceptions=False)


def test_map_prints_markdown_writes_files_and_filters_documents(tmp_path: Path, embedder):
    first = carechat_map("silo working")
    assert first.exit_code == 0, first.output
    assert "ingesting the bundled corpus first" in first.stderr
    assert first.stdout.startswith("# Evidence map: silo working\n") and SILO in first.stdout
    assert "| Theme | Enablers | Barriers |" in first.stdout

    table = carechat_map("--format", "csv", "--document", PATTON)
    rows = list(csv.DictReader(io.StringIO(table.stdout)))
    assert rows and {row["document"] for row in rows} == {PATTON}
    assert any(row["sentence"] == SILO and row["side"] == "barrier" for row in rows)

    output = tmp_path / "map.docx"
    written = carechat_map("--output", str(output))  # the format from the extension
    assert written.exit_code == 0 and f"Wrote {output}" in written.stderr
    word = Document(str(output))
    assert word.paragraphs[0].text == "Evidence map: the whole collection"

    pdf = carechat_map("workforce", "--format", "pdf", "--output", str(tmp_path / "m.out"))
    assert pdf.exit_code == 0 and (tmp_path / "m.out").read_bytes().startswith(b"%PDF")


def test_map_names_an_unknown_document_in_one_line(embedder):
    result = carechat_map("--document", "nowhere.pdf")
    assert result.exit_code == 2
    last = result.stderr.splitlines()[-1]  # after the bundled corpus's ingest summary
    assert last.startswith("error: 'nowhere.pdf' is not in the collection (documents: ")
    assert "Traceback" not in result.output
