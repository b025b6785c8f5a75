"""What every claimwatch spider shares: one source, its politeness, its filters.

A spider crawls one source (a validated dict from ``crawler.sources``).  It is
given either the dict (``crawler.run.crawl`` does that) or, on the command
line, a name and a file::

    scrapy crawl feed -a source=example-news -a sources=sources.toml -s CLAIMWATCH_DB=kb.db

The source's ``delay``, ``concurrency``, ``timeout`` and (for ``site``)
``depth`` become the crawler's settings before it starts; ``max_pages`` is
kept by ``crawler.middlewares.budget``.  Spiders
only parse: they yield items (:mod:`crawler.items`) and requests; storing,
conditional requests and skipping what is already stored happen in the
pipelines and middlewares.

Request meta keys the middlewares read:

``cw_entry``    an entry found in a listing (feed item, sitemap URL, report
                link): skipped when already stored and not updated since.
``cw_lastmod``  the entry's last-modified/updated date (UTC ISO), if known.
``cw_start``    the source's own URL (its failure fails the source).
"""

from __future__ import annotations

import os
import re
from typing import Any, AsyncIterator, Iterable

import scrapy
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import (
    ConnectionRefusedError,
    DNSLookupError,
    TCPTimedOutError,
    TimeoutError,
)
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed

from crawler.content import html_published, sniff_format
from crawler.items import failure_item, fetch_item, requested_url
from crawler.middlewares.replay import page_key
from crawler.sources import SourceError, load_sources

DOCUMENT_FORMATS = ("html", "pdf", "text")


def as_html(response: scrapy.http.Response) -> scrapy.http.TextResponse:
    """The response as HTML, whatever its Content-Type said."""
    if isinstance(response, scrapy.http.TextResponse):
        return response
    return scrapy.http.HtmlResponse(
        response.url, body=response.body, headers=response.headers, request=response.request
    )


def resolve_source(source: Any, sources: str | None, kind: str | None, spider: str) -> dict:
    """The source dict: given as is, or looked up by name in a sources file."""
    if isinstance(source, dict):
        src = source
    elif isinstance(source, str) and source:
        path = sources or os.environ.get("CLAIMWATCH_SOURCES") or "sources.toml"
        src = load_sources(path, only=[source])[0]
    else:
        raise SourceError(f"spider {spider}: give a source (-a source=NAME -a sources=FILE)")
    if kind and src.get("kind") != kind:
        raise SourceError(
            f"source {src.get('name')!r}, field 'kind': is {src.get('kind')!r}, "
            f"spider {spider!r} crawls {kind!r} sources"
        )
    return src


def apply_source_settings(settings: Any, src: dict) -> None:
    """Turn the source's politeness keys into this crawler's settings."""
    prio = "spider"
    if "delay" in src:
        settings.set("DOWNLOAD_DELAY", src["delay"], priority=prio)
        settings.set("AUTOTHROTTLE_START_DELAY", src["delay"], priority=prio)
    if "concurrency" in src:
        settings.set("CONCURRENT_REQUESTS_PER_DOMAIN", src["concurrency"], priority=prio)
    if "timeout" in src:
        settings.set("DOWNLOAD_TIMEOUT", src["timeout"], priority=prio)
    # max_pages: crawler.middlewares.budget (exact, unlike CLOSESPIDER_PAGECOUNT)


def failure_reason(failure: Failure) -> tuple[str | None, int | None]:
    """``(reason, status)`` for a failed request; reason None when it is policy, not failure."""
    exc = failure.value
    if isinstance(exc, HttpError):
        resp = exc.response
        phrase = resp.headers.get(b"Retry-After")
        extra = f" (Retry-After: {phrase.decode('latin-1')})" if phrase else ""
        return f"HTTP {resp.status}{extra}", resp.status
    if isinstance(exc, IgnoreRequest):
        msg = str(exc)
        if msg.startswith("Forbidden by robots.txt") or msg.startswith("Filtered offsite"):
            return None, None
        if "DOWNLOAD_MAXSIZE" in msg:
            return "body too large after decompression (DOWNLOAD_MAXSIZE)", None
        if "max redirections" in msg:
            return "too many redirects (redirect loop?)", None
        return msg or "request ignored", None
    if isinstance(exc, (DownloadTimeoutError, TimeoutError, TCPTimedOutError)):
        return "timed out", None
    if isinstance(exc, (CannotResolveHostError, DNSLookupError)):
        return "DNS lookup failed", None
    if isinstance(exc, (DownloadConnectionRefusedError, ConnectionRefusedError)):
        return "connection refused", None
    if isinstance(exc, ResponseDataLossError) or (
        isinstance(exc, ResponseFailed) and any("_DataLoss" in type(r.value).__name__ for r in exc.reasons)
    ):
        return "truncated body (connection closed before the declared length)", None
    if isinstance(exc, DownloadCancelledError) and "max size" in str(exc):
        return "body larger than DOWNLOAD_MAXSIZE", None
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if "maxsize" in text.lower() or "max size" in text.lower():
        return "body larger than DOWNLOAD_MAXSIZE", None
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__, None


