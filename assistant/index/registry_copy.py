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
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from assistant.index.sqlite_file import SqliteFile, transaction

_SCHEMA = """
CREATE TABLE IF NOT EXISTS state (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS records (doc_id TEXT PRIMARY KEY, meta TEXT NOT NULL);
"""

Records = dict[str, dict[str, Any]]  # a record's metadata by document id


class RegistryCopy:
    """One SQLite file per collection (``sqlite_file``)."""

    def __init__(self, path: Path) -> None:
        self.file = SqliteFile(path, _SCHEMA)

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Around a write to the registry: the copy is stale from its start to its end."""
        self._move_on()
        try:
            yield
        finally:
            self._move_on()

    def generation(self) -> int:
        return _value(self.file.db, "generation")

    def current(self) -> bool:
        """Whether a copy was kept and no write has begun since it was read."""
        return _current(self.file.db)

    def records(self) -> Records | None:
        """The copy, or None when a write came since it was read (or none was kept)."""
        with transaction(self.file.db, "BEGIN") as db:
            if not _current(db):
                return None
            rows = db.execute("SELECT doc_id, meta FROM records").fetchall()
        return {doc_id: json.loads(meta) for doc_id, meta in rows}

    def keep(self, generation: int, records: Records) -> bool:
        """Keep ``records``, read from Chroma at ``generation``, unless a write has begun since
        (True when kept)."""
        with transaction(self.file.db) as db:
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
        self.file.close()

    def _move_on(self) -> None:
        self.file.db.execute(
            "INSERT INTO state VALUES ('generation', 1) "
            "ON CONFLICT (name) DO UPDATE SET value = value + 1"
        )


def _current(db: sqlite3.Connection) -> bool:
    return _value(db, "copied_at", -1) == _value(db, "generation")


def _value(db: sqlite3.Connection, name: str, missing: int = 0) -> int:
    row = db.execute("SELECT value FROM state WHERE name = ?", (name,)).fetchone()
    return int(row[0]) if row else missing
