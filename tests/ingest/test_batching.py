"""Ingestion as a pipeline: encoder batches filled across files, shortest sentences together,
store writes across documents, PDFs read ahead in a worker process with their errors reported
for the right file."""

from __future__ import annotations

import subprocess
import sys
import threading
from typing import Any

import numpy as np
import pytest

from ingest import pipeline, prefetch
from tests.ingest.test_bad_input import GOOD_TEXT, encrypted_pdf
from tests.pdfs import wrap, write_pdf

pytestmark = pytest.mark.slow


class RecordingEmbedder:
    """The real embedder, keeping the batches it was given."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.batches = inner, []
        self.name, self.max_tokens = inner.name, inner.max_tokens

    def embed_batch(self, texts):
        self.batches.append(list(texts))
        return self.inner.embed_batch(texts)

    def count_tokens(self, text):
        return self.inner.count_tokens(text)


def small_files(tmp_path, count: int):
    paths = []
    for n in range(count):
        path = tmp_path / f"team-{n}.txt"
        path.write_text(f"Team {n} met weekly. Their manager protected time for reflection "
                        f"on practice in area {n}, which helped new ideas last.\n")  # fmt: skip
        paths.append(path)
    return paths


def test_batches_are_filled_across_files_shortest_first_and_stored_together(
    assistant, embedder, tmp_path, monkeypatch
):
    recording = RecordingEmbedder(embedder)
    assistant.embedder = recording
    upserts = []
    collection = assistant.store.collection
    real_upsert = collection.upsert
    monkeypatch.setattr(collection, "upsert", lambda **kw: upserts.append(kw) or real_upsert(**kw))

    report = assistant.ingest(small_files(tmp_path, 8))
    assert len(report.ingested) == 8
    assert [len(batch) for batch in recording.batches] == [16], "two sentences from each file"
    lengths = [len(text) for text in recording.batches[0]]
    assert lengths == sorted(lengths)
    assert len(upserts) == 1 and len(upserts[0]["ids"]) == report.chunks_added
    assert {d.source: d.complete for d in assistant.documents()} == {
        f"team-{n}.txt": True for n in range(8)
    }


def test_pdfs_are_read_by_a_worker_and_a_bad_one_fails_alone(assistant, tmp_path, monkeypatch):
    started, read_here = [], []
    real_start, real_load = prefetch.start_worker, prefetch.load_file
    monkeypatch.setattr(prefetch, "start_worker", lambda: started.append(1) or real_start())
    monkeypatch.setattr(prefetch, "load_file", lambda *a: read_here.append(a[0]) or real_load(*a))
    good = [write_pdf(tmp_path / f"study-{n}.pdf", [wrap(f"Study {n}. {GOOD_TEXT}")])
            for n in range(3)]  # fmt: skip
    bad = encrypted_pdf(tmp_path / "locked.pdf")
    report = assistant.ingest([good[0], bad, *good[1:]])
    assert started == [1] and read_here == [], "the worker read every PDF"
    assert "encrypted" in report.failed["locked.pdf"]
    assert sorted(report.ingested) == ["study-0.pdf", "study-1.pdf", "study-2.pdf"]
    assert [d.pages for d in assistant.documents()] == [1, 1, 1]


def test_when_the_worker_dies_the_pdfs_are_read_in_place(assistant, tmp_path, monkeypatch):
    def dying_worker():
        return subprocess.Popen(
            [sys.executable, "-c", "import sys; sys.stdin.buffer.read(1)"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        )  # fmt: skip

    monkeypatch.setattr(prefetch, "start_worker", dying_worker)
    good = [write_pdf(tmp_path / f"study-{n}.pdf", [wrap(f"Study {n}. {GOOD_TEXT}")])
            for n in range(3)]  # fmt: skip
    report = assistant.ingest(good)
    assert sorted(report.ingested) == ["study-0.pdf", "study-1.pdf", "study-2.pdf"]


def test_a_script_without_a_main_guard_runs_once(tmp_path):
    """A worker started by multiprocessing would run the script again before reading a PDF."""
    papers = tmp_path / "papers"
    papers.mkdir()
    for n in range(3):
        write_pdf(papers / f"study-{n}.pdf", [wrap(f"Study {n}. {GOOD_TEXT}")])
    script = tmp_path / "ingest_them.py"
    script.write_text(
        "from pathlib import Path\n"
        "from assistant import Assistant\n"
        "print('script started')\n"
        f"report = Assistant().ingest([Path({str(papers)!r})])\n"
        "print(sorted(report.ingested))\n"
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=300, check=True
    )
    assert done.stdout.count("script started") == 1
    assert "['study-0.pdf', 'study-1.pdf', 'study-2.pdf']" in done.stdout


def test_the_same_bytes_twice_in_one_run_are_stored_once(assistant, tmp_path):
    first, second = small_files(tmp_path, 1)[0], tmp_path / "copy.txt"
    second.write_bytes(first.read_bytes())
    report = assistant.ingest([first, second])
    assert report.ingested == ["team-0.txt"]
    assert report.duplicates == {"copy.txt": str(first.resolve())}
    assert len(assistant.documents()) == 1


def test_vectors_do_not_depend_on_the_company_a_file_keeps(assistant, tmp_path, embedder):
    """A file's passages get the same vectors whether it is ingested alone or in a batch."""
    paths = small_files(tmp_path, 5)
    assistant.ingest(paths)
    ids = assistant.store.chunk_ids({"source": "team-2.txt"})
    together = [vector for _, vector in assistant.store.with_vectors(ids)]
    assistant.remove("team-2.txt")
    assistant.ingest([paths[2]])
    alone = [vector for _, vector in assistant.store.with_vectors(ids)]
    assert len(alone) == len(together) > 0
    assert all(np.allclose(a, b, atol=1e-5) for a, b in zip(together, alone))


