"""Content terms: what counts as the same word when a question and a sentence are matched."""

from __future__ import annotations

import pytest

from assistant.terms import content_terms, stem, term_pairs


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("supportive", "supports"),
        ("collaborative", "collaboration"),
        ("innovative", "innovation"),
        ("analysis", "analysed"),
        ("barriers", "barrier"),
        ("trained", "training"),
        ("supervisory", "supervision"),
        ("advisory", "advise"),
        ("regulatory", "regulation"),
        ("participatory", "participation"),
        ("co-produce", "co-production"),
        ("coproduced", "coproduction"),
        ("welsh", "wales"),  # "the Welsh study" is the one set in Wales
        ("conferencing", "conference"),
        ("scottish", "scotland"),
    ],
)
def test_forms_of_one_word_meet(one: str, other: str) -> None:
    assert stem(one) == stem(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("authorities", "authors"),
        ("informants", "information"),
        ("factory", "fact"),
        ("directory", "direct"),
        ("inventory", "invention"),
        ("conducive", "conduct"),
        ("produced", "production"),  # "the analysis produced" is not co-production
    ],
)
def test_words_the_field_uses_apart_stay_apart(one: str, other: str) -> None:
    assert stem(one) != stem(other)


def test_hyphenated_words_meet_their_parts_and_folded_form() -> None:
    hyphenated = content_terms("co-production")
    assert content_terms("production") <= hyphenated
    assert content_terms("coproduction") <= hyphenated


def test_what_is_left_of_a_contraction_and_filler_verbs_are_no_content() -> None:
    """ "doesn't" split leaves "doesn", which no sentence holds: it lowered every sentence's
    share of the question's terms, and "What doesn't work when trying to innovate?" was refused."""
    assert content_terms("What doesn't work when we're trying to innovate?") == {"work", "innov"}


def test_pairs_are_content_words_in_a_row_stop_words_skipped() -> None:
    assert term_pairs("How do policy drivers affect innovation?") == {
        ("polici", "driver"), ("driver", "affect"), ("affect", "innov")
    }  # fmt: skip
    assert ("barrier", "innov") in term_pairs("the barriers to innovation")
    assert term_pairs("innovation") == set()
