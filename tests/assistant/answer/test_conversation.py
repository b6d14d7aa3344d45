"""Follow-ups made standalone for retrieval: the conversation's topic comes along."""

from __future__ import annotations

from assistant.answer.conversation import needs_context, standalone_question

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
