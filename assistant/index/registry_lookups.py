"""Which documents an author's family name or a title's word picks out, answered in memory from
the registry's copy (``registry_copy``) instead of by Chroma.

Chroma matches a record's text (``$contains``) by scanning the full-text index it shares with
every passage and sentence of the data folder: 45 to 100 ms a question at 10,000 chunks, for
the third of the benchmark's questions whose place names ("in Greater Manchester") may be
authors' names. A record's text is a few words (``author:lefevre title:innov``...), so every
record's words fit in a dictionary. It is built from a copy that is current, and used only
while the copy's generation has not moved: any write to the registry, in any process of the
data folder, moves it, and the next lookup builds the dictionary again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RegistryLookups:
    """The records' words, each with the documents whose text holds it."""

    generation: int
    records: dict[str, dict[str, Any]]  # document id -> its record's metadata, in Chroma's order
    texts: dict[str, str]  # document id -> its record's text
    words: dict[str, set[str]]  # a record's word ("author:lefevre") -> document ids

    @classmethod
    def of(
        cls, generation: int, records: dict[str, dict[str, Any]], texts: dict[str, str]
    ) -> RegistryLookups:
        words: defaultdict[str, set[str]] = defaultdict(set)
        for doc_id, text in texts.items():
            for word in text.split():
                words[word].add(doc_id)
        return cls(generation, records, texts, dict(words))

    def holding(self, kind: str, values: Iterable[str]) -> set[str]:
        """The documents whose text holds one of ``values`` of ``kind`` as a whole word, as
        Chroma's ``$contains " author:lefevre "`` finds them."""
        return {doc_id for value in values for doc_id in self.words.get(f"{kind}{value}", ())}

    def values_of(self, doc_id: str, kind: str) -> set[str]:
        """The values of ``kind`` a document's text holds (its title's terms)."""
        return values_in(self.texts[doc_id], kind)


def values_in(text: str, kind: str) -> set[str]:
    """The values of ``kind`` a record's text holds: "title:innov" gives "innov"."""
    return {word.removeprefix(kind) for word in text.split() if word.startswith(kind)}
