"""Which study a question means, apart from what it asks about it.

"How many staff took part in the Involving People co-production study?" asks about staff and a
number; "Involving People co-production study" says which document. The words that say which
(names, quoted titles, "the co-production study", "the study on innovation in social care")
help find the document's passages (``retrieval``) but must not choose the sentence inside it
(``compose``).
"""

from __future__ import annotations

import re

from assistant.answer.terms import content_terms

GENERIC_REFERENCES = content_terms("study studies paper papers research article report programme")
# Words that frame a question about the documents rather than say what it is about: "What do
# the two papers say about X?" is about X.
FRAME_TERMS = content_terms(
    "say says said tell tells told find finds found two both each across between compare "
    "comparison according document documents author authors collection"
)


def subject_terms(question: str) -> set[str]:
    """The question's content terms without its framing words (all of them, if that is all
    it has)."""
    terms = content_terms(question)
    return terms - FRAME_TERMS or terms
_REFERENCE = (
    r"(?:study|studies|paper|article|report|programme|program|project|course|review|research)"
)
_WHICH_STUDY = (  # "the co-production study", "the study on innovation in social care"
    re.compile(rf"\b(?:the|this|that|a|an|each|both) ((?:[\w'’-]+ ){{1,3}}){_REFERENCE}\b", re.IGNORECASE),
    re.compile(rf"\b{_REFERENCE} (?:on|of|about|into) ((?:[\w'’-]+ ?){{1,5}})", re.IGNORECASE),
)
_NAMED = re.compile(r"(?<!^)(?<![.?!] )\b[A-Z][\w'’-]+|[“\"‘]([^”\"’]+)[”\"’]")


def naming_phrase(question: str) -> str:
    """The words of ``question`` that say which study it means, joined."""
    named = [m.group(1) or m.group(0) for m in _NAMED.finditer(question.strip())]
    which = [m.group(1) for pattern in _WHICH_STUDY for m in pattern.finditer(question)]
    return " ".join(named + which)


def identifying_terms(question: str) -> set[str]:
    """Terms that pick out a document rather than ask about something in it, with "study",
    "paper" and the like."""
    return content_terms(naming_phrase(question)) | GENERIC_REFERENCES
