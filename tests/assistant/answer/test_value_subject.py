"""A value asked of one thing is taken only from documents that write what it is asked of."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from assistant.answer.answer_types import answer_types
from assistant.answer.value_subject import (
    MIN_DOCUMENTS_FOR_TOPIC,
    documents_writing,
    subject_words,
    topic_documents,
    topic_phrases,
)
from assistant.settings import BUNDLED_CORPUS
from tests.assistant.answer.test_answers import MORE_DOCUMENTS


def words_of(question: str) -> list[str]:
    return subject_words(question, [kind for kind in answer_types(question) if kind.required])


def test_the_words_a_value_is_asked_of():
    assert words_of("How much do parent advocate programmes cost?") == ["parent", "advocate"]
    assert words_of("How much did the clinical psychologist cost?") == ["clinical", "psychologist"]
    # the verb a "did" question ends with, the documents named, anyone counted: none
    assert words_of("When did the care leavers project start?") == ["care", "leavers", "project"]
    assert words_of("How many people did each of the two studies interview?") == []
    # a follow-up's context is not what it asks
    assert words_of("How long did it last? (context: What was the course?)") == []
    # the verb is what asks ("cost"): the last word is no verb; "new" says which, of anything
    assert words_of("How much did the new recording app cost the council?") == [
        "recording", "app", "council",
    ]  # fmt: skip


class Index:
    """Which documents write which word, as the lexical index answers."""

    def __init__(self, written: dict[str, set[str]]) -> None:
        self.written = written

    def documents_holding(
        self, words: Sequence[str], doc_ids: Sequence[str] | None = None, limit: int | None = None
    ) -> set[str]:
        [word] = words
        found = {d for d in self.written.get(word, set()) if doc_ids is None or d in doc_ids}
        return set(sorted(found)[:limit]) if limit is not None else found

    def rows_holding(self, word: str) -> int:
        return len(self.written.get(word, set()))  # a passage a document

    def count(self) -> int:
        return 8


def test_only_documents_writing_the_telling_words_give_the_value():
    index = Index({
        "advocate": {"review"}, "parent": {"review", "fgc", "kinship", "course"},
        "programmes": {"review", "kinship", "course", "survey"},
    })  # fmt: skip
    words = ["parent", "advocate", "programmes"]
    assert documents_writing(words, index, documents=8) == {"review"}
    # half the telling words will do: the question's verb may not be the document's
    index.written["spend"] = {"survey"}
    assert documents_writing(["advocate", "spend"], index, documents=8) == {"review", "survey"}
    # a word half the documents write tells nothing; with none telling, any document will do
    assert documents_writing(["parent", "programmes"], index, documents=8) is None
    # nor does a word no document writes (``unmentioned`` sees to those)
    assert documents_writing(["psychologist"], index, documents=8) is None


def test_a_cost_another_document_gives_is_not_what_was_asked(assistant):
    """The supervision report names its clinical psychologist but no cost; the FGC pilot's
    report gives its cost. Asked what the psychologist cost, the documents do not say."""
    assert assistant.ingest([
        MORE_DOCUMENTS / "family-group-conferencing-pilot.md",
        MORE_DOCUMENTS / "reflective-group-supervision.docx",
        MORE_DOCUMENTS / "kinship-carers-peer-support.txt",
        MORE_DOCUMENTS / "parents-as-partners-review.pdf",
    ]).complete  # fmt: skip
    refused = assistant.ask("How much did the clinical psychologist cost?")
    assert refused.refused and "186,000" not in refused.text
    assert refused.related  # what was found is shown
    answered = assistant.ask("How much did the family group conferencing pilot cost?")
    assert not answered.refused and "£186,000" in answered.text


def test_the_phrases_of_a_topic_are_two_content_words_in_a_row():
    assert topic_phrases("What helped restorative practice take hold in the children's homes?") == [
        ("helped", "restorative"), ("restorative", "practice"), ("practice", "take"),
        ("take", "hold"), ("children", "homes"),
    ]  # fmt: skip
    # documents and anyone are no topic; a stop word parts two words
    assert topic_phrases("What did the two studies say about people in residential care?") == [
        ("residential", "care"),
    ]  # fmt: skip


class PhraseIndex(Index):
    """Which documents write which phrase, as the lexical index finds words in a row."""

    def documents_holding(
        self, words: Sequence[str], doc_ids: Sequence[str] | None = None, limit: int | None = None
    ) -> set[str]:
        return super().documents_holding([" ".join(words)], doc_ids, limit)


def test_a_topic_few_documents_write_of_is_theirs():
    index = PhraseIndex({"restorative practice": {"rp"}, "residential care": {"rp", "kin", "fgc"}})
    asked = "the barriers to restorative practice in residential care"
    assert topic_documents(asked, index, documents=10) == {"rp"}
    # a phrase many documents write tells nothing; nor does any in a small collection
    assert topic_documents("the barriers in residential care", index, documents=10) is None
    assert topic_documents(asked, index, documents=MIN_DOCUMENTS_FOR_TOPIC - 1) is None


@pytest.mark.slow
def test_what_helps_a_topic_one_document_writes_of_comes_from_that_document(assistant):
    """Asked the barriers to restorative practice, the other papers' barriers to their own
    topics (childcare for kinship carers, late referrals) are no answer."""
    assert assistant.ingest([BUNDLED_CORPUS, MORE_DOCUMENTS]).complete
    answer = assistant.ask("List the barriers to restorative practice in residential care.")
    assert not answer.refused and answer.citations
    assert {c.passage.chunk.source for c in answer.citations} == {
        "restorative-practice-residential.pdf"
    }
    assert "Barriers:" in answer.text and "asks what helps" not in answer.text
