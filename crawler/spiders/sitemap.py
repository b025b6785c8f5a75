"""``sitemap`` sources: a sitemap, a sitemap index (followed to its sitemaps), or a robots.txt.

Every sitemap is stored as a listing and always re-read (conditionally);
its ``<url>`` entries are followed as entries, i.e. skipped when already
stored and their ``<lastmod>`` is not newer than the stored fetch.  The
include/exclude patterns apply to the entries; ``since`` rules out entries
whose ``<lastmod>`` is older (a sitemap gives no publication date, so
``until`` cannot be judged from it).
"""

from __future__ import annotations

from typing import Any, Iterable

from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from crawler.content import parse_date
from crawler.items import failure_item, requested_url
from crawler.spiders.base import SourceSpider


class SitemapSpider(SourceSpider):
    name = "sitemap"
    kind = "sitemap"

    def parse_start(self, response: Any) -> Iterable[Any]:
        yield self.listing(response)
        if response.url.endswith("/robots.txt"):
            for url in sitemap_urls_from_robots(response.body, base_url=response.url):
                yield self.request(url, self.parse_start)
            return
        body = response.body
        if body[:2] == b"\x1f\x8b":
            try:
                body = gunzip(body, max_size=self.settings.getint("DOWNLOAD_MAXSIZE"))
            except Exception as exc:  # noqa: BLE001 - any gunzip failure is the sitemap's
                yield failure_item(self.source["name"], requested_url(response),
                                   f"unreadable gzip sitemap ({exc})", response.status)
                return
        try:
            sitemap = Sitemap(body)
        except Exception as exc:  # noqa: BLE001 - lxml raises many kinds here
            yield failure_item(self.source["name"], requested_url(response),
                               f"not a sitemap ({type(exc).__name__}: {exc})", response.status)
            return
        if sitemap.type not in ("sitemapindex", "urlset"):
            yield failure_item(self.source["name"], requested_url(response),
                               f"not a sitemap (root element <{sitemap.type}>)", response.status)
            return
        for entry in sitemap:
            loc = entry.get("loc")
            if not loc:
                continue
            url = response.urljoin(loc)
            lastmod = parse_date(entry.get("lastmod"))
            if sitemap.type == "sitemapindex":
                yield self.request(url, self.parse_start)
                continue
            if not self.wanted(url) or not self.in_window(lastmod, updated_only=True):
                continue
            yield self.request(url, self.parse_document, entry=True, lastmod=lastmod)
