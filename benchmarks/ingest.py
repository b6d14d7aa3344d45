"""Ingestion throughput: the whole pipeline beside the bare encoder on the same chunks.

Generates a synthetic corpus, embeds its chunk texts with the bare encoder, then ingests it
into a fresh data folder through ``Assistant.ingest``. The ratio of the two rates is the
pipeline's overhead (loading, cleaning, chunking, token counting, Chroma). Then it re-ingests
the unchanged corpus, which must embed nothing. Prints figures; asserts nothing about time.

    python benchmarks/ingest.py [--docs 100] [--seed 0] [--tracemalloc]
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script, this folder comes first on sys.path and this file would shadow the
    # `ingest` package; the project root goes there instead.
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

import argparse
import tempfile
import time
import tracemalloc

from assistant import Assistant, Settings
from assistant.index.embedder import Embedder, MiniLMEmbedder
from benchmarks.corpus import generate_corpus
from benchmarks.measure import (
    TimedEmbedder,
    TimedStore,
    describe_machine,
    offline_environment,
    peak_rss_mb,
    timed,
)
from ingest.chunking import chunk_document
from ingest.loaders import load_file
from ingest.pipeline import clean_document


def chunk_texts(paths: list[Path], settings: Settings, embedder: Embedder) -> list[str]:
    """The chunk texts the pipeline embedded, made again without the encoder or the store."""
    texts: list[str] = []
    for path in paths:
        document = clean_document(load_file(path, settings.ingest.max_file_mb))
        chunks = chunk_document(
            document, embedder.count_tokens, settings.ingest.chunk_tokens,
            settings.ingest.overlap_sentences,
        )  # fmt: skip
        texts += [chunk.text for chunk in chunks]
    return texts


def encode_all(texts: list[str], embedder: Embedder, batch_size: int) -> float:
    started = time.perf_counter()
    for start in range(0, len(texts), batch_size):
        embedder.embed_batch(texts[start : start + batch_size])
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=100, help="documents to generate (100)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--tracemalloc", action="store_true", help="also trace Python allocations (slower)"
    )
    args = parser.parse_args(argv)
    offline_environment()
    with tempfile.TemporaryDirectory(prefix="carechat-bench-") as tmp:
        run(Path(tmp), args.docs, args.seed, args.tracemalloc)


def run(tmp: Path, docs: int, seed: int, trace: bool) -> None:
    corpus = tmp / "corpus"
    generated, seconds = timed(lambda: generate_corpus(corpus, docs, seed))
    pdfs = [doc for doc in generated if doc.kind == "pdf"]
    size_mb = sum(doc.path.stat().st_size for doc in generated) / 1e6
    print(describe_machine())
    print(f"corpus: {len(generated)} documents ({len(pdfs)} PDF, "
          f"{sum(d.pages for d in pdfs)} PDF pages), {size_mb:.1f} MB, generated in {seconds:.1f}s")  # fmt: skip

    settings = Settings(data_dir=tmp / "data")
    encoder = MiniLMEmbedder(settings.ingest.batch_size)
    _, seconds = timed(lambda: encoder.embed_batch(["warm-up"]))
    print(f"model load and first call: {seconds:.1f}s (once per process; not in the rates below)")
    rss_before = peak_rss_mb()

    # The bare encoder runs first: its pass also warms the kernels for every batch shape, so
    # the pipeline is not charged for that one-time cost (it was ~30% on a 2-core machine).
    texts = chunk_texts([doc.path for doc in generated], settings, encoder)
    encoder_rate, encoder_cpu = measure_encoder(texts, encoder, settings.ingest.batch_size)
    embedder = TimedEmbedder(encoder)
    store = TimedStore(settings, embedder.name)
    assistant = Assistant(settings, embedder=embedder, store=store)
    pipeline_rate, pipeline_cpu, traced_peak = measure_pipeline(assistant, corpus, trace)
    print(f"overhead: the pipeline takes {encoder_rate / pipeline_rate:.2f}x the bare encoder's "
          f"wall time and {pipeline_cpu / encoder_cpu:.2f}x its CPU time (CPU time is the "
          f"steadier figure on a shared machine)")  # fmt: skip
    measure_reingest(assistant, corpus)
    print(f"peak memory: {peak_rss_mb():.0f} MB RSS ({rss_before:.0f} MB after model load)"
          + (f"; Python allocations during ingest peaked at {traced_peak:.0f} MB"
             if traced_peak is not None else ""))  # fmt: skip


def measure_pipeline(
    assistant: Assistant, corpus: Path, trace: bool
) -> tuple[float, float, float | None]:
    """Ingest through the Assistant; returns chunks/s, CPU seconds and the traced peak (MB)."""
    embedder, store = assistant.embedder, assistant.store
    assert isinstance(embedder, TimedEmbedder) and isinstance(store, TimedStore)
    if trace:
        tracemalloc.start()
    cpu_started = time.process_time()
    report = assistant.ingest([corpus])
    cpu = time.process_time() - cpu_started
    traced_peak = tracemalloc.get_traced_memory()[1] / 2**20 if trace else None
    tracemalloc.stop()
    assert report.complete, report.summary()
    rate = report.chunks_added / report.seconds
    print(f"pipeline: {report.chunks_added} chunks from {len(report.ingested)} files in "
          f"{report.seconds:.1f}s = {rate:.1f} chunks/s "
          f"({1000 * cpu / report.chunks_added:.0f} CPU-ms per chunk)")  # fmt: skip
    other = report.seconds - embedder.embed_seconds - embedder.token_seconds - store.seconds
    print(f"  inside it: encoder {embedder.embed_seconds:.1f}s, token counting "
          f"{embedder.token_seconds:.1f}s, Chroma {store.seconds:.1f}s in {store.calls} calls, "
          f"loading/cleaning/chunking {other:.1f}s")  # fmt: skip
    return rate, cpu, traced_peak


def measure_encoder(texts: list[str], encoder: Embedder, batch_size: int) -> tuple[float, float]:
    """The encoder alone on the pipeline's chunk texts; returns chunks/s and CPU seconds."""
    cpu_started = time.process_time()
    seconds = encode_all(texts, encoder, batch_size)
    cpu = time.process_time() - cpu_started
    rate = len(texts) / seconds
    print(f"bare encoder: {len(texts)} chunks in {seconds:.1f}s = {rate:.1f} chunks/s "
          f"({1000 * cpu / len(texts):.0f} CPU-ms per chunk; batches of {batch_size})")  # fmt: skip
    return rate, cpu


def measure_reingest(assistant: Assistant, corpus: Path) -> None:
    embedder, store = assistant.embedder, assistant.store
    assert isinstance(embedder, TimedEmbedder) and isinstance(store, TimedStore)
    store.reset()
    embedder.reset()
    again = assistant.ingest([corpus])
    print(f"re-ingest unchanged: {again.seconds:.2f}s ({len(again.unchanged)} unchanged, "
          f"{again.chunks_added} chunks added, {again.chunks_removed} removed; "
          f"{store.calls} Chroma calls, {embedder.embedded} texts embedded)")  # fmt: skip


if __name__ == "__main__":
    main()
