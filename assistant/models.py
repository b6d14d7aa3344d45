"""Typed results shared by ingestion, the assistant, the CLI, the app and the evaluations."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
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
    path: str = ""  # where the file was read from, resolved: with doc_id, its identity
    reference: Reference = field(default_factory=lambda: Reference())  # what the file says


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
    path: str = ""  # the document's file, resolved (see DocumentInfo.path)

    def metadata(self) -> dict[str, Any]:
        """Chroma metadata (no None values allowed there)."""
        data = asdict(self)
        del data["text"], data["chunk_id"]
        return {key: value for key, value in data.items() if value is not None}


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with its cosine similarity to the question, and its rank in the dense
    (vector) and lexical (BM25) result lists when it was in them."""

    chunk: Chunk
    score: float
    dense_rank: int | None = None
    lexical_rank: int | None = None


@dataclass
class Citation:
    """A numbered reference; ``sentences`` are the passage sentences the answer quoted."""

    n: int
    passage: Passage
    sentences: list[str] = field(default_factory=list)
    reference: Reference | None = None  # the cited document's metadata, when known
    formatted_reference: str = ""  # its entry in a reference list (``reference.style``)

    @property
    def label(self) -> str:
        """Author-year ("Patton, McGlade and Elliott (2020)"), else the document's title."""
        title = self.passage.chunk.title
        return self.reference.label(fallback=title) if self.reference else title

    def to_json(self) -> dict[str, Any]:
        chunk = self.passage.chunk
        reference = self.reference or Reference()
        return {
            "n": self.n,
            "source": chunk.source,
            "title": chunk.title,
            "page": chunk.page,
            "text": chunk.text,
            "score": round(self.passage.score, 4),
            "chunk_id": chunk.chunk_id,
            "dense_rank": self.passage.dense_rank,
            "lexical_rank": self.passage.lexical_rank,
            "authors": list(reference.authors),
            "year": reference.year,
            "label": self.label,
            "reference": self.formatted_reference or self.label,
        }


@dataclass(frozen=True)
class PageImage:
    """One page of a cited PDF as a PNG with the cited sentences highlighted; ``boxes`` are
    the highlight rectangles (left, top, right, bottom) in the image's pixels."""

    number: int
    png: bytes
    boxes: list[tuple[int, int, int, int]] = field(default_factory=list)


@dataclass(frozen=True)
class PageView:
    """Where a citation comes from, as the reader would see it: a PDF's page (with the next or
    previous one when the cited sentence runs across the page break), or for a Word document,
    web page or text file, its section's text with ``highlights`` (character spans of
    ``text``). ``note`` says why pages could not be shown (the file moved, say)."""

    source: str
    title: str
    page: int | None
    section: str | None
    pages: list[PageImage] = field(default_factory=list)
    text: str = ""
    highlights: list[tuple[int, int]] = field(default_factory=list)
    note: str = ""


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
    ambiguity: str | None = None  # the study the question names fits several documents: which

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
            "notice": self.notice,
            "ambiguity": self.ambiguity,
        }


REFERENCE_FIELDS = (
    "title", "authors", "year", "journal", "publisher", "volume", "issue", "pages", "doi", "url",
)  # fmt: skip


