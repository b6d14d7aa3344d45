"""Bibliographic metadata through ingestion: found in the files, imported from a reference
manager's export beside them, corrected by the user, each layer kept in its place."""

from __future__ import annotations

import pytest

from assistant.models import Reference
from assistant.settings import BUNDLED_CORPUS
from tests.pdfs import wrap, write_pdf

pytestmark = pytest.mark.slow

STUDY = (
    "Peer support groups run by kinship carers in Fife shaped how the council designed its "
    "family support service. Carers said that regular meetings built trust with social workers."
)
BIBTEX = """@article{Munro2021,
  author = {Munro, Eileen and Turnell, Andrew},
  title = {Kinship carers and peer support in Fife},
  journal = {Child \\& Family Social Work},
  year = {2021},
  volume = {26},
  number = {2},
  pages = {101--115},
  file = {Full Text:/home/trainer/Zotero/storage/AB12/kinship-fife.pdf:application/pdf}
}
"""
RIS = """TY  - RPRT
AU  - Scottish Care Inspectorate
TI  - Kinship carers and peer support in Fife
PY  - 2019
ER  - 
"""


def test_the_bundled_corpus_knows_its_authors_and_the_summary_says_what_was_found(assistant):
    report = assistant.ingest([BUNDLED_CORPUS])
    found = report.metadata["000_2ab42ee1a9a58a36.txt"]
    assert {"title", "authors", "year", "journal"} <= set(found)
    assert "000_2ab42ee1a9a58a36.txt: metadata found: title, authors, year, journal" in (
        report.summary()
    )
    documents = {d.source: d for d in assistant.documents()}
    lefevre = documents["000_2ab42ee1a9a58a36.txt"]
    assert lefevre.label == "Lefevre, Temperley and Goldsmith (2025)"
    assert lefevre.title == "Creating a Conducive Zone for Innovation in Children’s Social Care"
    patton = documents["002_ad9f423ab965abb9.txt"].reference
    assert patton.authors == ("Patton, Sonia", "McGlade, Anne", "Elliott, Joe")
    assert patton.publisher == "Emerald"


def test_a_bibtex_export_beside_the_pdfs_fills_their_metadata(assistant, tmp_path):
    folder = tmp_path / "reading"
    folder.mkdir()
    write_pdf(folder / "kinship-fife.pdf", [wrap(STUDY)])
    (folder / "zotero.bib").write_text(BIBTEX)
    report = assistant.ingest([folder])
    assert report.ingested == ["kinship-fife.pdf"] and not report.failed
    assert report.imported == {"zotero.bib": ["kinship-fife.pdf"]}
    assert "zotero.bib: references for kinship-fife.pdf" in report.summary()
    [document] = assistant.documents()
    assert document.label == "Munro and Turnell (2021)"
    assert document.reference.journal == "Child & Family Social Work"
    assert (document.reference.volume, document.reference.issue) == ("26", "2")

    answer = assistant.ask("What did kinship carers say built trust with social workers?")
    [citation] = answer.to_json()["citations"]
    assert citation["label"] == "Munro and Turnell (2021)" and citation["year"] == 2021
    assert citation["reference"].startswith("Munro, E. and Turnell, A. (2021) ‘Kinship carers")


def test_a_correction_outranks_an_import_and_an_ris_file_matches_by_title(assistant, tmp_path):
    write_pdf(tmp_path / "report.pdf", [["Kinship carers and peer support in Fife", "", *wrap(STUDY)]])
    assistant.ingest([tmp_path / "report.pdf"])
    assistant.set_reference("report.pdf", Reference(year=2020))
    (tmp_path / "inspectorate.ris").write_text(RIS)
    report = assistant.ingest([tmp_path / "inspectorate.ris"])
    assert report.imported == {"inspectorate.ris": ["report.pdf"]}
    [document] = assistant.documents()
    assert document.reference.authors == ("Scottish Care Inspectorate",)
    assert document.reference.year == 2020  # the user's correction stands


def test_a_broken_bibliography_fails_alone_and_leaves_the_documents(assistant, tmp_path):
    write_pdf(tmp_path / "kinship-fife.pdf", [wrap(STUDY)])
    (tmp_path / "broken.bib").write_text("@article{x, title = {unclosed")
    report = assistant.ingest([tmp_path])
    assert report.ingested == ["kinship-fife.pdf"]
    assert "broken.bib" in report.failed and "broken.bib" in report.failed["broken.bib"]
    assert [d.source for d in assistant.documents()] == ["kinship-fife.pdf"]
