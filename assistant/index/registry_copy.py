"""A copy of the document registry's records beside the index, so that listing the documents
opens neither Chroma nor its half-second import (``carechat list`` at 100,000 chunks).

The registry in Chroma stays the one source of truth; the copy is only used while no write has
come since it was read. Every write to the registry (``ChunkStore``'s ``_write`` methods, in any
process of the data folder) moves a generation counter on before it starts and again when it
ends, even when it fails; a reader keeps what it read only if the counter did not move while it
read, and the copy counts as current only at the generation it was read at. A reader that reads
during a write either sees the counter move (and keeps nothing) or keeps a copy that the
write's closing move makes stale. Not used with a Chroma server of ``chroma_url``: other
machines write there without moving this counter.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

BUSY_TIMEOUT_S = 30.0
_SCHEMA = """
CREATE TABLE IF NOT EXISTS state (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS records (doc_id TEXT PRIMARY KEY, meta TEXT NOT NULL);
"""

Records = dict[str, dict[str, Any]]  # a record's metadata by document id


class RegistryCopy:
    """One SQLite file per collection; one connection per thread (the app answers on many)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()

    @property
    def _db(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
            db.executescript(_SCHEMA)
            self._local.db = db
        return db

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Around a write to the registry: the copy is stale from its start to its end."""
        self._move_on()
        try:
            yield
        finally:
            self._move_on()

    def generation(self) -> int:
        return _value(self._db, "generation")

    def current(self) -> bool:
        """Whether a copy was kept and no write has begun since it was read."""
        return _current(self._db)

    def records(self) -> Records | None:
        """The copy, or None when a write came since it was read (or none was kept)."""
        with _transaction(self._db, "BEGIN") as db:
            if not _current(db):
                return None
            rows = db.execute("SELECT doc_id, meta FROM records").fetchall()
        return {doc_id: json.loads(meta) for doc_id, meta in rows}

    def keep(self, generation: int, records: Records) -> bool:
        """Keep ``records``, read from Chroma at ``generation``, unless a write has begun since
        (True when kept)."""
        with _transaction(self._db, "BEGIN IMMEDIATE") as db:
            if _value(db, "generation") != generation:
                return False
            db.execute("DELETE FROM records")
            db.executemany(
                "INSERT INTO records VALUES (?, ?)",
                [(doc_id, json.dumps(meta)) for doc_id, meta in records.items()],
            )
            db.execute("INSERT OR REPLACE INTO state VALUES ('copied_at', ?)", (generation,))
        return True

    def close(self) -> None:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None

    def _move_on(self) -> None:
        self._db.execute(
            "INSERT INTO state VALUES ('generation', 1) "
            "ON CONFLICT (name) DO UPDATE SET value = value + 1"
        )


@contextmanager
def _transaction(db: sqlite3.Connection, begin: str) -> Iterator[sqlite3.Connection]:
    db.execute(begin)
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _current(db: sqlite3.Connection) -> bool:
    return _value(db, "copied_at", -1) == _value(db, "generation")


def _value(db: sqlite3.Connection, name: str, missing: int = 0) -> int:
    row = db.execute("SELECT value FROM state WHERE name = ?", (name,)).fetchone()
    return int(row[0]) if row else missing
