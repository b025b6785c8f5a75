"""``report`` sources: a page that lists reports, and the reports it links to.

The index page is stored as a listing.  Its report links are followed as
entries (fetched once, then only when new):

* links to PDFs (``.pdf`` in the path, or ``type="application/pdf"``), on any host;
* HTML links matching the source's ``include`` patterns, or, without
  ``include``, links on the same host below the index page's folder.

An HTML report is a document too, and the PDFs it links to are fetched as
well (a report's landing page with its download link).  ``exclude`` rules
links out everywhere.
"""

from __future__ import annotations

import posixpath
from typing import Any, Iterable
from urllib.parse import urlsplit

from scrapy.linkextractors import LinkExtractor

from crawler.spiders.base import SourceSpider, as_html

_ALL_LINKS = LinkExtractor(deny_extensions=[], unique=True)


def is_pdf_link(url: str, link_type: str | None = None) -> bool:
    return urlsplit(url).path.lower().endswith(".pdf") or (link_type or "").lower() == "application/pdf"


class ReportSpider(SourceSpider):
    name = "report"
    kind = "report"

    def parse_start(self, response: Any) -> Iterable[Any]:
        yield self.listing(response)
        index = urlsplit(response.url)
        folder = posixpath.dirname(index.path) if not index.path.endswith("/") else index.path.rstrip("/")
        for url, pdf in self._links(response):
            if pdf:
                yield self.request(url, self.parse_report, entry=True)
                continue
            parts = urlsplit(url)
            below = (
                parts.hostname == index.hostname
                and parts.path.startswith(folder + "/")
                and parts.path.rstrip("/") != index.path.rstrip("/")
            )
            if (self._include and self.wanted(url)) or (not self._include and below):
                yield self.request(url, self.parse_report, entry=True)

    def parse_report(self, response: Any) -> Iterable[Any]:
        item = self.document(response)
        yield item
        if item.get("format") == "html":
            for url, pdf in self._links(response):
                if pdf:
                    yield self.request(url, self.parse_report, entry=True)

    def _links(self, response: Any) -> Iterable[tuple[str, bool]]:
        html = as_html(response)
        types = {}
        for a in html.xpath("//a[@href][@type]"):
            types[html.urljoin(a.attrib["href"])] = a.attrib["type"]
        for link in _ALL_LINKS.extract_links(html):
            url = link.url.split("#", 1)[0]
            if not url.startswith(("http://", "https://")) or self.excluded(url):
                continue
            yield url, is_pdf_link(url, types.get(link.url))
