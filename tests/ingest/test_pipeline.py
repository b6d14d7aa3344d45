"""Idempotent ingestion: same file adds nothing, a changed file leaves no stale chunk."""

from __future__ import annotations

import pytest

from assistant.errors import UnknownDocument
from assistant.settings import BUNDLED_CORPUS

pytestmark = pytest.mark.slow

VERSION_ONE = "Peer mentoring was an enabler of innovation. Staff turnover was a barrier to it.\n"
VERSION_TWO = "Peer mentoring was an enabler of innovation. Short-term funding was a barrier.\n"


class CountingEmbedder:
    """The real embedder, counting the texts it is asked to embed."""

    def __init__(self, inner):
        self.inner, self.embedded = inner, 0
        self.name, self.max_tokens = inner.name, inner.max_tokens

    def embed_batch(self, texts):
        self.embedded += len(texts)
        return self.inner.embed_batch(texts)

    def count_tokens(self, text):
        return self.inner.count_tokens(text)


def test_bundled_corpus_ingests_with_a_summary(assistant):
    report = assistant.ingest([BUNDLED_CORPUS])
    assert sorted(report.ingested) == ["000_2ab42ee1a9a58a36.txt", "002_ad9f423ab965abb9.txt"]
    assert report.chunks_added == assistant.store.count() > 0
    summary = report.summary()
    assert "Ingested 2 file(s)" in summary and "foreign-script lines" in summary
    assert "repeated blocks" in summary


def test_ingesting_again_adds_and_embeds_nothing(assistant, embedder):
    assistant.ingest([BUNDLED_CORPUS])
    ids = sorted(assistant.store.chunk_ids({"source": {"$ne": ""}}))
    counting = CountingEmbedder(embedder)
    assistant.embedder = counting
    report = assistant.ingest([BUNDLED_CORPUS])
    assert report.chunks_added == 0 and len(report.unchanged) == 2
    assert counting.embedded == 0
    assert sorted(assistant.store.chunk_ids({"source": {"$ne": ""}})) == ids


def test_editing_a_file_replaces_its_chunks_without_stale_ones(assistant, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text(VERSION_ONE)
    assistant.ingest([path])
    old_doc = assistant.find_document("notes.txt").doc_id
    path.write_text(VERSION_TWO)
    report = assistant.ingest([path])
    assert report.chunks_removed >= 1 and report.ingested == ["notes.txt"]
    texts = [
        c.text
        for c in assistant.store.get_chunks(assistant.store.chunk_ids({"source": "notes.txt"}))
    ]
    assert texts and all("turnover" not in text for text in texts)
    assert any("Short-term funding" in text for text in texts)
    assert [d.source for d in assistant.documents()] == ["notes.txt"]
    assert assistant.find_document("notes.txt").doc_id != old_doc


def test_an_ingest_cut_short_is_redone(assistant, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text(VERSION_ONE + VERSION_TWO * 3)
    assistant.ingest([path])
    ids = assistant.store.chunk_ids({"source": "notes.txt"})
    assistant.store.delete(ids[:1])
    report = assistant.ingest([path])
    assert report.ingested == ["notes.txt"]
    assert sorted(assistant.store.chunk_ids({"source": "notes.txt"})) == sorted(ids)


def test_remove_drops_a_document_and_only_it(assistant):
    assistant.ingest([BUNDLED_CORPUS])
    removed = assistant.remove("002_ad9f423ab965abb9.txt")
    assert removed.chunks > 0
    assert [d.source for d in assistant.documents()] == ["000_2ab42ee1a9a58a36.txt"]
    with pytest.raises(UnknownDocument, match="not in the collection"):
        assistant.remove("002_ad9f423ab965abb9.txt")


def test_documents_list_titles_pages_and_chunks(assistant, tmp_path):
    assistant.ingest([BUNDLED_CORPUS])
    lefevre = assistant.find_document("000_2ab42ee1a9a58a36.txt")
    assert lefevre.title == "Creating a Conducive Zone for Innovation in Children’s Social Care"
    assert lefevre.pages == 1 and lefevre.chunks >= 2
    assert assistant.find_document(lefevre.doc_id[:8]) == lefevre


def test_changed_chunking_settings_use_a_new_collection(assistant):
    first = assistant.settings.collection_name("m")
    assistant.settings.ingest.chunk_tokens = 64
    assert assistant.settings.collection_name("m") != first


def test_title_is_a_title_like_line_else_the_file_name():
    from ingest.pipeline import guess_title

    assert guess_title(["# Peer support\n\nBody."], "a.md") == "Peer support"
    assert guess_title(["Trust in Teams\n\nBody text here."], "b.txt") == "Trust in Teams"
    assert guess_title(["One paragraph of body text that ends with a stop."], "notes.txt") == "notes"
