"""``site`` sources: seed pages and the links they lead to, within limits.

Start at ``url`` and ``seeds``; follow links that stay on ``allowed_domains``
(default: the hosts of ``url`` and ``seeds``), match ``follow`` (default:
every link) or ``include``, match no ``exclude``, up to ``depth`` links away.

Which pages are documents: those matching ``include`` (every page but the
seeds when ``include`` is not given).  Other pages are stored as listings.
With ``include`` given, document links are entries (not re-fetched once
stored); without it every page is re-read (conditionally) so that new links
are found wherever they appear.
"""

from __future__ import annotations

import re
from typing import Any, Iterable
from urllib.parse import urlsplit

from scrapy.http import TextResponse
from scrapy.linkextractors import IGNORED_EXTENSIONS

from crawler.spiders.base import SourceSpider, as_html

_SKIPPED_EXTENSIONS = tuple("." + e for e in IGNORED_EXTENSIONS if e != "pdf")
_NOT_LINKS = ("#", "javascript:", "mailto:", "tel:", "data:")


def page_links(html: TextResponse) -> list[str]:
    """The absolute http(s) URLs an HTML page links to, in order, without fragments.

    Cheaper than Scrapy's LinkExtractor (no canonicalisation: the duplicate
    filter and the store see URLs as the site wrote them).
    """
    out: dict[str, None] = {}
    for href in html.xpath("//a/@href | //area/@href").getall():
        href = href.strip()
        if not href or href.startswith(_NOT_LINKS):
            continue
        url = html.urljoin(href).split("#", 1)[0]
        if url.startswith(("http://", "https://")) and not urlsplit(url).path.lower().endswith(_SKIPPED_EXTENSIONS):
            out[url] = None
    return list(out)


class SiteSpider(SourceSpider):
    name = "site"
    kind = "site"

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        src = self.source
        hosts = src.get("allowed_domains") or [
            urlsplit(u).hostname for u in [src["url"], *src.get("seeds", [])]
        ]
        self.allowed_hosts = sorted({h.lower() for h in hosts if h})
        self._follow = [re.compile(p) for p in src.get("follow", [])]

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> "SiteSpider":
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.settings.set("DEPTH_LIMIT", spider.source.get("depth", 3), priority="spider")
        return spider

    def start_urls_of_source(self) -> list[str]:
        return list(dict.fromkeys([self.source["url"], *self.source.get("seeds", [])]))

    def on_site(self, url: str) -> bool:
        """The URL's host is an allowed domain or below one (ports do not matter)."""
        host = (urlsplit(url).hostname or "").lower()
        return any(host == d or host.endswith("." + d) for d in self.allowed_hosts)

    def is_document_url(self, url: str) -> bool:
        return bool(self._include) and any(p.search(url) for p in self._include)

    def parse_start(self, response: Any) -> Iterable[Any]:
        yield from self.parse_page(response)

    def parse_page(self, response: Any) -> Iterable[Any]:
        start = bool(response.meta.get("cw_start"))
        document = self.is_document_url(response.url) or (not self._include and not start)
        item = self.document(response) if document else self.listing(response)
        yield item
        if item.get("kind") == "failure" or item.get("format") not in (None, "html"):
            return
        html = as_html(response)
        if not isinstance(html, TextResponse):
            return
        for url in page_links(html):
            if not self.on_site(url) or self.excluded(url):
                continue
            doc = self.is_document_url(url)
            if self._follow and not doc and not any(p.search(url) for p in self._follow):
                continue
            yield self.request(url, self.parse_page, entry=doc)
