"""Example questions come from the collection's own themes, and only answered ones are shown."""

from __future__ import annotations

from assistant import Assistant
from assistant.answer.examples import DocumentText, example_questions, themes

FOSTERING = [
    DocumentText(
        "Placement stability in foster care",
        ["Placement stability", "Foster carer support"],
        "Placement stability matters for children. Foster carer support reduces placement "
        "breakdown. In Leeds, foster carer support groups met monthly. Placement stability "
        "improved when foster carer support was consistent. Leeds reported fewer moves.",
    ),
    DocumentText(
        "Supervising social workers and foster carers",
        [],
        "Supervising social workers visit foster carers. Foster carer support from "
        "supervising social workers builds placement stability in Leeds.",
    ),
]


def test_themes_are_the_collections_recurring_phrases_not_names() -> None:
    found = themes(FOSTERING, 4)
    assert found[:2] == ["foster carer support", "placement stability"]
    assert "leeds" not in found  # a place name, never written in lower case
    assert "supervising social workers" in found


def test_each_theme_is_asked_the_way_the_collection_answers() -> None:
    asked: list[str] = []

    def answerable(question: str) -> bool:
        asked.append(question)
        return not question.startswith("What helps")

    questions = example_questions(FOSTERING, answerable, limit=2)
    assert questions == [
        "What gets in the way of foster carer support?",
        "What gets in the way of placement stability?",
    ]
    assert asked[0] == "What helps foster carer support?"


def test_no_examples_when_nothing_is_answered() -> None:
    assert example_questions(FOSTERING, lambda question: False) == []


def test_examples_for_the_bundled_corpus_are_answered(corpus_assistant: Assistant) -> None:
    documents = [
        DocumentText(info.title, [], " ".join(c.text for c in corpus_assistant.chunks(info.doc_id)))
        for info in corpus_assistant.documents()
    ]
    questions = example_questions(
        documents, lambda question: not corpus_assistant.ask(question).refused
    )
    assert len(questions) >= 3
    assert any("co-production" in question for question in questions)
    assert all(not corpus_assistant.ask(question).refused for question in questions)
