"""Files parsed ahead of the encoder: PDF text extraction (pypdf, pure Python) runs in a worker
process, so the next PDFs are read while the current batch is embedded and stored.

The worker is a new interpreter (``python -m ingest.prefetch``) that reads requests on its stdin
and answers them in order on its stdout, pickled. Not a multiprocessing worker: that would first
run the calling script again, unless the script keeps its code under ``if __name__ ==
"__main__"``, and whatever the script does would happen twice. A worker takes a second to start,
so it is used only when there are several PDFs to read; text files are read in place. What the
worker raises (an encrypted PDF, a corrupt one) is raised here, for the file it belongs to; if
the worker dies, the files it had not answered are read in place.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from collections import deque
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Self

from ingest.loaders import RawDocument, load_file

MIN_PDFS_FOR_WORKER = 2
AHEAD = 4  # PDFs read ahead: enough to keep the encoder fed, few enough to bound memory
_STOP_SECONDS = 10  # how long a worker still reading a PDF is given to finish when ingest ends


_GONE = object()  # what the worker answers once it has died


def start_worker() -> subprocess.Popen[bytes] | None:
    """The worker process; None when it cannot be started (every file is then read in place)."""
    try:
        return subprocess.Popen(
            [sys.executable, "-m", "ingest.prefetch"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        )  # fmt: skip
    except OSError:
        return None


class Prefetcher:
    """``load(path)`` in the order of ``paths``; PDFs come from the worker, read ahead."""

    def __init__(
        self, paths: Sequence[Path], max_mb: float, ocr_language: str | None = None
    ) -> None:
        self.max_mb = max_mb
        self.ocr_language = ocr_language  # see load_file
        self._queue = deque(path for path in paths if path.suffix.lower() == ".pdf")
        self._asked: deque[Path] = deque()  # sent to the worker, in order, not yet answered
        self._worker = start_worker() if len(self._queue) >= MIN_PDFS_FOR_WORKER else None
        self._fill()

    def load(self, path: Path) -> RawDocument:
        while self._worker is not None and path in self._asked:
            asked, answer = self._asked.popleft(), self._answer()
            self._fill()
            if asked == path and answer is not _GONE:
                if isinstance(answer, BaseException):
                    raise answer
                return answer  # type: ignore[no-any-return]
        return load_file(path, self.max_mb, self.ocr_language)

    def _answer(self) -> Any:
        """The worker's next answer, or ``_GONE`` (the worker stopped) when it died or its
        answer cannot be read."""
        assert self._worker is not None and self._worker.stdout is not None
        try:
            return pickle.load(self._worker.stdout)
        except Exception:  # noqa: BLE001 - EOF, a truncated or unreadable answer: read in place
            self._stop()
            return _GONE

    def _fill(self) -> None:
        while self._worker is not None and self._queue and len(self._asked) < AHEAD:
            path = self._queue.popleft()
            assert self._worker.stdin is not None
            try:
                pickle.dump((path, self.max_mb, self.ocr_language), self._worker.stdin)
                self._worker.stdin.flush()
            except OSError:  # the worker has gone: what is left is read in place
                self._stop()
                return
            self._asked.append(path)

    def _stop(self) -> None:
        worker, self._worker = self._worker, None
        if worker is None:
            return
        for stream in (worker.stdin, worker.stdout):
            if stream is not None:
                stream.close()
        try:
            worker.wait(_STOP_SECONDS)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._stop()


def serve(requests: IO[bytes], answers: IO[bytes]) -> None:
    """The worker: each request read and answered in turn, until its stdin closes."""
    while True:
        try:
            path, max_mb, ocr_language = pickle.load(requests)
        except EOFError:
            return
        try:
            answer: object = load_file(path, max_mb, ocr_language)
        except Exception as exc:  # noqa: BLE001 - raised by the caller, for its file
            answer = exc
        answers.write(pickle.dumps(answer))  # whole, or not at all
        answers.flush()


if __name__ == "__main__":
    requests, answers = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print must not land among the answers
    serve(requests, answers)
