"""A document is its content at a path: same-named files in different folders are two documents,
a changed file replaces its own earlier version only, and the same bytes are stored once."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import UnknownDocument
from assistant.models import distinct_labels

pytestmark = pytest.mark.slow

KINSHIP = "Kinship carers in Cumbria met monthly in a peer support group run by the council.\n"
FOSTER = "Foster carers in Devon asked for respite breaks before any new training course.\n"


def two_notes(root: Path) -> tuple[Path, Path]:
    (root / "a").mkdir(parents=True)
    (root / "b").mkdir()
    first, second = root / "a" / "notes.txt", root / "b" / "notes.txt"
    first.write_text(KINSHIP, encoding="utf-8")
    second.write_text(FOSTER, encoding="utf-8")
    return first, second


def test_same_name_in_two_folders_makes_two_documents(assistant, tmp_path):
    two_notes(tmp_path / "s")
    report = assistant.ingest([tmp_path / "s"])
    assert report.complete and sorted(report.ingested) == ["a/notes.txt", "b/notes.txt"]
    assert report.chunks_removed == 0, report.summary()
    assert sorted(d.source for d in assistant.documents()) == ["a/notes.txt", "b/notes.txt"]

    again = assistant.ingest([tmp_path / "s"])
    assert again.chunks_added == 0 and again.chunks_removed == 0
    assert sorted(again.unchanged) == ["a/notes.txt", "b/notes.txt"]
    assert len(assistant.documents()) == 2


def test_a_changed_file_replaces_only_its_own_earlier_version(assistant, tmp_path):
    first, _ = two_notes(tmp_path / "s")
    assistant.ingest([tmp_path / "s"])
    first.write_text(KINSHIP.replace("monthly", "weekly"), encoding="utf-8")

    report = assistant.ingest([tmp_path / "s"])
    assert report.ingested == ["a/notes.txt"] and report.replaced == ["a/notes.txt"]
    assert "a/notes.txt: replaced its earlier version" in report.summary()
    texts = {d.source: " ".join(c.text for c in assistant.chunks(d.doc_id))
             for d in assistant.documents()}  # fmt: skip
    assert "weekly" in texts["a/notes.txt"] and "monthly" not in texts["a/notes.txt"]
    assert "Devon" in texts["b/notes.txt"], "the other notes.txt is untouched"


def test_the_same_bytes_at_two_paths_are_stored_once(assistant, tmp_path):
    original = tmp_path / "reports" / "report.txt"
    copy = tmp_path / "downloads" / "report (1).txt"
    for path in (original, copy):
        path.parent.mkdir(parents=True)
        path.write_text(KINSHIP, encoding="utf-8")

    assistant.ingest([original])
    report = assistant.ingest([copy])
    assert report.chunks_added == 0 and report.ingested == []
    assert report.duplicates == {"report (1).txt": str(original.resolve())}
    assert "same content as" in report.summary() and "stored once" in report.summary()
    assert [d.source for d in assistant.documents()] == ["report.txt"]


def test_documents_are_found_by_folder_and_name_when_names_clash(assistant, tmp_path):
    two_notes(tmp_path / "s")
    assistant.ingest([tmp_path / "s"])
    with pytest.raises(UnknownDocument, match="matches several documents.*a/notes.txt"):
        assistant.find_document("notes.txt")

    removed = assistant.remove("b/notes.txt")
    assert removed.source == "b/notes.txt"
    remaining = assistant.documents()
    assert [d.source for d in remaining] == ["notes.txt"], "no clash left, so no folder shown"
    assert "Cumbria" in " ".join(c.text for c in assistant.chunks(remaining[0].doc_id))


@pytest.mark.parametrize(
    ("paths", "labels"),
    [
        (["/s/a/notes.txt", "/s/b/notes.txt", "/s/x.pdf"], ["a/notes.txt", "b/notes.txt", "x.pdf"]),
        (["/p/a/n.txt", "/q/a/n.txt"], ["p/a/n.txt", "q/a/n.txt"]),
        (["/n.txt", "/a/n.txt"], ["/n.txt", "a/n.txt"]),
        (["report.pdf"], ["report.pdf"]),
    ],
)
def test_labels_grow_only_as_far_as_it_takes(paths, labels):
    assert distinct_labels(paths) == labels
