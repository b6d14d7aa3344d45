"""Ingestion: files in, cleaned and chunked, embedded in batches, stored in Chroma.

Idempotent and safe: a document is its content at a path, so a file whose bytes are already
stored is not embedded again (the same bytes at a second path are stored once), a changed file's
new chunks are added before the old version at that path is removed, files with the same name in
different folders are different documents, and a file that fails leaves the index exactly as it
was.

A pipeline, so the encoder is never idle for long and never wastes work: whether a file is
stored is decided from its bytes and the document registry before anything is parsed; PDFs are
extracted ahead in a worker process (``ingest.prefetch``) while earlier files are embedded;
sentences from several files fill the encoder's batches, shortest first (a batch is padded to
its longest text); the encoder runs on a thread of its own while the next files are parsed,
cleaned and chunked; and the store is written in batches across documents, on a third thread,
while the encoder works on the next batch.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from assistant.errors import DocumentError, EmptyDocument, PersonalDataFound
from assistant.index.embedder import Embedder
from assistant.index.store import ChunkStore, StoredDocument
from assistant.models import Chunk, Document, IngestReport, Page, Reference, distinct_labels
from assistant.settings import Settings
from ingest.bibfiles import embedded_reference, match_entries, read_bibliography
from ingest.chunking import chunk_document
from ingest.cleaning import clean_pages
from ingest.loaders import LOADERS, RawDocument, content_id
from ingest.metadata import extract_reference, fuller_title
from ingest.personal_data import describe_findings, find_personal_data
from ingest.prefetch import Prefetcher
from ingest.sentences import evidence_sentences

_MAX_TITLE_CHARS = 160
BIBLIOGRAPHIES = (".bib", ".ris")  # reference-manager exports: metadata for the documents
_TITLE_SEARCH_PARAGRAPHS = 3
_BATCHES_PER_FLUSH = 16  # encoder batches of sentences gathered across files before a flush
_BATCHES_PER_CALL = 4  # handed to the encoder at once: it may run them side by side
_REMEMBERED_SENTENCES = 50_000  # vectors an ingest keeps so as not to embed a sentence twice (75 MB)


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
    found = list(expand_paths(paths, report))
    bibliographies = [path for path in found if path.suffix.lower() in BIBLIOGRAPHIES]
    files = [path for path in found if path not in bibliographies]
    labels = distinct_labels([str(path.resolve()) for path in files])
    with (
        ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest-encoder") as encoder,
        ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest-store") as writer,
    ):
        threads = _Threads(encoder, writer)
        run = _Run(settings, store, embedder, progress, report, allow_personal_data, threads)
        plans = [run.plan(path, label) for path, label in zip(files, labels)]
        ahead = [plan.path for plan in plans if plan]
        ocr_language = settings.ingest.ocr_language if settings.ingest.ocr else None
        with Prefetcher(ahead, settings.ingest.max_file_mb, ocr_language) as files_ahead:
            for index, (label, plan) in enumerate(zip(labels, plans)):
                progress.file_started(index, len(files), label)
                if plan:
                    run.prepare(plan, files_ahead)
            run.flush()
            run.wait_for_write()
    for path in bibliographies:
        try:
            report.imported[path.name] = import_bibliography(path, store)
        except DocumentError as exc:
            report.failed[path.name] = str(exc)
    report.seconds = time.perf_counter() - started
    return report


def import_bibliography(path: Path, store: ChunkStore) -> list[str]:
    """A BibTeX or RIS export fills the metadata of the stored documents its entries name (by
    attached file, else by title; see ``ingest.bibfiles``); the files of those it filled."""
    entries = read_bibliography(path)
    documents = store.documents(counted=False)
    matched = match_entries(entries, [(d.doc_id, d.path, d.title) for d in documents])
    for doc_id, reference in matched.items():
        store.set_reference(doc_id, "imported", reference)
    return [d.source for d in documents if d.doc_id in matched]


def expand_paths(paths: Iterable[Path], report: IngestReport) -> Iterator[Path]:
    """Files named directly, and readable files inside named folders (hidden ones ignored)."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not child.name.startswith("."):
                    if child.suffix.lower() in (*LOADERS, *BIBLIOGRAPHIES):
                        yield child
                    else:
                        report.skipped[child.name] = "not a PDF, DOCX, HTML, TXT, MD, BibTeX or RIS file"
        elif path.is_file():
            yield path
        else:
            report.failed[path.name] = f"{path} does not exist"


@dataclass(frozen=True)
class _Plan:
    """A file whose content is not stored yet."""

    path: Path
    label: str
    location: str
    doc_id: str


@dataclass(frozen=True)
class _Threads:
    """Where the encoder runs, and where the store is written, beside the thread preparing."""

    encoder: ThreadPoolExecutor
    writer: ThreadPoolExecutor


@dataclass
class _Prepared:
    plan: _Plan
    raw: RawDocument
    document: Document
    chunks: list[Chunk]
    sentences: list[str]


