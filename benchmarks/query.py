"""Question latency: retrieval and answer times over a few hundred questions.

Ingests a synthetic corpus into a fresh data folder, then asks questions made from the corpus
vocabulary (what helps, what hinders, how many, when, ...) mixed with questions far outside it,
through ``Assistant.ask``. Prints p50/p95 of ``Answer.timings`` (retrieve_ms, answer_ms) for
answered and refused questions, where the time went, and peak memory. Asserts nothing.

    python benchmarks/query.py [--docs 100] [--questions 300] [--seed 0]
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script, this folder comes first on sys.path and benchmarks/ingest.py would
    # shadow the `ingest` package; the project root goes there instead.
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

import argparse
import random
import statistics
import tempfile

from assistant import Assistant, Settings
from assistant.index.embedder import MiniLMEmbedder
from assistant.models import Answer
from benchmarks.corpus import fill, generate_corpus
from benchmarks.measure import (
    TimedEmbedder,
    TimedStore,
    describe_machine,
    offline_environment,
    peak_rss_mb,
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
    parser.add_argument("--docs", type=int, default=100, help="documents to generate (100)")
    parser.add_argument("--questions", type=int, default=300, help="questions to ask (300)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    offline_environment()
    with tempfile.TemporaryDirectory(prefix="carechat-bench-") as tmp:
        run(Path(tmp), args.docs, args.questions, args.seed)


def run(tmp: Path, docs: int, count: int, seed: int) -> None:
    print(describe_machine())
    generate_corpus(tmp / "corpus", docs, seed)
    settings = Settings(data_dir=tmp / "data")
    embedder = TimedEmbedder(MiniLMEmbedder(settings.ingest.batch_size))
    store = TimedStore(settings, embedder.name)
    assistant = Assistant(settings, embedder=embedder, store=store)
    report, seconds = timed(lambda: assistant.ingest([tmp / "corpus"]))
    assert report.complete, report.summary()
    print(f"corpus: {len(report.ingested)} documents, {report.chunks_added} chunks, "
          f"ingested in {seconds:.0f}s")  # fmt: skip

    for question, _ in make_questions(WARM_UP, seed + 1):
        assistant.ask(question)
    embedder.reset()
    store.reset()
    asked = [
        (assistant.ask(question), on_topic) for question, on_topic in make_questions(count, seed)
    ]
    report_latency(asked)
    print(f"  per question: {embedder.embedded / count:.1f} texts embedded in "
          f"{1000 * embedder.embed_seconds / count:.0f} ms ({embedder.repeated / count:.1f} of "
          f"them embedded before in this run), {store.calls / count:.1f} Chroma calls "
          f"in {1000 * store.seconds / count:.0f} ms ("
          + ", ".join(f"{name} {1000 * s / count:.1f} ms" for name, s in store.by_method.items())
          + ")")  # fmt: skip
    print(f"peak memory: {peak_rss_mb():.0f} MB RSS")


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
