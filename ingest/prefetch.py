"""Files parsed ahead of the encoder: PDF text extraction (pypdf, pure Python) runs in a worker
process, so the next PDFs are read while the current batch is embedded and stored.

A worker takes a second to start, so it is used only when there are several PDFs to read; text
files are read in place. What the worker raises (an encrypted PDF, a corrupt one) is raised
here, for the file it belongs to.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from types import TracebackType
from typing import Self

from ingest.loaders import RawDocument, load_file

MIN_PDFS_FOR_WORKER = 2
AHEAD = 4  # PDFs read ahead: enough to keep the encoder fed, few enough to bound memory


class Prefetcher:
    """``load(path)`` in the order of ``paths``; PDFs come from the worker, read ahead."""

    def __init__(
        self, paths: Sequence[Path], max_mb: float, ocr_language: str | None = None
    ) -> None:
        self.max_mb = max_mb
        self.ocr_language = ocr_language  # see load_file
        self._queue = deque(path for path in paths if path.suffix.lower() == ".pdf")
        self._futures: dict[Path, Future[RawDocument]] = {}
        self._pool: ProcessPoolExecutor | None = None
        if len(self._queue) >= MIN_PDFS_FOR_WORKER:
            # spawn, not fork: the app and the encoder run threads a fork would copy mid-work
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=context)
            self._fill()

    def load(self, path: Path) -> RawDocument:
        future = self._futures.pop(path, None)
        self._fill()
        if future is not None:
            return future.result()
        return load_file(path, self.max_mb, self.ocr_language)

    def _fill(self) -> None:
        while self._pool is not None and self._queue and len(self._futures) < AHEAD:
            path = self._queue.popleft()
            self._futures[path] = self._pool.submit(
                load_file, path, self.max_mb, self.ocr_language
            )

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
