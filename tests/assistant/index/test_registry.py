"""The document registry: one record per document, so listing and naming documents never depend
on reading every chunk. It stays right through ingest, re-ingest of a changed file, removal, a
crash in the middle of a write and a second process."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from typing import Any

import numpy as np
import pytest

from assistant import Assistant, Settings
from assistant.index import store as store_module
from assistant.index.store import ChunkStore
from assistant.models import Chunk, Reference
from assistant.terms import content_terms

pytestmark = pytest.mark.slow


def notes(tmp_path, name: str, sentences: int, topic: str = "helped carers shape local services"):
    path = tmp_path / name
    path.write_text(" ".join(
        f"Peer support group {n} in {name} {topic}." for n in range(sentences)
    ))  # fmt: skip
    return path


def assert_registry_matches_chunks(store: ChunkStore) -> None:
    """One record per document with chunks, none for any other, each with its true count."""
    counted = Counter(meta["doc_id"] for meta in store._all_metadatas())
    records = {info.doc_id: info for info in store.documents()}
    assert set(records) == set(counted)
    assert {doc_id: info.chunks for doc_id, info in records.items()} == dict(counted)
    assert all(info.complete for info in records.values())


def test_documents_come_from_the_registry_and_chunks_are_counted_in_pages(
    assistant, tmp_path, monkeypatch
):
    assistant.ingest([notes(tmp_path, "fife.txt", 40), notes(tmp_path, "powys.txt", 3)])
    monkeypatch.setattr(store_module, "_ADD_BATCH", 2)  # many pages of two
    counted = {d.source: d for d in assistant.documents(counted=True)}
    registered = {d.source: d for d in assistant.documents()}
    assert set(counted) == set(registered) == {"fife.txt", "powys.txt"}
    assert counted["fife.txt"].chunks == counted["fife.txt"].expected_chunks > 2
    assert registered["fife.txt"].chunks == counted["fife.txt"].chunks
    assert_registry_matches_chunks(assistant.store)


def test_a_changed_file_leaves_one_record_with_the_new_count(assistant, tmp_path):
    path = notes(tmp_path, "fife.txt", 40)
    assistant.ingest([path])
    old = assistant.documents()
    notes(tmp_path, "fife.txt", 12, "met weekly in the library")
    assert assistant.ingest([path]).replaced == ["fife.txt"]
    new = assistant.documents()
    assert len(old) == len(new) == 1 and old[0].doc_id != new[0].doc_id
    assert new[0].chunks < old[0].chunks
    assert_registry_matches_chunks(assistant.store)


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


def test_a_crash_in_the_middle_of_a_write_is_listed_and_repaired(assistant, tmp_path, monkeypatch):
    monkeypatch.setattr(store_module, "_ADD_BATCH", 3)  # several chunk writes per document
    collection = assistant.store.collection
    real_upsert, writes = collection.upsert, []

    def crash_on_second_write(**kwargs: Any) -> None:
        writes.append(kwargs)
        if len(writes) == 2:
            raise KeyboardInterrupt  # the process dies here; nothing catches it
        real_upsert(**kwargs)

    monkeypatch.setattr(collection, "upsert", crash_on_second_write)
    path = notes(tmp_path, "fife.txt", 40)
    with pytest.raises(KeyboardInterrupt):
        assistant.ingest([path])
    [cut_short] = assistant.documents()
    assert (cut_short.chunks, cut_short.complete) == (3, False)

    report = assistant.ingest([path])  # the record says incomplete: ingested again, not skipped
    assert report.ingested == ["fife.txt"] and assistant.documents()[0].complete
    assert_registry_matches_chunks(assistant.store)


def test_a_second_process_sees_and_changes_the_same_registry(assistant, tmp_path):
    fife, powys = notes(tmp_path, "fife.txt", 20), notes(tmp_path, "powys.txt", 8)
    assistant.ingest([fife])
    assert set(assistant.store.title_terms(["fife"])) == {assistant.documents()[0].doc_id}
    assistant.store.close()  # let the CLI open the store
    for args in (["ingest", str(powys)], ["remove", "fife.txt"]):
        subprocess.run(
            [sys.executable, "-m", "assistant.cli", *args], env=os.environ.copy(), check=True,
            capture_output=True, timeout=300,
        )  # fmt: skip
    assert [d.source for d in assistant.documents()] == ["powys.txt"]
    assert_registry_matches_chunks(assistant.store)
    # the words this process looked documents up by follow the other process's writes
    assert assistant.store.title_terms(["fife"]) == {}
    powys_terms = content_terms("powys")  # as stored: stemmed
    assert set(assistant.store.title_terms(powys_terms)) == {assistant.documents()[0].doc_id}


def test_a_question_naming_authors_reads_only_their_documents_records(assistant, tmp_path):
    assistant.ingest([notes(tmp_path, f"{place}.txt", 5) for place in ("fife", "powys", "leeds")])
    assistant.set_reference("fife.txt", Reference(authors=("Patton, Sonia", "McGlade, Anne")))
    assistant.set_reference("powys.txt", Reference(authors=("Lefevre, Michelle",)))
    store = assistant.store
    store._registry = registry = ReadCounter(store.registry)  # type: ignore[assignment]

    answer = assistant.ask("What did McGlade find about peer support groups?")
    assert {c.passage.chunk.source for c in answer.citations} == {"fife.txt"}
    # its citation's reference: the named document was found in the registry's copy, which
    # the correction's listing kept (``test_authors_are_looked_up_in_the_registry_copy...``)
    assert registry.rows == 1

    assistant.set_reference("fife.txt", Reference(authors=("Wilson, Kate",)))  # corrected
    assert store.documents_by_authors(["mcglade", "patton"]) == []
    assert [d.source for d in store.documents_by_authors(["wilson"])] == ["fife.txt"]


def test_a_record_keeps_its_lookups_in_its_text_and_only_single_values_as_metadata(
    assistant, tmp_path
):
    """Chroma reads a list as one row per item: with a dozen items a record, listing 6,000
    documents took twice as long. Its document text holds the lookups instead."""
    assistant.ingest([notes(tmp_path, "fife.txt", 5)])
    assistant.set_reference("fife.txt", Reference(authors=("Patton, Sonia",), title="Peer groups"))
    found = assistant.store.registry.get(include=["metadatas", "documents"])
    [meta], [text] = found["metadatas"], found["documents"]
    assert not [key for key, value in meta.items() if isinstance(value, list)]
    assert " author:patton " in text and " title:peer " in text
    assert [d.source for d in assistant.store.documents_by_authors(["patton"])] == ["fife.txt"]


def test_a_question_naming_a_study_reads_only_the_records_whose_title_holds_its_words(
    assistant, tmp_path
):
    topics = {"fife": "Kinship care", "powys": "Peer support", "leeds": "Youth work"}
    for place, topic in topics.items():
        sentences = " ".join(f"{topic} group {n} in {place} met with families." for n in range(5))
        (tmp_path / f"{place}.txt").write_text(f"{topic} in {place.title()}\n\n{sentences}\n")
    assistant.ingest([tmp_path])
    store = assistant.store
    store._registry = registry = ReadCounter(store.registry)  # type: ignore[assignment]

    search = assistant.search_scope("How often did the kinship care study meet?")
    assert registry.rows == 0, "the registry's copy answers while no write has come since"
    assert [store.stored_copy(d).source for d in search.doc_ids or []] == ["fife.txt"]

    assert store.registry_copy is not None
    with store.registry_copy.writing():  # as another process's write: Chroma answers
        pass
    registry.rows = 0
    search = assistant.search_scope("How often did the kinship care study meet?")
    assert registry.rows == 1, "only the record whose title holds the mention's words"
    assert [store.stored_copy(d).source for d in search.doc_ids or []] == ["fife.txt"]


def test_authors_are_looked_up_in_the_registry_copy_and_follow_every_write(assistant, tmp_path):
    """Chroma matched a record's words by scanning a full-text index shared with every passage
    and sentence: 45 to 100 ms a question at 10,000 chunks. The copy's words are read once a
    generation, and a write in any process makes the copy, and them, stale."""
    assistant.ingest([notes(tmp_path, f"{place}.txt", 5) for place in ("fife", "powys")])
    assistant.set_reference("fife.txt", Reference(authors=("Patton, Sonia",)))
    store = assistant.store
    assert store.registry_copy is not None
    store._registry = registry = ReadCounter(store.registry)  # type: ignore[assignment]
    assert [d.source for d in store.documents_by_authors(["patton"])] == ["fife.txt"]
    assert store.documents_by_authors(["lefevre"]) == []
    assert registry.rows == 0, "from the copy the correction's listing kept"

    with store.registry_copy.writing():  # as another process's write
        pass
    assert [d.source for d in store.documents_by_authors(["patton"])] == ["fife.txt"]
    assert registry.rows == 1, "the copy is stale: Chroma answers, reading the one record"

    assistant.set_reference("powys.txt", Reference(authors=("Lefevre, Michelle",)))
    registry.rows = 0
    assert [d.source for d in store.documents_by_authors(["lefevre"])] == ["powys.txt"]
    assistant.remove("fife.txt")  # which keeps the copy again, reading Chroma
    registry.rows = 0
    assert store.documents_by_authors(["patton"]) == [] and registry.rows == 0


def test_asking_about_the_other_study_reads_no_record_in_full(assistant, tmp_path):
    """The documents in scope are needed by id only: at thousands of documents, reading every
    record took half a second."""
    studies = {
        "fife": "Kinship carers in Fife met in peer support groups every month.",
        "powys": "Youth workers in Powys ran drop-in sessions for young people.",
        "leeds": "Social workers in Leeds used family group conferences with parents.",
    }
    for place, text in studies.items():
        (tmp_path / f"{place}.txt").write_text(text)
    assistant.ingest([tmp_path])
    store = assistant.store
    assert store.registry_copy is not None
    with store.registry_copy.writing():  # as another process's write: a listing reads Chroma
        pass
    store._registry = registry = ReadCounter(store.registry)  # type: ignore[assignment]
    history = ["How often did kinship carers in Fife meet?"]
    others = assistant.search_scope("and the other study?", history).doc_ids
    assert others is not None and len(others) == 2
    assert registry.records == 0, "ids only"


class ReadCounter:
    """A Chroma collection that counts the rows its reads return, and those read with their
    metadata (``records``)."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.rows, self.records = inner, 0, 0

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.inner, name)
        if name not in ("get", "query"):
            return method

        def counted(*args: Any, **kwargs: Any) -> Any:
            found = method(*args, **kwargs)
            ids = found["ids"]
            rows = sum(map(len, ids)) if ids and isinstance(ids[0], list) else len(ids)
            self.rows += rows
            self.records += rows if found.get("metadatas") is not None else 0
            return found

        return counted


