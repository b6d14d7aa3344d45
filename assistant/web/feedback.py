"""Thumbs up or down on an answer, with an optional comment, appended to a JSONL file.

One JSON object per line in ``data_dir/feedback.jsonl``, so evaluators can read it with any
tool; each record carries the question, the answer and its sources, not just a rating.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from assistant.models import Answer

FEEDBACK_FILE = "feedback.jsonl"
Rating = Literal["up", "down"]
_lock = threading.Lock()  # the app answers several sessions at once


def feedback_path(data_dir: Path) -> Path:
    return data_dir / FEEDBACK_FILE


def record_feedback(
    path: Path,
    answer: Answer,
    rating: Rating,
    comment: str = "",
    doc_ids: Sequence[str] = (),
) -> dict[str, Any]:
    """Append one record and return it."""
    record = {
        "time": datetime.now(UTC).isoformat(timespec="seconds"),
        "rating": rating,
        "comment": comment.strip() or None,
        "question": answer.question,
        "standalone_question": answer.standalone_question,
        "refused": answer.refused,
        "answer": answer.text,
        "citations": [citation.to_json() for citation in answer.citations],
        "doc_ids": list(doc_ids) or None,
    }
    line = json.dumps(record, ensure_ascii=False) + "\n"
    with _lock:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as file:
            file.write(line)
    return record
