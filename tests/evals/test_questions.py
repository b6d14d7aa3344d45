"""The question file evaluators extend: the bundled one is sound, mistakes are named by line."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from assistant.settings import BUNDLED_CORPUS
from evals.import_csv import append_jsonl, main, to_jsonl
from evals.metrics import normalise
from evals.questions import DEFAULT_QUESTIONS, QuestionFileError, load_questions

CATEGORIES = {
    "collection",
    "fact", "list", "synthesis", "both", "practitioner", "multi-turn", "unanswerable",
    "outside", "injection",
}  # fmt: skip


def test_the_bundled_questions_cover_every_kind_the_issue_asks_for() -> None:
    items = load_questions(DEFAULT_QUESTIONS)
    assert len(items) >= 40
    counts = Counter(item.category for item in items)
    assert set(counts) == CATEGORIES
    assert counts["injection"] == 1 and all(n >= 3 for c, n in counts.items() if c != "injection")
    assert all(item.history for item in items if item.category == "multi-turn")
    assert all(len(item.gold_sources) == 2 for item in items if item.category == "both")
    refusals = {c for item in items if item.expect_refusal for c in [item.category]}
    assert refusals == {"unanswerable", "outside", "injection", "multi-turn", "collection"}, (
        "a follow-up that leaves the documents' subject, and a question about a document the "
        "collection lacks, are refused too"
    )


def test_gold_sources_exist_and_gold_passages_are_in_them() -> None:
    corpus = {path.name: normalise(path.read_text()) for path in BUNDLED_CORPUS.glob("*.txt")}
    for item in load_questions(DEFAULT_QUESTIONS):
        assert set(item.gold_sources) <= set(corpus), item.id
        for piece in item.gold_passages:
            assert any(normalise(piece) in corpus[s] for s in item.gold_sources), (item.id, piece)
        if not item.expect_refusal and item.category != "collection":  # answered from metadata
            assert item.gold_passages, f"{item.id}: an answerable item names its gold passage"


def write(path: Path, *rows: object) -> Path:
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n")
    return path


GOOD = {
    "id": "a", "category": "fact", "question": "How long was the course?",
    "gold_facts": [["35 weeks"]], "gold_sources": ["x.txt"], "gold_passage": "35-week",
    "expect_refusal": False,
}  # fmt: skip


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("{not json", "q.jsonl:2: not valid JSON"),
        ({**GOOD, "id": "b", "gold_fact": []}, "q.jsonl:2: unknown field(s) gold_fact"),
        ({k: v for k, v in GOOD.items() if k != "question"} | {"id": "b"}, "missing question"),
        ({**GOOD, "id": "b", "gold_facts": ["35"]}, "each gold_facts group must be a list"),
        ({**GOOD, "id": "b", "expect_refusal": "no"}, "expect_refusal must be true or false"),
        ({**GOOD, "id": "b", "gold_facts": []}, "an answerable item needs gold_facts"),
        ({**GOOD, "id": "a"}, "id 'a' is used twice"),
    ],
)
def test_a_malformed_item_is_named_with_its_line(tmp_path: Path, row: object, message: str) -> None:
    path = write(tmp_path / "q.jsonl", GOOD, row)
    with pytest.raises(QuestionFileError, match=re.escape(message)):
        load_questions(path)


def test_history_and_several_gold_passages_are_read(tmp_path: Path) -> None:
    row = {**GOOD, "history": ["What was it?"], "gold_passage": ["35-week", "course"]}
    [item] = load_questions(write(tmp_path / "q.jsonl", row, "", "// a comment"))
    assert item.history == ["What was it?"] and item.gold_passages == ["35-week", "course"]


CSV = """id,category,question,history,gold_facts,gold_sources,gold_passage,expect_refusal
len,multi-turn,How long did it last?,What was Involving People?,35 weeks | 35-week ; course,b.txt,35-week course,no
far,outside,What is the capital of France?,,,,,yes
"""


def test_a_csv_becomes_the_same_items_as_jsonl(tmp_path: Path) -> None:
    source = tmp_path / "new.csv"
    source.write_text(CSV)
    first, second = load_questions(source)
    assert first.gold_facts == [["35 weeks", "35-week"], ["course"]]
    assert first.history == ["What was Involving People?"]
    assert first.gold_passages == ["35-week course"] and not first.expect_refusal
    assert second.expect_refusal and second.gold_facts == [] and second.gold_passages == []
    converted = write(tmp_path / "converted.jsonl", *to_jsonl(source))
    assert load_questions(converted) == [first, second]


def test_appending_a_csv_keeps_ids_unique_and_writes_nothing_on_error(tmp_path: Path) -> None:
    source = tmp_path / "new.csv"
    source.write_text(CSV)
    target = write(tmp_path / "q.jsonl", GOOD)
    assert append_jsonl(source, target) == 2
    assert [item.id for item in load_questions(target)] == ["a", "len", "far"]
    before = target.read_text()
    assert main([str(source), "--append", str(target)]) == 2  # the same ids again
    assert target.read_text() == before


def test_a_bad_refusal_cell_is_named(tmp_path: Path) -> None:
    source = tmp_path / "bad.csv"
    source.write_text("id,category,question,gold_facts,expect_refusal\nx,fact,Q?,a,maybe\n")
    with pytest.raises(QuestionFileError, match=r"bad.csv:2: expect_refusal must be yes or no"):
        load_questions(source)
