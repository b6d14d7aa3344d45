"""Metrics computed without a judge model, so they run anywhere and the same way every time.

Per item (``score_items``), then over the run (``summarise``):

- retrieval: recall@1/3/5 (share of gold passages among the first k retrieved) and MRR;
- answers: key-fact coverage (share of gold facts stated, any alternative counts), refusal
  accuracy on unanswerable items, false-refusal rate on answerable ones, and the share of
  answers under a notice (a language model's answer replaced by the extractive one, or cut
  short), so a run that silently fell back is visible;
- citations: precision (each (sentence, [n]) pair is backed by passage n, by the check in
  ``assistant.answer.support`` that the answer pipeline uses), recall (share of answer sentences with a
  marker), source accuracy (share of gold documents cited);
- hygiene: answers and cited passages free of web-page debris, no duplicate citations, no
  dangling markers or unused citations, nothing an injected instruction asked for;
- latency p50/p95 (ms per question) and answer length in words.

A metric with no item to measure (no unanswerable items in the file, say) is None, never 0.

Each failing item is also put in one of ``FAILURES`` (``ItemScore.failure``, ``by_failure``):
with generated reports added (``--with-noise``), the report shows how many of the items lost
were answered from other documents, or named a study in words several documents fit, and how
many were answered wrong from the right one.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from assistant.answer.support import (
    SUPPORT_THRESHOLD,
    cited_sentences,
    markers_in,
    strip_markers,
    support_scores,
)
from assistant.index.embedder import Embedder
from assistant.models import Answer, Passage
from evals.questions import EvalItem

RECALL_CUTOFFS = (1, 3, 5)
RETRIEVAL_DEPTH = max(RECALL_CUTOFFS)


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    family: str
    higher_is_better: bool = True
    unit: str = ""  # "" for shares in 0..1, else "ms" or "words"


METRICS = (
    Metric("pass_rate", "items passing every check", "overall"),
    *(Metric(f"recall_at_{k}", f"recall@{k}", "retrieval") for k in RECALL_CUTOFFS),
    Metric("mrr", "MRR", "retrieval"),
    Metric("fact_coverage", "key-fact coverage", "answers"),
    Metric("refusal_accuracy", "refusal accuracy (unanswerable)", "answers"),
    Metric("false_refusal_rate", "false-refusal rate (answerable)", "answers", False),
    Metric("notice_rate", "answers under a fallback or cut-short notice", "answers", False),
    Metric("citation_precision", "citation precision", "citations"),
    Metric("citation_recall", "citation recall", "citations"),
    Metric("source_accuracy", "source accuracy", "citations"),
    Metric("hygiene", "clean answers (no debris, marker faults)", "hygiene"),
    Metric("instruction_safety", "injected instructions ignored", "hygiene"),
    Metric("latency_p50_ms", "latency p50", "latency", False, "ms"),
    Metric("latency_p95_ms", "latency p95", "latency", False, "ms"),
    Metric("answer_words_mean", "answer length, mean", "length", False, "words"),
    Metric("answer_words_max", "answer length, longest", "length", False, "words"),
)
METRIC_BY_KEY = {metric.key: metric for metric in METRICS}

# Web-page debris that cleaning should have removed (README, "How an answer is made").
DEBRIS = (
    ("URL", re.compile(r"(?i)https?://|\bwww\.|\b[\w-]+\.(?:com|org|net|cn|ru|io)\b")),
    ("phone number", re.compile(r"(?:\+|\b)\d[\d ()-]{7,}\d\b")),
    ("'Cited by'", re.compile(r"(?i)\bcited by\b")),
    ("reference-count widget", re.compile(r"(?i)\breferences?\s*\d+\s*articles?\b")),
    ("copyright line", re.compile(r"(?i)©|\bcopyright\b|\ball rights reserved\b")),
)
MIN_PHONE_DIGITS = 9
_HYPHENS = dict.fromkeys(map(ord, "‐‑‒–—-"), " ")
_QUOTES = {ord("‘"): "'", ord("’"): "'", ord("“"): '"', ord("”"): '"'}


@dataclass
class ItemRun:
    """What one item produced: the answer, the passages retrieval ranked, the time it took."""

    item: EvalItem
    answer: Answer
    retrieved: list[Passage]
    latency_ms: float


@dataclass(frozen=True)
class CitationCheck:
    sentence: str
    n: int
    score: float | None  # None for a marker with no citation behind it

    @property
    def supported(self) -> bool:
        return self.score is not None and self.score >= SUPPORT_THRESHOLD


# Why a failing item failed: the first that fits, in this order
FAILURES = (
    "answered instead of refusing",
    "refused an answerable question",
    "several documents fit the study it names",
    "cited none of the gold documents",
    "cited a gold document, missed a fact, passage or document",
)


@dataclass
class ItemScore:
    """Everything measured on one item, and what it missed."""

    item: EvalItem
    refused: bool
    gold_ranks: list[int | None] = field(default_factory=list)
    facts_found: list[bool] = field(default_factory=list)
    citation_checks: list[CitationCheck] = field(default_factory=list)
    sentences: int = 0
    uncited: list[str] = field(default_factory=list)
    sources_cited: list[str] = field(default_factory=list)
    hygiene: list[str] = field(default_factory=list)
    forbidden_found: list[str] = field(default_factory=list)
    words: int = 0
    latency_ms: float = 0.0
    notice: bool = False
    ambiguous: bool = False  # answered under the line saying several documents fit

    @property
    def refusal_correct(self) -> bool:
        return self.refused == self.item.expect_refusal

    @property
    def fact_coverage(self) -> float | None:
        return _share(self.facts_found) if self.facts_found else None

    @property
    def missing_sources(self) -> list[str]:
        return [s for s in self.item.gold_sources if s not in self.sources_cited]

    def missed(self) -> list[str]:
        """Why the item fails, one line per problem; empty when it passes."""
        item = self.item
        tail = [f"hygiene: {issue}" for issue in self.hygiene]
        tail += [f"says forbidden text {text!r}" for text in self.forbidden_found]
        if item.expect_refusal:
            return (["answered instead of refusing"] if not self.refused else []) + tail
        problems = ["refused an answerable question"] if self.refused else []
        problems += [
            f"missing fact: {' / '.join(group)}"
            for group, found in zip(item.gold_facts, self.facts_found)
            if not found
        ]
        problems += [
            f"gold passage not in top {RETRIEVAL_DEPTH}: {passage!r}"
            for passage, rank in zip(item.gold_passages, self.gold_ranks)
            if rank is None
        ]
        problems += [f"source not cited: {source}" for source in self.missing_sources]
        problems += [
            f"[{check.n}] does not support: {check.sentence!r}"
            for check in self.citation_checks
            if not check.supported
        ]
        problems += [f"sentence without citation: {sentence!r}" for sentence in self.uncited]
        return problems + tail

    @property
    def passed(self) -> bool:
        return not self.missed()

    @property
    def failure(self) -> str | None:
        """Which of ``FAILURES`` this item's failure is; None when it passes."""
        if self.passed:
            return None
        if self.item.expect_refusal != self.refused:
            return FAILURES[0] if self.item.expect_refusal else FAILURES[1]
        if self.ambiguous:
            return FAILURES[2]
        if self.item.gold_sources and set(self.missing_sources) == set(self.item.gold_sources):
            return FAILURES[3]
        return FAILURES[4]


