"""Questions that name a document by its authors: "What did Lefevre and colleagues find about the
workforce?", "According to Patton, how long was the course?", "the Lefevre paper".

Answers cite documents as "Lefevre, Temperley and Goldsmith (2025)", so users ask that way too.
Cleaning removes author lines as page debris, so passages rarely hold the names; the registry's
references do. A question naming the family name of some documents' authors is answered from
those documents only, and is searched with the mention written "the authors" ("the Lefevre
paper" as "the paper"): the names choose the documents, and must neither count against a
sentence's grounding nor choose it.

A family name counts when it is written with its capital letter anywhere but at the start, or
in any case when it is no common English word ("lefevre" but not "young"). The registry is asked
only when a question may name authors, and only for the records whose authors' family names
(kept on each record as a list) hold one of the question's words: the cost does not grow with
the collection.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.models import DocumentInfo

_DOCUMENT_NOUN = r"(?P<noun>paper|study|article|report|review|research|evaluation|chapter|book)"
_FOLLOWERS = r"(?: et al\.?| and (?:her |his |their )?(?:colleagues|co-?authors|team|others))?"
_WORD = re.compile(r"[A-Za-z][\w-]+")  # "Lefevre's" gives "Lefevre"
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")  # "Lefevre et al. (2025)", "the Lefevre 2025 paper"
_CITED_YEAR = r"(?:,? \(?(?:19|20)\d\d\)?)?"
_AUTHOR_CUE = re.compile(
    r"\bet al\b|\band (?:her |his |their )?(?:colleagues|co-?authors)\b|\b(?i:according) to [A-Z]|"
    r"\b(?:the )?[A-Z][\w-]+(?:['’]s)? (?:paper|study|article|report|review)\b"
)


@dataclass(frozen=True)
class NamedDocuments:
    doc_ids: list[str]
    searched: str  # the question with the mention written "the authors" (or "the paper")


def may_name_authors(
    question: str,
    is_common_word: Callable[[str], bool],
    is_collection_word: Callable[[str], bool],
) -> bool:
    """Whether reading the registry's authors is worth it (it holds a record per document): the
    question cites the way authors are cited ("et al.", "and colleagues", "according to Patton",
    "the Patton paper"), or holds a capitalised word past the first that is no common English
    word ("What did Lefevre find?"), or a lower-case word that is neither common nor one of the
    collection's ("what did lefevre find"). "What is the capital of France?" and "how does
    co-production work" read nothing."""
    words = _WORD.findall(question)
    return (
        bool(_AUTHOR_CUE.search(question))
        or any(w[0].isupper() and not is_common_word(w.lower()) for w in words[1:])
        or any(
            w.islower() and not is_common_word(w) and not is_collection_word(w) for w in words
        )
    )


def possible_names(question: str, is_common_word: Callable[[str], bool]) -> list[str]:
    """The question's words that may be family names (``_may_be_name``), in lower case, as the
    registry looks them up."""
    words = _WORD.findall(question)
    return sorted({w.lower() for at, w in enumerate(words) if _may_be_name(w, at, is_common_word)})


def named_documents(
    question: str,
    documents: Sequence[DocumentInfo],
    is_common_word: Callable[[str], bool],
    several: bool = False,
) -> NamedDocuments | None:
    """The documents whose authors ``question`` names, or None when it names none; ``documents``
    need hold only those with an author of one of ``possible_names``. Names cited together
    ("Lefevre, Temperley and Goldsmith") mean the documents they wrote together, if any; a
    question about ``several`` documents ("Compare Lefevre and Patton") means each one's. A
    year cited with them ("Lefevre et al. (2025)") keeps those of that year, if any."""
    by_family: dict[str, set[str]] = {}
    for info in documents:
        for family in info.reference.family_names():
            by_family.setdefault(family.lower(), set()).add(info.doc_id)
    named = [
        word
        for position, word in enumerate(_WORD.findall(question))
        if word.lower() in by_family and _may_be_name(word, position, is_common_word)
    ]
    if not named:
        return None
    by_each = [by_family[word.lower()] for word in named]
    together = set.intersection(*by_each)
    doc_ids = together if together and not several else set.union(*by_each)
    years = {int(year) for year in _YEAR.findall(question)}
    of_year = {d.doc_id for d in documents if d.doc_id in doc_ids and d.reference.year in years}
    return NamedDocuments(sorted(of_year or doc_ids), _unnamed(question, named))


def _may_be_name(word: str, position: int, is_common_word: Callable[[str], bool]) -> bool:
    """Capitalised past the question's first word, or no common English word."""
    return (word[0].isupper() and position > 0) or not is_common_word(word.lower())


def _unnamed(question: str, names: Sequence[str]) -> str:
    name = "(?:" + "|".join(re.escape(n) for n in dict.fromkeys(names)) + ")"
    mention = rf"\b(?:according to )?(?:the )?{name}(?:(?:,| and| &) {name})*"
    possessive = r"(?:['’]s)?"
    searched = re.sub(
        rf"{mention}{possessive}{_CITED_YEAR} {_DOCUMENT_NOUN}\b", r"the \g<noun>", question
    )
    searched = re.sub(rf"{mention}{_FOLLOWERS}{possessive}{_CITED_YEAR}", "the authors", searched)
    return " ".join(searched.split())
