"""The extract stage: stored snapshots -> document text and metadata -> claims.

``run_extract(db)`` processes every document whose current snapshot has not
been read by the current extractor version (or every document, with
``everything=True``), one transaction per document, so a killed run keeps
what it finished and a later run picks up the rest.  A snapshot that cannot
be read (empty, broken PDF, no text) is recorded on its document
(``extract_error``) and the run goes on; the document's previous claims stay.

With ``workers > 1`` the parsing and claim extraction (the CPU-bound part)
run in a pool of processes while this process alone reads snapshots and
writes results, so SQLite keeps a single writer.
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Callable, Iterator

from sqlite_utils import Database

from extract.claims import EXTRACTOR_VERSION, extract_claims
from extract.document import Document, parse_bytes
from extract.errors import DocumentError
from kb import crawlstore, documents
from kb.entities import EntityResolver

log = logging.getLogger(__name__)

#: Documents read ahead and handed to the worker pool at a time.
CHUNK = 64


@dataclass
class ExtractSummary:
    documents: int = 0
    claims: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.failed == 0


def claims_for(doc: Document) -> list[dict]:
    """The claims of a parsed document, with the PDF page of each."""
    claims = extract_claims(doc.text, published=doc.published_at)
    for c in claims:
        c["page"] = doc.page_of(c["start"]) if doc.pages else None
    return claims


def process(task: tuple) -> tuple:
    """Parse one snapshot and extract its claims (runs in a worker process).

    ``task`` is ``(row, body, content_type)``; returns ``(row, meta, claims,
    error)`` with ``error`` a one-line reason when the snapshot is unreadable
    (or when parsing or extraction raised: ``internal error: ...``).
    """
    row, body, content_type = task
    try:
        doc = parse_bytes(body, content_type=content_type, url=row["url"])
        claims = claims_for(doc)
    except DocumentError as exc:
        return row, None, None, str(exc)
    except Exception as exc:  # a bug in a parser or the extractor must not stop the other documents
        log.info("extract: %s: internal error", row["url"], exc_info=True)  # the traceback, to the log file
        return row, None, None, " ".join(f"internal error: {type(exc).__name__}: {exc}".split())
    meta = {
        "text": doc.text,
        "title": doc.title,
        "author": doc.author,
        "published_at": doc.published_at,
        "site_name": doc.site_name,
        "language": doc.language,
        "kind": doc.kind,
        "pages": doc.pages,
    }
    return row, meta, claims, None


def _tasks(db: Database, rows: list[dict]) -> Iterator[tuple]:
    for row in rows:
        body, snap = crawlstore.snapshot_body(db, row["snapshot_id"])
        yield row, body, snap.get("content_type")


def run_extract(
    db: Database,
    *,
    everything: bool = False,
    limit: int | None = None,
    workers: int = 1,
    progress: Callable[[ExtractSummary], None] | None = None,
) -> ExtractSummary:
    """Extract pending documents; return counts and per-document errors."""
    summary = ExtractSummary()
    resolver = EntityResolver(db)
    rows = documents.pending_documents(db, EXTRACTOR_VERSION, everything=everything, limit=limit)
    if workers > 1 and len(rows) > 1:
        rows = _run_pool(db, rows, workers, summary, resolver, progress)
    for task in _tasks(db, rows):
        _save(db, summary, *process(task), resolver)
        if progress:
            progress(summary)
    return summary


def _worker_init() -> None:
    """Workers die quietly on SIGTERM and leave Ctrl-C to the parent."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run_pool(db, rows, workers, summary, resolver, progress) -> list[dict]:
    """Extract ``rows`` in a process pool; return the rows it could not finish.

    Snapshots are read in this thread, a chunk at a time (the SQLite
    connection never leaves it); workers only parse and extract.  If a
    worker dies (a crash in a parser, the OOM killer), the pool is abandoned
    and the caller finishes the remaining rows in this process.
    """
    ctx = multiprocessing.get_context("fork")
    done = 0
    try:
        with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_worker_init) as pool:
            for i in range(0, len(rows), CHUNK):
                tasks = list(_tasks(db, rows[i : i + CHUNK]))
                for result in pool.map(process, tasks):
                    _save(db, summary, *result, resolver)
                    done += 1
                    if progress:
                        progress(summary)
    except BrokenProcessPool:
        log.warning("extract: a worker process died; finishing %d documents in one process", len(rows) - done)
    return rows[done:]


def _save(db, summary, row, meta, claims, error, resolver) -> None:
    if error is not None:
        summary.failed += 1
        summary.errors.append(f"{row['url']}: {error}")
        log.warning("extract: %s: %s", row["url"], error)
        documents.save_extract_error(
            db, row["id"], snapshot_id=row["snapshot_id"], version=EXTRACTOR_VERSION, error=error
        )
        return
    summary.claims += documents.save_extraction(
        db,
        row["id"],
        snapshot_id=row["snapshot_id"],
        version=EXTRACTOR_VERSION,
        meta=meta,
        claims=claims,
        entity_resolver=resolver,
    )
    summary.documents += 1