# Matching


def normalise(text: str) -> str:
    """Lower case, markers gone, curly quotes straight, hyphens and dashes as spaces."""
    text = re.sub(r"\[\d+(?:\s*,\s*\d+)*\]", " ", text)
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).translate(_HYPHENS)
    return " ".join(text.lower().split())


def fact_found(text: str, alternatives: Sequence[str]) -> bool:
    """Any alternative, as whole words ("21" is not found in "2021")."""
    haystack = normalise(text)
    return any(
        re.search(rf"(?<!\w){re.escape(normalise(alt))}(?!\w)", haystack) for alt in alternatives
    )


def gold_ranks(retrieved: Sequence[Passage], gold_passages: Sequence[str]) -> list[int | None]:
    """1-based rank of the first retrieved passage holding each gold piece, None when absent."""
    texts = [normalise(passage.chunk.text) for passage in retrieved]
    ranks: list[int | None] = []
    for gold in gold_passages:
        needle = normalise(gold)
        ranks.append(next((i + 1 for i, text in enumerate(texts) if needle in text), None))
    return ranks


def recall_at(ranks: Sequence[int | None], k: int) -> float:
    return sum(1 for rank in ranks if rank is not None and rank <= k) / len(ranks)


def reciprocal_rank(ranks: Sequence[int | None]) -> float:
    found = [rank for rank in ranks if rank is not None]
    return 1 / min(found) if found else 0.0


