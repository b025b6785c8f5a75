"""Resume: what a killed crawl (or this one) already stored is replayed, not fetched.

The crawl's context knows since when stored fetches count as fresh: the end
of the last crawl run that finished (``kb.crawlstore.resume_point``), so
everything stored since was stored by crawls that never finished (killed
with SIGKILL, interrupted) or by this one (another source listing the same
URL).  A request for
a URL stored since then, whose last fetch did not fail, gets the stored
snapshot back without touching the network (``cw_replayed="resumed"``): the
spider parses it again (so a feed's remaining entries are still followed),
the pipeline writes nothing new.

The URL's stored state is left in ``request.meta["cw_state"]`` for the
conditional-request middleware, which runs next.

Setting: ``CLAIMWATCH_RESUME`` (default on).
"""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response

from crawler.context import crawl_context
from crawler.middlewares.replay import page_key, stored_response
from kb import crawlstore


class ResumeMiddleware:
    def __init__(self, crawler: Any):
        if not crawler.settings.getbool("CLAIMWATCH_RESUME", True):
            raise NotConfigured
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> "ResumeMiddleware":
        return cls(crawler)

    def process_request(self, request: Request) -> Response | None:
        if request.method != "GET" or request.meta.get("cw_replayed") or "cw_start" not in request.meta:
            return None  # not one of our spiders' requests (robots.txt, ...)
        ctx = crawl_context(self.crawler)
        state = request.meta.get("cw_state", False)
        if state is False:  # not looked up yet (by the seen-entries middleware)
            state = crawlstore.page_state(ctx.db, page_key(request))
        request.meta["cw_state"] = state  # for the conditional-request middleware
        if (
            state
            and state["snapshot_id"]
            and not state["last_error"]
            and (state["last_fetched"] or "") > ctx.resume_since
        ):
            self.crawler.stats.inc_value("claimwatch/replayed/resumed")
            return stored_response(ctx.db, request, state["snapshot_id"], "resumed")
        return None
