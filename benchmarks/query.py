"""Question latency: retrieval and answer times over a few hundred questions.

Ingests a synthetic corpus into a fresh data folder, then asks questions made from the corpus
vocabulary (what helps, what hinders, how many, when, ...) mixed with questions far outside it,
through ``Assistant.ask``. Prints p50/p95 of ``Answer.timings`` (retrieve_ms, answer_ms) for
answered and refused questions, where the time went, and peak memory. Asserts nothing.

Sizes beyond ``--real-chunks`` are filled with copies of the ingested documents (new ids, the
same text, jittered vectors): the answer path is the real one. Also times a fresh process's
first answer and ``carechat list``, and the peak memory of a process answering 50 questions.

    python benchmarks/query.py [--chunks 1000 10000 100000] [--questions 300] [--seed 0]
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script, this folder comes first on sys.path and benchmarks/ingest.py would
    # shadow the `ingest` package; the project root goes there instead.
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

import argparse
import math
import os
import random
import statistics
import subprocess
import tempfile
import time
from dataclasses import replace

import numpy as np

from assistant import Assistant, Settings
from assistant.index.embedder import MODEL_NAME, make_embedder
from assistant.index.registry_copy import RegistryCopy
from assistant.index.store import ChunkStore, StoredDocument
from assistant.models import Answer, Chunk
from benchmarks.corpus import fill, generate_corpus
from benchmarks.measure import (
    TimedEmbedder,
    TimedStore,
    describe_machine,
    offline_environment,
    timed,
)

ON_TOPIC = [
    "What enables {practice} in {setting}?",
    "What are the barriers to {practice}?",
    "What helps and what hinders {practice} in {place}?",
    "How many {stakeholders} took part in the {method}?",
    "How long did the programme run in {place}?",
    "What did {stakeholders} say about {enabler}?",
    "Why did {practice} fade after the funding ended?",
    "How does {barrier} affect trust between agencies?",
    "Which outcomes were linked to {enabler}?",
    "When was {practice} introduced in {place}?",
    "How can {setting} involve {stakeholders} in decisions?",
    "What gets in the way of innovation in {setting}?",
]
OFF_TOPIC = [
    "What is the capital of France?",
    "Who won the football World Cup in 2018?",
    "How do I bake sourdough bread at home?",
    "What is the boiling point of water on Everest?",
    "How do I change a flat tyre on a bicycle?",
    "Which graphics card is best for gaming?",
    "What is the half-life of carbon-14?",
    "How many moons does Jupiter have?",
    "What is a good recipe for vegetable lasagne?",
    "How do I configure a VPN on my router?",
]
OFF_TOPIC_SHARE = 0.15
WARM_UP = 3
CHUNKS_PER_DOCUMENT = 15.9  # what the corpus generator's documents make, on average
THREAD_SAMPLE = 50
SERVING_SAMPLE = 50
COPY_WRITE = 5000  # chunks per store write while filling with copies


def make_questions(count: int, seed: int) -> list[tuple[str, bool]]:
    """``count`` questions, each with whether it is on the corpus's topic."""
    rng = random.Random(f"carechat-questions-{seed}")
    questions = []
    for _ in range(count):
        if rng.random() < OFF_TOPIC_SHARE:
            questions.append((rng.choice(OFF_TOPIC), False))
        else:
            questions.append((fill(rng.choice(ON_TOPIC), rng), True))
    return questions


