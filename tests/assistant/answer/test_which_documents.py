"""Asked which documents say something, the answer is the documents that do, each with its
sentence; when none does, a refusal."""

from __future__ import annotations

import pytest

from assistant.answer.which_documents import (
    asks_which_documents,
    predicate_head,
    predicate_words,
    telling_held,
    telling_terms,
)
from tests.assistant.answer.test_answers import MORE_DOCUMENTS, assert_grounded
from tests.assistant.answer.test_value_subject import Index


@pytest.mark.parametrize(
    "question",
    [
        "Which studies took place in Wales?",
        "What studies used a survey?",
        "Which of the papers analysed their interviews thematically?",
        "Do any of the studies say that a lack of childcare stops people taking part?",
        "Name the projects that were funded by a charity",
        "Are there any reports on kinship care?",
    ],
)
def test_questions_asking_which_documents_say_something(question):
    assert asks_which_documents(question)


@pytest.mark.parametrize(
    "question",
    [
        "What research methods did the conducive zone study combine?",  # what one study did
        "What studies did the review include?",  # what one document holds
        "Which studies in the rapid review came from England?",
        "Which methods were used?",
        "What did the studies find about supervision?",
    ],
)
def test_questions_asking_something_else(question):
    assert not asks_which_documents(question)


def test_what_the_documents_are_asked_to_say():
    # the asking words ("which studies", "found that", "were") are not what is asked
    assert predicate_words("Which studies found that lack of time got in the way?") == [
        "lack", "time", "got", "way",
    ]  # fmt: skip
    assert predicate_words("Name the projects that were funded by a charity") == [
        "funded", "charity",
    ]  # fmt: skip
    assert predicate_head("Which studies were carried out in Scotland?") == "Scotland"
    # that a study happened is not what it says: among fourteen documents, "took" and "place"
    # may each be written by fewer than half ("The study took place in a single service")
    assert predicate_words("Which studies took place in Wales?") == ["Wales"]
    assert predicate_words("Were any of the evaluations carried out in Scotland?") == ["Scotland"]
    assert predicate_head("Which studies interviewed people?") == "interviewed"  # anyone: none
    assert predicate_words("What did the studies find?") == []


def test_the_telling_words_are_those_few_documents_write():
    index = Index({
        "took": {"a", "b", "c", "d", "e", "f"}, "place": {"a", "b", "c", "d", "e"},
        "wales": {"a"},
    })  # fmt: skip
    assert telling_terms("Which studies took place in Wales?", index, 8) == {"wale"}
    # a word no document writes tells none apart (``unmentioned`` refuses the question)
    assert telling_terms("Which studies took place in Scotland?", index, 8) == frozenset()
    assert telling_terms("What did the studies find in Wales?", index, 8) == frozenset()


def test_a_telling_word_is_held_in_any_of_its_forms():
    telling = frozenset({"token", "survey"})
    assert telling_held(telling, "They described the process as tokenistic.") == 1
    assert telling_held(telling, "Tokenism was feared; the survey said so.") == 2
    assert telling_held(telling, "The tokens were counted.") == 1  # a plural is the word
    assert telling_held(telling, "Parents were consulted.") == 0


@pytest.mark.slow
def test_the_documents_that_say_it_answer_and_no_others(assistant):
    assert assistant.ingest([
        MORE_DOCUMENTS / "care-leavers-co-researchers.html",
        MORE_DOCUMENTS / "reflective-group-supervision.docx",
        MORE_DOCUMENTS / "family-group-conferencing-pilot.md",
        MORE_DOCUMENTS / "parents-as-partners-review.pdf",
    ]).complete  # fmt: skip
    # two other studies "took place in a single service / local authority": not in Wales
    wales = assistant.ask("Which studies took place in Wales?")
    assert not wales.refused
    assert_grounded(wales)
    assert {c.passage.chunk.source for c in wales.citations} == {
        "care-leavers-co-researchers.html"
    }
    assert "Wales" in wales.text or "Welsh" in wales.text
    # the review says "tokenistic", far from the question's words: it answers too
    tokenism = assistant.ask("Which studies warn about tokenism?")
    assert {c.passage.chunk.source for c in tokenism.citations} == {
        "care-leavers-co-researchers.html", "parents-as-partners-review.pdf",
    }  # fmt: skip
    assert "tokenistic" in tokenism.text
    # what no document mentions: none of them says it
    teachers = assistant.ask("Which studies interviewed teachers?")
    assert teachers.refused and "teachers" in teachers.text
    assert teachers.related
