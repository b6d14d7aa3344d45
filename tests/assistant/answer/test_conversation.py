"""Follow-ups made standalone for retrieval: the conversation's topic comes along."""

from __future__ import annotations

import pytest

from assistant.answer.conversation import (
    asks_about_another_document,
    asks_for_more,
    more_asked_of,
    needs_context,
    standalone_question,
)

COURSE = "What was the Involving People co-production course?"


def test_a_question_that_stands_alone_is_left_as_it_is() -> None:
    question = "What enables innovation in children's social care?"
    assert not needs_context(question)
    assert standalone_question(question, [COURSE]) == question


def test_a_follow_up_carries_the_earlier_question() -> None:
    assert needs_context("How many of them were interviewed?")
    assert standalone_question("How many of them were interviewed?", [COURSE]) == (
        f"How many of them were interviewed? (context: {COURSE})"
    )


def test_a_chain_of_follow_ups_keeps_the_topic_question() -> None:
    history = [COURSE, "How many of them were interviewed?"]
    assert standalone_question("What did they find?", history) == (
        f"What did they find? (context: {COURSE})"
    )


def test_without_history_there_is_nothing_to_add() -> None:
    assert standalone_question("And them?", []) == "And them?"


def test_when_no_earlier_question_stands_alone_the_last_one_is_used() -> None:
    assert standalone_question("Why?", ["And them?", "What about it?"]) == (
        "Why? (context: What about it?)"
    )


@pytest.mark.parametrize(
    "question",
    [
        "What is the capital of France?",
        "What was the budget of the Involving People programme?",
        "Who won the 1966 World Cup?",
        "What is innovation?",
        "Are there any studies on kinship care?",  # "there" that points at nothing
    ],
)
def test_a_short_question_with_its_own_subject_stands_alone(question: str) -> None:
    assert not needs_context(question)
    assert standalone_question(question, [COURSE]) == question


@pytest.mark.parametrize(
    "question",
    [
        "What did they find?",  # a pronoun
        "Was such training common elsewhere?",  # a demonstrative
        "What happened there?",
        "Who ran the same course?",
        "What did the second find?",
        "Which was longer, the former or the latter?",
        "What else?",
    ],
)
def test_a_question_that_refers_back_needs_context(question: str) -> None:
    assert needs_context(question)


@pytest.mark.parametrize("question", ["How many?", "Why?", "Which one?", "What helps?"])
def test_an_ellipsis_needs_context(question: str) -> None:
    assert needs_context(question)


@pytest.mark.parametrize(
    "question",
    ["And barriers?", "And the other study?", "What about carers?", "How about training?",
     "Also, what did carers say?"],
)  # fmt: skip
def test_a_question_that_continues_the_conversation_needs_context(question: str) -> None:
    assert needs_context(question)
    assert standalone_question(question, [COURSE]) == f"{question} (context: {COURSE})"


@pytest.mark.parametrize(
    ("question", "another"),
    [
        ("and the other study?", True),
        ("What about the other paper?", True),
        ("what did that other one find?", True),
        ("How do the two studies compare?", False),
        ("What other barriers are there?", False),
    ],
)
def test_asking_about_the_other_document(question: str, another: bool) -> None:
    assert asks_about_another_document(question) is another


@pytest.mark.parametrize(
    ("question", "more"),
    [
        ("tell me more", True),
        ("Tell me a bit more about that, please.", True),
        ("Anything else?", True),
        ("is there anything else?", True),
        ("and what else?", True),
        ("OK, go on", True),
        ("Can you expand on that?", True),
        ("Tell me more about the training", False),  # a question of its own
        ("What else helps co-production?", False),
        ("What more could managers do?", False),
    ],
)
def test_asking_for_more_of_the_answer_before(question: str, more: bool) -> None:
    assert asks_for_more(question) is more
    if more:
        assert needs_context(question)


def test_more_is_asked_of_the_last_question_that_asked_for_something_else() -> None:
    history = ["What helps?", "And barriers?", "tell me more", "Anything else?"]
    assert more_asked_of("go on", history) == (
        "And barriers?", standalone_question("And barriers?", ["What helps?"]), 3
    )
    assert more_asked_of("tell me more", ["What helps?"]) == ("What helps?", "What helps?", 1)
    assert more_asked_of("tell me more", []) is None  # nothing to continue
    assert more_asked_of("tell me more", ["more please"]) is None
    assert more_asked_of("What helps?", ["What hinders?"]) is None