def percentiles(values: list[float]) -> str:
    if len(values) < 2:
        return "n/a"
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return f"p50 {cuts[49]:.0f} ms, p95 {cuts[94]:.0f} ms"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chunks", type=int, nargs="+", default=[1000], help="sizes (1000)")
    parser.add_argument(
        "--real-chunks", type=int, default=10_000,
        help="chunks ingested for real; the rest of a larger size are copies (10000)",
    )  # fmt: skip
    parser.add_argument("--questions", type=int, default=300, help="questions to ask (300)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    offline_environment()
    print(describe_machine())
    for chunks in args.chunks:
        with tempfile.TemporaryDirectory(prefix="carechat-bench-") as tmp:
            run(Path(tmp), chunks, min(chunks, args.real_chunks), args.questions, args.seed)


def run(tmp: Path, chunks: int, real: int, count: int, seed: int) -> None:
    settings = Settings(data_dir=tmp / "data")
    store = TimedStore(settings, MODEL_NAME)
    docs = max(1, math.ceil(real / CHUNKS_PER_DOCUMENT))
    generate_corpus(tmp / "corpus", docs, seed)
    report, seconds = timed(lambda: Assistant(settings, store=store).ingest([tmp / "corpus"]))
    assert report.complete, report.summary()
    copied, copy_seconds = timed(lambda: fill_with_copies(store, chunks - report.chunks_added))
    store.copy_registry()  # as an ingest does at its end: listings and lookups read the copy
    print(f"\n== {store.count():,} chunks: {report.chunks_added} ingested from "
          f"{len(report.ingested)} documents in {seconds:.0f}s, {copied} copies of them with "
          f"jittered vectors stored in {copy_seconds:.0f}s")  # fmt: skip
    threads = settings.encoder.answer_threads
    embedder = TimedEmbedder(make_embedder(settings, threads))
    assistant = Assistant(settings, embedder=embedder, store=store)
    ask_all(assistant, make_questions(WARM_UP, seed + 1))
    embedder.reset()
    store.reset()
    questions = make_questions(count, seed)
    cpu_started = time.process_time()
    asked = ask_all(assistant, questions)
    cpu = time.process_time() - cpu_started
    print(f"questions on {threads} encoder thread(s), {settings.encoder.backend}; "
          f"{1000 * cpu / count:.0f} CPU-ms per question")  # fmt: skip
    report_latency(asked)
    print(f"  per question: {embedder.embedded / count:.1f} texts embedded in "
          f"{1000 * embedder.embed_seconds / count:.0f} ms, {store.calls / count:.1f} Chroma calls "
          f"in {1000 * store.seconds / count:.0f} ms ("
          + ", ".join(f"{name} {1000 * s / count:.1f} ms" for name, s in store.by_method.items())
          + ")")  # fmt: skip
    every_core = os.cpu_count() or 1
    if every_core != threads:
        more = Assistant(settings, embedder=make_embedder(settings, every_core), store=store)
        again = ask_all(more, questions[:THREAD_SAMPLE])
        totals = [sum(a.timings.values()) for a, _ in again]
        print(f"  the first {len(again)} again on {every_core} encoder threads: total "
              f"{percentiles(totals)}")  # fmt: skip
    listed, seconds = timed(assistant.documents)
    print(f"listing {len(listed)} documents in process, the first after a write (from Chroma, "
          f"then copied): {1000 * seconds:.0f} ms")  # fmt: skip
    _, seconds = timed(assistant.documents)
    print(f"  again (from the registry's copy): {1000 * seconds:.0f} ms")
    store.close()  # the CLI processes below open the data folder's store
    measure_processes(settings.data_dir, questions, store.registry_copy)


def fill_with_copies(store: ChunkStore, wanted: int) -> int:
    """Grow the collection to size with copies of its documents (new ids, the same text, each
    vector jittered and renormalised): the store's size without the encoder's time."""
    originals = stored_documents(store)
    rng = np.random.default_rng(0)
    added, copy, waiting = 0, 0, []
    while added < wanted:
        copy += 1
        for doc_id, (chunks, vectors) in originals.items():
            if added >= wanted:
                break
            twin = f"{doc_id[:12]}c{copy:04d}"
            path = f"/copies/{copy}/{chunks[0].source}"
            renamed = [replace(c, chunk_id=f"{twin}-{c.chunk_id}", doc_id=twin, path=path)
                       for c in chunks][: wanted - added]  # fmt: skip
            jittered = vectors[: len(renamed)] + rng.normal(0, 0.01, (len(renamed), 384))
            jittered /= np.linalg.norm(jittered, axis=1, keepdims=True)
            meta = {"pages": 1, "doc_chunks": len(renamed)}
            waiting.append(StoredDocument(renamed, jittered.astype(np.float32), meta))
            added += len(renamed)
            if sum(len(d.chunks) for d in waiting) >= COPY_WRITE:
                store.add_documents(waiting)
                waiting = []
    store.add_documents(waiting)
    return added


def stored_documents(store: ChunkStore) -> dict[str, tuple[list[Chunk], np.ndarray]]:
    documents: dict[str, tuple[list[Chunk], list[np.ndarray]]] = {}
    for info in store.documents():
        ids = store.chunk_ids({"doc_id": info.doc_id})
        rows = store.with_vectors(ids)
        documents[info.doc_id] = ([c for c, _ in rows], [v for _, v in rows])
    return {doc_id: (chunks, np.stack(vectors)) for doc_id, (chunks, vectors) in documents.items()}


def ask_all(assistant: Assistant, questions: list[tuple[str, bool]]) -> list[tuple[Answer, bool]]:
    return [(assistant.ask(question), on_topic) for question, on_topic in questions]


def measure_processes(
    data_dir: Path, questions: list[tuple[str, bool]], registry_copy: RegistryCopy | None
) -> None:
    """What a user waits for in a fresh process: the first answer, the list (the first after a
    write, and again); and the peak memory of a process answering 50 questions."""
    env = os.environ | {"CARECHAT_DATA_DIR": str(data_dir)}
    first = questions[0][0]
    cli = [sys.executable, "-m", "assistant.cli"]
    _, seconds = timed(lambda: subprocess.run([*cli, "ask", first], env=env, check=True,
                                              capture_output=True))  # fmt: skip
    print(f"cold start to first answer (carechat ask, a new process): {seconds:.2f}s")
    if registry_copy:
        with registry_copy.writing():  # as any write does: the next listing reads Chroma
            pass
    for when in ("the first after a write", "again, from the registry's copy"):
        _, seconds = timed(lambda: subprocess.run([*cli, "list"], env=env, check=True,
                                                  capture_output=True))  # fmt: skip
        print(f"carechat list (a new process), {when}: {seconds:.2f}s")
    asked = [question for question, _ in questions[:SERVING_SAMPLE]]
    serving = [sys.executable, "-c", _REPORT_PEAK, "ask", *asked, "--json"]
    done = subprocess.run(serving, env=env, check=True, capture_output=True, text=True)
    peak = int(done.stderr.split("VmHWM:")[1].split()[0]) / 1024
    print(f"peak memory of a process answering {len(asked)} questions: {peak:.0f} MB RSS")


# The CLI, then its own peak resident memory (VmHWM: not the parent's pages it was forked with).
_REPORT_PEAK = """
import runpy, sys
sys.argv = ["carechat", *sys.argv[1:]]
try:
    runpy.run_module("assistant.cli", run_name="__main__")
finally:
    print(open("/proc/self/status").read(), file=sys.stderr)
"""


def report_latency(asked: list[tuple[Answer, bool]]) -> None:
    answers = [answer for answer, _ in asked]
    on_topic = [answer for answer, topical in asked if topical]
    off_topic = [answer for answer, topical in asked if not topical]
    print(f"questions: {len(answers)} ({len(on_topic)} on the corpus's topic, {len(off_topic)} "
          f"far outside it); refused {sum(a.refused for a in on_topic)} on-topic and "
          f"{sum(a.refused for a in off_topic)} off-topic")  # fmt: skip
    groups = [("all", answers), ("answered", [a for a in answers if not a.refused]),
              ("refused", [a for a in answers if a.refused])]  # fmt: skip
    for label, group in groups:
        retrieve = [a.timings["retrieve_ms"] for a in group]
        answer = [a.timings["answer_ms"] for a in group]
        total = [r + a for r, a in zip(retrieve, answer)]
        print(f"  {label} ({len(group)}): retrieve {percentiles(retrieve)}; "
              f"answer {percentiles(answer)}; total {percentiles(total)}")  # fmt: skip


if __name__ == "__main__":
    main()