class _Run:
    """One ingest: which files to read (decided against a snapshot of the registry), and the
    prepared documents waiting for the encoder."""

    def __init__(
        self,
        settings: Settings,
        store: ChunkStore,
        embedder: Embedder,
        progress: IngestProgress,
        report: IngestReport,
        allow_personal_data: bool,
        threads: _Threads,
    ) -> None:
        self.settings, self.store, self.embedder = settings, store, embedder
        self.progress, self.report = progress, report
        self.allow_personal_data = allow_personal_data
        self.stored = {info.doc_id: info for info in store.documents()}
        self.planned: dict[str, str] = {}  # doc_id -> location, for this run's files
        self.pending: list[_Prepared] = []
        self.encoder, self.writer = threads.encoder, threads.writer
        self.writing: tuple[Future[None], list[_Prepared]] | None = None
        self.remembered: OrderedDict[str, np.ndarray] = OrderedDict()  # this run's sentences

    def plan(self, path: Path, label: str) -> _Plan | None:
        """None for content already stored (decided from the bytes alone: unchanged files are
        not parsed again; for a PDF, text extraction is most of the cost of re-ingesting it)."""
        try:
            doc_id = content_id(path.read_bytes())
        except OSError as exc:
            self.report.failed[label] = f"{path} cannot be read: {exc.strerror}"
            return None
        location = str(path.resolve())
        stored_at = self._stored_at(doc_id)
        if stored_at is None:
            self.planned[doc_id] = location
            return _Plan(path, label, location, doc_id)
        if stored_at in (location, ""):
            self.report.unchanged.append(label)
        else:
            self.report.duplicates[label] = stored_at
        self.report.chunks_removed += self._remove_stale(location, doc_id)
        return None

    def _stored_at(self, doc_id: str) -> str | None:
        """Where the content was stored from (or is being stored from in this run), when its
        record says it is stored completely: an ingest cut short midway is redone."""
        if doc_id in self.planned:
            return self.planned[doc_id]
        info = self.stored.get(doc_id)
        return info.path if info is not None and info.complete else None

    def prepare(self, plan: _Plan, files_ahead: Prefetcher) -> None:
        """Parse, clean, check and chunk one file; it waits for the encoder with others."""
        steps = _Steps()
        try:
            with steps("parse"):
                raw = files_ahead.load(plan.path)
            with steps("clean"):
                document = clean_document(raw, plan.location)
                if not self.allow_personal_data:
                    _hold_back_personal_data(document.pages, plan.label)
            with steps("chunk"):
                chunks = chunk_document(
                    document, self.embedder.count_tokens, self.settings.ingest.chunk_tokens,
                    self.settings.ingest.overlap_sentences,
                )  # fmt: skip
            if not chunks:
                if not self.allow_personal_data:  # the lines cleaning dropped, a case note's
                    _hold_back_personal_data(raw.pages, plan.label)
                raise EmptyDocument(f"{raw.source} has no text left after cleaning: nothing to ingest")
        except DocumentError as exc:
            self.report.failed[plan.label] = str(exc)
            del self.planned[plan.doc_id]
            return
        steps.add_to(self.report)
        sentences = list(dict.fromkeys(text for chunk in chunks for text in _sentences_of(chunk)))
        self.pending.append(_Prepared(plan, raw, document, chunks, sentences))
        if sum(len(p.sentences) for p in self.pending) >= self.flush_size:
            self.flush()

    @property
    def flush_size(self) -> int:
        return self.settings.ingest.batch_size * _BATCHES_PER_FLUSH

    def flush(self) -> None:
        """Embed the waiting documents' sentences together on the encoder's thread, then store
        the documents in one go on the writer's, while the next files are parsed, cleaned and
        chunked here: the three overlap (one batch at each, in order)."""
        if not self.pending:
            return
        batch, self.pending = self.pending, []
        embedding = self.encoder.submit(self._embed, batch)
        self.wait_for_write()
        kept = [self._kept_references(prepared.plan.location) for prepared in batch]
        self.writing = (self.writer.submit(self._write, batch, kept, embedding), batch)

    def _embed(self, batch: list[_Prepared]) -> dict[str, np.ndarray]:
        """The vectors of the batch's sentences; one this run embedded for an earlier batch (a
        repeated heading, a funder's statement, an abstract a second file repeats) is not
        embedded again. Runs on the encoder's thread alone, so ``remembered`` needs no lock."""
        steps = _Steps()
        with steps("embed"):
            texts = list(dict.fromkeys(text for p in batch for text in p.sentences))
            known = {text: self.remembered[text] for text in texts if text in self.remembered}
            fresh = _embed_sentences([text for text in texts if text not in known],
                                     self.embedder, self.settings.ingest.batch_size,
                                     self.progress)  # fmt: skip
            self.remembered.update(fresh)
            while len(self.remembered) > _REMEMBERED_SENTENCES:
                self.remembered.popitem(last=False)
        steps.add_to(self.report)
        return {**known, **fresh}

    def _write(
        self,
        batch: list[_Prepared],
        kept: list[dict[str, Reference]],
        embedding: Future[dict[str, np.ndarray]],
    ) -> None:
        vectors = embedding.result()
        steps = _Steps()
        with steps("store"):
            documents = [_stored_document(p, vectors, refs) for p, refs in zip(batch, kept)]
            self.store.add_documents(documents, vectors)
        steps.add_to(self.report)

    def wait_for_write(self) -> None:
        """Raises what the write raised. Only once a file's new chunks are stored is its
        earlier version removed."""
        if self.writing is None:
            return
        write, batch = self.writing
        self.writing = None
        write.result()
        for prepared in batch:
            self._record(prepared)

    def _record(self, prepared: _Prepared) -> None:
        label, raw, report = prepared.plan.label, prepared.raw, self.report
        report.ingested.append(label)
        report.chunks_added += len(prepared.chunks)
        removed = self._remove_stale(prepared.plan.location, raw.doc_id)
        if removed:
            report.replaced.append(label)
        report.chunks_removed += removed
        document = prepared.document
        report.cleaning[label] = {"chars": document.removed_chars, **document.removed_lines}
        report.metadata[label] = document.reference.found()
        if raw.encoding:
            report.encodings[label] = raw.encoding
        if raw.ocr_pages:
            report.ocr[label] = raw.ocr_pages

    def _kept_references(self, location: str) -> dict[str, Reference]:
        """What a reference manager or the user said of an earlier version of the file at
        ``location``: a changed file keeps its imported and corrected metadata."""
        kept: dict[str, Reference] = {}
        for info in self.stored.values():
            if info.path == location:
                layers = self.store.reference_layers(info.doc_id)
                kept |= {layer: ref for layer, ref in layers.items() if layer != "found"}
        return kept

    def _remove_stale(self, location: str, doc_id: str) -> int:
        """Chunks of earlier versions of the file at ``location`` (found in the registry);
        removed only after the new ones exist."""
        stale = [
            info.doc_id for info in self.stored.values()
            if info.path == location and info.doc_id != doc_id
        ]  # fmt: skip
        ids = [chunk_id for old in stale for chunk_id in self.store.chunk_ids({"doc_id": old})]
        if ids:
            self.store.delete(ids)
        for old in stale:
            del self.stored[old]
        return len(ids)


