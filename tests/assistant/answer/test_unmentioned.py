"""Names a question holds that no document mentions: which words count as names, and which of
them the collection lacks."""

from __future__ import annotations

import pytest

from assistant.answer.unmentioned import unmentioned_names

COMMON = {"team", "manager", "scotland", "what", "has", "the", "uk", "evidence", "informed"}
COLLECTION = {"conducive", "zone", "lefevre", "innovation", "co", "production"}


def absent(question: str) -> list[str]:
    return unmentioned_names(question, COMMON.__contains__, COLLECTION.__contains__)


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("What part did Cafcass play in the course?", ["Cafcass"]),
        ("has the NSPCC done anything on co-production?", ["NSPCC"]),
        ("NSPCC work on co-production?", ["NSPCC"]),  # capitals count even first
        ("What do the studies say about Barnardo's?", ["Barnardo's"]),
        ("How did Covid-19 change innovation?", ["Covid-19"]),
        ("Did Ofsted and Cafcass agree with Ofsted?", ["Ofsted", "Cafcass"]),  # once each
    ],
)
def test_a_name_no_passage_holds_is_found(question: str, names: list[str]) -> None:
    assert absent(question) == names


@pytest.mark.parametrize(
    "question",
    [
        "Cafcass: what did they do?",  # the first word may be capitalised for any reason
        "What does the Conducive Zone paper say?",  # in the collection, any case
        "As a Team Manager in Scotland, what helps?",  # common words, however written
        "What did the UK studies find?",  # too short to tell from a common word
        "Is the Evidence-Informed approach used?",  # each part common
        "what part did cafcass play?",  # lower case: a word, perhaps misspelt, not a name
    ],
)
def test_what_is_no_unmentioned_name(question: str) -> None:
    assert absent(question) == []
