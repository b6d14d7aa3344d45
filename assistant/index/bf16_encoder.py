"""The exported ONNX graph in bfloat16, run by OpenVINO, for ingestion on CPUs that compute
bfloat16 natively (Intel AMX or AVX-512 BF16).

Embedding is most of ingestion's time and is bound by arithmetic: ONNX Runtime runs the fp32
graph at the CPU's peak, so only lower precision makes it faster. int8 changes the vectors
(cosine to fp32 down to 0.97); bfloat16 does not measurably: 3,000 corpus sentences at 1,273 a
second against 391 for ONNX Runtime, lowest cosine to the fp32 vectors 0.99995, and every
evaluation answer the same. ``onnx_encoder`` checks each compiled model against the fp32
vectors before using it. Questions always encode in fp32 (one short text gains nothing).
OpenVINO's telemetry belongs to its model-conversion tools (``openvino.tools.ovc``), which
are kept from being imported at all: nothing here converts a model, and nothing leaves the
machine.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np

Infer = Callable[[Mapping[str, np.ndarray]], np.ndarray]


def compile_bf16(path: Path, threads: int) -> Infer | None:
    """OpenVINO's bfloat16 inference of the ONNX file at ``path`` on ``threads`` streams of
    one thread each (their callers run batches side by side: ``OnnxEmbedder``); None
    where OpenVINO is not installed or the CPU has no native bfloat16 (it would be emulated,
    slower than fp32)."""
    # openvino's __init__ imports the conversion tools only if it can; None makes it skip them
    sys.modules.setdefault("openvino.tools.ovc", None)  # type: ignore[arg-type]
    try:
        import openvino
    except ImportError:
        return None
    core = openvino.Core()
    if "BF16" not in core.get_property("CPU", "OPTIMIZATION_CAPABILITIES"):
        return None
    compiled = core.compile_model(
        str(path),
        "CPU",
        {
            "INFERENCE_PRECISION_HINT": "bf16",
            "INFERENCE_NUM_THREADS": threads,
            # a stream per thread, each running its own batch: the threads of one batch wait
            # for each other, and while the machine does other work (Chroma's writes, the
            # next files being parsed) one of them is often descheduled; 1,000 chunks ingested
            # in 5.2 s instead of 5.7
            "PERFORMANCE_HINT": "THROUGHPUT",
            "NUM_STREAMS": threads,
        },
    )

    per_thread = threading.local()  # a request must not be shared between threads

    def infer(feed: Mapping[str, np.ndarray]) -> np.ndarray:
        # a request made once per thread: making one per batch cost an eighth of the time
        if not hasattr(per_thread, "request"):
            per_thread.request = compiled.create_infer_request()
        return np.array(per_thread.request.infer(dict(feed))[0])  # a copy: the next reuses it

    return infer