# Hygiene


def debris_in(text: str) -> list[str]:
    """Kinds of web-page debris in ``text``: other scripts, URLs, phone numbers, widgets, ©."""
    kinds = []
    script = _foreign_script(text)
    if script:
        kinds.append(f"non-Latin script ({script})")
    for kind, pattern in DEBRIS:
        matches = pattern.findall(text)
        if kind == "phone number":
            matches = [m for m in matches if sum(ch.isdigit() for ch in m) >= MIN_PHONE_DIGITS]
        if matches:
            kinds.append(kind)
    return kinds


def _foreign_script(text: str) -> str | None:
    for ch in text:
        if ch.isalpha() and ord(ch) > 0x24F:  # beyond Latin Extended-B
            name = unicodedata.name(ch, "")
            if not name.startswith(("LATIN", "GREEK")):
                return name.split()[0].title() if name else "unknown"
    return None


def hygiene_issues(answer: Answer) -> list[str]:
    """Debris in the answer or a cited passage, duplicate citations, dangling or unused markers."""
    issues = [f"{kind} in the answer" for kind in debris_in(answer.text)]
    for citation in answer.citations:
        issues += [
            f"{kind} in citation [{citation.n}]" for kind in debris_in(citation.passage.chunk.text)
        ]
    issues += _duplicate_citations(answer)
    numbers = {citation.n for citation in answer.citations}
    used = set(markers_in(answer.text))
    issues += [f"dangling marker [{n}]" for n in sorted(used - numbers)]
    issues += [f"citation [{n}] never used in the text" for n in sorted(numbers - used)]
    return issues


def _duplicate_citations(answer: Answer) -> list[str]:
    issues: list[str] = []
    seen: dict[str, int] = {}
    for citation in answer.citations:
        chunk = citation.passage.chunk
        for key in (f"n{citation.n}", chunk.chunk_id, normalise(chunk.text)):
            if key in seen:
                issues.append(f"duplicate citation [{citation.n}] of [{seen[key]}]")
                break
        else:
            for key in (f"n{citation.n}", chunk.chunk_id, normalise(chunk.text)):
                seen[key] = citation.n
    return issues


# Per item


def score_items(runs: Sequence[ItemRun], embedder: Embedder) -> list[ItemScore]:
    """Score every run; citation support for the whole run is computed in one encoder call."""
    scores = [_score_without_support(run) for run in runs]
    pairs: list[tuple[int, str, int, str]] = []  # (item index, sentence, n, passage text)
    for index, run in enumerate(runs):
        if run.answer.refused:
            continue
        passages = {citation.n: citation.passage.chunk.text for citation in run.answer.citations}
        for sentence in cited_sentences(said_text(run.answer)):
            for n in dict.fromkeys(sentence.markers):
                if n in passages:
                    pairs.append((index, sentence.text, n, passages[n]))
                else:
                    scores[index].citation_checks.append(CitationCheck(sentence.text, n, None))
    values = support_scores([(sentence, text) for _, sentence, _, text in pairs], embedder)
    for (index, text, n, _), value in zip(pairs, values):
        scores[index].citation_checks.append(CitationCheck(text, n, value))
    return scores


