"""A question that stands alone is answered or refused alone, whatever was asked before it;
a real follow-up still draws on the conversation. Real model, real Chroma, real CLI."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from assistant import Assistant
from assistant.models import Answer
from assistant.prompts import load_prompt

pytestmark = pytest.mark.slow

STAFF = "How many staff participants agreed to be interviewed?"
ON_TOPIC = [STAFF, "Who were the expert informants?"]
OFF_TOPIC = "What is the capital of France?"
# what both refusals open with: "...this question. I searched" and "...: none of them mentions"
REFUSAL_OPENING = os.path.commonprefix(
    [
        load_prompt("refusal", frozenset({"searched"})),
        load_prompt("unmentioned", frozenset({"names", "searched", "none"})),
    ]
)


def cited(answer: Answer) -> list[str]:
    return [citation.passage.chunk.chunk_id for citation in answer.citations]


@pytest.mark.parametrize("earlier", ON_TOPIC)
@pytest.mark.parametrize("off_topic", [OFF_TOPIC, "Who won the 1966 World Cup?"])
def test_an_off_topic_question_after_an_on_topic_one_is_refused_as_when_alone(
    corpus_assistant: Assistant, earlier: str, off_topic: str
) -> None:
    assert not corpus_assistant.ask(earlier).refused
    alone = corpus_assistant.ask(off_topic)
    after = corpus_assistant.ask(off_topic, history=[earlier])
    assert alone.refused and after.refused
    assert after.text == alone.text and after.citations == []
    assert after.standalone_question is None


@pytest.mark.parametrize("earlier", ON_TOPIC)
@pytest.mark.parametrize(
    "question",
    [
        "How much did local authorities spend on agency social workers?",
        "What is the caseload of a social worker in Wales?",
        "What was the budget of the Involving People programme?",
    ],
)
def test_an_in_domain_question_after_an_on_topic_one_gets_what_it_gets_alone(
    corpus_assistant: Assistant, earlier: str, question: str
) -> None:
    alone = corpus_assistant.ask(question)
    after = corpus_assistant.ask(question, history=[earlier])
    assert (after.refused, cited(after)) == (alone.refused, cited(alone))
    assert after.standalone_question is None


def test_a_follow_up_with_a_pronoun_still_draws_on_the_conversation(
    corpus_assistant: Assistant,
) -> None:
    earlier = "Who were the staff participants in the co-production course?"
    answer = corpus_assistant.ask("How many of them were interviewed?", history=[earlier])
    assert not answer.refused
    assert answer.standalone_question and earlier in answer.standalone_question


def sources(answer: Answer) -> set[str]:
    return {citation.passage.chunk.source for citation in answer.citations}


INNOVATION, COPRODUCTION = "000_2ab42ee1a9a58a36.txt", "002_ad9f423ab965abb9.txt"


@pytest.mark.parametrize(
    ("earlier", "first", "other", "fact"),
    [
        ("How many expert informants did the innovation study interview?", INNOVATION,
         COPRODUCTION, "5 agreed"),
        ("How many staff took part in the Involving People co-production study?", COPRODUCTION,
         INNOVATION, "21"),
    ],
)  # fmt: skip
def test_the_other_study_is_answered_from_the_document_the_last_answer_did_not_cite(
    corpus_assistant: Assistant, earlier: str, first: str, other: str, fact: str
) -> None:
    assert sources(corpus_assistant.ask(earlier)) == {first}
    follow_up = corpus_assistant.ask("and the other study?", history=[earlier])
    assert not follow_up.refused
    assert sources(follow_up) == {other}
    assert fact in follow_up.text


def quoted(answer: Answer) -> set[str]:
    return {sentence for citation in answer.citations for sentence in citation.sentences}


@pytest.mark.parametrize(
    ("earlier", "more"),
    [("What did the innovation study find?", "tell me more"),
     ("What helps co-production?", "Anything else?")],
)  # fmt: skip
def test_asking_for_more_gives_what_the_answers_before_did_not_until_nothing_is_left(
    corpus_assistant: Assistant, earlier: str, more: str
) -> None:
    """"tell me more" was refused (it names no subject) and "Anything else?" repeated the
    answer. Each asking quotes a sentence no answer before it did, to the end."""
    first = corpus_assistant.ask(earlier)
    said, history = quoted(first), [earlier]
    for _ in range(10):
        answer = corpus_assistant.ask(more, history=history)
        if answer.refused:
            break
        assert quoted(answer) - said
        assert answer.standalone_question == earlier
        said |= quoted(answer)
        history.append(more)
    assert answer.refused and answer.text == load_prompt("nothing_more", frozenset())
    assert len(history) > 1  # there was more to say at least once
    alone = corpus_assistant.ask(more)  # more of nothing
    assert alone.refused and alone.text.startswith(REFUSAL_OPENING)


def test_a_follow_up_on_another_topic_asks_the_same_of_it(corpus_assistant: Assistant) -> None:
    """"and for innovation?" after "What helps co-production?" was answered with what helps
    co-production: the earlier question's topic outweighed the follow-up's own."""
    answer = corpus_assistant.ask("and for innovation?", history=["What helps co-production?"])
    assert not answer.refused and "Enablers:" in answer.text
    assert answer.citations[0].passage.chunk.source == INNOVATION
    barriers = corpus_assistant.ask("what about barriers?", history=["What helps co-production?"])
    assert barriers.citations[0].passage.chunk.source == COPRODUCTION  # a side is no topic


def test_a_follow_up_naming_another_study_asks_it_the_question_before(
    corpus_assistant: Assistant,
) -> None:
    """The co-production study counts staff, not experts: "and for the co-production study?"
    after a count of experts was refused, as "and the other study?" no longer is."""
    earlier = "How many experts were interviewed?"
    assert sources(corpus_assistant.ask(earlier)) == {INNOVATION}
    follow_up = corpus_assistant.ask("and for the co-production study?", history=[earlier])
    assert not follow_up.refused and sources(follow_up) == {COPRODUCTION}
    assert "5 agreed" in follow_up.text


def test_the_other_study_after_an_off_topic_question_is_still_refused(
    corpus_assistant: Assistant,
) -> None:
    assert corpus_assistant.ask("and the other study?", history=[OFF_TOPIC]).refused


def test_the_situation_before_a_question_is_not_searched(corpus_assistant: Assistant) -> None:
    """"Our budgets are tight" does not make a question about what helps ask for a sum."""
    answer = corpus_assistant.ask("Our budgets are tight this year. What helps innovation happen?")
    assert not answer.refused and answer.standalone_question == "What helps innovation happen?"
    assert "Enablers:" in answer.text
    cost = "We are planning next year's training. How much did the Involving People course cost?"
    assert corpus_assistant.ask(cost).refused


def test_chat_refuses_an_off_topic_question_asked_after_an_on_topic_one() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "chat"],
        input=f"{STAFF}\n{OFF_TOPIC}\n\n",
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    # each answer follows the "> " prompt that input() writes to stdout
    _, first, second, _ = result.stdout.split("\n> ")
    assert not first.strip().startswith(REFUSAL_OPENING) and "Sources:" in first
    assert second.strip().startswith(REFUSAL_OPENING) and "Sources:" not in second
