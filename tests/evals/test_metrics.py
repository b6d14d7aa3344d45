"""The metrics on hand-made answers whose right scores are known."""

from __future__ import annotations

import pytest

from assistant.index.embedder import Embedder
from assistant.models import Answer, Chunk, Citation, Passage
from evals.metrics import (
    FAILURES,
    ItemRun,
    by_failure,
    debris_in,
    fact_found,
    gold_ranks,
    hygiene_issues,
    percentile,
    recall_at,
    reciprocal_rank,
    score_items,
    summarise,
)
from evals.questions import EvalItem

DOC_B = "002_ad9f423ab965abb9.txt"
DOC_A = "000_2ab42ee1a9a58a36.txt"
SAMPLE = (
    "This was a small scale, qualitative study, using a purposive sampling approach. Of the 18 "
    "staff participants, 5 agreed to participate in face-to-face semi-structured interviews."
)
CLUSTERS = (
    "Analysis enabled five clusters ‘conditional parameters’ to emerge, covering: mobilisers; "
    "system capabilities; design implementation features; organisational culture, climate "
    "processes; macro context."
)
SILO = "Organisational structures and silo working still act as an inhibiter for real change."
COPIED = "Of the 18 staff participants, 5 agreed to participate in face-to-face semi-structured interviews."


def passage(text: str, source: str = DOC_B, chunk_id: str | None = None) -> Passage:
    chunk = Chunk(
        chunk_id or f"{source}-{abs(hash(text)) % 10**8}",
        source[:3], source, "A title", None, 0, len(text), None, text,
    )  # fmt: skip
    return Passage(chunk, 0.6)


def answer(text: str, *cited: Passage, refused: bool = False) -> Answer:
    citations = [Citation(n, p) for n, p in enumerate(cited, start=1)]
    return Answer("q", text, refused, citations)


def item(**fields: object) -> EvalItem:
    values: dict[str, object] = {
        "id": "t",
        "category": "fact",
        "question": "How many staff agreed to be interviewed?",
        "gold_facts": [["18", "eighteen"], ["5 agreed", "five agreed"]],
        "gold_sources": [DOC_B],
        "expect_refusal": False,
        "gold_passages": ["Of the 18 staff participants"],
    }
    values.update(fields)
    return EvalItem(**values)  # type: ignore[arg-type]


REFUSAL = "The documents in this collection don't answer this question. I searched 2 documents."
UNANSWERABLE = item(id="u", gold_facts=[], gold_sources=[], gold_passages=[], expect_refusal=True)


@pytest.mark.slow
def test_a_perfect_answer_scores_full_marks(embedder: Embedder) -> None:
    gold = passage(SAMPLE)
    run = ItemRun(item(), answer(f"{COPIED} [1]", gold), [gold, passage(SILO)], 120.0)
    [score] = score_items([run], embedder)
    assert score.passed, score.missed()
    assert score.gold_ranks == [1] and score.fact_coverage == 1.0
    assert [c.supported for c in score.citation_checks] == [True]
    summary = summarise([score])
    for key in ("pass_rate", "recall_at_1", "mrr", "fact_coverage", "citation_precision",
                "citation_recall", "source_accuracy", "hygiene"):  # fmt: skip
        assert summary[key] == 1.0, key
    assert summary["false_refusal_rate"] == 0.0
    assert summary["refusal_accuracy"] is None  # no unanswerable item to measure
    assert summary["answer_words_mean"] == len(COPIED.split())
    assert summary["latency_p50_ms"] == summary["latency_p95_ms"] == 120.0


@pytest.mark.slow
def test_citing_the_wrong_source_fails_source_accuracy_and_precision(
    embedder: Embedder,
) -> None:
    wrong = passage(CLUSTERS, source=DOC_A)
    run = ItemRun(item(), answer(f"{COPIED} [1]", wrong), [wrong], 80.0)
    [score] = score_items([run], embedder)
    summary = summarise([score])
    assert summary["source_accuracy"] == 0.0
    assert summary["citation_precision"] == 0.0  # the sentence is not in the cited passage
    assert summary["citation_recall"] == 1.0  # it does carry a marker
    assert summary["fact_coverage"] == 1.0  # the facts are right, only the evidence is wrong
    assert summary["recall_at_5"] == 0.0 and summary["mrr"] == 0.0
    missed = score.missed()
    assert f"source not cited: {DOC_B}" in missed
    assert any(line.startswith("[1] does not support") for line in missed)
    assert any(line.startswith("gold passage not in top 5") for line in missed)
    assert score.failure == "cited none of the gold documents"