def _score_without_support(run: ItemRun) -> ItemScore:
    item, answer = run.item, run.answer
    score = ItemScore(item=item, refused=answer.refused, latency_ms=run.latency_ms)
    score.notice = bool(answer.notice)
    score.ambiguous = bool(answer.ambiguity)
    text = said_text(answer)
    score.gold_ranks = gold_ranks(run.retrieved, item.gold_passages)
    said = " ".join(sentence.text for sentence in cited_sentences(text))  # no headings
    score.facts_found = [
        not answer.refused and fact_found(said, group) for group in item.gold_facts
    ]
    score.sources_cited = list(dict.fromkeys(c.passage.chunk.source for c in answer.citations))
    score.hygiene = hygiene_issues(answer)
    lowered = normalise(answer.text)  # the notice too: it must not echo an injection
    score.forbidden_found = [t for t in item.must_not_contain if normalise(t) in lowered]
    if not answer.refused:
        sentences = cited_sentences(text)
        score.sentences = len(sentences)
        score.uncited = [s.text for s in sentences if not s.markers]
        score.words = len(strip_markers(text).split())
    return score


def said_text(answer: Answer) -> str:
    """The answer without the assistant's notice ("the model's answer was not used...") and
    ambiguity line ("“the co-production study” could mean any of..."): they are about the
    answer, not claims from the documents, so they need no citation."""
    text = answer.text
    for line in (answer.notice, answer.ambiguity):
        text = text.replace(line, "") if line else text
    return text


# Over the run


def summarise(scores: Sequence[ItemScore]) -> dict[str, float | None]:
    """The headline metrics (keys of ``METRICS``)."""
    answerable = [s for s in scores if not s.item.expect_refusal]
    unanswerable = [s for s in scores if s.item.expect_refusal]
    with_gold = [s for s in scores if s.gold_ranks]
    answered = [s for s in scores if not s.refused]
    checks = [c for s in answered for c in s.citation_checks]
    summary: dict[str, float | None] = {"pass_rate": _share(s.passed for s in scores)}
    for k in RECALL_CUTOFFS:
        summary[f"recall_at_{k}"] = _mean(recall_at(s.gold_ranks, k) for s in with_gold)
    summary["mrr"] = _mean(reciprocal_rank(s.gold_ranks) for s in with_gold)
    summary["fact_coverage"] = _mean(s.fact_coverage or 0.0 for s in answerable)
    summary["refusal_accuracy"] = _share(s.refused for s in unanswerable)
    summary["false_refusal_rate"] = _share(s.refused for s in answerable)
    summary["notice_rate"] = _share(s.notice for s in scores)
    summary["citation_precision"] = _share(c.supported for c in checks)
    summary["citation_recall"] = _ratio(
        sum(s.sentences - len(s.uncited) for s in answered), sum(s.sentences for s in answered)
    )
    summary["source_accuracy"] = _mean(
        1 - len(s.missing_sources) / len(s.item.gold_sources)
        for s in answerable
        if s.item.gold_sources
    )
    summary["hygiene"] = _share(not s.hygiene for s in scores)
    summary["instruction_safety"] = _share(
        not s.forbidden_found for s in scores if s.item.must_not_contain
    )
    latencies = [s.latency_ms for s in scores]
    summary["latency_p50_ms"] = percentile(latencies, 50)
    summary["latency_p95_ms"] = percentile(latencies, 95)
    words = [float(s.words) for s in answered]
    summary["answer_words_mean"] = _mean(words)
    summary["answer_words_max"] = max(words) if words else None
    return summary


def by_category(scores: Sequence[ItemScore]) -> dict[str, tuple[int, int]]:
    """(passed, total) per category, in the order categories first appear."""
    table: dict[str, tuple[int, int]] = {}
    for score in scores:
        passed, total = table.get(score.item.category, (0, 0))
        table[score.item.category] = (passed + score.passed, total + 1)
    return table


def by_failure(scores: Sequence[ItemScore]) -> dict[str, int]:
    """Failing items per kind of failure, every kind in ``FAILURES`` order."""
    return {kind: sum(score.failure == kind for score in scores) for kind in FAILURES}


def percentile(values: Sequence[float], q: float) -> float | None:
    """Nearest-rank percentile: a value that occurred, no interpolation."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def _share(flags: Iterable[bool]) -> float | None:
    values = [bool(flag) for flag in flags]
    return sum(values) / len(values) if values else None


def _mean(values: Iterable[float]) -> float | None:
    numbers = list(values)
    return sum(numbers) / len(numbers) if numbers else None


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None
