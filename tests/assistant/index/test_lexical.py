"""The lexical index stays in step with the Chroma collection: through re-ingest of a changed
file, removal, a crash between the two writes, and another process writing."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest

from assistant.core import Assistant
from assistant.index.lexical import LexicalIndex, fold
from assistant.models import Chunk
from assistant.settings import Settings

pytestmark = pytest.mark.slow

FIFE = "Grandparent carers in Fife asked for evening drop-in sessions at the family centre.\n"


def lexical_sources(assistant, *words: str) -> list[str]:
    return [c.source for c in assistant.store.get_chunks(assistant.store.lexical_search(words, 10))]


def test_a_changed_file_and_a_removed_one_leave_no_stale_rows(assistant, tmp_path):
    note = tmp_path / "fife.txt"
    note.write_text(FIFE)
    assistant.ingest([note])
    assert lexical_sources(assistant, "evening") == ["fife.txt"]

    note.write_text(FIFE.replace("evening", "weekend"))
    assistant.ingest([note])
    assert lexical_sources(assistant, "evening") == []
    assert lexical_sources(assistant, "weekend") == ["fife.txt"]
    assert assistant.store.lexical.count() == assistant.store.count()

    assistant.remove("fife.txt")
    assert lexical_sources(assistant, "weekend") == [] and assistant.store.lexical.count() == 0


def test_a_crash_between_the_two_writes_is_repaired_on_the_next_search(
    assistant, tmp_path, monkeypatch
):
    fife, powys = tmp_path / "fife.txt", tmp_path / "powys.txt"
    fife.write_text(FIFE)
    powys.write_text("Ghost walks for young carers in Powys ran on Saturdays.\n")
    assistant.ingest([fife])
    assert lexical_sources(assistant, "evening") == ["fife.txt"]  # checked: in step
    store = assistant.store

    def crash(**kwargs: object) -> None:
        raise KeyboardInterrupt  # the process dies after the lexical rows, before the chunks

    monkeypatch.setattr(store.collection, "upsert", crash)
    with pytest.raises(KeyboardInterrupt):
        assistant.ingest([powys])
    monkeypatch.undo()
    assert store.lexical.count() > store.count()
    assert lexical_sources(assistant, "ghost") == []
    assert store.lexical.count() == store.count()

    store.lexical.delete(store.chunk_ids({"source": "fife.txt"}))  # rows lost: the file damaged
    store.close()  # checked again when the store is next opened
    assert lexical_sources(assistant, "evening") == ["fife.txt"]


def test_rows_written_by_another_process_are_found(assistant, isolated_data_dir, tmp_path):
    note = tmp_path / "fife.txt"
    note.write_text(FIFE)
    assistant.store.count()
    assistant.store.close()  # the other process takes the store
    env = {**os.environ, "CARECHAT_DATA_DIR": str(isolated_data_dir), "HF_HUB_OFFLINE": "1"}
    subprocess.run(
        [sys.executable, "-m", "assistant.cli", "ingest", str(note)],
        check=True, env=env, capture_output=True, timeout=300,
    )  # fmt: skip
    assert lexical_sources(assistant, "evening") == ["fife.txt"]


def test_folded_and_stemmed_words_match(tmp_path):
    index = LexicalIndex(tmp_path / "lexical.sqlite")
    text = "Co-production with children's services helped practitioners innovate."
    index.add([Chunk("c1", "d1", "s.txt", "T", None, 0, len(text), None, text)])
    for word in ("coproduction", "childrens", "practitioner", "innovating", "co-production"):
        assert index.search([word], 5) == ["c1"], word
    assert index.search(["budget"], 5) == []
    assert fold("co-production and children’s") == "coproduction and childrens"
    assert index.has_word("practitioners") and not index.has_word("practitioner")
    assert "practitioners" in index.known_words("p", 10, 14)
    assert "practitioners" in index.words_starting("practition")
    assert index.words_starting("practitionerz") == []
    assert index.hyphenated("coproduction") == "co-production"
    assert index.hyphenated("innovate") is None


def test_documents_holding_words_in_a_row(tmp_path):
    index = LexicalIndex(tmp_path / "lexical.sqlite")
    texts = {"a": "The Involving People programme ran for 35 weeks.",
             "b": "Involving young people in decisions takes time."}  # fmt: skip
    index.add([Chunk(f"c{d}", d, f"{d}.txt", "T", None, 0, len(t), None, t) for d, t in texts.items()])
    assert index.documents_holding(["Involving", "People"]) == {"a"}
    assert index.documents_holding(["involving"]) == {"a", "b"}
    assert index.documents_holding(["people", "programme"]) == {"a"}
    assert index.documents_holding(["involving"], doc_ids=["b", "c"]) == {"b"}
    assert len(index.documents_holding(["involving"], limit=1)) == 1


def test_words_held_together_by_one_passage(tmp_path):
    index = LexicalIndex(tmp_path / "lexical.sqlite")
    texts = {"a": "Short-term funding cycles hindered the work.",
             "b": "Staff saw little change in practice."}  # fmt: skip
    index.add([Chunk(f"c{d}", d, f"{d}.txt", "T", None, 0, len(t), None, t) for d, t in texts.items()])
    assert index.holds_together(["cycle", "funding"])  # stemmed, in any order
    assert index.holds_together(["change", "practice"])
    assert not index.holds_together(["cycle", "change"])  # each is held, never in one passage


def test_words_most_passages_hold_are_left_out_until_the_index_changes(tmp_path):
    index = LexicalIndex(tmp_path / "lexical.sqlite")

    def add(prefix: str, count: int, text: str) -> None:
        index.add([Chunk(f"{prefix}{n}", "d", "s.txt", "T", None, 0, 1, None, text)
                   for n in range(count)])  # fmt: skip

    add("weekly", 10, "Family care services met weekly.")
    add("evening", 1, "Family care services met in the evening.")
    assert index.telling_words(["care", "evening"]) == ["evening"]
    assert index.search(["care", "evening"], 20) == ["evening0"]
    assert index.telling_words(["care", "services"]) == ["care"]  # all common: the rarest

    add("visits", 10, "Evening care visits by family workers.")  # "evening" is common now
    add("walks", 1, "Saturday walks for young carers.")
    assert index.telling_words(["care", "evening", "saturday"]) == ["saturday"]
    assert index.telling_words(["care", "evening"]) == ["evening"]


def test_known_words_follow_adds_and_removals_and_fill_an_older_file(tmp_path):
    index = LexicalIndex(tmp_path / "lexical.sqlite")
    texts = {"a": "Grandparent carers asked for évening sessions.", "b": "Grandparent groups met."}
    index.add([Chunk(f"c{d}", d, f"{d}.txt", "T", None, 0, len(t), None, t) for d, t in texts.items()])
    assert index.known_words("e", 7, 7) == ["evening"]  # accents removed, as the tokenizer does
    assert index.known_words("g", 6, 11) == ["grandparent", "groups"]
    index.delete(["cb"])
    assert index.known_words("g", 6, 11) == ["grandparent"]  # "groups" went with its passage

    index._db.execute("DELETE FROM words")  # a file written before the table existed
    index.close()
    assert LexicalIndex(tmp_path / "lexical.sqlite").known_words("c", 6, 6) == ["carers"]


def test_a_passage_is_found_by_its_section_heading(tmp_path):
    """The steps listed under "What works" need not say "works" to be found by it."""
    index = LexicalIndex(tmp_path / "lexical.sqlite")
    text = "Involve parents before the building opens."
    index.add([
        Chunk("c1", "d1", "s.txt", "T", None, 0, len(text), "What works", text),
        Chunk("c2", "d1", "s.txt", "T", None, 50, 50 + len(text), None, text.replace("I", "i")),
    ])  # fmt: skip
    assert index.search(["works"], 5) == ["c1"]
    assert set(index.search(["parents"], 5)) == {"c1", "c2"}


def test_passages_indexed_without_their_headings_are_indexed_again(
    assistant, isolated_data_dir, embedder, tmp_path
):
    """A data folder from before headings were indexed: its lexical rows are dropped when the
    next process opens the file, and its first search indexes the collection's passages again."""
    page = tmp_path / "hubs.md"
    page.write_text("# Family hubs\n\n## What works\n\nInvolve parents before the building opens.\n")
    assistant.ingest([page])
    path = assistant.store.lexical.file.path
    assistant.store.close()
    with sqlite3.connect(path) as db:  # as a file written before FORMAT 2 has it
        db.execute("DELETE FROM counts WHERE name = 'format'")
    assert LexicalIndex(path).count() == 0
    later = Assistant(Settings(data_dir=isolated_data_dir), embedder=embedder)
    assert lexical_sources(later, "works") == ["hubs.md"]
