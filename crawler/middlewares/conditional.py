"""Conditional requests: ask for a stored URL only if it changed.

A request for a URL with a stored snapshot carries the stored ``ETag`` as
``If-None-Match`` and the stored ``Last-Modified`` as ``If-Modified-Since``.
A ``304 Not Modified`` answer is replaced by the stored snapshot, marked
``cw_replayed="not_modified"``: the spider can still follow a listing's
entries, and the pipeline counts the URL unchanged without a new snapshot
(hence no re-extraction).

Setting: ``CLAIMWATCH_CONDITIONAL`` (default on).
"""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response

from crawler.context import crawl_context
from crawler.middlewares.replay import page_key, stored_response
from kb import crawlstore


class ConditionalRequestMiddleware:
    def __init__(self, crawler: Any):
        if not crawler.settings.getbool("CLAIMWATCH_CONDITIONAL", True):
            raise NotConfigured
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> "ConditionalRequestMiddleware":
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        if request.method != "GET" or request.meta.get("cw_replayed") or "cw_start" not in request.meta:
            return None
        state = request.meta.get("cw_state", False)
        if state is False:  # the resume middleware is off
            state = crawlstore.page_state(crawl_context(self.crawler).db, page_key(request))
        if not state or not state["snapshot_id"] or not (state["etag"] or state["last_modified"]):
            return None
        if state["etag"]:
            request.headers.setdefault(b"If-None-Match", state["etag"])
        if state["last_modified"]:
            request.headers.setdefault(b"If-Modified-Since", state["last_modified"])
        request.meta["cw_conditional"] = state["snapshot_id"]
        return None

    def process_response(self, request: Request, response: Response) -> Response:
        snapshot_id = request.meta.get("cw_conditional")
        if response.status != 304 or not snapshot_id:
            return response
        self.crawler.stats.inc_value("claimwatch/replayed/not_modified")
        return stored_response(crawl_context(self.crawler).db, request, snapshot_id, "not_modified")
