"""Redirect loops fail the URL instead of disappearing.

Scrapy's RedirectMiddleware sends a redirect back through the scheduler,
whose duplicate filter silently drops a URL seen before: a loop A -> B -> A
would leave no trace.  Placed just inside it, this middleware raises
``IgnoreRequest("redirect loop: ...")`` when a Location points back into the
request's own redirect chain, which reaches the spider's errback and so is
recorded as a failure of the first URL.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from w3lib.url import safe_url_string

_REDIRECTS = (301, 302, 303, 307, 308)


class RedirectLoopMiddleware:
    @classmethod
    def from_crawler(cls, crawler: Any) -> "RedirectLoopMiddleware":
        return cls()

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status not in _REDIRECTS or b"Location" not in response.headers:
            return response
        location = safe_url_string(response.headers[b"Location"].decode("latin-1"))
        target = urljoin(request.url, location).split("#", 1)[0]
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if target in chain:
            raise IgnoreRequest("redirect loop: " + " -> ".join([*chain, target]))
        return response
