"""The extract stage: stored snapshots -> document text and metadata -> claims.

``run_extract(db)`` processes every document whose current snapshot has not
been read by the current extractor version (or every document, with
``everything=True``), one transaction per document, so a killed run keeps
what it finished and a later run picks up the rest.  A snapshot that cannot
be read (empty, broken PDF, no text) is recorded on its document
(``extract_error``) and the run goes on; the document's previous claims stay.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Callable

from sqlite_utils import Database

from extract.claims import EXTRACTOR_VERSION, extract_claims
from extract.document import Document, parse_bytes
from extract.errors import DocumentError
from kb import crawlstore, documents

log = logging.getLogger(__name__)


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


def _entity_resolver(db: Database) -> Callable[[str | None], int | None] | None:
    try:
        from kb.entities import EntityResolver
    except ImportError:  # the entity catalog is optional for extraction
        return None
    return EntityResolver(db)


def run_extract(
    db: Database,
    *,
    everything: bool = False,
    limit: int | None = None,
    progress: Callable[[ExtractSummary], None] | None = None,
) -> ExtractSummary:
    """Extract pending documents; return counts and per-document errors."""
    summary = ExtractSummary()
    resolver = _entity_resolver(db)
    for row in documents.pending_documents(db, EXTRACTOR_VERSION, everything=everything, limit=limit):
        body, snap = crawlstore.snapshot_body(db, row["snapshot_id"])
        try:
            doc = parse_bytes(body, content_type=snap.get("content_type"), url=row["url"])
        except DocumentError as exc:
            summary.failed += 1
            summary.errors.append(f"{row['url']}: {exc}")
            log.warning("extract: %s: %s", row["url"], exc)
            documents.save_extract_error(
                db, row["id"], snapshot_id=row["snapshot_id"], version=EXTRACTOR_VERSION, error=str(exc)
            )
            continue
        claims = claims_for(doc)
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
        if progress:
            progress(summary)
    return summary
