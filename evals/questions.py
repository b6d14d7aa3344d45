"""Evaluation items: one JSON object per line in a ``.jsonl`` file (or rows of a ``.csv``).

A file an evaluator extends without code, so every problem is reported with its line number and
the field to fix, and nothing is guessed. Fields (see evals/README.md):

    id              unique, short, stable (reports and diffs name items by it)
    category        fact, list, synthesis, both, practitioner, multi-turn, unanswerable, ...
    question        what the user types
    history         earlier questions of the conversation, oldest first (optional)
    gold_facts      facts the answer must state: a list of groups, each a list of alternatives
    gold_sources    file names the answer must cite
    gold_passage    a piece of the passage that answers (string or list), or null
    expect_refusal  true when the documents do not answer and the assistant must say so
    must_not_contain  text the answer must never include (optional; for injection attempts)
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from assistant.errors import CarechatError

DEFAULT_QUESTIONS = Path(__file__).resolve().parent / "questions.jsonl"
REQUIRED = ("id", "category", "question", "gold_facts", "gold_sources", "expect_refusal")
OPTIONAL = ("history", "gold_passage", "must_not_contain")


class QuestionFileError(CarechatError):
    """The questions file cannot be read or an item in it is malformed."""


@dataclass(frozen=True)
class EvalItem:
    id: str
    category: str
    question: str
    gold_facts: list[list[str]]
    gold_sources: list[str]
    expect_refusal: bool
    history: list[str] = field(default_factory=list)
    gold_passages: list[str] = field(default_factory=list)
    must_not_contain: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["gold_passage"] = data.pop("gold_passages")
        return data


def load_questions(path: Path) -> list[EvalItem]:
    """Items from a ``.jsonl`` file, or a ``.csv`` file in the import format."""
    if not path.is_file():
        raise QuestionFileError(f"{path}: no such questions file (see evals/README.md)")
    if path.suffix.lower() == ".csv":
        from evals.import_csv import read_csv

        rows = read_csv(path)
    else:
        rows = _read_jsonl(path)
    items = [parse_item(row, f"{path.name}:{line}") for line, row in rows]
    _check_unique(items, path)
    if not items:
        raise QuestionFileError(f"{path}: no questions in the file")
    return items


def _read_jsonl(path: Path) -> list[tuple[int, dict[str, Any]]]:
    rows: list[tuple[int, dict[str, Any]]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise QuestionFileError(f"{path.name}:{number}: not valid JSON ({exc.msg})") from exc
        if not isinstance(row, dict):
            raise QuestionFileError(f"{path.name}:{number}: each line must be a JSON object")
        rows.append((number, row))
    return rows


def parse_item(row: dict[str, Any], where: str) -> EvalItem:
    """One item, checked field by field; ``where`` (file:line) starts every error message."""
    missing = [name for name in REQUIRED if name not in row]
    unknown = sorted(set(row) - set(REQUIRED) - set(OPTIONAL))
    if missing or unknown:
        problems = [f"missing {', '.join(missing)}"] if missing else []
        problems += [f"unknown field(s) {', '.join(unknown)}"] if unknown else []
        raise QuestionFileError(f"{where}: {'; '.join(problems)}")
    item = EvalItem(
        id=_text(row, "id", where),
        category=_text(row, "category", where),
        question=_text(row, "question", where),
        gold_facts=_fact_groups(row["gold_facts"], where),
        gold_sources=_texts(row["gold_sources"], "gold_sources", where),
        expect_refusal=_flag(row["expect_refusal"], where),
        history=_texts(row.get("history") or [], "history", where),
        gold_passages=_passages(row.get("gold_passage"), where),
        must_not_contain=_texts(row.get("must_not_contain") or [], "must_not_contain", where),
    )
    if not item.expect_refusal and not item.gold_facts:
        raise QuestionFileError(f"{where}: an answerable item needs gold_facts")
    if item.expect_refusal and (item.gold_facts or item.gold_sources):
        raise QuestionFileError(f"{where}: a refusal item has no gold_facts or gold_sources")
    return item


def _text(row: dict[str, Any], name: str, where: str) -> str:
    value = row[name]
    if not isinstance(value, str) or not value.strip():
        raise QuestionFileError(f"{where}: {name} must be a non-empty string")
    return value.strip()


def _texts(value: Any, name: str, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise QuestionFileError(f"{where}: {name} must be a list of non-empty strings")
    return [v.strip() for v in value]


def _fact_groups(value: Any, where: str) -> list[list[str]]:
    """``[["18"], ["five", "5"]]``: every group must be found, any alternative in it will do."""
    if not isinstance(value, list):
        raise QuestionFileError(f"{where}: gold_facts must be a list of lists of alternatives")
    return [_texts(group, "each gold_facts group", where) for group in value]


def _passages(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    return _texts(value, "gold_passage", where)


def _flag(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise QuestionFileError(f"{where}: expect_refusal must be true or false")
    return value


def _check_unique(items: list[EvalItem], path: Path) -> None:
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise QuestionFileError(f"{path.name}: id {item.id!r} is used twice")
        seen.add(item.id)
