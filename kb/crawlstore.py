"""What the crawler writes: sources, runs, per-URL state, snapshots, failures.

The Scrapy item pipelines and middlewares call these functions; nothing in
``crawler/`` writes SQL itself.  Each write commits at once, so a crawl that
is killed keeps everything it stored up to that moment.

Economy rules live here:

* a fetch whose body hashes to the URL's last stored hash is *unchanged*:
  no new snapshot, only the page's bookkeeping moves;
* a 304 answer to a conditional request is unchanged as well;
* every other successful fetch keeps a zlib-compressed snapshot.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from sqlite_utils import Database

from kb.db import now

#: Response headers worth keeping with a snapshot.
KEPT_HEADERS = ("etag", "last-modified", "content-type")


def content_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


# -- sources -----------------------------------------------------------------


def sync_sources(db: Database, sources: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """Insert or update the configured sources; return ``{name: id}``.

    Sources dropped from the configuration keep their row (and their data).
    """
    ids: dict[str, int] = {}
    with db.atomic():
        for src in sources:
            row = {
                "name": src["name"],
                "kind": src["kind"],
                "url": src["url"],
                "format": src.get("format"),
                "licence": src.get("licence"),
                "attribution": src.get("attribution"),
                "config": json.dumps(dict(src), sort_keys=True, default=str),
            }
            existing = list(db["sources"].rows_where("name = ?", [src["name"]]))
            if existing:
                db["sources"].update(existing[0]["id"], row)
                ids[src["name"]] = existing[0]["id"]
            else:
                row["added_at"] = now()
                ids[src["name"]] = db["sources"].insert(row).last_pk
    return ids


def mark_source(db: Database, source_id: int, *, ok: bool, error: str | None = None) -> None:
    """Record a source's last success or last failure (with its reason)."""
    if ok:
        db["sources"].update(source_id, {"last_success": now()})
    else:
        db["sources"].update(source_id, {"last_failure": now(), "last_error": error})


# -- runs --------------------------------------------------------------------

RUN_COUNTERS = (
    "fetched", "new", "changed", "unchanged", "failed",
    "documents_extracted", "claims_added", "observations_added", "errors",
)


def start_run(db: Database, command: str) -> int:
    row = {"command": command, "started_at": now(), "status": "running"}
    row.update({c: 0 for c in RUN_COUNTERS})
    return db["crawl_runs"].insert(row).last_pk


def finish_run(
    db: Database,
    run_id: int,
    *,
    status: str,
    counts: Mapping[str, int] | None = None,
    per_source: Mapping[str, Any] | None = None,
    message: str | None = None,
) -> None:
    row: dict[str, Any] = {"finished_at": now(), "status": status, "message": message}
    if counts:
        row.update({k: v for k, v in counts.items() if k in RUN_COUNTERS})
    if per_source is not None:
        row["per_source"] = json.dumps(per_source, sort_keys=True)
    db["crawl_runs"].update(run_id, row)


# -- pages and snapshots -------------------------------------------------------


def page_state(db: Database, url: str) -> dict | None:
    """The URL's last fetch state (etag, last_modified, content_hash...), or None."""
    rows = list(db["pages"].rows_where("url = ?", [url]))
    return rows[0] if rows else None


def known_urls(db: Database, urls: Iterable[str]) -> set[str]:
    """Those of ``urls`` that already have a stored snapshot."""
    urls = list(urls)
    found: set[str] = set()
    for i in range(0, len(urls), 500):
        chunk = urls[i : i + 500]
        marks = ",".join("?" * len(chunk))
        found.update(
            r[0]
            for r in db.execute(
                f"select url from pages where snapshot_id is not null and url in ({marks})",
                chunk,
            ).fetchall()
        )
    return found


@dataclass
class FetchResult:
    snapshot_id: int | None  # the snapshot now current for the URL
    changed: bool  # a new snapshot was written
    new: bool  # the URL had never been stored before
    content_hash: str


def store_fetch(
    db: Database,
    *,
    url: str,
    body: bytes,
    status: int,
    headers: Mapping[str, str],
    source_id: int | None,
    run_id: int | None = None,
) -> FetchResult:
    """Store one successful fetch; write a snapshot only when the body changed."""
    h = {k.lower(): v for k, v in headers.items()}
    digest = content_hash(body)
    stamp = now()
    prev = page_state(db, url)
    with db.atomic():
        if prev and prev["content_hash"] == digest and prev["snapshot_id"]:
            db["pages"].update(
                url,
                {
                    "last_fetched": stamp,
                    "last_status": status,
                    "etag": h.get("etag") or prev["etag"],
                    "last_modified": h.get("last-modified") or prev["last_modified"],
                    "fetch_count": (prev["fetch_count"] or 0) + 1,
                    "last_error": None,
                },
            )
            return FetchResult(prev["snapshot_id"], False, False, digest)
        snapshot_id = db["snapshots"].insert(
            {
                "source_id": source_id,
                "run_id": run_id,
                "url": url,
                "fetched_at": stamp,
                "status": status,
                "content_type": h.get("content-type"),
                "etag": h.get("etag"),
                "last_modified": h.get("last-modified"),
                "content_hash": digest,
                "size": len(body),
                "body": zlib.compress(body, 6),
            }
        ).last_pk
        db["pages"].upsert(
            {
                "url": url,
                "source_id": source_id,
                "first_seen": prev["first_seen"] if prev else stamp,
                "last_fetched": stamp,
                "last_status": status,
                "etag": h.get("etag"),
                "last_modified": h.get("last-modified"),
                "content_hash": digest,
                "snapshot_id": snapshot_id,
                "fetch_count": ((prev or {}).get("fetch_count") or 0) + 1,
                "failures": (prev or {}).get("failures") or 0,
                "last_error": None,
            },
            pk="url",
        )
    return FetchResult(snapshot_id, True, prev is None or not prev["snapshot_id"], digest)


def record_not_modified(db: Database, url: str) -> dict | None:
    """A 304 (or equivalent) for ``url``: bump its bookkeeping, return its state."""
    prev = page_state(db, url)
    if prev:
        db["pages"].update(
            url,
            {
                "last_fetched": now(),
                "last_status": 304,
                "fetch_count": (prev["fetch_count"] or 0) + 1,
                "last_error": None,
            },
        )
    return prev


def record_failure(
    db: Database,
    *,
    url: str,
    reason: str,
    status: int | None = None,
    source_id: int | None = None,
    run_id: int | None = None,
) -> None:
    """Record a failed fetch of ``url`` (the page's stored snapshot is kept)."""
    stamp = now()
    with db.atomic():
        db["fetch_errors"].insert(
            {
                "run_id": run_id,
                "source_id": source_id,
                "url": url,
                "at": stamp,
                "status": status,
                "reason": reason,
            }
        )
        prev = page_state(db, url)
        if prev:
            db["pages"].update(
                url,
                {
                    "last_fetched": stamp,
                    "last_status": status,
                    "failures": (prev["failures"] or 0) + 1,
                    "last_error": reason,
                },
            )
        else:
            db["pages"].insert(
                {
                    "url": url,
                    "source_id": source_id,
                    "first_seen": stamp,
                    "last_fetched": stamp,
                    "last_status": status,
                    "fetch_count": 0,
                    "failures": 1,
                    "last_error": reason,
                }
            )


def snapshot_body(db: Database, snapshot_id: int) -> tuple[bytes, dict]:
    """The decompressed body of a snapshot and its row (without the blob)."""
    row = db["snapshots"].get(snapshot_id)
    body = zlib.decompress(row.pop("body"))
    return body, row
