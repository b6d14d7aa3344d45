"""Forgiving wording: abbreviations spelt out, misspellings corrected only into the collection's
words, and real words (British spellings included) left alone."""

from __future__ import annotations

from assistant.answer.wording import (
    abbreviations_spelt_out,
    as_terms,
    correct_spelling,
    definition_in,
    edit_distance,
    expand_abbreviations,
    spell_out_defined,
    spelt_out,
)

COLLECTION = {"innovation", "participants", "research", "interviews", "analysis", "informants", "orkney",
              "enable", "summarised", "days"}  # fmt: skip
COMMON = {"budget", "france", "analyzed", "what", "many", "did", "the", "capital", "interview", "dad"}


class Lexicon:
    def has_word(self, word: str) -> bool:
        return word in COLLECTION

    def hyphenated(self, word: str) -> str | None:
        return "co-production" if word == "coproduction" else None

    def known_words(self, first_letter: str, min_length: int, max_length: int) -> list[str]:
        return [w for w in COLLECTION if w[0] == first_letter and min_length <= len(w) <= max_length]


def correct(question: str) -> str:
    return correct_spelling(question, Lexicon(), lambda word: word in COMMON)


def test_misspelt_words_become_the_collection_words_they_were_meant_as():
    assert correct("how many partisipants in the inovation reserch") == (
        "how many participants in the innovation research"
    )


def test_a_misspelt_name_of_the_collection_is_corrected_too():
    assert correct("what did carers in Orkeny say") == "what did carers in orkney say"


def test_a_word_the_collection_hyphenates_is_hyphenated():
    assert correct("what helps coproduction") == "what helps co-production"


def test_real_words_and_short_words_are_left_alone():
    assert correct("What is the capital of France?") == "What is the capital of France?"
    assert correct("What was the budget?") == "What was the budget?", "common, not in collection"
    assert correct("How were the data analysed?") == "How were the data analysed?", "British"
    assert correct("fam did NHS say") == "fam did NHS say", "short words and acronyms"


def test_a_word_whose_regular_form_the_collection_writes_is_left_alone():
    """"Summarise the paper" became "summarised the paper" where a report writes "responses
    were summarised", and was no longer read as asking for an overview."""
    assert correct("Summarise the paper") == "Summarise the paper"


def test_regular_forms_of_known_words_are_left_alone():
    """Near "enable" and "interviews" of the collection, but words in their own right."""
    assert correct("What are the enablers?") == "What are the enablers?", "the collection's + rs"
    assert correct("Who were the interviewees?") == "Who were the interviewees?", "interview"
    assert correct("how many partisipants") == "how many participants", "a misspelt base"
    assert correct("how do we get dads to come") == "how do we get dads to come", "not days"


def test_abbreviations_are_spelt_out_beside_themselves():
    assert expand_abbreviations("what do SWs in the LA need") == (
        "what do SWs (social workers) in the LA (local authority) need"
    )
    assert expand_abbreviations("support for lac and cin") == (
        "support for lac (looked after children) and cin"
    ), "lower case only where it cannot be an ordinary word"
    assert expand_abbreviations("la la land") == "la la land"
    assert expand_abbreviations("how did they pick participants for the NI study") == (
        "how did they pick participants for the NI (Northern Ireland) study"
    )


def test_plain_words_are_given_the_fields_term_beside_them():
    expanded = expand_abbreviations("What helps teams try out New Ideas in the LA?")
    assert expanded == (
        "What helps teams try out New Ideas (innovation) in the LA (local authority)?"
    )
    assert spelt_out(expanded) == "What helps teams try out New Ideas in the local authority?"
    assert as_terms(expanded) == "What helps teams try out innovation in the LA (local authority)?"
    assert expand_abbreviations("Why do new ways of working fade?") == (
        "Why do new ways of working (innovation) fade?"
    ), "the longest plain phrase"
    asked = "my managers block new ideas: what gets in the way of innovation?"
    assert expand_abbreviations(asked) == asked, "the term is asked already"
    assert expand_abbreviations("renew ideas") == "renew ideas"


def test_edit_distance_counts_a_swap_as_one():
    assert edit_distance("recieve", "receive") == 1
    assert edit_distance("inovation", "innovation") == 1
    assert edit_distance("budget", "bridget") == 2


def test_contractions_typed_without_apostrophes_get_them_back():
    class WithThemes(Lexicon):
        def known_words(self, first_letter: str, min_length: int, max_length: int) -> list[str]:
            return ["themes"] if first_letter == "t" else []  # one edit from "theres"

    question = "can we innovate if theres no money and we dont have support"
    assert correct_spelling(question, WithThemes(), lambda word: False) == (
        "can we innovate if there's no money and we don't have support"
    )
    assert correct("How were the data analysed?") == "How were the data analysed?"


def test_chat_shorthand_is_written_out_in_lower_case_only():
    assert correct("wat r the barriers u found") == "what r the barriers you found"
    assert correct("how many ppl took part") == "how many people took part"
    assert correct("Was U the name of the site?") == "Was U the name of the site?"


DEFINING = (
    "Family group conferencing (FGC) gives the wider family a say. It was offered at the "
    "start of the Public Law Outline (PLO), beside a multi-agency safeguarding hub (MASH)."
)


def test_an_acronym_is_read_as_the_words_before_it_whose_initials_spell_it():
    assert definition_in("FGC", DEFINING) == "family group conferencing"
    assert definition_in("PLO", DEFINING) == "Public Law Outline"  # a name keeps its capitals
    assert definition_in("MASH", DEFINING) == "multi-agency safeguarding hub"
    assert definition_in("IRO", DEFINING) is None
    assert definition_in("FGC", "The FGC (a meeting) was held.") is None  # initials differ


def test_an_acronym_the_collection_defines_is_spelt_out_and_read_as_its_words():
    def defined(acronym: str) -> str | None:
        return definition_in(acronym, DEFINING)

    searched = spell_out_defined("What got in the way of the FGC pilot?", defined)
    assert searched == "What got in the way of the FGC (family group conferencing) pilot?"
    assert spelt_out(searched) == "What got in the way of the family group conferencing pilot?"
    # the field's own list wins, and an acronym nothing defines is left as typed
    assert spell_out_defined("Is the LA or the XYZ involved?", defined) == (
        "Is the LA or the XYZ involved?"
    )


def test_an_abbreviation_written_beside_its_words_is_known_as_one():
    searched = "How many coordinators left the FGC (family group conferencing) team?"
    assert abbreviations_spelt_out(searched) == {"fgc"}
    assert abbreviations_spelt_out("the NI (Northern Ireland) study") == {"ni"}
    assert abbreviations_spelt_out("the XYZ (a group) study") == set()
