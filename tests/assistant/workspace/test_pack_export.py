"""A session pack exported as Word, PDF and Markdown: every citation has its reference."""

from __future__ import annotations

import re
import subprocess

import docx
import pytest

from assistant.workspace import packs
from assistant.workspace.documents import render
from assistant.workspace.pack_export import pack_document

pytestmark = pytest.mark.slow

LEFEVRE = "000_2ab42ee1a9a58a36.txt"
PATTON = "002_ad9f423ab965abb9.txt"


@pytest.fixture(scope="module")
def pack(corpus_assistant):
    """Two answers from different documents, a quote, a heading, a note and a map."""
    training = corpus_assistant.ask("How long was the Involving People course?")
    zone = corpus_assistant.ask(
        "How many expert informants were interviewed for the study on innovation in children's "
        "social care?"
    )
    assert {c.passage.chunk.source for c in training.citations} == {PATTON}
    assert zone.citations[0].passage.chunk.source == LEFEVRE
    pack = packs.Pack("Week 1: co-production")
    for item in (
        packs.PackItem("heading", "What the studies did"),
        packs.pinned_answer(training),
        packs.pinned_answer(zone),
        packs.PackItem("note", "Ask the group which of these they recognise."),
        packs.pinned_quote(training, 1),
        packs.PackItem("map", "co-production"),
    ):
        pack = packs.append(pack, item)
    return pack


def test_sources_are_numbered_once_per_document_across_the_pack(corpus_assistant, pack):
    evidence = corpus_assistant.evidence_map("co-production")
    document = pack_document(pack, {"co-production": evidence}, {})
    assert len(document.references) == 2  # two documents, however often each is cited
    assert document.citations() == {1, 2}
    # the second answer cited its only source as [1]; in the pack its document is [2]
    texts = [getattr(b, "text", "") for b in document.blocks]
    assert any("21 expert informants" in t and "[2]" in t for t in texts)


def test_word_export_has_headings_quotes_and_every_reference(corpus_assistant, pack, tmp_path):
    path = corpus_assistant.export_pack(pack, "docx", tmp_path)
    assert path.suffix == ".docx" and path.parent == tmp_path
    word = docx.Document(str(path))
    styles = [(p.style.name, p.text) for p in word.paragraphs]
    assert ("Title", "Week 1: co-production") in styles
    assert ("Heading 1", "What the studies did") in styles
    assert any(s.startswith("Heading 2") and "Involving People course" in t for s, t in styles)
    assert any("Quote" in s and "35-week" in t for s, t in styles)
    references = [t for s, t in styles if s == "List Number"]
    body = "\n".join(t for _, t in styles) + "\n".join(
        cell.text for table in word.tables for row in table.rows for cell in row.cells
    )
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", body)}
    assert cited and max(cited) <= len(references)
    assert any("Involving" in t or "co-production" in t for t in references)


def test_pdf_export_reads_back_and_renders(corpus_assistant, pack, tmp_path, output_dir):
    path = corpus_assistant.export_pack(pack, "pdf", tmp_path)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    assert "Week 1: co-production" in text and "What the studies did" in text
    assert "35-week" in text and "References" in text
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(path), str(output_dir / "pack")],
                   check=True)  # fmt: skip
    assert list(output_dir.glob("pack*.png"))


def test_markdown_export_lists_the_formatted_reference_it_is_given(pack):
    patton = next(s.doc_id for item in pack.items for s in item.sources if s.source == PATTON)
    only_answers = packs.Pack(pack.name, [i for i in pack.items if i.kind in ("answer", "quote")])
    markdown = render(pack_document(only_answers, {}, {patton: "Patton, S. (2020) Entry."}), "md")
    text = markdown.decode()
    assert "## References\n\n1. Patton, S. (2020) Entry.\n2. Lefevre, Temperley and Goldsmith" in text


def test_a_pack_exports_the_references_it_uses_for_a_reference_manager(
    corpus_assistant, pack, tmp_path
):
    from ingest.bibfiles import read_bibliography

    bib = read_bibliography(corpus_assistant.export_pack(pack, "bib", tmp_path))
    ris = read_bibliography(corpus_assistant.export_pack(pack, "ris", tmp_path))
    for entries in (bib, ris):
        families = {e.reference.authors[0].split(",")[0] for e in entries}
        assert families == {"Patton", "Lefevre"}
    lefevre = next(e.reference for e in bib if e.reference.authors[0].startswith("Lefevre"))
    assert (lefevre.year, lefevre.journal) == (2025, "Health & Social Care in the Community")