def _stored_document(
    prepared: _Prepared, vectors: dict[str, np.ndarray], kept: dict[str, Reference]
) -> StoredDocument:
    """``kept``: the earlier version's imported and corrected metadata (``REFERENCE_LAYERS``)."""
    chunks = prepared.chunks
    meta = {"pages": len(prepared.raw.pages), "doc_chunks": len(chunks)}
    stacked = np.stack([chunk_vector(chunk, vectors) for chunk in chunks])
    references = {**kept, "found": prepared.document.reference}
    return StoredDocument(chunks, stacked, meta, prepared.sentences, references)


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


def _hold_back_personal_data(pages: Sequence[Page], label: str) -> None:
    """Checked on the text that would be stored, after cleaning has removed web-page debris
    such as a publisher's phone number; and on the text as read when cleaning left none, so a
    one-line case note is held back rather than called empty."""
    found = find_personal_data([page.text for page in pages])
    if found:
        raise PersonalDataFound(
            f"{label} was held back: it looks like a record about people "
            f"({describe_findings(found)}). If it belongs in the collection, ingest it with "
            "--allow-personal-data (in the app: tick 'Allow personal data')"
        )


def _embed_sentences(
    texts: list[str], embedder: Embedder, batch_size: int, progress: IngestProgress
) -> dict[str, np.ndarray]:
    """Each distinct sentence embedded once (overlapping chunks and files share some), in
    batches of similar lengths: a batch is padded to its longest text, and sorting made the
    encoder 1.5 to 2.7 times faster on the benchmark corpus."""
    if not texts:  # every sentence of the batch was embedded before
        return {}
    ordered = sorted(texts, key=len)
    per_call = batch_size * _BATCHES_PER_CALL
    calls = [ordered[i : i + per_call] for i in range(0, len(ordered), per_call)]
    vectors = []
    for done, call in enumerate(calls, start=1):
        vectors.append(embedder.embed_batch(call))
        progress.batch_done(done, len(calls))
    return dict(zip(ordered, np.vstack(vectors)))


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
    reference = extract_reference(raw)  # from the raw text: cleaning drops its lines
    printed_entry = embedded_reference(raw.pages[0].text) if raw.pages else None
    if printed_entry is not None:  # what the page's own BibTeX entry says wins
        reference = printed_entry.completed_by(reference)
    return Document(
        doc_id=raw.doc_id,
        source=raw.source,
        title=fuller_title(raw.declared_title or "", reference.title)
        or guess_title(cleaned.pages, raw.source),
        pages=pages,
        removed_chars=cleaned.removed_chars,
        removed_lines=dict(cleaned.removed_lines),
        path=location,
        reference=reference,
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
