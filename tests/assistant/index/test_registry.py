"""The document registry: one record per document, so listing and naming documents never depend
on reading every chunk, and counting chunks reads them in pages."""

from __future__ import annotations

import pytest

from assistant.index import store as store_module
from assistant.models import Reference

pytestmark = pytest.mark.slow


def notes(tmp_path, name: str, sentences: int):
    path = tmp_path / name
    path.write_text(" ".join(
        f"Peer support group {n} in {name} helped carers shape local services." for n in range(sentences)
    ))  # fmt: skip
    return path


def test_documents_come_from_the_registry_and_chunks_are_counted_in_pages(
    assistant, tmp_path, monkeypatch
):
    assistant.ingest([notes(tmp_path, "fife.txt", 40), notes(tmp_path, "powys.txt", 3)])
    monkeypatch.setattr(store_module, "_ADD_BATCH", 2)  # many pages of two
    counted = {d.source: d for d in assistant.documents()}
    registered = {d.source: d for d in assistant.documents(counted=False)}
    assert set(counted) == set(registered) == {"fife.txt", "powys.txt"}
    assert counted["fife.txt"].chunks == counted["fife.txt"].expected_chunks > 2
    assert registered["fife.txt"].chunks == counted["fife.txt"].chunks

    ids = assistant.store.chunk_ids({"source": "fife.txt"})
    assistant.store.delete(ids[:1])  # what a crash in the middle of a write leaves
    assert not {d.source: d for d in assistant.documents()}["fife.txt"].complete
    assert {d.source: d for d in assistant.documents(counted=False)}["fife.txt"].complete


def test_a_removed_document_leaves_no_record_and_no_sentences(assistant, tmp_path):
    assistant.ingest([notes(tmp_path, "fife.txt", 5)])
    info = assistant.remove("fife.txt")
    assert assistant.store.registry.get(ids=[info.doc_id])["ids"] == []
    assert assistant.store.sentences.count() == 0
    assert assistant.documents() == [] and assistant.describe_collection() == "0 documents"


def test_corrected_metadata_survives_reingest_of_a_changed_file(assistant, tmp_path):
    path = notes(tmp_path, "fife.txt", 5)
    assistant.ingest([path])
    info = assistant.set_reference("fife.txt", Reference(authors=("Patton, Sonia",), year=2020))
    assert info.label == "Patton (2020)"
    info = assistant.set_reference("fife.txt", Reference(journal="Practice"))  # completes
    assert (info.reference.year, info.reference.journal) == (2020, "Practice")

    path.write_text(path.read_text() + " A further peer support group met in Kirkcaldy.")
    report = assistant.ingest([path])
    assert report.replaced == ["fife.txt"]
    [document] = assistant.documents()
    assert document.doc_id != info.doc_id
    assert document.reference.authors == ("Patton, Sonia",)
    assert document.reference.journal == "Practice"


def test_citations_carry_their_documents_reference(assistant, tmp_path):
    assistant.ingest([notes(tmp_path, "fife.txt", 5)])
    assistant.set_reference(
        "fife.txt", Reference(authors=("Patton, Sonia", "McGlade, Anne", "Elliott, Joe"), year=2020)
    )
    answer = assistant.ask("What helped carers shape local services?")
    assert not answer.refused
    cited = answer.to_json()["citations"][0]
    assert cited["authors"] == ["Patton, Sonia", "McGlade, Anne", "Elliott, Joe"]
    assert cited["year"] == 2020 and cited["label"] == "Patton, McGlade and Elliott (2020)"
    assert cited["source"] == "fife.txt"  # the existing fields unchanged
