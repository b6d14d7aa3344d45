"""Names a question holds that no document mentions: "What part did Cafcass play in the
course?", "How did the Covid pandemic change innovation?", "has the NSPCC done anything on
co-production?".

Such a question cannot be answered from the collection, yet its other words ("course",
"innovation", "co-production") match passages well enough to be answered with sentences that say
nothing about what was named. A name counts when it is written with its capital letter past the
question's first word, or in capitals anywhere, and is no common English word: "Ofsted",
"Barnardo's", "NSPCC", but not "Scotland" or a capitalised "Team". It is unmentioned when no
passage holds it (the lexical index's words, as stored, any case). The question is read with
its abbreviations spelt out ("CSC" is "children's social care"), and without the authors' names
it may hold (``named_authors``), which cleaning removes from passages with the author lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*(?:-[A-Za-z0-9]+)*")
_PART = re.compile(r"[A-Za-z]{3,}")  # "Barnardo's" is looked up as "barnardo", "Covid-19" "covid"


def unmentioned_names(
    question: str,
    is_common_word: Callable[[str], bool],
    is_collection_word: Callable[[str], bool],
) -> list[str]:
    """The names in ``question`` (as written, in order, once each) that no passage holds."""
    names = [
        word
        for position, word in enumerate(_WORD.findall(question))
        if _written_as_name(word, position)
    ]
    absent = [name for name in names if _unmentioned(name, is_common_word, is_collection_word)]
    return list(dict.fromkeys(absent))


def _written_as_name(word: str, position: int) -> bool:
    letters = word.replace("'", "").replace("’", "").replace("-", "")
    acronym = len(letters) > 1 and letters.isupper()
    return acronym or (position > 0 and word[0].isupper())


def _unmentioned(
    name: str, is_common_word: Callable[[str], bool], is_collection_word: Callable[[str], bool]
) -> bool:
    """Some part of the name is no common word, and none of those parts is in a passage."""
    rare = [part.lower() for part in _PART.findall(name) if not is_common_word(part.lower())]
    return bool(rare) and not any(is_collection_word(part) for part in rare)
