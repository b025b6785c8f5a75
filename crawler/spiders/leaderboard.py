"""``leaderboard`` sources: a JSON/CSV endpoint read by the parser its ``format`` names.

The spider fetches the source's ``url`` and yields one ``leaderboard`` item
per response (:func:`crawler.items.fetch_item`, with the format); the
pipelines store the snapshot and then the observations
(``crawler.pipelines.leaderboards.ObservationsPipeline``).  The parser's
``follow`` URLs are fetched next with the same format: OpenRouter's
``links.next`` pages, the rankings export's index -> manifest -> data file,
Artificial Analysis's next page.  A response the parser cannot read is not
followed; the pipeline records why.

Keys: a source with ``api_key_env`` (or a format that needs a key, such as
``artificial-analysis``) reads the key from that environment variable and
sends it (``x-api-key`` for Artificial Analysis, ``Authorization: Bearer``
otherwise).  Without the key the source is skipped: one warning naming the
variable, the reason on ``spider.skipped`` and in the crawl stats
(``claimwatch/source/<name>/skipped``); nothing is fetched and nothing
crashes.
"""

from __future__ import annotations

import os
from typing import Any, AsyncIterator, Iterable

from crawler.items import fetch_item
from crawler.leaderboards import LeaderboardError, module_for, parse
from crawler.spiders.base import SourceSpider
from kb.db import now


def api_key_setting(source: dict) -> tuple[str | None, str, str]:
    """``(env var or None, header name, header prefix)`` for a source."""
    mod = module_for(source["format"])
    env = source.get("api_key_env") or getattr(mod, "API_KEY_ENV", None)
    header = getattr(mod, "API_KEY_HEADER", "Authorization")
    prefix = "Bearer " if header.lower() == "authorization" else ""
    return env, header, prefix


class LeaderboardSpider(SourceSpider):
    name = "leaderboard"
    kind = "leaderboard"

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.format = self.source["format"]
        module_for(self.format)  # an unknown format fails here, before any request
        self.skipped: dict[str, str] = {}
        self._key_header: tuple[str, str] | None = None

    async def start(self) -> AsyncIterator[Any]:
        env, header, prefix = api_key_setting(self.source)
        if env:
            key = os.environ.get(env, "").strip()
            if not key:
                reason = f"API key missing: set the environment variable {env}"
                self.skipped[self.source["name"]] = reason
                self.crawler.stats.set_value(f"claimwatch/source/{self.source['name']}/skipped", reason)
                self.logger.warning("leaderboard %s: skipped (%s)", self.source["name"], reason)
                return
            self._key_header = (header, prefix + key)
        for url in self.start_urls_of_source():
            yield self.keyed(self.request(url, self.parse_start, start=True))

    def keyed(self, request: Any) -> Any:
        if self._key_header:
            request.headers[self._key_header[0]] = self._key_header[1]
        return request

    def parse_start(self, response: Any) -> Iterable[Any]:
        return self.parse_leaderboard(response)

    def parse_leaderboard(self, response: Any) -> Iterable[Any]:
        yield fetch_item(self.source["name"], response, "leaderboard", self.format)
        ctype = response.headers.get(b"Content-Type", b"").decode("latin-1") or None
        try:
            page = parse(self.format, response.body, url=response.url, fetched_at=now(), content_type=ctype)
        except LeaderboardError as exc:
            self.logger.info("leaderboard %s: not following from %s (%s)", self.source["name"], response.url, exc)
            return
        for url in page.follow:
            if url.startswith(("http://", "https://")) and not self.excluded(url):
                yield self.keyed(self.request(url, self.parse_leaderboard))
