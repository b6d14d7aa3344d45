"""BM25 over the stored passages, beside Chroma's vectors: SQLite FTS5 with English stemming.

Chroma's local client has no lexical search. SQLite FTS5 is in Python's standard library (no
service, no package), ranks by BM25, stems with Porter, folds accents, is safe across processes
by SQLite's own locking (the app and the CLI share it as they share the store). A table of the
stored words, kept with every write, gives the words spelling correction chooses from (FTS5's
vocabulary table would count every term's passages to list them: slow in a large collection).

The index is derived from the Chroma collection and can be rebuilt from it at any time. Writers
keep it in step (``ChunkStore`` adds rows before the chunks and removes them after), and
``ChunkStore.sync_lexical`` reconciles it when its row count differs from the collection's:
after a crash between the two writes, or when another machine wrote to a shared Chroma server.
A hit is resolved through Chroma, so a row whose chunk is gone is never shown.

A search leaves out the words that most passages hold (``telling_words``): they barely move
BM25's ranking and make a search of a large collection slow.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

from assistant.index.sqlite_file import SqliteFile, transaction
from assistant.models import Chunk

_SCHEMA = """
CREATE VIRTUAL TABLE IF NOT EXISTS passages USING fts5(
    text, folded, chunk_id UNINDEXED, doc_id UNINDEXED,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE IF NOT EXISTS surface USING fts5(
    text, chunk_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE IF NOT EXISTS vocabulary USING fts5vocab(surface, 'row');
CREATE TABLE IF NOT EXISTS counts (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS words (term TEXT PRIMARY KEY) WITHOUT ROWID;
"""
_JOINERS = re.compile(r"(?<=\w)[-‐‑'’](?=\w)")  # co-production, children's
_SURFACE_WORD = re.compile(r"[^\W_]+")
COMMON_SHARE = 0.15  # a word held by more of the passages than this is left out of a search
MAX_WORDS_STARTING = 2_000  # a prefix of four letters or more: a few hundred at most, in practice
FORMAT = 2  # 2: a passage is indexed under its section heading (``_indexed``)
MAX_POSTINGS = 5_000  # passages one search may score, rarest words first: flat at any size


def fold(text: str) -> str:
    """Hyphens and apostrophes inside words removed: "co-production" -> "coproduction", so a
    question typed either way finds the passage written the other way."""
    return _JOINERS.sub("", text)


def surface_words(text: str) -> set[str]:
    """The words of ``text`` as the surface table's tokenizer writes them: lower case, accents
    removed, split at anything but letters and digits."""
    plain = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(char for char in plain if not unicodedata.combining(char))
    return set(_SURFACE_WORD.findall(plain))


def _indexed(chunk: Chunk) -> str:
    """A passage's text under its section heading: the sentences under "What works" or
    "Limitations" need not say so themselves to be found by a question that does."""
    return f"{chunk.section}\n{chunk.text}" if chunk.section else chunk.text


class LexicalIndex:
    """One SQLite file per collection (``sqlite_file``)."""

    def __init__(self, path: Path) -> None:
        self.file = SqliteFile(path, _SCHEMA, _upgrade)
        self._holding: tuple[int, dict[str, int]] = (-1, {})  # (generation, rows by word)

    @property
    def _db(self) -> sqlite3.Connection:
        return self.file.db

    def add(self, chunks: Sequence[Chunk]) -> None:
        """Rows for ``chunks``, replacing any with the same ids (re-adding is harmless)."""
        ids = [chunk.chunk_id for chunk in chunks]
        with transaction(self._db) as db:
            _delete(db, ids)
            db.executemany(
                "INSERT INTO passages (text, folded, chunk_id, doc_id) VALUES (?, ?, ?, ?)",
                [(_indexed(c), fold(_indexed(c)), c.chunk_id, c.doc_id) for c in chunks],
            )
            db.executemany(
                "INSERT INTO surface (text, chunk_id) VALUES (?, ?)",
                [(c.text, c.chunk_id) for c in chunks],
            )
            words = {word for c in chunks for word in surface_words(c.text)}
            db.executemany("INSERT OR IGNORE INTO words VALUES (?)", [(w,) for w in words])
            _recount(db)

    def delete(self, chunk_ids: Iterable[str]) -> None:
        with transaction(self._db) as db:
            _delete(db, list(chunk_ids))
            db.execute("DELETE FROM words WHERE term NOT IN (SELECT term FROM vocabulary)")
            _recount(db)

    def count(self) -> int:
        """Rows indexed; counted when written (counting an FTS5 table scans it, and every
        question asks)."""
        row = self._db.execute("SELECT value FROM counts WHERE name = 'passages'").fetchone()
        return int(row[0]) if row else 0

    def chunk_ids(self) -> set[str]:
        return {row[0] for row in self._db.execute("SELECT chunk_id FROM passages")}

    def search(
        self, words: Sequence[str], n: int, doc_ids: Sequence[str] | None = None
    ) -> list[str]:
        """Chunk ids, best BM25 first, of passages holding any of ``words`` (stemmed, and
        matched against the folded text too) that tell passages apart (``telling_words``)."""
        telling = self.telling_words([word for word in dict.fromkeys(words) if word])
        if not telling:
            return []
        query = " OR ".join(f'"{word}"' for word in telling)
        sql = f"SELECT chunk_id FROM passages WHERE passages MATCH ?{_of(doc_ids)}"
        sql += " ORDER BY bm25(passages) LIMIT ?"
        return [row[0] for row in self._db.execute(sql, [query, *(doc_ids or ()), n])]

    def telling_words(self, words: list[str]) -> list[str]:
        """``words``, rarest first, without those held by more than ``COMMON_SHARE`` of the
        passages, and only as many as hold ``MAX_POSTINGS`` passages together (at least the
        rarest word). A common word adds next to nothing to a passage's BM25 score (its
        inverse document frequency is near zero) and costs the most: FTS5 scores every passage
        holding a word searched, half of a large collection for "social" or "care"."""
        rows = self.count()
        held = {word: self.rows_holding(word) for word in words}
        rarest_first = sorted(words, key=held.__getitem__)
        telling: list[str] = []
        postings = 0
        for word in rarest_first:
            postings += held[word]
            if held[word] > COMMON_SHARE * rows or postings > MAX_POSTINGS:
                break
            telling.append(word)
        return telling or rarest_first[:1]

    def rows_holding(self, word: str) -> int:
        """Passages holding ``word`` (stemmed); counted once per word until the index changes
        (counting scans the word's postings: milliseconds for a common word at 100,000 rows)."""
        generation = self._generation()
        known, holding = self._holding
        if known != generation:
            holding = {}
            self._holding = (generation, holding)
        if word not in holding:
            found = self._db.execute(
                "SELECT count(*) FROM passages WHERE passages MATCH ?", (f'"{word}"',)
            ).fetchone()
            holding[word] = int(found[0])
        return holding[word]

    def _generation(self) -> int:
        """Bumped by every write, by any process."""
        row = self._db.execute("SELECT value FROM counts WHERE name = 'generation'").fetchone()
        return int(row[0]) if row else 0

    def documents_holding(
        self, words: Sequence[str], doc_ids: Sequence[str] | None = None, limit: int | None = None
    ) -> set[str]:
        """Documents (ids; of ``doc_ids`` when given) with a passage holding ``words`` in a row
        (stemmed, as searched); at most ``limit`` of them, found without reading every posting
        (a phrase common to thousands of passages took 37 ms to list at 100,000)."""
        phrase = " ".join(word.replace('"', "") for word in words)
        sql = f"SELECT DISTINCT doc_id FROM passages WHERE passages MATCH ?{_of(doc_ids)}"
        params: list[object] = [f'"{phrase}"', *(doc_ids or ())]
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return {row[0] for row in self._db.execute(sql, params)}

    def holds_together(self, words: Sequence[str]) -> bool:
        """Whether one passage holds every one of ``words`` (stemmed, as searched)."""
        query = " AND ".join('"' + word.replace('"', "") + '"' for word in words)
        found = self._db.execute(
            "SELECT 1 FROM passages WHERE passages MATCH ? LIMIT 1", (query,)
        ).fetchone()
        return found is not None

    def known_words(self, first_letter: str, min_length: int, max_length: int) -> list[str]:
        """Words of the stored text (unstemmed) starting with ``first_letter``, of a length in
        the range: the candidates a misspelt question word is corrected to."""
        rows = self._db.execute(  # not the vocabulary, which counts every term's passages
            "SELECT term FROM words WHERE term >= ? AND term < ? AND length(term) BETWEEN ? AND ?",
            (first_letter, first_letter + "\U0010ffff", min_length, max_length),
        )
        return [row[0] for row in rows]

    def words_starting(self, prefix: str) -> list[str]:
        """The stored words (unstemmed, lower case) starting with ``prefix``, at most
        ``MAX_WORDS_STARTING`` of them."""
        rows = self._db.execute(
            "SELECT term FROM words WHERE term >= ? AND term < ? LIMIT ?",
            (prefix, prefix + "\U0010ffff", MAX_WORDS_STARTING),
        )
        return [row[0] for row in rows]

    def has_word(self, word: str) -> bool:
        found = self._db.execute("SELECT 1 FROM vocabulary WHERE term = ?", (word,)).fetchone()
        return found is not None

    def hyphenated(self, word: str) -> str | None:
        """How the stored text writes ``word`` with a hyphen ("coproduction" -> "co-production"),
        if it does."""
        row = self._db.execute(
            "SELECT text FROM passages WHERE passages MATCH ? LIMIT 1", (f'folded : "{word}"',)
        ).fetchone()
        if row is None:
            return None
        forms = re.findall(r"\w+(?:[-‐‑]\w+)+", row[0])
        return next((form.lower() for form in forms if fold(form).lower() == word), None)

    def close(self) -> None:
        self.file.close()


def _of(doc_ids: Sequence[str] | None) -> str:
    """The condition keeping rows of ``doc_ids`` (one parameter each), if given."""
    return f" AND doc_id IN ({', '.join('?' * len(doc_ids))})" if doc_ids else ""


def _upgrade(db: sqlite3.Connection) -> None:
    """A file from before the table of stored words gets it filled; one whose passages were
    indexed without their headings (before ``FORMAT`` 2) is emptied, and the store's sync
    (``ChunkStore.sync_lexical``) indexes the collection's passages again."""
    if db.execute("SELECT 1 FROM words LIMIT 1").fetchone() is None:
        db.execute("INSERT OR IGNORE INTO words SELECT term FROM vocabulary")
    if _format(db) >= FORMAT:
        return
    with transaction(db) as writing:  # read again: another connection may have done it
        if _format(writing) < FORMAT and writing.execute("SELECT 1 FROM passages").fetchone():
            writing.execute("DELETE FROM passages")
            _recount(writing)
        writing.execute("INSERT OR REPLACE INTO counts VALUES ('format', ?)", (FORMAT,))


def _format(db: sqlite3.Connection) -> int:
    row = db.execute("SELECT value FROM counts WHERE name = 'format'").fetchone()
    return int(row[0]) if row else 1


def _recount(db: sqlite3.Connection) -> None:
    db.execute(
        "INSERT OR REPLACE INTO counts VALUES ('passages', (SELECT count(*) FROM passages))"
    )
    db.execute(
        "INSERT OR REPLACE INTO counts VALUES ('generation', "
        "1 + coalesce((SELECT value FROM counts WHERE name = 'generation'), 0))"
    )


def _delete(db: sqlite3.Connection, chunk_ids: list[str]) -> None:
    for start in range(0, len(chunk_ids), 500):
        batch = chunk_ids[start : start + 500]
        marks = ", ".join("?" * len(batch))
        db.execute(f"DELETE FROM passages WHERE chunk_id IN ({marks})", batch)
        db.execute(f"DELETE FROM surface WHERE chunk_id IN ({marks})", batch)
