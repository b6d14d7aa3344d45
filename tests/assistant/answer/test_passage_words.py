"""The words of a few documents' passages, asked as the lexical index is asked."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.answer.passage_words import DocumentWords, PassageWords

PASSAGES = [
    "Reflexive supervisory mechanisms help staff feel safe.",
    "Co-production training can act as a catalyst; payment was not discussed.",
]


def test_words_are_found_as_written_and_by_their_beginning() -> None:
    words = PassageWords(PASSAGES)
    assert words.has_word("supervisory") and words.has_word("catalyst")
    assert not words.has_word("supervision") and not words.has_word("Supervisory")
    assert words.words_starting("super") == ["supervisory"]
    assert words.words_starting("pay") == ["payment"]
    assert words.words_starting("ca") == ["can", "catalyst"]  # in order, none other


def test_words_held_together_are_in_one_passage() -> None:
    words = PassageWords(PASSAGES)
    assert words.holds_together(["staff", "supervision"])  # stems: "supervisory" meets it
    assert words.holds_together(["co-production", "training"])
    assert not words.holds_together(["staff", "training"])  # in two passages, not one


def test_a_documents_passages_are_read_once_and_only_when_a_word_is_looked_up() -> None:
    """Reading them took 15 ms at 100,000 chunks; most questions look no word up."""
    reads: list[int] = []

    def read(limit: int) -> list[str]:
        reads.append(limit)
        return PASSAGES

    words = DocumentWords(read, Collection(), limit=5)
    assert reads == []
    assert words.has_word("catalyst") and words.words_starting("super") == ["supervisory"]
    assert words.holds_together(["staff", "supervision"])
    assert reads == [6]


def test_documents_holding_more_passages_than_the_limit_are_asked_of_the_collection() -> None:
    words = DocumentWords(lambda limit: PASSAGES, Collection(), limit=1)
    assert words.has_word("collection") and not words.has_word("catalyst")
    assert words.words_starting("col") == ["collection"]
    assert words.holds_together(["anything"])


class Collection:
    """The collection's words, as the lexical index answers for them: one word held."""

    def has_word(self, word: str) -> bool:
        return word == "collection"

    def words_starting(self, prefix: str) -> list[str]:
        return ["collection"] if "collection".startswith(prefix) else []

    def holds_together(self, words: Sequence[str]) -> bool:
        return True
