"""Getting data out: streamed claim exports and consistent backups.

``export_claims`` walks the claims with their document, source URL and
entity through one cursor and writes CSV or JSON lines as it goes, so memory
stays flat however large the database is.  ``backup`` copies a database that
may be in use with SQLite's online backup API: the copy is a consistent
snapshot even while an update writes.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path
from typing import IO

from sqlite_utils import Database

EXPORT_COLUMNS = (
    "claim_id", "sentence", "quote", "metric", "value", "unit", "per", "token_kind",
    "qualifier", "subject", "entity", "entity_kind", "as_of", "period", "attributed_to",
    "page", "document_id", "document_title", "published_at", "site_name", "url",
    "source", "extractor_version",
)

EXPORT_SQL = """
select c.id, c.sentence, c.quote, c.metric, c.value, c.unit, c.per, c.token_kind,
       c.qualifier, c.subject, e.name, e.kind, c.as_of, c.period, c.attributed_to,
       c.page, d.id, d.title, d.published_at, d.site_name, d.url,
       s.name, c.extractor_version
from claims c
join documents d on d.id = c.document_id
left join sources s on s.id = d.source_id
left join entities e on e.id = c.entity_id
{where}
order by c.id
"""


def iter_claim_rows(db: Database, since: str | None = None):
    """Yield export rows (tuples in EXPORT_COLUMNS order), oldest claim first.

    ``since`` keeps documents first seen on or after that ISO date.
    """
    where, params = "", []
    if since:
        where, params = "where coalesce(d.first_seen, d.fetched_at) >= ?", [since]
    cursor = db.conn.execute(EXPORT_SQL.format(where=where), params)
    while True:
        rows = cursor.fetchmany(1000)
        if not rows:
            return
        yield from rows


def export_claims(db: Database, out: IO[str], fmt: str = "csv", since: str | None = None) -> int:
    """Write claims to ``out`` as ``csv`` or ``jsonl``; return the row count."""
    n = 0
    if fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(EXPORT_COLUMNS)
        for row in iter_claim_rows(db, since):
            writer.writerow(row)
            n += 1
    elif fmt == "jsonl":
        for row in iter_claim_rows(db, since):
            out.write(json.dumps(dict(zip(EXPORT_COLUMNS, row)), ensure_ascii=False) + "\n")
            n += 1
    else:
        raise ValueError(f"unknown export format {fmt!r} (csv or jsonl)")
    return n


def backup(db_path: str | Path, out_path: str | Path) -> int:
    """Copy ``db_path`` to ``out_path`` consistently; return the copy's size in bytes."""
    out_path = Path(out_path)
    if out_path.exists():
        raise FileExistsError(f"{out_path}: already exists; not overwriting")
    src = sqlite3.connect(f"file:{Path(db_path).resolve()}?mode=ro", uri=True, timeout=30)
    dst = sqlite3.connect(str(out_path))
    try:
        src.backup(dst, pages=4096)
        dst.execute("PRAGMA journal_mode = DELETE")
    finally:
        dst.close()
        src.close()
    return out_path.stat().st_size
