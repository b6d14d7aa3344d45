"""Feedback lands in data_dir/feedback.jsonl, one complete JSON record per line."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from assistant.models import Citation
from assistant.web.feedback import feedback_path, record_feedback
from tests.assistant.web.helpers import answer, passage


def test_records_are_appended_one_json_object_per_line(tmp_path: Path) -> None:
    path = feedback_path(tmp_path / "data")
    cited = answer("Trust helps. [1]", [Citation(1, passage("Trust helps."))],
                   standalone_question="What helps? (context: co-production)")  # fmt: skip
    record_feedback(path, cited, "up")
    record_feedback(path, cited, "down", "  Too short; “quotes” kept  ", ["d1"])

    lines = path.read_text(encoding="utf-8").splitlines()
    first, second = (json.loads(line) for line in lines)
    assert first["rating"] == "up" and first["comment"] is None and first["doc_ids"] is None
    assert second["rating"] == "down" and second["comment"] == "Too short; “quotes” kept"
    assert second["doc_ids"] == ["d1"]
    assert second["question"] == "What helps?" and second["answer"] == "Trust helps. [1]"
    assert second["standalone_question"] == "What helps? (context: co-production)"
    assert second["citations"][0]["source"] == "study.pdf" and second["citations"][0]["n"] == 1
    assert second["time"].endswith("+00:00")


def test_concurrent_sessions_never_interleave_records(tmp_path: Path) -> None:
    path = tmp_path / "feedback.jsonl"
    long_answer = answer("x" * 20_000, [])
    threads = [
        threading.Thread(target=record_feedback, args=(path, long_answer, "up", f"comment {i}"))
        for i in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    comments = {
        json.loads(line)["comment"] for line in path.read_text(encoding="utf-8").splitlines()
    }
    assert comments == {f"comment {i}" for i in range(8)}
