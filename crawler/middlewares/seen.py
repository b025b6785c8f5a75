"""Entries already stored are not followed again (unless updated since).

A spider marks the requests it found in a listing (feed items, sitemap
URLs, report links) with ``cw_entry``, and with ``cw_lastmod`` when the
listing gives a last-modified date.  Such a request is dropped here, before
it is scheduled, when its URL already has a stored snapshot, the listing's
date is not newer than that fetch, and the fetch is older than the crawl's
resume point (what a killed crawl stored is replayed instead, so that the
links of those pages are still followed).

An entry another spider of the same crawl process has already asked for
(a feed and a sitemap listing the same new article) is dropped as well:
it is fetched once per run.

This is the database-backed replacement for scrapy-deltafetch, which does
not run on Scrapy >= 2.16.  Setting: ``CLAIMWATCH_SKIP_SEEN`` (default on).
"""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware

from crawler.context import claim, crawl_context
from kb import crawlstore


class SeenEntriesMiddleware(BaseSpiderMiddleware):
    def __init__(self, crawler: Any):
        if not crawler.settings.getbool("CLAIMWATCH_SKIP_SEEN", True):
            raise NotConfigured
        super().__init__(crawler)

    def get_processed_request(self, request: Request, response: Response | None) -> Request | None:
        if not request.meta.get("cw_entry"):
            return request
        ctx = crawl_context(self.crawler)
        state = crawlstore.page_state(ctx.db, request.url)
        request.meta["cw_state"] = state  # spares the downloader middlewares a look-up
        if state and state["snapshot_id"]:
            fetched = state["last_fetched"] or ""
            lastmod = request.meta.get("cw_lastmod")
            if not ((lastmod and lastmod > fetched) or fetched > ctx.resume_since):
                self.crawler.stats.inc_value("claimwatch/skipped_seen")
                return None
        if not claim(self.crawler, request.url):
            self.crawler.stats.inc_value("claimwatch/skipped_other_source")
            return None
        return request
