"""The registry's copy beside the index: listing the documents reads it instead of Chroma while
no write has come since it was read, and never serves what a write (in any process, cut short
or not) has changed."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest

from assistant.index import store as store_module
from assistant.index.registry_copy import RegistryCopy
from assistant.models import Reference
from tests.assistant.index.test_registry import ReadCounter, notes

RECORDS = {"d1": {"source": "fife.txt", "pages": 2}, "d2": {"source": "powys.txt", "pages": 1}}


@pytest.fixture
def copy(tmp_path) -> RegistryCopy:
    return RegistryCopy(tmp_path / "registry" / "c.sqlite")


def test_a_copy_serves_until_the_next_write_begins(copy):
    assert copy.records() is None, "nothing kept yet"
    assert copy.keep(copy.generation(), RECORDS)
    assert copy.records() == RECORDS
    with copy.writing():
        assert copy.records() is None
    assert copy.records() is None, "read before the write: stale"


def test_a_reading_begun_before_a_write_is_not_kept(copy):
    generation = copy.generation()
    with copy.writing():
        pass
    assert not copy.keep(generation, RECORDS)
    assert copy.records() is None


def test_a_reading_taken_while_a_write_lasts_is_stale_when_it_ends(copy):
    with copy.writing():
        assert copy.keep(copy.generation(), RECORDS)  # what Chroma held part-way through
    assert copy.records() is None


def test_a_write_that_fails_still_leaves_a_reading_taken_during_it_stale(copy):
    with pytest.raises(KeyboardInterrupt), copy.writing():
        assert copy.keep(copy.generation(), RECORDS)
        raise KeyboardInterrupt  # the write dies part-way
    assert copy.records() is None


slow = pytest.mark.slow  # a real Chroma store and the real model


@slow
def test_listing_again_reads_no_registry_record(assistant, tmp_path):
    assistant.ingest([notes(tmp_path, "fife.txt", 20), notes(tmp_path, "powys.txt", 8)])
    first = assistant.documents()
    store = assistant.store
    store._registry = registry = ReadCounter(store.registry)  # type: ignore[assignment]
    assert assistant.documents() == first
    assert registry.rows == 0


@slow
def test_metadata_corrected_after_a_listing_is_listed(assistant, tmp_path):
    assistant.ingest([notes(tmp_path, "fife.txt", 20)])
    assert assistant.documents()[0].reference.authors == ()
    assistant.set_reference("fife.txt", Reference(authors=("Patton, Sonia",)))
    assert assistant.documents()[0].reference.authors == ("Patton, Sonia",)


@slow
def test_a_write_cut_short_after_a_listing_is_listed(assistant, tmp_path, monkeypatch):
    assistant.ingest([notes(tmp_path, "fife.txt", 20)])
    assert [d.source for d in assistant.documents()] == ["fife.txt"]
    monkeypatch.setattr(store_module, "_ADD_BATCH", 3)
    collection = assistant.store.collection
    real_upsert, writes = collection.upsert, []

    def crash_on_second_write(**kwargs: Any) -> None:
        writes.append(kwargs)
        if len(writes) == 2:
            raise KeyboardInterrupt
        real_upsert(**kwargs)

    monkeypatch.setattr(collection, "upsert", crash_on_second_write)
    with pytest.raises(KeyboardInterrupt):
        assistant.ingest([notes(tmp_path, "powys.txt", 40)])
    listed = {d.source: d for d in assistant.documents()}
    assert set(listed) == {"fife.txt", "powys.txt"} and not listed["powys.txt"].complete


def cli(*args: str, code: str | None = None) -> subprocess.CompletedProcess[str]:
    command = ["-c", code] if code else ["-m", "assistant.cli", *args]
    return subprocess.run(
        [sys.executable, *command], env=os.environ.copy(), check=True, capture_output=True,
        text=True, timeout=300,
    )  # fmt: skip


@slow
def test_another_process_writing_after_a_listing_is_seen(assistant, tmp_path):
    """The other process writes to the store alone, keeping no copy: this one's is stale."""
    assistant.ingest([notes(tmp_path, "fife.txt", 20), notes(tmp_path, "powys.txt", 8)])
    fife = assistant.find_document("fife.txt").doc_id
    assert len(assistant.documents()) == 2
    assistant.store.close()  # let the other process open the store
    cli(code=(
        "from assistant import Assistant\n"
        f"store = Assistant().store\nstore.delete(store.chunk_ids({{'doc_id': '{fife}'}}))"
    ))  # fmt: skip
    assert [d.source for d in assistant.documents()] == ["powys.txt"]


@slow
def test_after_ingesting_or_removing_the_cli_lists_without_loading_chroma(assistant, tmp_path):
    fife, powys = notes(tmp_path, "fife.txt", 20), notes(tmp_path, "powys.txt", 8)
    assistant.ingest([fife])
    assistant.store.close()  # let the CLI open the store
    for args, listed in ((["ingest", str(powys)], "fife.txt"), (["remove", "fife.txt"], None)):
        cli(*args)
        listing = cli(code=(
            "import sys; from assistant.cli import main; sys.argv = ['carechat', 'list']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('chromadb loaded:', 'chromadb' in sys.modules)"
        ))  # fmt: skip
        assert "powys.txt" in listing.stdout
        assert (listed is not None) == ("fife.txt" in listing.stdout)
        assert "chromadb loaded: False" in listing.stdout