@dataclass(frozen=True)
class Reference:
    """Bibliographic metadata of one document; an empty field is unknown.

    ``authors`` are written "Family, Given" ("Lefevre, Michelle"), so the family name is always
    the part before the first comma; a name without a comma is a family name alone (or an
    organisation). ``journal`` is the journal, or the container a chapter appears in."""

    title: str = ""
    authors: tuple[str, ...] = ()
    year: int | None = None
    journal: str = ""
    publisher: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    url: str = ""

    def found(self) -> list[str]:
        """The fields that are known, in the order of ``REFERENCE_FIELDS``."""
        return [name for name in REFERENCE_FIELDS if getattr(self, name)]

    def completed_by(self, other: Reference) -> Reference:
        """This reference with its unknown fields taken from ``other``."""
        return Reference(
            **{name: getattr(self, name) or getattr(other, name) for name in REFERENCE_FIELDS}
        )

    def corrected_by(self, other: Reference) -> Reference:
        """This reference with every field ``other`` knows replaced by ``other``'s."""
        return other.completed_by(self)

    def family_names(self) -> list[str]:
        """The authors' family names, as written ("Lefevre")."""
        return [family for author in self.authors if (family := author.split(",")[0].strip())]

    def label(self, fallback: str = "") -> str:
        """An author-year label: "Patton, McGlade and Elliott (2020)", "Lefevre et al. (2025)"
        for four or more authors, the title (else ``fallback``) when the authors are unknown."""
        year = f" ({self.year})" if self.year else " (n.d.)"
        families = self.family_names()
        if not families:
            return (self.title or fallback) + (f" ({self.year})" if self.year else "")
        if len(families) > 3:
            return f"{families[0]} et al.{year}"
        if len(families) == 1:
            return families[0] + year
        return ", ".join(families[:-1]) + f" and {families[-1]}{year}"

    def to_dict(self) -> dict[str, Any]:
        """The known fields only, JSON-ready (authors as a list)."""
        return {
            name: list(value) if name == "authors" else value
            for name in self.found()
            for value in [getattr(self, name)]
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Reference:
        """Inverse of ``to_dict``; unknown keys are an error, so a typo never passes silently."""
        values = dict(data)
        if "authors" in values:
            values["authors"] = tuple(values["authors"])
        if values.get("year") is not None:
            values["year"] = int(values["year"])
        return cls(**values)


@dataclass(frozen=True)
class DocumentInfo:
    """One row of ``carechat list``.

    A document is its content (``doc_id``) at a path: files with the same name in different
    folders are different documents. ``source`` is the file name, with as many of its folders
    as it takes to tell it from the other documents'. ``expected_chunks`` is how many chunks
    ingestion stored; fewer than that means an ingest was cut short."""

    doc_id: str
    source: str
    title: str
    pages: int
    chunks: int
    path: str = ""
    expected_chunks: int = 0
    reference: Reference = field(default_factory=Reference)

    @property
    def label(self) -> str:
        """How answers cite it: author-year, else its title."""
        return self.reference.label(fallback=self.title)

    @property
    def complete(self) -> bool:
        return self.chunks >= self.expected_chunks


@dataclass
class IngestReport:
    """Outcome of one ingest run; ``complete`` tells the CLI which exit code to use."""

    ingested: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    duplicates: dict[str, str] = field(default_factory=dict)  # file -> where its bytes are stored
    replaced: list[str] = field(default_factory=list)  # ingested over an earlier version
    chunks_added: int = 0
    chunks_removed: int = 0
    seconds: float = 0.0
    cleaning: dict[str, dict[str, int]] = field(default_factory=dict)
    encodings: dict[str, str] = field(default_factory=dict)  # text files not read as UTF-8
    metadata: dict[str, list[str]] = field(default_factory=dict)  # file -> reference fields found
    imported: dict[str, list[str]] = field(default_factory=dict)  # .bib/.ris -> documents filled
    ocr: dict[str, dict[int, float]] = field(default_factory=dict)  # file -> page -> confidence
    # seconds spent in each step, per file (parse, clean, chunk) or per batch of files (embed,
    # store): what the benchmarks print
    steps: dict[str, list[float]] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        duplicates = f"{len(self.duplicates)} duplicate(s), " if self.duplicates else ""
        lines = [
            (
                f"Ingested {len(self.ingested)} file(s), {len(self.unchanged)} unchanged, "
                f"{duplicates}{len(self.skipped)} skipped, {len(self.failed)} failed; "
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
        lines += [
            f"  {name}: metadata found: {', '.join(fields)}" if fields
            else f"  {name}: no bibliographic metadata found (add it with `carechat meta`)"
            for name, fields in self.metadata.items()
        ]  # fmt: skip
        lines += [
            f"  {name}: references for {', '.join(docs) or 'no document in the collection'}"
            for name, docs in self.imported.items()
        ]
        lines += [f"  {name}: read as {encoding}" for name, encoding in self.encodings.items()]
        lines += [f"  {name}: {ocr_summary(pages)}" for name, pages in self.ocr.items()]
        lines += [f"  {name}: replaced its earlier version" for name in self.replaced]
        lines += [
            f"  {name}: same content as {stored}, stored once"
            for name, stored in self.duplicates.items()
        ]
        lines += [f"  skipped {name}: {reason}" for name, reason in self.skipped.items()]
        lines += [f"  FAILED {name}: {reason}" for name, reason in self.failed.items()]
        return "\n".join(lines)


def ocr_summary(pages: dict[int, float]) -> str:
    """"pages 1, 2 read by OCR (mean word confidence 91%)": which pages of a scan were read,
    and how sure Tesseract was, so a poor scan is noticed before its answers are trusted."""
    numbers = ", ".join(str(number) for number in sorted(pages))
    noun = "page" if len(pages) == 1 else "pages"
    mean = sum(pages.values()) / len(pages) if pages else 0.0
    return f"{noun} {numbers} read by OCR (mean word confidence {mean:.0f}%)"


def distinct_labels(paths: Sequence[str]) -> list[str]:
    """Each path's file name, with as many of its folders as it takes to tell it from the other
    paths: ``["/s/a/notes.txt", "/s/b/notes.txt", "/s/x.pdf"]`` -> ``["a/notes.txt",
    "b/notes.txt", "x.pdf"]``."""
    parts = [_path_parts(path) for path in paths]  # string work: thousands list in a blink
    labels = [part[-1:] for part in parts]
    while True:
        counts = Counter(labels)
        clashing = [i for i, label in enumerate(labels) if counts[label] > 1]
        grown = [i for i in clashing if len(labels[i]) < len(parts[i])]
        if not grown:
            return ["/".join(label) for label in labels]
        for i in grown:
            labels[i] = parts[i][-len(labels[i]) - 1 :]


def _path_parts(path: str) -> tuple[str, ...]:
    """The folders and file name of a path; an absolute path's first part is "" (the root)."""
    parts = [part for part in path.split("/") if part and part != "."]
    return ("", *parts) if path.startswith("/") else tuple(parts)
