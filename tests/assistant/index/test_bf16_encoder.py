"""Ingestion's bfloat16 encoder: the fp32 vectors, faster, only where the CPU has bfloat16, and
ingestion falls back to fp32 whenever it cannot be trusted or run."""

from __future__ import annotations

import logging
import subprocess
import sys
import threading

import numpy as np
import pytest

from assistant import Assistant, Settings
from assistant.index import onnx_encoder
from assistant.index.bf16_encoder import compile_bf16
from assistant.index.onnx_encoder import OnnxEmbedder
from assistant.settings import BUNDLED_CORPUS
from tests.assistant.index.test_onnx_encoder import texts

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def fresh_checks():
    """Each test compiles and checks afresh (the process keeps a checked model per file)."""
    onnx_encoder._checked_bf16.cache_clear()
    yield
    onnx_encoder._checked_bf16.cache_clear()


@pytest.fixture
def bf16(onnx_dir) -> OnnxEmbedder:
    embedder = OnnxEmbedder(onnx_dir, threads=0, bf16=True)
    if embedder.precision != "bf16":
        # The skip must stay: without native bfloat16 there is no bfloat16 run to compare (the
        # fp32 fallback is tested below on every CPU). It is taken only when the CPU really
        # lacks it, so a bfloat16 path that broke on a CPU that has it fails here instead.
        import openvino

        capabilities = openvino.Core().get_property("CPU", "OPTIMIZATION_CAPABILITIES")
        assert "BF16" not in capabilities, "the CPU has bfloat16, yet ingestion runs in fp32"
        pytest.skip("this CPU has no native bfloat16: ingestion runs in fp32 here")
    return embedder


def test_bf16_gives_the_fp32_vectors_and_the_same_passages(bf16, embedder):
    sample, questions = texts(40), texts(20)[:20]
    assert (bf16.embed_batch(sample) * embedder.embed_batch(sample)).sum(axis=1).min() > 0.9999

    def top5(encoder) -> list[set[int]]:  # as sets: generated texts tie closely
        scores = embedder.embed_batch(questions) @ encoder.embed_batch(sample).T
        return [set(np.argsort(-row)[:5]) for row in scores]

    assert top5(bf16) == top5(embedder)


def test_ingestion_embeds_in_bf16_and_questions_in_fp32():
    default = Assistant(Settings())
    assert (default.ingest_embedder.bf16, default.embedder.bf16) == (True, False)
    assert not Assistant(Settings(encoder={"ingest_precision": "fp32"})).ingest_embedder.bf16
    fp32 = Settings(encoder={"ingest_precision": "fp32"})
    assert Settings().collection_name("m") == fp32.collection_name("m")  # the same vectors


def test_the_corpus_ingested_in_bf16_is_answered_as_in_fp32(bf16, embedder, tmp_path):
    questions = [
        "How many expert informants were interviewed?",
        "What are the barriers to co-production?",
        "What helps innovation in children's social care?",
        "Where was the co-production training delivered?",
        "What did the two studies find?",
    ]
    answers = []
    for name, ingest_embedder in (("bf16", bf16), ("fp32", embedder)):
        settings = Settings(data_dir=tmp_path / name)
        assistant = Assistant(settings, embedder=embedder, ingest_embedder=ingest_embedder)
        assert assistant.ingest([BUNDLED_CORPUS]).complete
        replies = [assistant.ask(question) for question in questions]
        answers.append([(r.text, [c.passage.chunk.chunk_id for c in r.citations]) for r in replies])
    assert answers[0] == answers[1]


def test_without_openvino_ingestion_stays_fp32(onnx_dir, embedder, monkeypatch):
    monkeypatch.setitem(sys.modules, "openvino", None)  # as if it were not installed
    assert compile_bf16(onnx_dir / onnx_encoder.model_file_name(), 1) is None
    fallback = OnnxEmbedder(onnx_dir, threads=0, bf16=True)
    sample = texts(5)
    assert fallback.precision == "fp32"
    assert np.array_equal(fallback.embed_batch(sample), embedder.embed_batch(sample))


def test_bf16_whose_vectors_differ_is_not_used(onnx_dir, embedder, monkeypatch, caplog):
    """A compiled model that gives other vectors (here: each text's vector moved to the next
    text) is refused, with a warning, and ingestion embeds in fp32."""
    real = onnx_encoder.compile_bf16

    def shifted(path, threads):
        infer = real(path, threads) or onnx_encoder._fp32_infer(path, threads)
        return lambda feed: np.roll(infer(feed), 1, axis=0)

    monkeypatch.setattr(onnx_encoder, "compile_bf16", shifted)
    refused = OnnxEmbedder(onnx_dir, threads=0, bf16=True)
    sample = texts(5)
    with caplog.at_level(logging.WARNING, logger=onnx_encoder.__name__):
        assert refused.precision == "fp32"
        assert np.array_equal(refused.embed_batch(sample), embedder.embed_batch(sample))
    assert "bfloat16 vectors differ from fp32" in caplog.text


def test_openvino_telemetry_is_never_imported(onnx_dir):
    """Its telemetry package comes with OpenVINO's conversion tools, which stay unimported."""
    script = (
        "import sys; from pathlib import Path; "
        "from assistant.index.onnx_encoder import OnnxEmbedder; "
        f"e = OnnxEmbedder(Path({str(onnx_dir)!r}), 0, bf16=True); e.embed_batch(['a']); "
        "print('openvino' in sys.modules, any('telemetry' in m for m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.split() == ["True", "False"]


def test_batches_run_side_by_side_on_the_streams(bf16, embedder, monkeypatch):
    """Several batches at once run on OpenVINO's streams, one thread each, in order."""
    threads, real_run = set(), onnx_encoder._run

    def recording_run(infer, texts):
        threads.add(threading.current_thread().name)
        return real_run(infer, texts)

    monkeypatch.setattr(onnx_encoder, "_run", recording_run)
    sample = texts(100)  # four batches of 32
    vectors = bf16.embed_batch(sample)
    assert len(threads) == 2 and all(name.startswith("encoder-stream") for name in threads)
    assert (vectors * embedder.embed_batch(sample)).sum(axis=1).min() > 0.9999
