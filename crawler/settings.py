"""Scrapy settings of the claimwatch crawler.

Polite by default: an identifying user agent, robots.txt obeyed, AutoThrottle
on top of a minimum per-site delay, two parallel requests per site, retries
with exponential backoff that honour ``Retry-After``, a timeout and a maximum
download size.  Every source may override ``delay``, ``concurrency`` and
``timeout`` (see :mod:`crawler.spiders.base`); ``crawler.run.crawl(...,
settings=...)`` and ``scrapy crawl -s NAME=VALUE`` override everything.

claimwatch's own settings:

``CLAIMWATCH_DB``
    Path of the SQLite knowledge base (required to store anything).
``CLAIMWATCH_RUN_ID``
    The ``crawl_runs`` row this crawl belongs to.  Unset: the crawl records
    its own run (what ``scrapy crawl`` does).
``CLAIMWATCH_RESUME``
    Replay, instead of re-fetching, the URLs already stored by a crawl that
    was killed before it finished (default on).
``CLAIMWATCH_CONDITIONAL``
    Send ``If-None-Match`` / ``If-Modified-Since`` for stored URLs (default on).
``CLAIMWATCH_SKIP_SEEN``
    Do not follow feed/sitemap/report entries already stored and not updated
    since (default on).
``CLAIMWATCH_RETRY_BACKOFF`` / ``CLAIMWATCH_RETRY_BACKOFF_MAX``
    First retry waits ``BACKOFF`` seconds, then twice as long each time, at
    most ``BACKOFF_MAX``; a ``Retry-After`` asking for longer wins.
``CLAIMWATCH_RETRY_AFTER_MAX``
    A ``Retry-After`` longer than this (seconds) is not waited for: the URL
    fails at once with the server's answer as the reason.
"""

from __future__ import annotations

import claimwatch

BOT_NAME = "claimwatch"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

_VERSION = getattr(claimwatch, "__version__", "0.1")
USER_AGENT = (
    f"claimwatch/{_VERSION} (+https://github.com/claimwatch/claimwatch; "
    "numeric claims about the AI economy; respects robots.txt)"
)
ROBOTSTXT_OBEY = True

# -- politeness ----------------------------------------------------------------
DOWNLOADER = "crawler.downloader.SlotLimitedDownloader"  # per-site concurrency that holds
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2  # a source's `concurrency` overrides
DOWNLOAD_DELAY = 1.0  # minimum seconds between requests to a site; a source's `delay` overrides
DOWNLOAD_DELAY_JITTER = 0  # the delay is a minimum, never shortened at random
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30  # a source's `timeout` overrides
DOWNLOAD_MAXSIZE = 50 * 1024 * 1024  # also bounds gzip/deflate/brotli decompression
DOWNLOAD_WARNSIZE = 10 * 1024 * 1024
REDIRECT_MAX_TIMES = 10

# -- retries ---------------------------------------------------------------------
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
RETRY_GIVE_UP_LOG_LEVEL = "WARNING"  # the failure is recorded in the database
CLAIMWATCH_RETRY_BACKOFF = 2.0
CLAIMWATCH_RETRY_BACKOFF_MAX = 60.0
CLAIMWATCH_RETRY_AFTER_MAX = 300.0

# -- economy ----------------------------------------------------------------------
CLAIMWATCH_DB = None
CLAIMWATCH_RUN_ID = None
CLAIMWATCH_RESUME = True
CLAIMWATCH_CONDITIONAL = True
CLAIMWATCH_SKIP_SEEN = True
HTTPCACHE_ENABLED = False
CONCURRENT_ITEMS = 4  # the pipelines are synchronous: Scrapy's 100 would only add tasks
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

DOWNLOADER_MIDDLEWARES = {
    # Scrapy's RetryMiddleware (550) is replaced by one that backs off.
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.retry.BackoffRetryMiddleware": 550,
    # Between redirects (600) and the wire: loops fail instead of vanishing.
    "crawler.middlewares.redirects.RedirectLoopMiddleware": 610,
    # Closest to the wire among ours: replay/condition requests from the store.
    "crawler.middlewares.resume.ResumeMiddleware": 640,
    "crawler.middlewares.conditional.ConditionalRequestMiddleware": 650,
}
SPIDER_MIDDLEWARES = {
    "crawler.middlewares.seen.SeenEntriesMiddleware": 950,
    # after the seen filter (lower = later on the way out): only asked pages count
    "crawler.middlewares.budget.PageBudgetMiddleware": 940,
}
ITEM_PIPELINES = {
    "crawler.pipelines.store.SnapshotPipeline": 300,
    # Leaderboard items, after their snapshot is stored (reads snapshot_id/changed).
    "crawler.pipelines.leaderboards.ObservationsPipeline": 400,
}
EXTENSIONS = {
    "crawler.extensions.RunRecorder": 500,
}

# -- plumbing ---------------------------------------------------------------------
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
