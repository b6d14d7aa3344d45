"""The citation support check, on passages of the bundled corpus and the real model."""

from __future__ import annotations

import pytest

from assistant.answer.support import (
    SUPPORT_THRESHOLD,
    CitedSentence,
    cited_sentences,
    is_supported,
    markers_in,
    numbers_in,
    strip_markers,
    support_score,
    support_scores,
)
from assistant.index.embedder import Embedder

SAMPLE = (
    "This was a small scale, qualitative study, using a purposive sampling approach. Of the 18 "
    "staff participants, 5 agreed to participate in face-to-face semi-structured interviews. "
    "Through a process of free text analysis, several themes and sub-themes were identified."
)
SILO = (
    "Several barriers and opportunities were highlighted coupled with suggestions on changes to "
    "public service delivery based on equal and reciprocal relationships between professionals, "
    "service users and their families. Organisational structures and silo working still act as "
    "an inhibiter for real change."
)
CATALYST = (
    "Additionally, it was demonstrated that training in the area of co-production can act as a "
    "catalyst for wider service improvements. It can enhance staff confidence to profile the "
    "importance of service user involvement, persuading their colleagues of its benefits and "
    "challenging practice where co-production is not happening."
)
WORKFORCE = (
    "To achieve environment most conducive innovation, attention needs paid these conditions, "
    "recognising their operation influence might occurring out awareness scrutiny. is found best "
    "facilitated by stable, well‐supported workforce feels energised confident implement change. "
    "requires developing supportive, collaborative, relational culture mutual trust, reflexive "
    "supervisory evaluatory mechanisms follow human‐centred grain professional staff feel safe "
    "experiment make mistakes."
)
CLUSTERS = (
    "Analysis enabled five clusters ‘conditional parameters’ to emerge, covering: mobilisers; "
    "system capabilities; design implementation features; organisational culture, climate "
    "processes; macro context."
)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sentence", "passage"),
    [
        ("Of the 18 staff participants, 5 agreed to participate in face-to-face semi-structured interviews.", SAMPLE),
        ("Organisational structures and silo working still act as an inhibiter for real change.", SILO),
        ("is found best facilitated by stable, well‐supported workforce feels energised confident implement change.", WORKFORCE),
    ],
)  # fmt: skip
def test_a_sentence_copied_from_the_passage_is_supported(
    sentence: str, passage: str, embedder: Embedder
) -> None:
    assert is_supported(sentence, passage, embedder)
    assert support_score(sentence, passage, embedder) > 1.4


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sentence", "passage"),
    [
        ("Silo working and organisational structures still get in the way of real change.", SILO),
        ("Co-production training can be a catalyst for wider improvements to services.", CATALYST),
        ("Innovation works best with a stable, well-supported workforce that feels confident to implement change.", WORKFORCE),
        ("Five of the eighteen staff who took part agreed to be interviewed face to face.", SAMPLE),
        ("Staff need to feel safe to experiment and make mistakes.", WORKFORCE),
        ("The analysis identified 5 clusters of conditional parameters, such as mobilisers and macro context.", CLUSTERS),
    ],
)  # fmt: skip
def test_a_paraphrase_is_supported(sentence: str, passage: str, embedder: Embedder) -> None:
    assert is_supported(sentence, passage, embedder)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sentence", "passage"),
    [
        # Sentences of the other document, on the same broad topic, without numbers.
        ("Organisational structures and silo working still act as an inhibiter for real change.", CLUSTERS),
        ("is found best facilitated by stable, well‐supported workforce feels energised confident implement change.", SILO),
        ("Co-production training can be a catalyst for wider improvements to services.", WORKFORCE),
        ("Staff need to feel safe to experiment and make mistakes.", CATALYST),
        ("However, a collective leadership and a shared language on co-production are still needed.", WORKFORCE),
    ],
)  # fmt: skip
def test_a_sentence_from_the_other_document_is_not_supported(
    sentence: str, passage: str, embedder: Embedder
) -> None:
    assert not is_supported(sentence, passage, embedder)
    assert support_score(sentence, passage, embedder) < SUPPORT_THRESHOLD - 0.1


