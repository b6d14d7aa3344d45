"""Ingestion: files in, cleaned and chunked, embedded in batches, stored in Chroma.

Idempotent and safe: a file whose bytes are already stored is not embedded again; a changed
file's new chunks are added before its old ones are removed; a file that fails leaves the
index exactly as it was.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol

from assistant.errors import DocumentError, EmptyDocument
from assistant.index.embedder import Embedder
from assistant.index.store import ChunkStore
from assistant.models import Chunk, Document, IngestReport
from assistant.settings import Settings
from ingest.chunking import chunk_document
from ingest.cleaning import clean_pages
from ingest.loaders import LOADERS, RawDocument, content_id, load_file

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
) -> IngestReport:
    progress = progress or SilentProgress()
    report = IngestReport()
    started = time.perf_counter()
    files = list(expand_paths(paths, report))
    for index, path in enumerate(files):
        progress.file_started(index, len(files), path.name)
        try:
            _ingest_file(path, settings, store, embedder, progress, report)
        except DocumentError as exc:
            report.failed[path.name] = str(exc)
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
    settings: Settings,
    store: ChunkStore,
    embedder: Embedder,
    progress: IngestProgress,
    report: IngestReport,
) -> None:
    doc_id = content_id(path.read_bytes())
    if _already_stored(store, doc_id):
        # Decided from the bytes alone: unchanged files are not parsed again (for a PDF,
        # text extraction is most of the cost of re-ingesting it).
        report.unchanged.append(path.name)
        report.chunks_removed += _remove_stale(store, path.name, doc_id)
        return
    raw = load_file(path, settings.ingest.max_file_mb)
    document = clean_document(raw)
    chunks = chunk_document(
        document, embedder.count_tokens, settings.ingest.chunk_tokens,
        settings.ingest.overlap_sentences,
    )  # fmt: skip
    if not chunks:
        raise EmptyDocument(f"{raw.source} has no text left after cleaning: nothing to ingest")
    vectors = _embed(chunks, embedder, settings.ingest.batch_size, progress)
    store.add(chunks, vectors, {"pages": len(raw.pages), "doc_chunks": len(chunks)})
    report.ingested.append(raw.source)
    report.chunks_added += len(chunks)
    report.chunks_removed += _remove_stale(store, raw.source, raw.doc_id)
    report.cleaning[raw.source] = {"chars": document.removed_chars, **document.removed_lines}


def _already_stored(store: ChunkStore, doc_id: str) -> bool:
    """Stored completely: an ingest cut short midway is redone, not trusted."""
    expected = store.document_chunk_count(doc_id)
    return expected is not None and len(store.chunk_ids({"doc_id": doc_id})) == expected


def _remove_stale(store: ChunkStore, source: str, doc_id: str) -> int:
    """Chunks of an earlier version of the same file; removed only after the new ones exist."""
    stale = store.chunk_ids({"$and": [{"source": source}, {"doc_id": {"$ne": doc_id}}]})
    store.delete(stale)
    return len(stale)


def _embed(chunks: list[Chunk], embedder: Embedder, batch_size: int, progress: IngestProgress):
    import numpy as np

    batches = [chunks[i : i + batch_size] for i in range(0, len(chunks), batch_size)]
    vectors = []
    for done, batch in enumerate(batches, start=1):
        vectors.append(embedder.embed_batch([chunk.text for chunk in batch]))
        progress.batch_done(done, len(batches))
    return np.vstack(vectors)


def clean_document(raw: RawDocument) -> Document:
    cleaned = clean_pages([page.text for page in raw.pages])
    pages = [type(page)(page.number, text) for page, text in zip(raw.pages, cleaned.pages)]
    return Document(
        doc_id=raw.doc_id,
        source=raw.source,
        title=raw.declared_title or guess_title(cleaned.pages, raw.source),
        pages=pages,
        removed_chars=cleaned.removed_chars,
        removed_lines=dict(cleaned.removed_lines),
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
