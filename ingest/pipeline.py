"""Ingestion: files in, cleaned and chunked, embedded in batches, stored in Chroma.

Idempotent and safe: a document is its content at a path, so a file whose bytes are already
stored is not embedded again (the same bytes at a second path are stored once), a changed file's
new chunks are added before the old version at that path is removed, files with the same name in
different folders are different documents, and a file that fails leaves the index exactly as it
was.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

import numpy as np

from assistant.errors import DocumentError, EmptyDocument, PersonalDataFound
from assistant.index.embedder import Embedder
from assistant.index.store import ChunkStore
from assistant.models import Chunk, Document, IngestReport, distinct_labels
from assistant.settings import Settings
from ingest.chunking import chunk_document
from ingest.cleaning import clean_pages
from ingest.loaders import LOADERS, RawDocument, content_id, load_file
from ingest.personal_data import describe_findings, find_personal_data
from ingest.sentences import evidence_sentences

_MAX_TITLE_CHARS = 160
_TITLE_SEARCH_PARAGRAPHS = 3


class IngestProgress(Protocol):
    """What ingestion reports while it works; the CLI draws bars, the app a progress widget."""

    def file_started(self, index: int, total: int, name: str) -> None: ...

    def batch_done(self, done: int, total: int) -> None: ...


class SilentProgress:
    def file_started(self, index: int, total: int, name: str) -> None:
        pass

    def batch_done(self, done: int, total: int) -> None:
        pass


def ingest_paths(
    paths: Iterable[Path],
    *,
    settings: Settings,
    store: ChunkStore,
    embedder: Embedder,
    progress: IngestProgress | None = None,
    allow_personal_data: bool = False,
) -> IngestReport:
    """Ingest files and folders; a file holding personal data is held back unless
    ``allow_personal_data`` (see ``ingest.personal_data``)."""
    progress = progress or SilentProgress()
    report = IngestReport()
    started = time.perf_counter()
    files = list(expand_paths(paths, report))
    labels = distinct_labels([str(path.resolve()) for path in files])
    for index, (path, label) in enumerate(zip(files, labels)):
        progress.file_started(index, len(files), label)
        try:
            _ingest_file(
                path, label, settings, store, embedder, progress, report, allow_personal_data
            )
        except DocumentError as exc:
            report.failed[label] = str(exc)
    report.seconds = time.perf_counter() - started
    return report


def expand_paths(paths: Iterable[Path], report: IngestReport) -> Iterator[Path]:
    """Files named directly, and readable files inside named folders (hidden ones ignored)."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not child.name.startswith("."):
                    if child.suffix.lower() in LOADERS:
                        yield child
                    else:
                        report.skipped[child.name] = "not a PDF, TXT or MD file"
        elif path.is_file():
            yield path
        else:
            report.failed[path.name] = f"{path} does not exist"


def _ingest_file(
    path: Path,
    label: str,
    settings: Settings,
    store: ChunkStore,
    embedder: Embedder,
    progress: IngestProgress,
    report: IngestReport,
    allow_personal_data: bool,
) -> None:
    doc_id = content_id(path.read_bytes())
    location = str(path.resolve())
    stored_at = _stored_at(store, doc_id)
    if stored_at is not None:
        # Decided from the bytes alone: unchanged files are not parsed again (for a PDF,
        # text extraction is most of the cost of re-ingesting it).
        if stored_at in (location, ""):
            report.unchanged.append(label)
        else:
            report.duplicates[label] = stored_at
        report.chunks_removed += _remove_stale(store, location, doc_id)
        return
    steps = _Steps()
    with steps("parse"):
        raw = load_file(path, settings.ingest.max_file_mb)
    with steps("clean"):
        document = clean_document(raw, location)
        if not allow_personal_data:
            _hold_back_personal_data(document, label)
    with steps("chunk"):
        chunks = chunk_document(
            document, embedder.count_tokens, settings.ingest.chunk_tokens,
            settings.ingest.overlap_sentences,
        )  # fmt: skip
    if not chunks:
        raise EmptyDocument(f"{raw.source} has no text left after cleaning: nothing to ingest")
    with steps("embed"):
        sentences = _embed_sentences(chunks, embedder, settings.ingest.batch_size, progress)
        vectors = np.stack([chunk_vector(chunk, sentences) for chunk in chunks])
    with steps("store"):
        meta = {"pages": len(raw.pages), "doc_chunks": len(chunks)}
        store.add(chunks, vectors, meta, sentences)
    steps.add_to(report)
    report.ingested.append(label)
    report.chunks_added += len(chunks)
    removed = _remove_stale(store, location, raw.doc_id)
    if removed:
        report.replaced.append(label)
    report.chunks_removed += removed
    report.cleaning[label] = {"chars": document.removed_chars, **document.removed_lines}
    if raw.encoding:
        report.encodings[label] = raw.encoding


