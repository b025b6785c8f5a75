"""Every fetch into the knowledge base: snapshots, documents, failures.

``SnapshotPipeline`` takes the items of :mod:`crawler.items` and, through
``kb.crawlstore`` / ``kb.documents`` only:

* a fresh fetch: ``store_fetch`` (a snapshot only when the body's hash
  changed), then, for a document, ``register_document`` under its canonical
  URL when a new snapshot was written (or the document is not there yet);
* a 304 replayed from the store: ``record_not_modified`` (counted unchanged);
* a URL replayed because a killed crawl already stored it: nothing to write
  (but a document the killed crawl had no time to register is registered);
* a failure item: ``record_failure`` for its URL.

It also records the spider's own exceptions (a parse that raised) as
failures of the URL being parsed.  Counts go to the crawl stats as
``claimwatch/<counter>`` and ``claimwatch/source/<name>/<counter>``, which
``crawler.run`` sums up.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals

from crawler.content import document_url
from crawler.context import crawl_context
from crawler.items import FAILURE
from kb import crawlstore
from kb.documents import register_document

log = logging.getLogger(__name__)


def record_failure(crawler: Any, url: str, reason: str, status: int | None, source: str | None,
                   source_id: int | None) -> None:
    """A ``fetch_errors`` row for ``url`` in this crawl's run, counted as failed
    (in total and for the source); shared with the leaderboard pipeline."""
    ctx = crawl_context(crawler)
    crawlstore.record_failure(ctx.db, url=url, reason=reason, status=status,
                              source_id=source_id, run_id=ctx.run_id)
    crawler.stats.inc_value("claimwatch/failed")
    if source:
        crawler.stats.inc_value(f"claimwatch/source/{source}/failed")


class SnapshotPipeline:
    def __init__(self, crawler: Any):
        self.crawler = crawler
        self.stats = crawler.stats
        crawler.signals.connect(self.spider_error, signal=signals.spider_error)

    @classmethod
    def from_crawler(cls, crawler: Any) -> "SnapshotPipeline":
        return cls(crawler)

    def open_spider(self) -> None:
        self.ctx = crawl_context(self.crawler)

    # -- counting ---------------------------------------------------------------

    def count(self, source: str | None, key: str, n: int = 1) -> None:
        self.stats.inc_value(f"claimwatch/{key}", n)
        if source:
            self.stats.inc_value(f"claimwatch/source/{source}/{key}", n)

    # -- items ------------------------------------------------------------------

    def process_item(self, item: dict) -> dict:
        ctx = self.ctx
        source = item.get("source")
        source_id = ctx.source_id(source)
        item["source_id"] = source_id
        if item.get("kind") == FAILURE:
            self.fail(item["url"], item.get("reason") or "failed", item.get("status"), source, source_id,
                      start=bool(item.get("start")))
            return item

        url = item["url"]
        replayed = item.get("replayed")
        if replayed == "not_modified":
            prev = crawlstore.record_not_modified(ctx.db, url) or {}
            snapshot_id, changed, new = prev.get("snapshot_id"), False, False
            self.count(source, "fetched")
            self.count(source, "unchanged")
        elif replayed == "resumed":
            prev = crawlstore.page_state(ctx.db, url) or {}
            snapshot_id, changed, new = prev.get("snapshot_id"), False, False
            self.count(source, "resumed")
        else:
            res = crawlstore.store_fetch(
                ctx.db, url=url, body=item["body"], status=item["status"],
                headers=item.get("headers") or {}, source_id=source_id, run_id=ctx.run_id,
            )
            snapshot_id, changed, new = res.snapshot_id, res.changed, res.new
            self.count(source, "fetched")
            self.count(source, "new" if new else "changed" if changed else "unchanged")
        item.update(snapshot_id=snapshot_id, changed=changed, new=new, document_id=None)
        if item.get("start"):
            self.stats.set_value(f"claimwatch/source/{source}/start_ok", 1)
        if item.get("kind") == "document" and snapshot_id:
            item["document_id"] = self.register(item, source, source_id, snapshot_id, changed)
        return item

    def register(self, item: dict, source: str | None, source_id: int | None,
                 snapshot_id: int, changed: bool) -> int:
        fetched = item.get("fetched_url") or item["url"]
        canonical = document_url(item["body"], fetched, item.get("format"))
        if not changed:
            existing = crawlstore.document_for_url(self.ctx.db, canonical)
            if existing is not None:
                return existing
        doc_id, created = register_document(
            self.ctx.db, url=canonical, fetched_url=fetched, source_id=source_id,
            snapshot_id=snapshot_id, kind=item.get("format") or "html",
        )
        if created:
            self.count(source, "documents_new")
        return doc_id

    def fail(self, url: str, reason: str, status: int | None, source: str | None,
             source_id: int | None, *, start: bool = False) -> None:
        record_failure(self.crawler, url, reason, status, source, source_id)
        if start:
            self.stats.set_value(f"claimwatch/source/{source}/start_failed", reason)
        log.warning("failed: %s: %s", url, reason)

    # -- the spider's own errors -------------------------------------------------------

    def spider_error(self, failure: Any, response: Any, spider: Any) -> None:
        ctx = crawl_context(self.crawler)
        exc = failure.value
        first = (str(exc).strip().splitlines() or [""])[0]
        source = getattr(spider, "source", {}).get("name") if isinstance(getattr(spider, "source", None), dict) else None
        urls = response.meta.get("redirect_urls") if response is not None else None
        url = urls[0] if urls else response.url
        self.fail(url, f"parse error: {type(exc).__name__}: {first}"[:500], response.status,
                  source, ctx.source_id(source))
