"""Typed results shared by ingestion, the assistant, the CLI, the app and the evaluations."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Page:
    """Text of one page (PDF) or of the whole file (TXT, MD); ``number`` is None for the latter."""

    number: int | None
    text: str


@dataclass
class Document:
    """A loaded file: stable id from its bytes, pages after cleaning, and what cleaning removed."""

    doc_id: str
    source: str
    title: str
    pages: list[Page]
    removed_chars: int = 0
    removed_lines: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Chunk:
    """A passage as stored: text plus everything needed to cite it."""

    chunk_id: str
    doc_id: str
    source: str
    title: str
    page: int | None
    char_start: int
    char_end: int
    section: str | None
    text: str

    def metadata(self) -> dict[str, Any]:
        """Chroma metadata (no None values allowed there)."""
        data = asdict(self)
        del data["text"], data["chunk_id"]
        return {key: value for key, value in data.items() if value is not None}


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with its cosine similarity to the question."""

    chunk: Chunk
    score: float


@dataclass
class Citation:
    """A numbered reference; ``sentences`` are the passage sentences the answer quoted."""

    n: int
    passage: Passage
    sentences: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        chunk = self.passage.chunk
        return {
            "n": self.n,
            "source": chunk.source,
            "title": chunk.title,
            "page": chunk.page,
            "text": chunk.text,
            "score": round(self.passage.score, 4),
            "chunk_id": chunk.chunk_id,
        }


@dataclass(frozen=True)
class AnswerDelta:
    """A piece of answer text, streamed before the complete ``Answer``."""

    text: str


@dataclass(frozen=True)
class CheckCounts:
    """What the citation check found in a language model's answer: sentences making a claim,
    those their cited passages support, and those dropped (none under the "mark" policy)."""

    sentences: int = 0
    supported: int = 0
    dropped: int = 0


@dataclass
class Answer:
    """What the assistant says, with the passages it used.

    ``related`` holds the nearest passages when the answer is a refusal: shown as
    "possibly related", never as citations.
    """

    question: str
    text: str
    refused: bool
    citations: list[Citation]
    related: list[Passage] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    backend: str = "extractive"
    standalone_question: str | None = None
    checked: CheckCounts | None = None  # None when no language model wrote the text
    notice: str | None = None  # why the model's answer was not used, or was cut short

    def to_json(self) -> dict[str, Any]:
        """The stable shape of ``carechat ask --json``."""
        return {
            "question": self.question,
            "answer": self.text,
            "refused": self.refused,
            "citations": [citation.to_json() for citation in self.citations],
            "timings": {key: round(value, 1) for key, value in self.timings.items()},
            "backend": self.backend,
            "checked": asdict(self.checked) if self.checked else None,
        }


@dataclass(frozen=True)
class DocumentInfo:
    """One row of ``carechat list``."""

    doc_id: str
    source: str
    title: str
    pages: int
    chunks: int


@dataclass
class IngestReport:
    """Outcome of one ingest run; ``complete`` tells the CLI which exit code to use."""

    ingested: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    chunks_added: int = 0
    chunks_removed: int = 0
    seconds: float = 0.0
    cleaning: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        lines = [
            (
                f"Ingested {len(self.ingested)} file(s), {len(self.unchanged)} unchanged, "
                f"{len(self.skipped)} skipped, {len(self.failed)} failed; "
                f"{self.chunks_added} chunks added, {self.chunks_removed} removed "
                f"in {self.seconds:.1f}s."
            )
        ]
        for source, stats in self.cleaning.items():
            detail = ", ".join(f"{n} {reason}" for reason, n in stats.items() if reason != "chars")
            lines.append(
                f"  cleaned {source}: {stats.get('chars', 0)} characters removed"
                + (f" ({detail})" if detail else "")
            )
        lines += [f"  skipped {name}: {reason}" for name, reason in self.skipped.items()]
        lines += [f"  FAILED {name}: {reason}" for name, reason in self.failed.items()]
        return "\n".join(lines)