class _Steps:
    """Seconds spent in each step of one file, for the benchmarks (``IngestReport.steps``)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = time.perf_counter() - started

    def add_to(self, report: IngestReport) -> None:
        for name, seconds in self.seconds.items():
            report.steps.setdefault(name, []).append(seconds)


def _hold_back_personal_data(document: Document, label: str) -> None:
    """Checked on the text that would be stored, after cleaning has removed web-page debris
    such as a publisher's phone number."""
    found = find_personal_data([page.text for page in document.pages])
    if found:
        raise PersonalDataFound(
            f"{label} was held back: it looks like a record about people "
            f"({describe_findings(found)}). If it belongs in the collection, ingest it with "
            "--allow-personal-data (in the app: tick 'Allow personal data')"
        )


def _stored_at(store: ChunkStore, doc_id: str) -> str | None:
    """Where the content was stored from, when its record says it is stored completely: an
    ingest cut short midway is redone, not trusted."""
    stored = store.stored_copy(doc_id)
    return stored.path if stored is not None and stored.complete else None


def _remove_stale(store: ChunkStore, location: str, doc_id: str) -> int:
    """Chunks of an earlier version of the file at ``location``; removed only after the new
    ones exist."""
    stale = store.chunk_ids({"$and": [{"path": location}, {"doc_id": {"$ne": doc_id}}]})
    store.delete(stale)
    return len(stale)


def _embed_sentences(
    chunks: list[Chunk], embedder: Embedder, batch_size: int, progress: IngestProgress
) -> dict[str, np.ndarray]:
    """Each distinct sentence of the document embedded once (overlapping chunks share some);
    a chunk with no sentence boundary counts as one sentence."""
    texts = list(dict.fromkeys(text for chunk in chunks for text in _sentences_of(chunk)))
    batches = [texts[i : i + batch_size] for i in range(0, len(texts), batch_size)]
    vectors = []
    for done, batch in enumerate(batches, start=1):
        vectors.append(embedder.embed_batch(batch))
        progress.batch_done(done, len(batches))
    return dict(zip(texts, np.vstack(vectors)))


def chunk_vector(chunk: Chunk, sentences: dict[str, np.ndarray]) -> np.ndarray:
    """The normalised mean of the chunk's sentence vectors: the passage is found by what its
    sentences say, and nothing is embedded twice."""
    mean = np.mean([sentences[text] for text in _sentences_of(chunk)], axis=0)
    return (mean / (np.linalg.norm(mean) or 1.0)).astype(np.float32)


def _sentences_of(chunk: Chunk) -> list[str]:
    return evidence_sentences(chunk.text) or [" ".join(chunk.text.split())]


def clean_document(raw: RawDocument, location: str = "") -> Document:
    cleaned = clean_pages([page.text for page in raw.pages])
    pages = [type(page)(page.number, text) for page, text in zip(raw.pages, cleaned.pages)]
    return Document(
        doc_id=raw.doc_id,
        source=raw.source,
        title=raw.declared_title or guess_title(cleaned.pages, raw.source),
        pages=pages,
        removed_chars=cleaned.removed_chars,
        removed_lines=dict(cleaned.removed_lines),
        path=location,
    )


def guess_title(pages: list[str], source: str) -> str:
    """The first Markdown heading, else the first title-like paragraph (three to 25 words, no
    closing full stop) among the first few, else the file name."""
    paragraphs = [p.strip() for page in pages for p in page.split("\n\n") if p.strip()]
    for paragraph in paragraphs:
        if paragraph.startswith("# "):
            return paragraph.lstrip("#").strip()[:_MAX_TITLE_CHARS]
    for paragraph in paragraphs[:_TITLE_SEARCH_PARAGRAPHS]:
        if 3 <= len(paragraph.split()) <= 25 and not paragraph.endswith("."):
            return " ".join(paragraph.split())[:_MAX_TITLE_CHARS]
    return Path(source).stem
