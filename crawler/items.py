"""The item every claimwatch spider yields: one fetch, as a plain dict.

Spiders only parse; they describe what they fetched and the pipelines store
it.  The contract between spiders and pipelines::

    {
        "source": str,          # the source's name (sources.toml)
        "url": str,             # the URL as requested (first of any redirects);
                                # the key of `pages` and `snapshots`
        "fetched_url": str,     # the URL that answered (after redirects)
        "status": int,          # HTTP status of the answer (200, ...)
        "headers": {str: str},  # response headers, lower-case names
        "body": bytes,          # the body as received (decompressed)
        "kind": "document" | "listing" | "leaderboard",
        "format": str | None,   # document: "html" | "pdf" | "text";
                                # leaderboard: the source's format; listing: None
        "replayed": None | "not_modified" | "resumed",
                                # set when the body came from the store, not the
                                # wire: a 304 answer, or a URL already stored by a
                                # crawl that was killed (see crawler.middlewares)
        "start": bool,          # optional: the source's own URL (feed, sitemap,
                                # index page, seed); its failure fails the source
    }

``SnapshotPipeline`` (``crawler/pipelines/store.py``, priority 300) stores the
fetch and adds::

        "source_id": int,           # sources.id
        "snapshot_id": int | None,  # the snapshot now current for the URL
        "changed": bool,            # a new snapshot was written by this fetch
        "new": bool,                # the URL had never been stored before
        "document_id": int | None,  # documents.id (kind "document" only)

Pipelines after it (``ObservationsPipeline``, priority 400) read
``snapshot_id`` and ``changed`` and may set ``observations_added`` (int).

A failure the spider notices while parsing a successful answer (a feed
whose XML is broken, a body that is not what it claims to be) is yielded as::

    {"source": str, "url": str, "kind": "failure", "status": int | None,
     "reason": str}

and recorded per URL in ``fetch_errors``.  Download failures (timeouts,
refused connections, HTTP errors after retries, redirect loops, oversized
bodies) reach the spider's errback and are yielded the same way.
"""

from __future__ import annotations

from typing import Any

from scrapy.http import Response

FAILURE = "failure"
KINDS = ("document", "listing", "leaderboard", FAILURE)


def response_headers(response: Response) -> dict[str, str]:
    """The response's headers as ``{lower-case name: str}`` (last value wins)."""
    out: dict[str, str] = {}
    for name, values in response.headers.items():
        if values:
            out[name.decode("latin-1").lower()] = values[-1].decode("latin-1")
    return out


def requested_url(response: Response) -> str:
    """The URL first asked for, before any redirect."""
    urls = response.meta.get("redirect_urls") if response.request else None
    return urls[0] if urls else (response.request.url if response.request else response.url)


def fetch_item(
    source: str, response: Response, kind: str, format: str | None = None
) -> dict[str, Any]:
    """The item for one successful fetch (see the module docstring)."""
    return {
        "source": source,
        "url": requested_url(response),
        "fetched_url": response.url,
        "status": response.status,
        "headers": response_headers(response),
        "body": response.body,
        "kind": kind,
        "format": format,
        "replayed": response.meta.get("cw_replayed"),
        "start": bool(response.meta.get("cw_start")),
    }


def failure_item(source: str, url: str, reason: str, status: int | None = None) -> dict[str, Any]:
    """The item for a failure noticed on ``url``."""
    return {"source": source, "url": url, "kind": FAILURE, "status": status, "reason": reason}
