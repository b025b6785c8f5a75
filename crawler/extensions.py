"""Run bookkeeping: the crawl's sources and run rows, opened and closed.

``RunRecorder`` makes sure the crawl context (database, sources, run) exists
when the spider opens, and when it closes marks each of the spider's sources
as succeeded or failed (``kb.crawlstore.mark_source``): a source fails when
none of its own URLs (feed, sitemap, index page, seeds) could be fetched.
In distributed mode (:mod:`crawler.distributed`) only the worker that
fetched or failed a source's own URLs marks it.
When the crawl started its own run (``scrapy crawl`` without
``CLAIMWATCH_RUN_ID``), it finishes that run with the crawl's counts.
"""

from __future__ import annotations

import json
from typing import Any

from scrapy import signals

from crawler.context import crawl_context
from kb import crawlstore

COUNTERS = ("fetched", "new", "changed", "unchanged", "failed")


def source_outcome(stats: dict, name: str) -> tuple[bool, str | None]:
    """``(ok, error)`` of one source from the crawl stats."""
    prefix = f"claimwatch/source/{name}/"
    if stats.get(prefix + "skipped"):  # not crawled on purpose (an API key not set): not a failure
        return True, None
    if stats.get(prefix + "start_ok"):
        return True, None
    error = stats.get(prefix + "start_failed")
    if error:
        return False, str(error)
    if stats.get(prefix + "fetched") or stats.get(prefix + "resumed"):
        return True, None
    return False, "nothing fetched"


def has_verdict(stats: dict, name: str) -> bool:
    """This crawler fetched (or failed) one of the source's own URLs, or skipped it.

    In distributed mode only such a worker judges the source: another one
    may have crawled none of it (another worker took its start URL).
    """
    prefix = f"claimwatch/source/{name}/"
    return any(stats.get(prefix + k) for k in ("skipped", "start_ok", "start_failed"))


class RunRecorder:
    def __init__(self, crawler: Any):
        self.crawler = crawler
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Any) -> "RunRecorder":
        return cls(crawler)

    def spider_opened(self, spider: Any) -> None:
        crawl_context(self.crawler)

    def spider_closed(self, spider: Any, reason: str) -> None:
        ctx = crawl_context(self.crawler)
        stats = self.crawler.stats.get_stats()
        errors = 0
        distributed = self.crawler.settings.getbool("CLAIMWATCH_DISTRIBUTED")
        for src in ctx.sources:
            sid = ctx.source_id(src["name"])
            if sid is None:
                continue
            skipped = stats.get(f"claimwatch/source/{src['name']}/skipped")
            if skipped:
                crawlstore.mark_skipped(ctx.db, sid, str(skipped))
                continue
            if distributed and not has_verdict(stats, src["name"]):
                continue  # another worker crawled this source's own URLs and judges it
            ok, error = source_outcome(stats, src["name"])
            if reason == "shutdown" and not ok:
                continue  # interrupted: nothing to conclude
            crawlstore.mark_source(ctx.db, sid, ok=ok, error=error)
            errors += not ok
        if ctx.own_run:
            counts = {k: int(stats.get(f"claimwatch/{k}", 0)) for k in COUNTERS}
            counts["errors"] = counts["failed"] + int(stats.get("log_count/ERROR", 0))
            status = "interrupted" if reason == "shutdown" else (
                "ok" if not counts["errors"] and not errors else "failed")
            crawlstore.finish_run(
                ctx.db, ctx.run_id, status=status, counts=counts,
                message=json.dumps({"finish_reason": reason}),
            )
