"""Leaderboard items -> observations and entities in the knowledge base.

Runs AFTER the snapshot pipeline (``crawler/pipelines/store.py``), which
stores the fetch and sets ``item["snapshot_id"]`` and ``item["changed"]``.
For a leaderboard item (``item["kind"] == "leaderboard"``) whose body changed,
this pipeline parses it with the parser named by ``item["format"]``, records
the entity hints, stores the observations (``kb.observations.store_page``) and
fills in the source's licence and attribution when the source list gives none.
An unchanged body (same hash as the last snapshot, or a 304) has nothing new.

A response that cannot be parsed is logged in one line (source, URL, field)
and recorded as a fetch error; the stored rows stay as they were.

Settings read: ``CLAIMWATCH_DB`` (path of the SQLite knowledge base; the
crawl's own), ``CLAIMWATCH_RUN_ID`` (optional, for fetch errors).
Sources the spider skipped (an API key missing) are listed on
``spider.skipped`` (``{source name: reason}``) and recorded on the source row
when the spider closes.
"""

from __future__ import annotations

import logging
from typing import Any

from crawler.leaderboards import LeaderboardError, parse

log = logging.getLogger(__name__)


class ObservationsPipeline:
    def __init__(self, db_path: str | None, run_id: int | None = None, crawler: Any = None):
        self.db_path = db_path
        self.run_id = run_id
        self.crawler = crawler
        self.db = None
        self._source_ids: dict[str, int] = {}
        self.added = 0

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        return cls(s.get("CLAIMWATCH_DB"), s.getint("CLAIMWATCH_RUN_ID") or None, crawler)

    # -- lifecycle ---------------------------------------------------------------

    def open_spider(self, spider=None) -> None:
        if self.db_path:
            from kb.db import open_db

            self.db = open_db(self.db_path)

    def close_spider(self, spider=None) -> None:
        spider = spider or getattr(self.crawler, "spider", None)
        if self.db is not None:
            from kb import crawlstore

            for name, reason in (getattr(spider, "skipped", None) or {}).items():
                sid = self._source_id(name, {})
                if sid is not None:
                    crawlstore.mark_source(self.db, sid, ok=False, error=f"skipped: {reason}")
            self.db.conn.close()
            self.db = None
        if self.crawler is not None and getattr(self.crawler, "stats", None):
            self.crawler.stats.set_value("leaderboard/observations_added", self.added)

    # -- items -------------------------------------------------------------------

    def process_item(self, item, spider=None):
        if item.get("kind") != "leaderboard" or self.db is None:
            return item
        if not item.get("changed") or not item.get("snapshot_id"):
            return item
        source = item.get("source")
        url = item.get("fetched_url") or item.get("url")
        source_id = item.get("source_id") or self._source_id(source, item)
        if source_id is None:
            log.warning("leaderboard %s: source not in the database; %s not stored", source, url)
            return item
        try:
            self.store_item(item, source_id)
        except LeaderboardError as exc:
            self._fail(item, source_id, str(exc))
        return item

    def store_item(self, item, source_id: int) -> int:
        from kb import crawlstore
        from kb.observations import record_source_terms, store_page

        snapshot_id = item["snapshot_id"]
        snap = self.db["snapshots"].get(snapshot_id)
        headers = item.get("headers") or {}
        page = parse(
            item["format"],
            item["body"],
            url=item.get("fetched_url") or item["url"],
            fetched_at=snap["fetched_at"],
            content_type=headers.get("content-type") or snap.get("content_type"),
        )
        added = store_page(
            self.db,
            source_id=source_id,
            snapshot_id=snapshot_id,
            fetched_at=snap["fetched_at"],
            page=page,
        )
        record_source_terms(self.db, source_id, licence=page.licence, attribution=page.attribution)
        crawlstore.mark_source(self.db, source_id, ok=True)
        self.added += added
        item["observations_added"] = added
        if self.crawler is not None and getattr(self.crawler, "stats", None):
            self.crawler.stats.inc_value("leaderboard/observations_added", added)
        log.info(
            "leaderboard %s: %s: %d observations, %d new rows",
            item.get("source"), page.url, len(page.observations), added,
        )
        return added

    def _fail(self, item, source_id: int | None, reason: str) -> None:
        from kb import crawlstore

        url = item.get("fetched_url") or item.get("url")
        log.error("leaderboard %s: %s", item.get("source"), reason)
        crawlstore.record_failure(
            self.db, url=url, reason=f"parse: {reason}", status=item.get("status"),
            source_id=source_id, run_id=self.run_id,
        )
        if source_id is not None:
            crawlstore.mark_source(self.db, source_id, ok=False, error=reason)
        item["parse_error"] = reason

    def _source_id(self, name: str | None, item: dict) -> int | None:
        if not name:
            return None
        if name in self._source_ids:
            return self._source_ids[name]
        rows = list(self.db["sources"].rows_where("name = ?", [name], select="id"))
        if rows:
            self._source_ids[name] = rows[0]["id"]
            return rows[0]["id"]
        return None
