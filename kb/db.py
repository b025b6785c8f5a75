"""Opening the knowledge base: one function every stage calls first.

``open_db(path)`` returns a :class:`sqlite_utils.Database` in WAL mode (so
Datasette can read while a crawl writes), with foreign keys enforced, a busy
timeout instead of instant "database is locked" errors, and every pending
schema migration applied (see :mod:`kb.schema`).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import fcntl
import sqlite3
from pathlib import Path
from typing import Iterator

from sqlite_utils import Database

from kb.schema import MIGRATIONS

BUSY_TIMEOUT_MS = 30_000


class KBError(Exception):
    """A knowledge-base problem worth one clear line to the user."""


class KBDatabase(Database):
    """``sqlite_utils.Database`` whose outermost ``atomic()`` starts with ``BEGIN IMMEDIATE``.

    A deferred ``BEGIN`` that reads first and writes later cannot wait for
    another process's write: SQLite answers "database is locked" at once,
    whatever the busy timeout (the busy handler is skipped to avoid a
    deadlock).  Taking the write lock at the start makes a second writer
    (another crawler worker on the same file) wait up to the busy timeout.
    Nested blocks stay savepoints.
    """

    @contextlib.contextmanager
    def atomic(self) -> Iterator["KBDatabase"]:
        if self.conn.in_transaction:
            with super().atomic():
                yield self
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except BaseException:
                self.rollback()
                raise


@contextlib.contextmanager
def _migration_lock(path: Path) -> Iterator[None]:
    """Only one process applies migrations at a time (``<db>.migrate.lock``, flock).

    ``apply`` reads what is pending before it writes: without the lock a
    second process opening the same new file would create the same tables
    again ("table already exists").  The second one finds nothing pending.
    """
    with open(f"{path}.migrate.lock", "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def open_db(path: str | Path, *, migrate: bool = True) -> Database:
    """Open (creating if needed) the SQLite knowledge base at ``path``."""
    path = Path(path)
    if path.parent and not path.parent.exists():
        raise KBError(f"{path}: folder {path.parent} does not exist")
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.DatabaseError as exc:
        raise KBError(f"{path}: not a usable SQLite database ({exc})") from None
    db = KBDatabase(conn)
    if migrate:
        try:
            if MIGRATIONS.pending(db):
                with _migration_lock(path):  # two processes opening a new file at once
                    MIGRATIONS.apply(db)
        except sqlite3.DatabaseError as exc:
            raise KBError(f"{path}: cannot upgrade the schema ({exc})") from None
    return db


def now() -> str:
    """The current UTC time as an ISO 8601 string (seconds precision)."""
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
