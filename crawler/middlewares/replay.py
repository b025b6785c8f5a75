"""A stored snapshot, served back to the spider as if it had just been fetched."""

from __future__ import annotations

from scrapy.http import Headers, Request, Response
from scrapy.responsetypes import responsetypes
from sqlite_utils import Database

from kb import crawlstore


def stored_response(db: Database, request: Request, snapshot_id: int, flag: str) -> Response:
    """The snapshot's body as a response to ``request``, marked ``cw_replayed=flag``.

    Only the kept headers come back (Content-Type, ETag, Last-Modified): the
    body is stored decompressed, so no Content-Encoding may follow it.
    """
    body, row = crawlstore.snapshot_body(db, snapshot_id)
    headers = Headers(
        {
            name: row[col]
            for name, col in (("Content-Type", "content_type"), ("ETag", "etag"),
                              ("Last-Modified", "last_modified"))
            if row.get(col)
        }
    )
    cls = responsetypes.from_args(headers=headers, url=request.url, body=body)
    request.meta["cw_replayed"] = flag
    return cls(
        url=request.url, status=row.get("status") or 200, headers=headers, body=body,
        request=request, flags=[flag],
    )


def page_key(request: Request) -> str:
    """The URL a request's outcome is stored under: the first before any redirect."""
    urls = request.meta.get("redirect_urls")
    return urls[0] if urls else request.url
