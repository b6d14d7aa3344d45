"""The evidence map on the bundled corpus (and on small documents of its own)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.workspace.evidence_map import normalise

pytestmark = pytest.mark.slow

PATTON = "002_ad9f423ab965abb9.txt"
LEFEVRE = "000_2ab42ee1a9a58a36.txt"
SILO = "organisational structures and silo working"
WORKFORCE = "stable well supported workforce"  # normalised: the corpus writes "well‐supported"


def doc_id(assistant, source):
    return assistant.find_document(source).doc_id


def holding(quotes, words):
    return [quote for quote in quotes if words in normalise(quote.text)]


@pytest.fixture(scope="module")
def labels(corpus_assistant):
    return {
        doc_id(corpus_assistant, PATTON): "Patton, McGlade and Elliott (2020)",
        doc_id(corpus_assistant, LEFEVRE): "Lefevre et al. (2025)",
    }


@pytest.fixture(scope="module")
def whole(corpus_assistant, labels):
    return corpus_assistant.evidence_map(labels=labels)


def test_silo_working_is_a_barrier_and_a_stable_workforce_an_enabler(whole, corpus_assistant):
    barriers = [q for row in whole.themes for q in row.barriers]
    enablers = [q for row in whole.themes for q in row.enablers]
    [silo] = holding(barriers, SILO)
    [workforce] = holding(enablers, WORKFORCE)
    assert (silo.label, silo.source) == ("Patton, McGlade and Elliott (2020)", PATTON)
    assert (workforce.label, workforce.source) == ("Lefevre et al. (2025)", LEFEVRE)
    assert silo.doc_id == doc_id(corpus_assistant, PATTON) and silo.page is None  # a TXT file
    assert silo.theme == "Organisational culture, climate and processes"
    assert workforce.theme == "System capabilities" and workforce.confidence >= 0.35
    assert not holding(enablers, SILO) and not holding(barriers, WORKFORCE)


def test_no_sentence_appears_twice(whole):
    texts = [normalise(quote.sentence) for quote in whole.quotes()]
    assert texts and len(texts) == len(set(texts))
    assert sum(whole.counts()[row.name]["enabler"] for row in whole.themes) >= 5


def test_quotes_are_the_documents_own_sentences(whole, corpus_assistant):
    stored = " ".join(
        " ".join(chunk.text.split())
        for info in corpus_assistant.documents()
        for chunk in corpus_assistant.chunks(info.doc_id)
    )
    assert all(quote.sentence in stored and quote.text in stored for quote in whole.quotes())


def test_a_topic_narrows_the_map(corpus_assistant, whole):
    silo_map = corpus_assistant.evidence_map("silo working")
    quotes = silo_map.quotes()
    assert silo_map.topic == "silo working" and holding(quotes, SILO)
    assert not holding(quotes, WORKFORCE) and len(quotes) < len(whole.quotes())
    assert quotes[0].label == "Patton, McGlade and Elliott (n.d.)"  # from the metadata found


def test_a_document_filter_keeps_to_its_documents(corpus_assistant):
    patton = doc_id(corpus_assistant, PATTON)
    only = corpus_assistant.evidence_map(doc_ids=[patton])
    assert only.quotes() and {quote.doc_id for quote in only.quotes()} == {patton}
    assert only.doc_ids == (patton,)


def test_reading_the_collection_a_few_chunks_at_a_time_gives_the_same_map(
    corpus_assistant, whole, labels
):
    from assistant.workspace.evidence_map import build_evidence_map

    paged = build_evidence_map(
        corpus_assistant.store, corpus_assistant.embedder, corpus_assistant.settings,
        labels=labels, page_size=2,
    )  # fmt: skip
    assert paged == whole


def test_a_repeated_sentence_and_a_near_copy_are_kept_once_per_document(assistant, tmp_path: Path):
    sentence = "Staff turnover and heavy caseloads were a barrier that held back the new model of practice."
    scraped = "staff turnover heavy caseloads were barrier held back new model practice."
    text = (
        f"# Findings\n\n{sentence}\n\nInterviews followed.\n\n{sentence.upper()}\n\n"
        f"A second round of interviews followed.\n\n{scraped}\n"
    )
    (tmp_path / "repeat.md").write_text(text, encoding="utf-8")
    reworded = sentence.replace("that held", "which held")
    (tmp_path / "other.md").write_text(f"# Another study\n\n{reworded}\n", encoding="utf-8")
    assert assistant.ingest([tmp_path / "repeat.md"]).complete
    quotes = assistant.evidence_map().quotes()
    assert [q.sentence for q in quotes if "turnover" in q.sentence.lower()] == [sentence]
    assert assistant.ingest([tmp_path / "other.md"]).complete
    quotes = assistant.evidence_map().quotes()
    assert sorted(q.source for q in quotes if "turnover" in q.sentence.lower()) == [
        "other.md", "repeat.md"
    ]  # fmt: skip


def test_labels_may_be_a_function(corpus_assistant):
    labelled = corpus_assistant.evidence_map("silo working", labels=lambda doc_id: "Someone (2020)")
    assert {quote.label for quote in labelled.quotes()} == {"Someone (2020)"}
