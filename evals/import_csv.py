"""Questions from a spreadsheet: a CSV with one item per row, converted to the JSONL format.

Columns (header row required; order free; only id, category, question are required):

    id, category, question, history, gold_facts, gold_sources, gold_passage, expect_refusal,
    must_not_contain

In list columns (history, gold_sources, gold_passage, must_not_contain) ``|`` separates items.
In gold_facts ``;`` separates facts and ``|`` the alternatives of one fact:
``18 | eighteen ; 5 | five`` is ``[["18", "eighteen"], ["5", "five"]]``.
expect_refusal is yes/no, true/false or 1/0 (empty = no).

    python -m evals.import_csv new.csv                      # print JSONL
    python -m evals.import_csv new.csv --append evals/questions.jsonl

``carechat eval --questions new.csv`` also reads the CSV directly.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import Any

from evals.questions import QuestionFileError, load_questions, parse_item

_TRUE = {"yes", "y", "true", "1"}
_FALSE = {"no", "n", "false", "0", ""}
_LIST_COLUMNS = ("history", "gold_sources", "gold_passage", "must_not_contain")


def read_csv(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """(line number, item in the JSONL shape) for each non-empty row."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = []
        for row in reader:
            line = reader.line_num
            if any((value or "").strip() for value in row.values()):
                rows.append((line, _item(row, f"{path.name}:{line}")))
    return rows


def _item(row: dict[str, str | None], where: str) -> dict[str, Any]:
    cells = {
        (key or "").strip(): (value or "").strip() for key, value in row.items() if key is not None
    }
    item: dict[str, Any] = {key: cells.get(key, "") for key in ("id", "category", "question")}
    item["gold_facts"] = [_split(group, "|") for group in _split(cells.get("gold_facts", ""), ";")]
    for column in _LIST_COLUMNS:
        item[column] = _split(cells.get(column, ""), "|")
    item["gold_passage"] = item["gold_passage"] or None
    item["expect_refusal"] = _flag(cells.get("expect_refusal", ""), where)
    return item


def _split(cell: str, separator: str) -> list[str]:
    return [part.strip() for part in cell.split(separator) if part.strip()]


def _flag(cell: str, where: str) -> bool:
    value = cell.lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise QuestionFileError(f"{where}: expect_refusal must be yes or no, not {cell!r}")


def to_jsonl(path: Path, taken_ids: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """The CSV's items as JSONL lines, each checked as ``carechat eval`` would check it."""
    lines = []
    for line, row in read_csv(path):
        item = parse_item(row, f"{path.name}:{line}")
        if item.id in taken_ids:
            raise QuestionFileError(f"{path.name}:{line}: id {item.id!r} is already used")
        taken_ids = taken_ids | {item.id}
        lines.append(json.dumps(row, ensure_ascii=False))
    return lines


def append_jsonl(csv_path: Path, target: Path) -> int:
    """Add the CSV's items to ``target``; nothing is written unless every item is valid."""
    existing = target.read_text(encoding="utf-8") if target.exists() else ""
    taken = {item.id for item in load_questions(target)} if existing.strip() else set()
    lines = to_jsonl(csv_path, taken)
    separator = "" if not existing or existing.endswith("\n") else "\n"
    target.write_text(existing + separator + "\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Convert evaluation questions from CSV to JSONL.")
    parser.add_argument("csv", type=Path)
    parser.add_argument("--append", type=Path, help="JSONL file to add the items to")
    args = parser.parse_args(argv)
    try:
        if args.append is None:
            print("\n".join(to_jsonl(args.csv)))
            return 0
        added = append_jsonl(args.csv, args.append)
    except QuestionFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"Added {added} item(s) to {args.append}.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
