"""The records' words in memory: the same documents Chroma's ``$contains`` finds."""

from __future__ import annotations

from assistant.index.registry_lookups import RegistryLookups
from assistant.index.store import AUTHOR, TITLE

TEXTS = {
    "a": " author:lefevre author:van der berg title:innov title:zone ",
    "b": " author:patton title:train title:innov ",
}
LOOKUPS = RegistryLookups.of(3, {doc_id: {} for doc_id in TEXTS}, TEXTS)


def test_a_value_finds_the_documents_whose_text_holds_it_as_a_whole_word() -> None:
    assert LOOKUPS.holding(AUTHOR, ["lefevre"]) == {"a"}
    assert LOOKUPS.holding(AUTHOR, ["patton", "lefevre"]) == {"a", "b"}
    assert LOOKUPS.holding(TITLE, ["innov"]) == {"a", "b"}
    assert LOOKUPS.holding(AUTHOR, ["innov"]) == set(), "a title's word is no author"
    assert LOOKUPS.holding(AUTHOR, ["lefe"]) == set(), "whole words only"
    assert LOOKUPS.holding(AUTHOR, ["van"]) == {"a"}, "as ' author:van ' is in the text"
    assert LOOKUPS.holding(AUTHOR, ["berg"]) == set(), "as ' author:berg ' is not"


def test_a_documents_title_terms_are_its_values() -> None:
    assert LOOKUPS.values_of("b", TITLE) == {"train", "innov"}
