"""Leaderboard items -> observations and entities in the knowledge base.

Runs AFTER the snapshot pipeline (``crawler/pipelines/store.py``, priority
300), which stores the fetch and sets ``item["source_id"]``,
``item["snapshot_id"]`` and ``item["changed"]`` (see :mod:`crawler.items`).
For a leaderboard item whose body changed, this pipeline parses it with the
parser named by ``item["format"]`` and stores the page through
:func:`kb.observations.store_page` (entity hints, observations, and the
source's licence and attribution when the source list gives none).  An
unchanged body (same hash as the stored snapshot, or a 304) has nothing new.

A response the parser cannot read is one log line (source, URL, field) and a
``fetch_errors`` row for its URL; the rows stored before stay as they were.
The curated entity catalog (``kb/entities.toml``) is loaded when the spider
opens, so authors map to countries from the first crawl on.

Sources the spider skipped (an API key missing) are recorded by
``crawler.extensions.RunRecorder`` (``sources.last_error = "skipped: ..."``).
"""

from __future__ import annotations

import logging
from typing import Any

from crawler.context import crawl_context
from crawler.leaderboards import LeaderboardError, module_for, parse
from crawler.pipelines.store import record_failure
from kb.entities import load_curated
from kb.observations import record_source_terms, snapshot_fetched_at, store_page

log = logging.getLogger(__name__)


class ObservationsPipeline:
    def __init__(self, crawler: Any):
        self.crawler = crawler
        self.added = 0

    @classmethod
    def from_crawler(cls, crawler: Any) -> "ObservationsPipeline":
        return cls(crawler)

    def open_spider(self) -> None:
        self.ctx = crawl_context(self.crawler)
        boards = [s for s in self.ctx.sources if s.get("kind") == "leaderboard"]
        if boards:
            load_curated(self.ctx.db)
        for src in boards:  # the format's licence and attribution, unless the source list gives them
            sid = self.ctx.source_id(src["name"])
            mod = module_for(src["format"])
            if sid is not None:
                record_source_terms(self.ctx.db, sid, licence=getattr(mod, "LICENCE", None),
                                    attribution=getattr(mod, "ATTRIBUTION", None))

    def close_spider(self) -> None:
        self.crawler.stats.set_value("leaderboard/observations_added", self.added)

    def process_item(self, item: dict) -> dict:
        if item.get("kind") != "leaderboard" or not item.get("changed") or not item.get("snapshot_id"):
            return item
        source = item.get("source")
        source_id = item.get("source_id") or self.ctx.source_id(source)
        url = item.get("fetched_url") or item.get("url")
        if source_id is None:
            log.warning("leaderboard %s: source not in the database; %s not stored", source, url)
            return item
        db = self.ctx.db
        fetched_at = snapshot_fetched_at(db, item["snapshot_id"])
        try:
            page = parse(item["format"], item["body"], url=url, fetched_at=fetched_at,
                         content_type=(item.get("headers") or {}).get("content-type"))
            added = store_page(db, source_id=source_id, snapshot_id=item["snapshot_id"],
                               fetched_at=fetched_at, page=page)
        except (LeaderboardError, ValueError) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            log.warning("leaderboard %s: %s", source, reason)
            record_failure(self.crawler, item.get("url") or url, f"unreadable leaderboard: {reason}",
                           item.get("status"), source, source_id)
            item["parse_error"] = reason
            return item
        self.added += added
        item["observations_added"] = added
        self.crawler.stats.set_value("leaderboard/observations_added", self.added)
        log.info("leaderboard %s: %s: %d observations, %d new rows", source, url, len(page.observations), added)
        return item
