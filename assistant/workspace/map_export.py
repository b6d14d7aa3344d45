"""An evidence map as an export document: the map as a table (themes down, enablers and
barriers across), the quotes that fit no theme, and the reference list; as CSV, one row per
quote with everything known about it.

Each document quoted is one reference, numbered in the order the map first quotes it.
``references`` maps doc_id -> an already formatted reference (a CSL style's output); a
document it lacks is listed by its citation label and file name.
"""

from __future__ import annotations

from collections.abc import Mapping

from assistant.workspace.classify import SIDES
from assistant.workspace.documents import (
    ExportDocument,
    Format,
    Heading,
    Paragraph,
    Quote,
    Table,
    attribution,
    render,
)
from assistant.workspace.evidence_map import UNASSIGNED, EvidenceMap, MapQuote

SIDE_NAMES = {"enabler": "Enablers", "barrier": "Barriers"}
EMPTY_CELL = "—"
METHOD_NOTE = (
    "Sentences are the documents' own words (… marks where a long one was cut). A sentence is an "
    "enabler or a barrier by its cue words and its likeness to typical enabler and barrier "
    "sentences; its theme is the one whose description it is closest to in meaning, helped by "
    "the theme's cue words, and the confidence shown is that score. Sentences that fit no theme "
    "well enough are listed under Unassigned, not forced into one. Levels are named only where "
    "the sentence names them."
)
CSV_HEADER = (
    "theme", "side", "quote", "citation", "reference", "document", "page", "level", "confidence",
    "sentence",
)  # fmt: skip


def evidence_map_document(
    evidence_map: EvidenceMap, references: Mapping[str, str] | None = None
) -> ExportDocument:
    numbers = _numbers(evidence_map)
    blocks: list[Heading | Paragraph | Quote | Table] = [
        Paragraph(_scope(evidence_map)),
        Paragraph(METHOD_NOTE, note=True),
        _grid(evidence_map, numbers),
    ]
    if evidence_map.unassigned:
        blocks.append(Heading(UNASSIGNED))
        for side in SIDES:
            quotes = [q for q in evidence_map.unassigned if q.side == side]
            if quotes:
                blocks.append(Heading(SIDE_NAMES[side], level=2))
                blocks += [Quote(q.text, numbers[q.doc_id], attribution(q.label, q.page)) for q in quotes]
    return ExportDocument(_title(evidence_map), blocks, _references(evidence_map, references))


def evidence_map_table(
    evidence_map: EvidenceMap, references: Mapping[str, str] | None = None
) -> ExportDocument:
    """One row per quote: what the CSV export holds."""
    numbers = _numbers(evidence_map)
    listed = _references(evidence_map, references)
    rows = tuple(
        (
            q.theme or UNASSIGNED,
            q.side,
            q.text,
            q.label,
            listed[numbers[q.doc_id] - 1],
            q.source,
            "" if q.page is None else str(q.page),
            "; ".join(q.levels),
            f"{q.confidence:.2f}",
            q.sentence,
        )
        for q in evidence_map.quotes()
    )
    return ExportDocument(_title(evidence_map), [Table(CSV_HEADER, rows)], listed)


def export_evidence_map(
    evidence_map: EvidenceMap, fmt: Format, references: Mapping[str, str] | None = None
) -> bytes:
    """The map as ``fmt`` (md, csv, docx or pdf)."""
    if fmt == "csv":
        return render(evidence_map_table(evidence_map, references), "csv")
    return render(evidence_map_document(evidence_map, references), fmt)


def _title(evidence_map: EvidenceMap) -> str:
    return f"Evidence map: {evidence_map.topic or 'the whole collection'}"


def _scope(evidence_map: EvidenceMap) -> str:
    counts = evidence_map.counts()
    total = {side: sum(cell[side] for cell in counts.values()) for side in SIDES}
    documents = len(evidence_map.doc_order())
    searched = f"on “{evidence_map.topic}”" if evidence_map.topic else "across the collection"
    enablers, barriers = _count(total["enabler"], "enabler"), _count(total["barrier"], "barrier")
    return (
        f"What helps and what hinders {searched}: {enablers} and {barriers} quoted from "
        f"{_count(documents, 'document')}."
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _numbers(evidence_map: EvidenceMap) -> dict[str, int]:
    return {doc_id: n for n, doc_id in enumerate(evidence_map.doc_order(), 1)}


def _references(evidence_map: EvidenceMap, references: Mapping[str, str] | None) -> list[str]:
    first = {q.doc_id: q for q in reversed(evidence_map.quotes())}
    return [
        (references or {}).get(doc_id) or f"{first[doc_id].label}. {first[doc_id].source}"
        for doc_id in evidence_map.doc_order()
    ]


def _grid(evidence_map: EvidenceMap, numbers: dict[str, int]) -> Table:
    rows = tuple(
        (row.name, *(_cell(row.quotes(side), numbers) for side in SIDES))
        for row in evidence_map.themes
    )
    return Table(("Theme", *(SIDE_NAMES[side] for side in SIDES)), rows)


def _cell(quotes: list[MapQuote], numbers: dict[str, int]) -> str:
    lines = []
    for quote in quotes:
        details = "; ".join([*quote.levels, f"confidence {quote.confidence:.2f}"])
        cited = f"{attribution(quote.label, quote.page)} [{numbers[quote.doc_id]}]"
        lines.append(f"“{quote.text}” — {cited} ({details})")
    return "\n".join(lines) or EMPTY_CELL
