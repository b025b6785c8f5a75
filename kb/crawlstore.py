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

import datetime as _dt
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


def hours_since_success(db: Database, name: str) -> float | None:
    """Hours since the named source last succeeded, or None if it never did."""
    row = db.execute("select last_success from sources where name = ?", [name]).fetchone()
    if not row or not row[0]:
        return None
    then = _dt.datetime.fromisoformat(row[0])
    return (_dt.datetime.now(_dt.timezone.utc) - then).total_seconds() / 3600


def mark_skipped(db: Database, source_id: int, reason: str) -> None:
    """Record that a source was not crawled on purpose (e.g. its API key is not
    set): the reason goes to ``last_error``; neither success nor failure moves."""
    db["sources"].update(source_id, {"last_error": f"skipped: {reason}"})


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
    with db.atomic():
        if per_source is not None:
            row["per_source"] = json.dumps(per_source, sort_keys=True)
            _record_source_runs(db, run_id, per_source)
        db["crawl_runs"].update(run_id, row)


def _record_source_runs(db: Database, run_id: int, per_source: Mapping[str, Any]) -> None:
    """One ``source_runs`` row per source of the run (what the health view reads)."""
    ids = source_ids(db)
    rows = []
    for name, per in per_source.items():
        if name not in ids or not isinstance(per, Mapping):
            continue
        row = {k: int(per.get(k) or 0) for k in
               ("fetched", "new", "changed", "unchanged", "failed", "observations_added")}
        row.update(run_id=run_id, source_id=ids[name], ok=1 if per.get("ok", True) else 0,
                   error=per.get("error"))
        rows.append(row)
    if rows:
        db["source_runs"].upsert_all(rows, pk=("run_id", "source_id"))


# -- pages and snapshots -------------------------------------------------------


def page_state(db: Database, url: str) -> dict | None:
    """The URL's last fetch state (etag, last_modified, content_hash...), or None."""
    rows = list(db["pages"].rows_where("url = ?", [url]))
    return rows[0] if rows else None


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


# -- crawler support (resume, summaries) ------------------------------------------

#: Run statuses of a crawl that stopped before it finished (killed or interrupted).
UNFINISHED = ("running", "interrupted")


def resume_point(db: Database, run_id: int) -> str:
    """Since when stored fetches need not be fetched again by run ``run_id``.

    The answer is the time the last crawl run before ``run_id`` that
    finished (``ok`` or ``failed``) ended: everything stored after it was
    stored by runs that never finished (killed with SIGKILL, interrupted) or
    by ``run_id`` itself.  Compare with ``>`` (timestamps have whole
    seconds: a fetch in the very second that run ended is fetched again).
    ``""`` when no crawl ever finished.  Runs still marked ``running`` are
    marked ``interrupted``.
    """
    rows = db.execute(
        "select id, status, finished_at from crawl_runs where id < ? "
        "and (command is null or command != 'extract') order by id desc limit 1000",
        [run_id],
    ).fetchall()
    since = ""
    stale: list[int] = []
    for rid, status, finished in rows:
        if status not in UNFINISHED:
            since = finished or ""
            break
        if status == "running":
            stale.append(rid)
    for rid in stale:
        db["crawl_runs"].update(
            rid, {"status": "interrupted", "message": f"stopped before it finished; resumed by run {run_id}"}
        )
    return since


def source_ids(db: Database) -> dict[str, int]:
    """``{source name: id}`` of every known source."""
    return {name: sid for sid, name in db.execute("select id, name from sources")}


def document_for_url(db: Database, url: str) -> int | None:
    """The id of the document whose canonical URL is ``url``, or None."""
    row = db.execute("select id from documents where url = ?", [url]).fetchone()
    return row[0] if row else None


def run_failures(db: Database, run_id: int, limit: int = 1000) -> list[dict]:
    """The fetch errors recorded in run ``run_id`` (url, status, reason, source)."""
    sql = (
        "select e.url, e.status, e.reason, s.name from fetch_errors e "
        "left join sources s on s.id = e.source_id where e.run_id = ? order by e.id limit ?"
    )
    return [
        {"url": u, "status": st, "reason": r, "source": n}
        for u, st, r, n in db.execute(sql, [run_id, limit])
    ]
