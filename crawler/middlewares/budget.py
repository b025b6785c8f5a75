"""A source's ``max_pages``: no more requests once that many pages were asked for.

Counts the requests a spider makes (its start URLs included) and drops
those beyond the source's ``max_pages``, before they are scheduled, so the
limit is exact (Scrapy's CLOSESPIDER_PAGECOUNT lets the requests already
queued run on).  Sources without ``max_pages`` are not limited.
"""

from __future__ import annotations

from typing import Any

from scrapy.http import Request, Response
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware


class PageBudgetMiddleware(BaseSpiderMiddleware):
    def __init__(self, crawler: Any):
        super().__init__(crawler)
        self.asked = 0

    def get_processed_request(self, request: Request, response: Response | None) -> Request | None:
        source = getattr(self.crawler.spider, "source", None)
        limit = source.get("max_pages") if isinstance(source, dict) else None
        if limit is None:
            return request
        if self.asked >= limit:
            self.crawler.stats.inc_value("claimwatch/over_max_pages")
            return None
        self.asked += 1
        return request