class SourceSpider(scrapy.Spider):
    """Base of the claimwatch spiders (one per source kind)."""

    kind: str | None = None  # the source kind this spider crawls

    def __init__(self, source: Any = None, sources: str | None = None, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.source: dict = resolve_source(source, sources, self.kind, self.name)
        self._include = [re.compile(p) for p in self.source.get("include", [])]
        self._exclude = [re.compile(p) for p in self.source.get("exclude", [])]

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> "SourceSpider":
        spider = super().from_crawler(crawler, *args, **kwargs)
        apply_source_settings(crawler.settings, spider.source)
        return spider

    # -- requests -------------------------------------------------------------------

    def start_urls_of_source(self) -> list[str]:
        return [self.source["url"]]

    async def start(self) -> AsyncIterator[Any]:
        for url in self.start_urls_of_source():
            yield self.request(url, self.parse_start, start=True)

    def parse_start(self, response: scrapy.http.Response) -> Iterable[Any]:  # pragma: no cover
        raise NotImplementedError

    def request(
        self,
        url: str,
        callback: Any,
        *,
        entry: bool = False,
        lastmod: str | None = None,
        start: bool = False,
        **meta: Any,
    ) -> scrapy.Request:
        meta.update(cw_entry=entry, cw_lastmod=lastmod, cw_start=start)
        return scrapy.Request(url, callback=callback, errback=self.on_error, meta=meta)

    def on_error(self, failure: Failure) -> Iterable[Any]:
        """A request failed: say so as a failure item (policy refusals are not failures)."""
        request = failure.request
        reason, status = failure_reason(failure)
        if reason is None:
            self.crawler.stats.inc_value("claimwatch/refused_by_policy")
            self.logger.info("not fetched: %s (%s)", request.url, failure.value)
            return
        item = failure_item(self.source["name"], page_key(request), reason, status)
        item["start"] = bool(request.meta.get("cw_start"))
        yield item

    # -- filters --------------------------------------------------------------------

    def wanted(self, url: str) -> bool:
        """The URL passes the source's include/exclude patterns."""
        if any(p.search(url) for p in self._exclude):
            return False
        return not self._include or any(p.search(url) for p in self._include)

    def excluded(self, url: str) -> bool:
        return any(p.search(url) for p in self._exclude)

    def in_window(self, iso: str | None, *, updated_only: bool = False) -> bool:
        """The date (UTC ISO) is inside the source's since/until window (unknown: yes).

        ``updated_only``: the date is a last-modified date, so only ``since``
        can rule the page out (an old article may be updated later).
        """
        if not iso:
            return True
        day = iso[:10]
        if "since" in self.source and day < self.source["since"]:
            return False
        if not updated_only and "until" in self.source and day > self.source["until"]:
            return False
        return True

    # -- items ----------------------------------------------------------------------

    def document(self, response: scrapy.http.Response, *, dated: bool = False) -> dict:
        """The item for a document page, or a failure item when it is no document.

        An HTML page whose published date (read from its meta tags) is outside
        the source's window is kept as a listing: stored, not extracted.
        """
        ctype = response.headers.get(b"Content-Type", b"").decode("latin-1")
        fmt = sniff_format(ctype, response.body)
        if fmt not in DOCUMENT_FORMATS:
            what = "binary content" if fmt is None else f"{fmt} content"
            return failure_item(
                self.source["name"], requested_url(response),
                f"not a document: {what} served as {ctype or 'no Content-Type'}",
                response.status,
            )
        kind = "document"
        if fmt == "html" and not dated and ("since" in self.source or "until" in self.source):
            if not self.in_window(html_published(response.body)):
                kind = "listing"
        item = fetch_item(self.source["name"], response, kind, fmt)
        return item

    def parse_document(self, response: scrapy.http.Response) -> Iterable[Any]:
        yield self.document(response, dated=bool(response.meta.get("cw_dated")))

    def listing(self, response: scrapy.http.Response) -> dict:
        return fetch_item(self.source["name"], response, "listing", None)
