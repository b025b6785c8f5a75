"""Documents (one row per canonical article or report) and their claims.

The crawler registers a document when it stores a snapshot of an article
(:func:`register_document`); the extract stage later asks for the documents
whose current snapshot has not been processed by the current extractor
(:func:`pending_documents`) and replaces their claims in one transaction
(:func:`save_extraction`), so a document never shows half its claims.
"""

from __future__ import annotations

import json
from typing import Any, Mapping, Sequence

from sqlite_utils import Database

from kb.db import now

CLAIM_FIELDS = (
    "sentence", "quote", "metric", "value", "unit", "per", "token_kind",
    "qualifier", "subject", "as_of", "attributed_to",
)


def register_document(
    db: Database,
    *,
    url: str,
    fetched_url: str,
    source_id: int | None,
    snapshot_id: int,
    kind: str,
) -> tuple[int, bool]:
    """Point the document at ``url`` (canonical) to its newest snapshot.

    Returns ``(document_id, created)``.  Two fetched URLs with the same
    canonical URL (tracking parameters, AMP, http/https) share one row.
    """
    stamp = now()
    rows = list(db["documents"].rows_where("url = ?", [url], select="id, snapshot_id"))
    if rows:
        doc_id = rows[0]["id"]
        if rows[0]["snapshot_id"] != snapshot_id:
            db["documents"].update(
                doc_id,
                {"snapshot_id": snapshot_id, "fetched_url": fetched_url,
                 "fetched_at": stamp, "kind": kind},
            )
        return doc_id, False
    doc_id = db["documents"].insert(
        {
            "url": url,
            "fetched_url": fetched_url,
            "source_id": source_id,
            "snapshot_id": snapshot_id,
            "kind": kind,
            "fetched_at": stamp,
            "first_seen": stamp,
        }
    ).last_pk
    return doc_id, True


def pending_documents(
    db: Database, version: str, *, everything: bool = False, limit: int | None = None
) -> list[dict]:
    """Documents to (re-)extract: new snapshot, or an older extractor version.

    Returns rows with ``id``, ``url``, ``snapshot_id`` and ``kind``.
    ``everything=True`` returns every document that has a snapshot.
    """
    sql = "select id, url, snapshot_id, kind from documents where snapshot_id is not null"
    params: list[Any] = []
    if not everything:
        sql += (
            " and (extractor_version is null or extractor_version != ?"
            " or extracted_snapshot_id is null or extracted_snapshot_id != snapshot_id)"
        )
        params.append(version)
    sql += " order by id"
    if limit:
        sql += f" limit {int(limit)}"
    return [dict(zip(("id", "url", "snapshot_id", "kind"), r)) for r in db.execute(sql, params)]


def save_extraction(
    db: Database,
    doc_id: int,
    *,
    snapshot_id: int,
    version: str,
    meta: Mapping[str, Any],
    claims: Sequence[Mapping[str, Any]],
    entity_resolver=None,
) -> int:
    """Store a document's text and metadata and replace its claims.

    ``meta`` holds ``text``, ``title``, ``author``, ``published_at``,
    ``site_name``, ``language``, ``kind`` and ``pages``.  ``claims`` are
    extractor dicts (CLAIMS.md fields plus ``start``, ``end``,
    ``sentence_start``, ``as_of_norm`` and optionally ``page``).
    ``entity_resolver(subject) -> entity_id | None`` links subjects.
    Returns the number of claims written.
    """
    stamp = now()
    text = meta.get("text") or ""
    rows = []
    for c in claims:
        row = {k: c.get(k) for k in CLAIM_FIELDS}
        row.update(
            document_id=doc_id,
            period=c.get("as_of_norm"),
            char_start=c.get("start"),
            char_end=c.get("end"),
            sentence_start=c.get("sentence_start"),
            page=c.get("page"),
            extractor_version=version,
            entity_id=entity_resolver(c.get("subject")) if entity_resolver else None,
        )
        rows.append(row)
    with db.atomic():
        db.execute("delete from claims where document_id = ?", [doc_id])
        if rows:
            db["claims"].insert_all(rows)
        db["documents"].update(
            doc_id,
            {
                "title": meta.get("title"),
                "author": meta.get("author"),
                "published_at": meta.get("published_at"),
                "site_name": meta.get("site_name"),
                "language": meta.get("language"),
                "kind": meta.get("kind"),
                "text": text,
                "pages": json.dumps(meta["pages"]) if meta.get("pages") else None,
                "words": len(text.split()),
                "extractor_version": version,
                "extracted_snapshot_id": snapshot_id,
                "extracted_at": stamp,
                "extract_error": None,
            },
        )
    return len(rows)


def save_extract_error(
    db: Database, doc_id: int, *, snapshot_id: int, version: str, error: str
) -> None:
    """Mark a document whose snapshot could not be read; its old claims stay."""
    db["documents"].update(
        doc_id,
        {
            "extract_error": error,
            "extractor_version": version,
            "extracted_snapshot_id": snapshot_id,
            "extracted_at": now(),
        },
    )