def test_sentences_are_stored_as_vectors_found_by_their_text_without_it(assistant, tmp_path):
    """Chroma indexes every stored text for full-text search; a sentence is only ever looked
    up by the id its text makes, so its text is not stored."""
    assistant.ingest(small_files(tmp_path, 2))
    stored = assistant.store.sentences.get(include=["documents", "embeddings"])
    assert len(stored["ids"]) == 4 and stored["documents"] == [None] * 4
    sentence = "Team 1 met weekly."
    found = assistant.store.sentence_vectors([sentence, "Never said."])
    assert list(found) == [sentence]
    assert float(found[sentence] @ assistant.embedder.embed_batch([sentence])[0]) > 0.9999


def test_later_files_are_prepared_while_earlier_ones_are_embedded(
    assistant, embedder, tmp_path, monkeypatch
):
    """The encoder works on its own thread: while it embeds the first files' sentences, the
    next files are read, cleaned and chunked (here the encoder waits until one is)."""
    monkeypatch.setattr(pipeline, "_BATCHES_PER_FLUSH", 1)  # a flush every 32 sentences
    later_file_started = threading.Event()

    class Progress(pipeline.SilentProgress):
        def file_started(self, index: int, total: int, name: str) -> None:
            if index >= 20:  # files of the second flush: the first holds 16 (two sentences each)
                later_file_started.set()

    class WaitingEmbedder(RecordingEmbedder):
        def embed_batch(self, texts):
            self.threads = {*getattr(self, "threads", set()), threading.current_thread().name}
            self.overlapped = getattr(self, "overlapped", None)
            if self.overlapped is None:
                self.overlapped = later_file_started.wait(timeout=10)
            return super().embed_batch(texts)

    waiting = WaitingEmbedder(embedder)
    assistant.embedder = waiting
    report = assistant.ingest(small_files(tmp_path, 40), Progress())
    assert len(report.ingested) == 40 and waiting.overlapped
    assert waiting.threads == {"ingest-encoder_0"}


def test_a_sentence_repeated_in_later_files_is_embedded_once(assistant, embedder, tmp_path, monkeypatch):
    """Forty files, a flush every 32 sentences: the funder's line every file repeats is
    embedded with the first batch only, and every file's passages are stored complete."""
    monkeypatch.setattr(pipeline, "_BATCHES_PER_FLUSH", 1)
    paths = small_files(tmp_path, 40)
    for path in paths:
        path.write_text(path.read_text() + "The council funded this work for two years.\n")
    recording = RecordingEmbedder(embedder)
    assistant.embedder = recording
    report = assistant.ingest(paths)
    embedded = [text for batch in recording.batches for text in batch]
    assert len(recording.batches) > 1 and len(report.ingested) == 40
    assert embedded.count("The council funded this work for two years.") == 1
    assert len(embedded) == len(set(embedded))
    assert all(document.complete for document in assistant.documents())


def test_a_batch_whose_sentences_were_all_embedded_before_is_stored(assistant, tmp_path, monkeypatch):
    """A second file with other bytes but the same sentences, in a later batch: nothing is
    left to embed, and it is stored with the vectors remembered (this had raised)."""
    monkeypatch.setattr(pipeline, "_BATCHES_PER_FLUSH", 1)  # a flush every 32 sentences
    text = "".join(f"Team {n} met weekly to plan the work of area {n}. " for n in range(40))
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text(text + "\n")
    second.write_text(text + "\n\n")
    report = assistant.ingest([first, second])
    assert sorted(report.ingested) == ["first.txt", "second.txt"] and not report.failed
    assert all(document.complete for document in assistant.documents())