@pytest.mark.slow
def test_a_wrong_number_is_not_supported_however_similar_the_words(
    embedder: Embedder,
) -> None:
    wrong = "Of the 30 staff participants, 12 agreed to participate in semi-structured interviews."
    assert not is_supported(wrong, SAMPLE, embedder)
    assert is_supported(wrong.replace("30", "18").replace("12", "5"), SAMPLE, embedder)


@pytest.mark.slow
def test_markers_in_the_sentence_do_not_change_its_score(embedder: Embedder) -> None:
    sentence = (
        "Organisational structures and silo working still act as an inhibiter for real change."
    )
    marked = sentence[:-1] + " [12]."
    assert support_score(marked, SILO, embedder) == pytest.approx(
        support_score(sentence, SILO, embedder), abs=1e-4
    )


@pytest.mark.slow
def test_scores_in_one_batch_match_scores_one_by_one(embedder: Embedder) -> None:
    pairs = [
        ("Silo working still gets in the way of change.", SILO),
        ("Staff need to feel safe to experiment.", WORKFORCE),
        ("Staff need to feel safe to experiment.", SILO),
    ]
    batched = support_scores(pairs, embedder)
    single = [support_score(sentence, passage, embedder) for sentence, passage in pairs]
    assert batched == pytest.approx(single, abs=1e-4)
    assert support_scores([], embedder) == []


def test_markers_in_reads_single_grouped_and_repeated_markers() -> None:
    assert markers_in("A [1]. B [2, 3] and C [3][4].") == [1, 2, 3, 3, 4]
    assert markers_in("No markers, [a] or [ 1 ] (1).") == []


def test_strip_markers_leaves_clean_text() -> None:
    assert strip_markers("Silo working blocks change [1].") == "Silo working blocks change."
    assert strip_markers("Trust [2], safety [3] and time.") == "Trust, safety and time."


def test_numbers_in_reads_digits_and_number_words() -> None:
    assert numbers_in("Of the 18 staff, five agreed; a 35-week course.") == {"18", "5", "35"}


def test_cited_sentences_keeps_markers_after_the_full_stop_with_their_sentence() -> None:
    text = "Of the 18 staff participants, 5 agreed. [1] The course lasted 35 weeks. [2]"
    assert cited_sentences(text) == [
        CitedSentence("Of the 18 staff participants, 5 agreed.", (1,)),
        CitedSentence("The course lasted 35 weeks.", (2,)),
    ]


def test_cited_sentences_reads_markers_inside_a_sentence() -> None:
    text = "Training builds confidence [1], but silos block change [2, 3]. Nothing cited here."
    assert cited_sentences(text) == [
        CitedSentence("Training builds confidence, but silos block change.", (1, 2, 3)),
        CitedSentence("Nothing cited here.", ()),
    ]


def test_cited_sentences_drops_headings_and_bullets() -> None:
    text = (
        "Enablers:\n- A stable workforce helps. [1]\n- Trust helps too. [2]\n\n"
        "Barriers: the passages found name none."
    )
    assert cited_sentences(text) == [
        CitedSentence("A stable workforce helps.", (1,)),
        CitedSentence("Trust helps too.", (2,)),
        CitedSentence("the passages found name none.", ()),
    ]


def test_cited_sentences_drops_markdown_labels_a_language_model_writes() -> None:
    text = (
        "### What helps\n\n**Enablers:**\n* **Trust** builds confidence [1].\n\n"
        "**Barriers**\n1. Silo working blocks change [2]."
    )
    assert cited_sentences(text) == [
        CitedSentence("Trust builds confidence.", (1,)),
        CitedSentence("Silo working blocks change.", (2,)),
    ]


def test_cited_sentences_of_an_empty_answer_is_empty() -> None:
    assert cited_sentences("") == []
    assert cited_sentences("\n\n[1]\n") == []
