"""A session pack as an export document (``assistant.workspace.documents``): headings, notes,
pinned answers and quotes, evidence maps, and one reference list for all of them.

Each pinned item numbers its sources from 1; in the pack, every document is one reference,
numbered in the order the pack first cites it, so the markers are renumbered as they go in.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from assistant.workspace.documents import (
    Block,
    ExportDocument,
    Heading,
    Paragraph,
    Quote,
    Table,
    attribution,
)
from assistant.workspace.evidence_map import EvidenceMap
from assistant.workspace.map_export import evidence_map_document
from assistant.workspace.packs import Pack, PackItem, PinnedSource

_MARKER = re.compile(r"\[(\d+)\]")


class _Numbering:
    """Document -> its number in the pack's reference list, given out on first citation."""

    def __init__(self, references: Mapping[str, str]) -> None:
        self.formatted = references
        self.numbers: dict[str, int] = {}
        self.references: list[str] = []

    def number(self, doc_id: str, fallback: str) -> int:
        if doc_id not in self.numbers:
            self.numbers[doc_id] = len(self.numbers) + 1
            self.references.append(self.formatted.get(doc_id) or fallback)
        return self.numbers[doc_id]

    def source(self, source: PinnedSource) -> int:
        return self.number(source.doc_id, f"{source.label}. {source.source}")


def pack_document(
    pack: Pack, maps: Mapping[str, EvidenceMap], references: Mapping[str, str]
) -> ExportDocument:
    """``maps``: the evidence map of each map item, by its topic; ``references``: doc_id ->
    formatted reference (a document without one is listed by its label and file name)."""
    numbering = _Numbering(references)
    blocks: list[Block] = []
    for item in pack.items:
        blocks += _item_blocks(item, maps, numbering)
    return ExportDocument(pack.name, blocks, numbering.references)


def _item_blocks(
    item: PackItem, maps: Mapping[str, EvidenceMap], numbering: _Numbering
) -> list[Block]:
    if item.kind == "heading":
        return [Heading(item.text)]
    if item.kind == "note":
        return [Paragraph(item.text, note=True)]
    if item.kind == "quote":
        [source] = item.sources
        return [Quote(item.text, numbering.source(source), attribution(source.label, source.page))]
    if item.kind == "map":
        return _map_blocks(maps[item.text], numbering)
    return _answer_blocks(item, numbering)


def _answer_blocks(item: PackItem, numbering: _Numbering) -> list[Block]:
    """The question, the answer's lines with pack-wide markers, and where each source is."""
    local = {source.n: numbering.source(source) for source in item.sources}
    lines = [line.strip() for line in item.text.splitlines() if line.strip()]
    blocks: list[Block] = [Heading(item.question, level=2)] if item.question else []
    blocks += [Paragraph(_renumber(line, local)) for line in lines]
    where = "; ".join(f"[{local[s.n]}] {attribution(s.label, s.page)}" for s in item.sources)
    return blocks + ([Paragraph(f"Sources: {where}", note=True)] if where else [])


def _map_blocks(evidence_map: EvidenceMap, numbering: _Numbering) -> list[Block]:
    """The map's own document, its reference numbers turned into the pack's."""
    document = evidence_map_document(evidence_map, numbering.formatted)
    local = {
        n: numbering.number(doc_id, document.references[n - 1])
        for n, doc_id in enumerate(evidence_map.doc_order(), 1)
    }
    blocks: list[Block] = [Heading(document.title)]
    for block in document.blocks:
        if isinstance(block, Paragraph):
            block = Paragraph(_renumber(block.text, local), block.note)
        elif isinstance(block, Quote):
            block = Quote(block.text, local[block.citation], block.attribution)
        elif isinstance(block, Table):
            rows = tuple(tuple(_renumber(cell, local) for cell in row) for row in block.rows)
            block = Table(block.header, rows)
        elif isinstance(block, Heading):
            block = Heading(block.text, min(block.level + 1, 2))
        blocks.append(block)
    return blocks


def _renumber(text: str, numbers: Mapping[int, int]) -> str:
    """``[n]`` markers replaced by their new numbers; a marker not in ``numbers`` is dropped
    rather than left pointing at the wrong reference."""
    return _MARKER.sub(
        lambda m: f"[{numbers[int(m[1])]}]" if int(m[1]) in numbers else "", text
    ).strip()
