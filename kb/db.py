"""Opening the knowledge base: one function every stage calls first.

``open_db(path)`` returns a :class:`sqlite_utils.Database` in WAL mode (so
Datasette can read while a crawl writes), with foreign keys enforced, a busy
timeout instead of instant "database is locked" errors, and every pending
schema migration applied (see :mod:`kb.schema`).
"""

from __future__ import annotations

import datetime as _dt
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from kb.schema import MIGRATIONS

BUSY_TIMEOUT_MS = 30_000


class KBError(Exception):
    """A knowledge-base problem worth one clear line to the user."""


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
    db = Database(conn)
    if migrate:
        try:
            MIGRATIONS.apply(db)
        except sqlite3.DatabaseError as exc:
            raise KBError(f"{path}: cannot upgrade the schema ({exc})") from None
    return db


def now() -> str:
    """The current UTC time as an ISO 8601 string (seconds precision)."""
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
