"""The words of a few documents' passages, asked as the lexical index is asked.

Whether a question's topic is mentioned was asked of the whole collection: "Does the
co-production paper discuss supervision?" found "supervisory" in the innovation paper and was
answered with the course's sentences. Asked of the document the question names, the topic is
unmentioned there and the question refused. The lexical index keeps one vocabulary for the
collection, so the named documents' passages are read and their words kept here, for the one
question (``core.Assistant.unmentioned``).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence

from assistant.index.lexical import surface_words
from assistant.terms import content_terms


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