DOCUMENTS, CHUNKS_EACH = 40, 500


def fill_with_precomputed_vectors(store: ChunkStore) -> None:
    """20,000 chunks with random unit vectors: the real store, without the encoder's time."""
    rng = np.random.default_rng(0)
    for d in range(DOCUMENTS):
        doc_id, source = f"doc{d:04d}", f"report-{d}.txt"
        chunks = [
            Chunk(f"{doc_id}-{n}", doc_id, source, f"Report {d}", 1, n * 100, n * 100 + 90,
                  None, f"Passage {n} of report {d} on peer support and local services.")
            for n in range(CHUNKS_EACH)
        ]  # fmt: skip
        vectors = rng.normal(size=(CHUNKS_EACH, 384)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        store.add(chunks, vectors, {"pages": 1, "doc_chunks": CHUNKS_EACH})


def test_a_large_collection_lists_and_refuses_without_reading_every_chunk(
    isolated_data_dir, embedder
):
    assistant = Assistant(Settings(data_dir=isolated_data_dir), embedder=embedder)
    store = assistant.store
    fill_with_precomputed_vectors(store)
    assert store.count() == DOCUMENTS * CHUNKS_EACH == 20_000
    store._collection = passages = ReadCounter(store.collection)  # type: ignore[assignment]
    store._registry = registry = ReadCounter(store.registry)  # type: ignore[assignment]

    listed = assistant.documents()
    assert len(listed) == DOCUMENTS and all(info.complete for info in listed)
    answer = assistant.ask("What is the capital of France?")
    assert answer.refused and "40 documents" in answer.text
    assert passages.rows <= 100, "only the retrieved candidates are read"
    assert registry.rows == DOCUMENTS, "the listing reads each record once, the refusal counts"


def test_a_name_only_a_title_holds_is_mentioned(assistant, tmp_path):
    """A question naming what no passage holds is refused, unless a title holds it."""
    assistant.ingest([notes(tmp_path, "fife.txt", 5)])
    assistant.set_reference("fife.txt", Reference(title="The Zorblax review of peer support"))
    named = assistant.ask("What does the Zorblax review say about peer support groups?")
    assert not named.refused, named.text
    unknown = assistant.ask("What does the Qwertyx review say about peer support groups?")
    # one document searched: it is the one not mentioning the name
    assert unknown.refused and "the document searched doesn't mention “Qwertyx”" in unknown.text
