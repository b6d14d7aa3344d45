"""Whose value an answer gives, and whose topic a question on what helps or hinders asks.

"How much do parent advocate programmes cost?" is not answered by "The pilot cost £186,000"
from a family group conferencing paper, though the sentence gives a cost and the question's
"cost" meets it. The review on parent advocacy states no cost, so the
collection does not answer.

A value (a count, a sum, a duration, a date: the ``required`` answer kinds) is taken only from
documents that write the telling words of what the question asks it of, half of them at least.
A word is telling when few documents write it (a quarter of them at most, ``TELLING_SHARE``):
"psychologist", "advocate", not "study" or "children". The passages of other documents speak
of something else; with none left, the answer is refused. A word no document writes is left to
the checks of ``unmentioned``.

The words checked are the question's own, less those asking for the value ("how much",
"cost"), those saying which documents ("study", "paper", "both"), those counting anyone
("people", "participants") and the verb a "did" question ends with ("When did the project
start?": the paper says "began"), which says what happened, not to what.

A question on what helps or hinders across the collection ("What helped restorative practice
take hold in the children's homes?") asks of its topic, and when a phrase of it (two content
words in a row: "restorative practice") is written by few documents (``TELLING_SHARE`` of them
at most), those documents give the answer, not every document's enablers of its own topic
(``topic_documents``). Single words are not enough ("kind", "ways", "staff"), nor are a few
documents: in a collection of fewer than ``MIN_DOCUMENTS_FOR_TOPIC`` any phrase is written by
a quarter of them.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from typing import Protocol

from assistant.answer.answer_types import ANYONE, AnswerType
from assistant.answer.conversation import without_context
from assistant.answer.subject import FRAME_TERMS, GENERIC_REFERENCES
from assistant.terms import STOPWORDS, content_terms

TELLING_SHARE = 0.25  # a word written by at most this share of the documents tells them apart
MIN_DOCUMENTS_FOR_TOPIC = 8  # fewer documents, and a quarter of them is one or two
_CONTENT_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_AUXILIARY = re.compile(
    r"\b(did|do|does|was|were|is|are|has|have|had|will|would|can|could)\b", re.IGNORECASE
)
_WORD = re.compile(r"[a-z][a-z-]+(?:['’]s)?")
_MIN_LETTERS = 3  # "app"
_DOCUMENT_WORDS = GENERIC_REFERENCES | FRAME_TERMS  # "the two studies": which, not of what
# "the new short breaks offer": words that say which one, true of anything ("new" is written by
# a report on kinship care too)
_SAY_WHICH = content_terms("new old recent current latest earlier previous first last main other same")


class DocumentsHolding(Protocol):
    """The collection's lexical index (``index.lexical.LexicalIndex``)."""

    def documents_holding(
        self, words: Sequence[str], doc_ids: Sequence[str] | None = None, limit: int | None = None
    ) -> set[str]: ...

    def rows_holding(self, word: str) -> int: ...

    def count(self) -> int: ...


def subject_words(question: str, asked: Sequence[AnswerType]) -> list[str]:
    """The words of ``question`` that say what a value is asked of."""
    text = without_context(question).lower()
    asks = [found for kind in asked for found in kind.asks.finditer(text)]
    asking = {word for found in asks for word in _WORD.findall(found.group(0))}
    words = [re.sub(r"['’]s$", "", word) for word in _WORD.findall(text)]
    content = [w for w in words if w not in STOPWORDS and len(w) >= _MIN_LETTERS]
    auxiliary = _AUXILIARY.search(text)
    # "When did the project start?": its verb; not when the verb is what asks ("What did the
    # app cost the council?")
    if content and auxiliary and not any(f.start() > auxiliary.start() for f in asks):
        content = content[:-1]
    return [
        w for w in content
        if w not in asking and w not in ANYONE
        and not content_terms(w) & (_DOCUMENT_WORDS | _SAY_WHICH)
    ]  # fmt: skip


def few_writers(word: str, index: DocumentsHolding, documents: int, share: float) -> set[str]:
    """The documents writing ``word`` when some do, ``share`` of the ``documents`` at most (one
    at least); none when more do, or none."""
    if index.rows_holding(word) > share * index.count():
        return set()  # common: listing its documents would read thousands of postings
    most = max(1, int(documents * share))
    holding = index.documents_holding([word], None, most + 1)
    return holding if len(holding) <= most else set()


def documents_writing(
    words: Sequence[str], index: DocumentsHolding, documents: int
) -> set[str] | None:
    """The documents writing at least half the telling ones of ``words`` (a verb the question
    uses may be one the answering document does not: "How long did Ashdown spend planning?",
    "after a year of planning"); None when none of them tells."""
    writers: Counter[str] = Counter()
    telling = 0
    for word in dict.fromkeys(words):
        holding = few_writers(word, index, documents, TELLING_SHARE)
        if holding:
            telling += 1
            writers.update(holding)
    return {doc for doc, written in writers.items() if 2 * written >= telling} if telling else None


def topic_phrases(question: str) -> list[tuple[str, str]]:
    """Two content words in a row ("restorative practice", "family hubs"), document words and
    anyone-words aside, in lower case."""
    words = [re.sub(r"['’]s$", "", w.lower()) for w in _CONTENT_WORD.findall(question)]
    return [
        (first, second) for first, second in itertools.pairwise(words)
        if all(_is_topic_word(word) for word in (first, second))
    ]  # fmt: skip


def _is_topic_word(word: str) -> bool:
    return (
        word not in STOPWORDS
        and word not in ANYONE
        and len(word) > 2
        and not content_terms(word) & _DOCUMENT_WORDS
    )


def topic_documents(
    question: str, index: DocumentsHolding, documents: int
) -> set[str] | None:
    """The documents writing a phrase of ``question`` that few documents write; None when none
    does, or the collection is too small to tell."""
    if documents < MIN_DOCUMENTS_FOR_TOPIC:
        return None
    most = int(documents * TELLING_SHARE)
    writing: set[str] = set()
    for phrase in dict.fromkeys(topic_phrases(question)):
        holding = index.documents_holding(list(phrase), None, most + 1)
        if 0 < len(holding) <= most:
            writing |= holding
    return writing or None
