"""The words of a few documents' passages, asked as the lexical index is asked."""

from __future__ import annotations

from assistant.answer.passage_words import PassageWords

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
