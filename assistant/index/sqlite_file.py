"""The SQLite files beside the index (the lexical index, the registry's copy): one connection
per thread, since the app answers on many threads, and transactions that wait for each other
across processes instead of failing."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

BUSY_TIMEOUT_S = 30.0


class SqliteFile:
    def __init__(
        self, path: Path, schema: str, upgrade: Callable[[sqlite3.Connection], None] | None = None
    ) -> None:
        """``upgrade``: run on each new connection after ``schema``, to bring an older file up."""
        self.path = path
        self.schema = schema
        self.upgrade = upgrade
        self._local = threading.local()

    @property
    def db(self) -> sqlite3.Connection:
        """This thread's connection, opened (and the file made) on first use."""
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
            db.executescript(self.schema)
            if self.upgrade:
                self.upgrade(db)
            self._local.db = db
        return db

    def close(self) -> None:
        """This thread's connection."""
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None


@contextmanager
def transaction(
    db: sqlite3.Connection, begin: str = "BEGIN IMMEDIATE"
) -> Iterator[sqlite3.Connection]:
    """COMMIT, or ROLLBACK on any error. ``BEGIN IMMEDIATE`` (a write) waits for another
    writer and never interleaves with it; ``BEGIN`` reads one consistent state."""
    db.execute(begin)
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
