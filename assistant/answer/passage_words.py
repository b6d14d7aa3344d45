"""The words of a few documents' passages, asked as the lexical index is asked.

Whether a question's topic is mentioned was asked of the whole collection: "Does the
co-production paper discuss supervision?" found "supervisory" in the innovation paper and was
answered with the course's sentences. Asked of the document the question names, the topic is
unmentioned there and the question refused. The lexical index keeps one vocabulary for the
collection, so the named documents' passages are read and their words kept here, for the one
question (``core.Assistant.unmentioned``), and only when the check looks a word up: reading a
document's passages took 15 ms at 100,000 chunks, and most questions ask of no topic.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property
from typing import TYPE_CHECKING

from assistant.index.lexical import surface_words
from assistant.terms import content_terms

if TYPE_CHECKING:
    from assistant.answer.unmentioned import StoredWords


class PassageWords:
    """``answer.unmentioned.StoredWords`` over the given passage texts."""

    def __init__(self, texts: Iterable[str]) -> None:
        passages = list(texts)
        self._terms = [content_terms(text) for text in passages]
        self._words = sorted(set().union(*(surface_words(text) for text in passages)))

    def has_word(self, word: str) -> bool:
        """Whether a passage holds ``word`` as written (lower case, accents removed)."""
        found = bisect.bisect_left(self._words, word)
        return found < len(self._words) and self._words[found] == word

    def words_starting(self, prefix: str) -> list[str]:
        start = bisect.bisect_left(self._words, prefix)
        end = bisect.bisect_left(self._words, prefix + "\U0010ffff")
        return self._words[start:end]

    def holds_together(self, words: Sequence[str]) -> bool:
        """Whether one passage holds every one of ``words`` (stemmed)."""
        wanted = [content_terms(word) for word in words]
        return any(all(terms & want for want in wanted if want) for terms in self._terms)


class DocumentWords:
    """``StoredWords`` of some documents, their passages read on the first look-up (at most
    ``limit`` + 1 of them, by ``read``); the collection's words when they hold more."""

    def __init__(
        self, read: Callable[[int], list[str]], collection: StoredWords, limit: int
    ) -> None:
        self._read = read
        self._collection = collection
        self._limit = limit

    @cached_property
    def _words(self) -> StoredWords:
        texts = self._read(self._limit + 1)
        return self._collection if len(texts) > self._limit else PassageWords(texts)

    def has_word(self, word: str) -> bool:
        return self._words.has_word(word)

    def words_starting(self, prefix: str) -> list[str]:
        return self._words.words_starting(prefix)

    def holds_together(self, words: Sequence[str]) -> bool:
        return self._words.holds_together(words)