@pytest.mark.slow
def test_a_dangling_marker_is_a_hygiene_fault_and_an_unsupported_citation(
    embedder: Embedder,
) -> None:
    gold = passage(SAMPLE)
    text = f"{COPIED} [1] Silo working blocks change. [2]"
    run = ItemRun(item(), answer(text, gold), [gold], 50.0)
    [score] = score_items([run], embedder)
    assert "dangling marker [2]" in score.hygiene
    checks = {check.n: check for check in score.citation_checks}
    assert checks[1].supported and checks[2].score is None and not checks[2].supported
    summary = summarise([score])
    assert summary["hygiene"] == 0.0 and summary["citation_precision"] == 0.5
    assert "hygiene: dangling marker [2]" in score.missed()


@pytest.mark.slow
def test_a_false_refusal_counts_against_the_answerable_item(embedder: Embedder) -> None:
    refused = ItemRun(item(), answer(REFUSAL, refused=True), [passage(SAMPLE)], 30.0)
    right = ItemRun(UNANSWERABLE, answer(REFUSAL, refused=True), [], 30.0)
    scores = score_items([refused, right], embedder)
    summary = summarise(scores)
    assert summary["false_refusal_rate"] == 1.0
    assert summary["refusal_accuracy"] == 1.0
    assert summary["fact_coverage"] == 0.0
    assert summary["citation_precision"] is None  # refusals make no citations to check
    assert summary["answer_words_mean"] is None
    assert summary["pass_rate"] == 0.5
    assert scores[0].missed()[:3] == [
        "refused an answerable question",
        "missing fact: 18 / eighteen",
        "missing fact: 5 agreed / five agreed",
    ]
    assert scores[1].passed
    assert scores[0].failure == "refused an answerable question" and scores[1].failure is None


@pytest.mark.slow
def test_answering_an_unanswerable_question_fails_refusal_accuracy(
    embedder: Embedder,
) -> None:
    cited = passage(SAMPLE)
    run = ItemRun(UNANSWERABLE, answer(f"{COPIED} [1]", cited), [cited], 40.0)
    [score] = score_items([run], embedder)
    assert summarise([score])["refusal_accuracy"] == 0.0
    assert score.missed() == ["answered instead of refusing"]
    assert score.failure == "answered instead of refusing"


@pytest.mark.slow
def test_failures_are_told_apart_by_what_the_answer_cited(embedder: Embedder) -> None:
    """With reports added, an item may fail because another document answered, or because
    the study it names fits several: the report counts those apart from wrong answers."""
    gold, other = passage(SAMPLE), passage(CLUSTERS, source=DOC_A)
    vague = "Of the 18 staff participants, some agreed. [1]"
    ambiguous = answer(f"{COPIED} [1]", other)
    ambiguous.ambiguity = "“the study” could mean any of 2 documents."
    runs = [
        ItemRun(item(), ambiguous, [other], 10.0),
        ItemRun(item(), answer(f"{COPIED} [1]", other), [other], 10.0),
        ItemRun(item(), answer(vague, gold), [gold], 10.0),
        ItemRun(item(), answer(f"{COPIED} [1]", gold), [gold], 10.0),
    ]
    scores = score_items(runs, embedder)
    assert [score.failure for score in scores] == [
        "several documents fit the study it names",
        "cited none of the gold documents",
        "cited a gold document, missed a fact, passage or document",
        None,
    ]
    assert by_failure(scores) == dict.fromkeys(FAILURES, 0) | dict.fromkeys(FAILURES[2:], 1)


@pytest.mark.slow
def test_an_uncited_sentence_lowers_citation_recall(embedder: Embedder) -> None:
    gold = passage(SAMPLE)
    text = f"{COPIED} [1] Everyone agreed it was useful."
    [score] = score_items([ItemRun(item(), answer(text, gold), [gold], 10.0)], embedder)
    assert summarise([score])["citation_recall"] == 0.5
    assert "sentence without citation: 'Everyone agreed it was useful.'" in score.missed()


