"""The two encoder backends, and ingestion's precision, side by side on the same chunk texts:
texts/s at the ingest and the answer thread counts, and whether the vectors agree (cosine, and
the top five passages for questions). Prints figures; asserts nothing.

    python benchmarks/encoders.py [--texts 1000] [--questions 50]
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path[0] = str(Path(__file__).resolve().parent.parent)  # see benchmarks/ingest.py

import argparse
import math
import os
import tempfile
import time

import numpy as np

from assistant import Settings
from assistant.index.embedder import Embedder, make_embedder
from benchmarks.corpus import generate_corpus
from benchmarks.measure import describe_machine, offline_environment
from benchmarks.query import make_questions
from ingest.chunking import chunk_document
from ingest.loaders import load_file
from ingest.pipeline import clean_document


def chunk_texts(folder: Path, count: int, embedder: Embedder) -> list[str]:
    texts: list[str] = []
    for doc in generate_corpus(folder, math.ceil(count / 15), seed=0):
        document = clean_document(load_file(doc.path, 50))
        texts += [chunk.text for chunk in chunk_document(document, embedder.count_tokens, 128, 1)]
    return texts[:count]


def rate(embedder: Embedder, texts: list[str], batch: int = 32) -> tuple[np.ndarray, float, float]:
    embedder.embed_batch(texts[:batch])  # load and warm up
    started, cpu = time.perf_counter(), time.process_time()
    vectors = np.vstack([embedder.embed_batch(texts[i : i + batch])
                         for i in range(0, len(texts), batch)])  # fmt: skip
    return vectors, len(texts) / (time.perf_counter() - started), time.process_time() - cpu


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--texts", type=int, default=1000)
    parser.add_argument("--questions", type=int, default=50)
    args = parser.parse_args(argv)
    offline_environment()
    print(describe_machine())
    with tempfile.TemporaryDirectory(prefix="carechat-bench-") as tmp:
        settings = Settings(data_dir=Path(tmp) / "data")
        torch_settings = settings.with_overrides({"encoder.backend": "torch"})
        texts = chunk_texts(Path(tmp) / "corpus", args.texts, make_embedder(settings, 1))
        questions = [q for q, _ in make_questions(args.questions, seed=0)]
        results = {}
        runs = (("torch", torch_settings, False), ("onnx", settings, False),
                ("ingestion's", settings, True))  # fmt: skip
        for name, chosen, ingesting in runs:
            for threads in sorted({os.cpu_count() or 1, 1}, reverse=True):
                encoder = make_embedder(chosen, threads, ingesting=ingesting)
                vectors, per_s, cpu = rate(encoder, texts)
                precision = getattr(encoder, "precision", "fp32")
                print(f"{name} {precision}, {threads} thread(s): {per_s:.0f} texts/s "
                      f"({1000 * cpu / len(texts):.0f} CPU-ms per text) on {len(texts)} chunks")  # fmt: skip
            results[name] = vectors
        questions_onnx = make_embedder(settings, 1).embed_batch(questions)
        questions_torch = make_embedder(torch_settings, 1).embed_batch(questions)
        compare("torch against onnx", results["torch"], questions_torch, results["onnx"],
                questions_onnx)  # fmt: skip
        compare("ingestion's against onnx", results["ingestion's"], questions_onnx,
                results["onnx"], questions_onnx)  # fmt: skip


def compare(label: str, vectors: np.ndarray, questions: np.ndarray, reference: np.ndarray,
            reference_questions: np.ndarray) -> None:  # fmt: skip
    same = sum(
        set(np.argsort(-(q1 @ vectors.T))[:5]) == set(np.argsort(-(q2 @ reference.T))[:5])
        for q1, q2 in zip(questions, reference_questions)
    )
    print(f"{label}: cosine min {(vectors * reference).sum(axis=1).min():.6f}; same top five "
          f"for {same} of {len(questions)} questions")  # fmt: skip


if __name__ == "__main__":
    main()
