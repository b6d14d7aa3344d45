"""Questions asking which documents say something: "Which studies took place in Wales?", "Do
any of the papers say that a lack of childcare stops people taking part?", "Name the projects
that were funded by a charity".

Such a question is on several documents, and its answer is the documents that say what it asks,
each with its sentence. Most of what it asks is said in words many documents write ("took
place", "time"); what tells the answering documents apart is the rest, the question's telling
words: written by at most half the documents (``TELLING_SHARE``; "Wales", "survey", "tokenism").
Every sentence of the answer holds one of them, so "The study took place in a single service"
does not answer "Which studies took place in Wales?". When no retrieved sentence holds one, the
documents found do not say it, and the answer is a refusal. What the question asks about last
(its head: "Scotland", "teachers", "trial") must be mentioned by some document; that check is
``unmentioned``'s.
"""

from __future__ import annotations

import re

from assistant.answer.answer_types import ANYONE
from assistant.answer.subject import FRAME_TERMS, GENERIC_REFERENCES
from assistant.answer.value_subject import DocumentsHolding, few_writers
from assistant.terms import STOPWORDS, content_terms, same_thing, text_terms

TELLING_SHARE = 0.5  # a word written by at most this share of the documents tells them apart
_DOCUMENT_KINDS = (
    r"(?:studies|papers|documents|reports|articles|evaluations|projects|reviews|sources)"
)
# "What studies did the review include?" asks what one document holds
_OF_ONE_DOCUMENT = re.compile(
    r"\b(?:the|this|that|its|their)\s+(?:[\w'’-]+\s+){0,3}?"
    r"(?:review|study|paper|report|article|evaluation|project|briefing|synthesis)\b",
    re.IGNORECASE,
)
_WHICH_DOCUMENTS = re.compile(
    rf"^\W*(?:(?:which|what)\s+(?:of\s+(?:the|these|those)\s+)?{_DOCUMENT_KINDS}"
    rf"|(?:do|does|did|have|has|are|were)\s+any\s+(?:of\s+(?:the|these|those)\s+)?{_DOCUMENT_KINDS}"
    rf"|(?:name|list)\s+(?:the|all\s+the|any)\s+{_DOCUMENT_KINDS}"
    rf"|(?:are|is)\s+there\s+(?:any\s+)?{_DOCUMENT_KINDS})\b(?P<predicate>[^?]*)",
    re.IGNORECASE,
)
# Words that ask what a document says or is, not what it says: "Which studies found that...",
# "Name the projects that were..."
_ASKING = content_terms(
    "that which who were was are is have has had did do does been any anything something show "
    "shows showed shown suggest suggests suggested report reports reported name list"
) | FRAME_TERMS | GENERIC_REFERENCES | content_terms(_DOCUMENT_KINDS.replace("|", " "))
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
# Words saying that a study happened, not what it says: "Which studies took place in Wales?",
# "were carried out in", "were based in". As common as they are, in a collection of fourteen
# one of them may be written by fewer than half and pass for telling ("The study took place in
# a single service")
_HAPPENED = re.compile(
    r"\b(?:(?:take|takes|took|taken|taking)\s+place|carried\s+out|conducted|undertaken|based|done)\b",
    re.IGNORECASE,
)


def asks_which_documents(question: str) -> bool:
    found = _WHICH_DOCUMENTS.search(question)
    return found is not None and not _OF_ONE_DOCUMENT.search(found.group("predicate"))


def predicate_words(question: str) -> list[str]:
    """The words of what a which-documents question asks the documents to say, in order and as
    written ("took", "place", "Wales"); none for another question."""
    found = _WHICH_DOCUMENTS.search(question)
    if found is None or not asks_which_documents(question):
        return []
    predicate = _HAPPENED.sub(" ", found.group("predicate"))
    words = [re.sub(r"['’]s$", "", word) for word in _WORD.findall(predicate)]
    return [
        w for w in words
        if w.lower() not in STOPWORDS and w.lower() not in ANYONE and len(w) > 2
        and not content_terms(w) <= _ASKING
    ]  # fmt: skip


def predicate_head(question: str) -> str | None:
    """What a which-documents question asks about last ("Scotland" in "Which studies were
    carried out in Scotland?"), as written."""
    words = predicate_words(question)
    return words[-1] if words else None


def telling_terms(question: str, index: DocumentsHolding, documents: int) -> frozenset[str]:
    """The stems of the question's telling words: written by some documents, at most
    TELLING_SHARE of them; none when the question asks which documents say nothing in
    particular, or asks no such thing."""
    words = dict.fromkeys(word.lower() for word in predicate_words(question))
    telling = (content_terms(w) for w in words if few_writers(w, index, documents, TELLING_SHARE))
    return frozenset().union(*telling)


def telling_held(telling: frozenset[str], sentence: str) -> int:
    """How many of the telling words the sentence writes, in any of their forms ("tokenism",
    "tokenistic")."""
    written = text_terms(sentence)
    return sum(any(same_thing(term, word) for word in written) for term in telling)
