"""Retries that back off: exponential delays, and ``Retry-After`` honoured.

Scrapy's RetryMiddleware sends a retry straight back to the scheduler; a
server answering 429 or 503 is then asked again at once.  This subclass
waits before handing the retry back: ``CLAIMWATCH_RETRY_BACKOFF`` seconds
for the first retry, twice as long for each next one, at most
``CLAIMWATCH_RETRY_BACKOFF_MAX``; a ``Retry-After`` header (seconds or an
HTTP date) asking for longer wins.  A ``Retry-After`` beyond
``CLAIMWATCH_RETRY_AFTER_MAX`` is not waited for: the answer goes to the
spider, which records the URL as failed with the server's request.

Which codes and exceptions are retried, and how often, stay Scrapy's
settings (``RETRY_HTTP_CODES``, ``RETRY_EXCEPTIONS``, ``RETRY_TIMES``).
"""

from __future__ import annotations

import datetime as _dt
import email.utils
from typing import Any

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Request, Response
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.response import response_status_message
from twisted.internet.task import deferLater


def retry_after_seconds(value: bytes | str | None) -> float | None:
    """A ``Retry-After`` header in seconds from now, or None when absent or unreadable."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=_dt.timezone.utc)
    return max(0.0, (when - _dt.datetime.now(_dt.timezone.utc)).total_seconds())


async def sleep(seconds: float) -> None:
    if seconds > 0:
        from twisted.internet import reactor  # the installed one; never install here

        await maybe_deferred_to_future(deferLater(reactor, seconds, lambda: None))


class BackoffRetryMiddleware(RetryMiddleware):
    @classmethod
    def from_crawler(cls, crawler: Any) -> "BackoffRetryMiddleware":
        mw = super().from_crawler(crawler)
        s = crawler.settings
        mw.backoff = s.getfloat("CLAIMWATCH_RETRY_BACKOFF", 2.0)
        mw.backoff_max = s.getfloat("CLAIMWATCH_RETRY_BACKOFF_MAX", 60.0)
        mw.retry_after_max = s.getfloat("CLAIMWATCH_RETRY_AFTER_MAX", 300.0)
        return mw

    def backoff_for(self, request: Request) -> float:
        tries = request.meta.get("retry_times", 0)
        return min(self.backoff * (2 ** tries), self.backoff_max)

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        asked = retry_after_seconds(response.headers.get(b"Retry-After"))
        if asked is not None and asked > self.retry_after_max:
            self.crawler.stats.inc_value("claimwatch/retry_after_too_long")
            return response
        wait = max(self.backoff_for(request), asked or 0.0)
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        await sleep(wait)
        return retry

    async def process_exception(self, request: Request, exception: Exception) -> Request | None:
        if not isinstance(exception, self.exceptions_to_retry) or request.meta.get("dont_retry", False):
            return None
        wait = self.backoff_for(request)
        retry = self._retry(request, exception)
        if retry is None:
            return None
        await sleep(wait)
        return retry
