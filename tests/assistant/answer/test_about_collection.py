"""Questions about the collection itself are answered from the documents' metadata."""

from __future__ import annotations

import pytest

from assistant.answer.about_collection import ask_about_collection, describe, documents_by_title
from assistant.models import DocumentInfo, Reference
from assistant.terms import content_terms

ZONE = DocumentInfo(
    "d1", "zone.txt", "Creating a Conducive Zone for Innovation in Children's Social Care", 1, 9,
    reference=Reference(authors=("Lefevre, Michelle", "Temperley, Julie"), year=2025,
                        journal="Health & Social Care in the Community", volume="2025", issue="1"),
)  # fmt: skip
TRAINING = DocumentInfo(
    "d2", "training.txt", "Does training in co-production lead to any real change in practice?", 1, 4,
    reference=Reference(authors=("Patton, Sonia",), publisher="Emerald"),
)  # fmt: skip


@pytest.mark.parametrize(
    ("question", "facets"),
    [
        ("Who wrote the paper on the conducive zone?", ("authors",)),
        ("Name the authors of the co-production study", ("authors",)),
        ("When was the co-production study published?", ("date",)),
        ("Which journal published the zone paper?", ("venue",)),
        ("Who published it?", ("venue",)),
        ("Which documents does the collection hold?", ("list",)),
        ("What's in the collection?", ("list",)),
        ("When and where was the zone paper published?", ("date", "venue")),
        ("How old is the co-production paper?", ("date",)),
        ("Who carried out the evaluation of the kinship network?", ("authors",)),
        ("Who conducted the survey?", ("authors",)),
        ("How recent is the research?", ("date",)),
        ("How old is it?", ("date",)),
    ],
)
def test_metadata_questions_are_recognised(question: str, facets: tuple[str, ...]) -> None:
    asked = ask_about_collection(question)
    assert asked is not None and asked.facets == facets


@pytest.mark.parametrize(
    "question",
    [
        "What did the authors of the study find about silo working?",
        "Which studies found that leadership matters?",
        "What helps co-production?",
        "How was the study's data analysed?",
        "How old were the co-researchers?",  # their ages, in the text
        "Who carried out the interviews?",  # not the study's authors
        "How old are the children in the study?",
        "Which studies say turnover holds innovation back?",  # "holds": not the collection's
        "Which papers have found that supervision helps?",
    ],
)
def test_questions_about_what_documents_say_are_not_metadata_questions(question: str) -> None:
    assert ask_about_collection(question) is None


def test_the_verbs_of_who_did_the_research_are_no_part_of_its_subject() -> None:
    asked = ask_about_collection("Who carried out the evaluation of the kinship carers network?")
    assert asked is not None and asked.subject == content_terms("kinship carers network")


def test_the_subject_picks_the_document_by_its_title() -> None:
    asked = ask_about_collection("Who wrote the paper about co-production training?")
    assert asked is not None and documents_by_title(asked, [ZONE, TRAINING]) == [TRAINING]
    unknown = ask_about_collection("Who wrote the report on foster carer allowances in Wales?")
    assert unknown is not None and documents_by_title(unknown, [ZONE, TRAINING]) == []
    everyone = ask_about_collection("Who are the authors?")
    assert everyone is not None and documents_by_title(everyone, [ZONE, TRAINING]) == [ZONE, TRAINING]


def fostering(doc_id: str, title: str) -> DocumentInfo:
    return DocumentInfo(doc_id, f"{doc_id}.txt", title, 1, 3)


def test_titles_that_each_hold_part_of_the_subject_name_no_document() -> None:
    """Many reports are about foster carers; none is the one on their allowances in Wales."""
    documents = [
        fostering("a", "What helps foster carers take part in family hubs?"),
        fostering("b", "Barriers to family group conferencing: reflections from foster carers"),
        ZONE,
    ]
    unknown = ask_about_collection("Who wrote the report on foster carer allowances in Wales?")
    assert unknown is not None and documents_by_title(unknown, documents) == []
    both = ask_about_collection("Who wrote the papers on foster carers?")
    assert both is not None and documents_by_title(both, documents) == documents[:2]
    one = ask_about_collection("Who wrote the paper on co-production training in Wales?")
    assert one is not None and documents_by_title(one, [*documents, TRAINING]) == [TRAINING]


def test_answers_state_the_metadata_and_say_what_is_not_known() -> None:
    asked = ask_about_collection("When and where was the co-production paper published?")
    assert asked is not None
    text, known = describe(asked, TRAINING, 1)
    assert text == (
        "“Does training in co-production lead to any real change in practice?” was published by "
        "Emerald [1]. The metadata of “Does training in co-production lead to any real change in "
        "practice?” don't say when it was published."
    )
    assert not known
    authors = ask_about_collection("Who wrote the zone paper?")
    assert authors is not None
    text, known = describe(authors, ZONE, 2)
    assert known and text == (
        "“Creating a Conducive Zone for Innovation in Children's Social Care” was written by "
        "Michelle Lefevre and Julie Temperley [2]."
    )


@pytest.mark.slow
def test_the_assistant_answers_from_metadata_and_cites_the_document(assistant, tmp_path) -> None:
    report = tmp_path / "fife.md"
    report.write_text("# Peer support in Fife\n\nPeer support groups helped carers shape services.")
    assistant.ingest([report])
    refused = assistant.ask("Who wrote the report on peer support in Fife?")
    assert refused.refused and "don't say who wrote it" in refused.text and not refused.citations

    assistant.set_reference("fife.md", Reference(authors=("Burns, Robert",), year=2019))
    answer = assistant.ask("Who wrote the report on peer support in Fife?")
    assert not answer.refused
    assert answer.text == "“Peer support in Fife” was written by Robert Burns [1]."
    [citation] = answer.citations
    assert citation.passage.chunk.source == "fife.md" and citation.label == "Burns (2019)"
    assert assistant.ask("Who wrote the report on knife crime in Leeds?").refused


@pytest.mark.slow
def test_a_document_found_by_its_passages_holds_what_the_question_says_of_it(
    assistant, tmp_path
) -> None:
    report = tmp_path / "review.md"
    report.write_text("# Kinship care review\n\nFoster carers in Wales said peer groups helped.")
    assistant.ingest([report])
    assistant.set_reference("review.md", Reference(authors=("Burns, Robert",)))
    found = assistant.ask("Who wrote the report on foster carers in Wales?")
    assert found.text == "“Kinship care review” was written by Robert Burns [1]."
    assert assistant.ask("Who wrote the report on foster carer allowances in Wales?").refused


@pytest.mark.slow
def test_a_large_collection_is_listed_in_part_with_a_pointer_to_the_rest(assistant, tmp_path):
    for n in range(12):
        (tmp_path / f"report-{n:02d}.md").write_text(
            f"# Kinship care review {n:02d}\n\nCarers in area {n} said peer groups helped them."
        )
    assistant.ingest([tmp_path])
    answer = assistant.ask("Which documents does the collection hold?")
    assert len(answer.citations) == 10
    pointer = "These are 10 of 12 documents; the Documents tab (or `carechat list`) lists them all."
    assert answer.text.endswith(pointer)
    assert answer.notice == pointer, "a note on the answer, not a claim needing a citation"