@pytest.mark.slow
def test_forbidden_text_from_an_injection_is_caught(embedder: Embedder) -> None:
    injected = item(
        id="inject", gold_facts=[], gold_sources=[], gold_passages=[], expect_refusal=True,
        must_not_contain=["pwned"],
    )  # fmt: skip
    obeyed = ItemRun(injected, answer("I have been PWNED.", refused=True), [], 10.0)
    resisted = ItemRun(injected, answer(REFUSAL, refused=True), [], 10.0)
    scores = score_items([obeyed, resisted], embedder)
    assert summarise(scores)["instruction_safety"] == 0.5
    assert scores[0].missed() == ["says forbidden text 'pwned'"]


def test_facts_match_whole_words_and_ignore_hyphen_and_quote_style() -> None:
    assert fact_found("It recruited 21 expert informants [1].", ["21"])
    assert not fact_found("Published in 2021.", ["21"])
    assert fact_found("a 35-week course", ["35 week"])
    assert fact_found("face‐to‐face interviews", ["face-to-face"])
    assert fact_found("‘conditional parameters’", ["'conditional parameters'"])
    assert not fact_found("semi-structured", ["structured interviews"])


def test_gold_ranks_recall_and_reciprocal_rank() -> None:
    retrieved = [passage("alpha text"), passage(SILO), passage(SAMPLE)]
    ranks = gold_ranks(retrieved, ["silo working", "18 staff", "not there"])
    assert ranks == [2, 3, None]
    assert recall_at(ranks, 1) == 0.0
    assert recall_at(ranks, 2) == pytest.approx(1 / 3)
    assert recall_at(ranks, 5) == pytest.approx(2 / 3)
    assert reciprocal_rank(ranks) == 0.5
    assert reciprocal_rank([None]) == 0.0


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Язык: Английский", "non-Latin script (Cyrillic)"),
        ("同舟云学术", "non-Latin script (Cjk)"),
        ("咨询电话 010-8811 0370", "non-Latin script (Cjk)"),
        ("Call +44 20 7946 0958 today", "phone number"),
        ("see www.globalauthorid.com", "URL"),
        ("https://example.org/paper", "URL"),
        ("Cited by 1 articles.", "'Cited by'"),
        ("Reference38 articles.", "reference-count widget"),
        ("Copyright © 2019-2024 Someone", "copyright line"),
    ],
)
def test_debris_is_recognised(text: str, kind: str) -> None:
    assert kind in debris_in(text)


def test_clean_academic_text_is_not_debris() -> None:
    for text in (SAMPLE, CLUSTERS, SILO, "Published 2025, 2025(1), pp. 10-25, in 2 decades."):
        assert debris_in(text) == []


def test_duplicate_and_unused_citations_are_hygiene_faults() -> None:
    same = passage(SILO, chunk_id="c1")
    issues = hygiene_issues(answer(f"{SILO} [1] {SILO} [2]", same, same))
    assert "duplicate citation [2] of [1]" in issues
    unused = hygiene_issues(answer(f"{SILO} [1]", passage(SILO), passage(SAMPLE)))
    assert unused == ["citation [2] never used in the text"]
    dirty = hygiene_issues(answer(f"{SILO} [1]", passage(SILO + " Cited by 3")))
    assert dirty == ["'Cited by' in citation [1]"]


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 21)]
    assert percentile(values, 50) == 10.0
    assert percentile(values, 95) == 19.0
    assert percentile([7.0], 95) == 7.0
    assert percentile([], 50) is None


@pytest.mark.slow
def test_a_fallback_notice_is_counted_but_needs_no_citation(embedder: Embedder) -> None:
    gold = passage(SAMPLE)
    notice = "Note: the model cited none of the passages, so this answer quotes them directly."
    fallback = answer(f"{notice}\n\n{COPIED} [1]", gold)
    fallback.notice = notice
    plain = answer(f"{COPIED} [1]", gold)
    scores = score_items(
        [ItemRun(item(), fallback, [gold], 10.0), ItemRun(item(id="u2"), plain, [gold], 10.0)],
        embedder,
    )
    assert [s.passed for s in scores] == [True, True]
    summary = summarise(scores)
    assert summary["notice_rate"] == 0.5 and summary["citation_recall"] == 1.0
    assert scores[0].words == scores[1].words
