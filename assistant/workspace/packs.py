"""Session packs: what a trainer pins from the chat (answers, single quotes), with headings,
notes and evidence maps, in the order they will present it.

A pack is a JSON file in ``data_dir/packs/<user>/``, so packs survive restarts, each user has
several, and nothing but the data folder holds them. A pinned source keeps everything its
citation needs (label, page, quote, reference), so a pack still exports after its document was
removed or re-ingested.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from assistant.errors import PackError
from assistant.models import Answer, Citation, Reference

ItemKind = Literal["answer", "quote", "heading", "note", "map"]
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class PinnedSource:
    """One cited passage as it stood when pinned; ``n`` is its number in the pinned text."""

    n: int
    doc_id: str
    title: str
    source: str
    page: int | None
    quote: str
    reference: Reference = field(default_factory=Reference)

    @property
    def label(self) -> str:
        return self.reference.label(fallback=self.title)

    @classmethod
    def from_citation(cls, citation: Citation) -> PinnedSource:
        chunk = citation.passage.chunk
        quote = " ".join(citation.sentences) or chunk.text
        return cls(citation.n, chunk.doc_id, chunk.title, chunk.source, chunk.page, quote,
                   citation.reference or Reference())  # fmt: skip


@dataclass(frozen=True)
class PackItem:
    """An answer (``text`` with its [n] markers), a quote, a heading, a note, or an evidence
    map (``text`` is its topic, empty for the whole collection)."""

    kind: ItemKind
    text: str
    question: str = ""
    sources: tuple[PinnedSource, ...] = ()


@dataclass
class Pack:
    name: str
    items: list[PackItem] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "items": [
                {**asdict(item), "sources": [_source_json(s) for s in item.sources]}
                for item in self.items
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Pack:
        return cls(data["name"], [_item(item) for item in data["items"]])


def _source_json(source: PinnedSource) -> dict[str, Any]:
    return {**asdict(source), "reference": source.reference.to_dict()}


def _item(data: dict[str, Any]) -> PackItem:
    sources = tuple(
        PinnedSource(**{**s, "reference": Reference.from_dict(s["reference"])})
        for s in data["sources"]
    )
    return PackItem(data["kind"], data["text"], data["question"], sources)


# What the chat pins


def pinned_answer(answer: Answer) -> PackItem:
    """The answer as written, with every source it cites."""
    sources = tuple(PinnedSource.from_citation(citation) for citation in answer.citations)
    return PackItem("answer", answer.text, answer.question, sources)


def pinned_quote(answer: Answer, n: int) -> PackItem:
    """Citation ``n`` of the answer alone: the sentences it quoted, with its source."""
    for citation in answer.citations:
        if citation.n == n:
            source = PinnedSource.from_citation(citation)
            return PackItem("quote", source.quote, answer.question, (source,))
    raise PackError(f"the answer has no source [{n}] (it cites {len(answer.citations)})")


# Editing


def move(pack: Pack, index: int, offset: int) -> Pack:
    """Item ``index`` (from 0) moved ``offset`` places, stopping at either end."""
    _check_index(pack, index)
    items = list(pack.items)
    item = items.pop(index)
    items.insert(min(max(index + offset, 0), len(items)), item)
    return Pack(pack.name, items)


def remove(pack: Pack, index: int) -> Pack:
    _check_index(pack, index)
    return Pack(pack.name, [item for i, item in enumerate(pack.items) if i != index])


def append(pack: Pack, item: PackItem) -> Pack:
    if item.kind in ("heading", "note") and not item.text.strip():
        raise PackError(f"the {item.kind} is empty: type its text first")
    return Pack(pack.name, [*pack.items, item])


def _check_index(pack: Pack, index: int) -> None:
    if not 0 <= index < len(pack.items):
        raise PackError(f"the pack has no item {index + 1} (it has {len(pack.items)})")


# Storage


class PackShelf:
    """One user's packs: a folder of JSON files, one per pack, named after the pack."""

    def __init__(self, data_dir: Path, user: str = "local") -> None:
        self.folder = data_dir / "packs" / _file_name(user or "local")

    def names(self) -> list[str]:
        if not self.folder.is_dir():
            return []
        return sorted(self.load_path(path).name for path in self.folder.glob("*.json"))

    def load(self, name: str) -> Pack:
        path = self._path(name)
        if not path.is_file():
            raise PackError(f"there is no pack called {name!r}: create it first")
        return self.load_path(path)

    def load_path(self, path: Path) -> Pack:
        return Pack.from_json(json.loads(path.read_text(encoding="utf-8")))

    def create(self, name: str) -> Pack:
        if self._path(name).is_file():
            return self.load(name)
        return self.save(Pack(name.strip()))

    def save(self, pack: Pack) -> Pack:
        """Written whole to a temporary file, then renamed: a crash never leaves half a pack."""
        path = self._path(pack.name)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".json.tmp")
        temporary.write_text(json.dumps(pack.to_json(), ensure_ascii=False, indent=1), "utf-8")
        temporary.replace(path)
        return pack

    def delete(self, name: str) -> None:
        self._path(name).unlink(missing_ok=True)

    def _path(self, name: str) -> Path:
        if not name.strip():
            raise PackError("the pack needs a name")
        return self.folder / f"{_file_name(name.strip())}.json"


def _file_name(name: str) -> str:
    """A name safe in any file system; "Week 1" and "week 1" are the same pack."""
    return _UNSAFE.sub("-", name.lower()).strip("-.") or "pack"
