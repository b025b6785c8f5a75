"""What the crawler's components share for one crawl: the database and the run.

Pipelines, middlewares and the run-recording extension call
:func:`crawl_context` with their crawler.  The first call opens the knowledge
base named by ``CLAIMWATCH_DB`` (one connection per file and process: every
Scrapy component runs in the reactor thread), registers the spider's sources
and, unless ``CLAIMWATCH_RUN_ID`` says which run this is, starts one.
Only ``kb`` functions touch the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from kb import crawlstore
from kb.db import open_db

_DATABASES: dict[str, Database] = {}
_CLAIMS: dict[str, dict[str, int]] = {}  # db file -> {url: id of the crawler that asked first}


def database(path: str) -> Database:
    """The process's connection to the knowledge base at ``path``."""
    key = str(Path(path).resolve())
    if key not in _DATABASES:
        _DATABASES[key] = open_db(path)
    return _DATABASES[key]


def close_databases() -> None:
    while _DATABASES:
        _, db = _DATABASES.popitem()
        db.conn.close()
    _CLAIMS.clear()


def claim(crawler: Any, url: str) -> bool:
    """Claim ``url`` for this crawler; False when another crawler of the process has it.

    Two sources often list the same article (a feed and a sitemap of one
    site): only the first spider to ask for it fetches it in this run.
    In distributed mode the claim is shared by all workers, in Redis
    (:func:`crawler.distributed.claim`).
    """
    if crawler.settings.get("CLAIMWATCH_CLAIMS_KEY"):
        from crawler.distributed import claim as shared_claim

        return shared_claim(crawler, url)
    key = str(Path(crawler.settings.get("CLAIMWATCH_DB") or "kb.db").resolve())
    owners = _CLAIMS.setdefault(key, {})
    return owners.setdefault(url, id(crawler)) == id(crawler)


@dataclass
class CrawlContext:
    db: Database
    run_id: int
    own_run: bool  # started here (scrapy crawl), so finished here too
    resume_since: str  # URLs stored after this are replayed, not fetched (kb.crawlstore.resume_point)
    sources: list[dict]  # the spider's sources
    source_ids: dict[str, int] = field(default_factory=dict)

    def source_id(self, name: str | None) -> int | None:
        if name is None:
            return None
        if name not in self.source_ids:
            self.source_ids.update(crawlstore.source_ids(self.db))
        return self.source_ids.get(name)


def spider_sources(spider: Any) -> list[dict]:
    """The source dicts a spider crawls (``spider.source`` or ``spider.sources``)."""
    many = getattr(spider, "source_list", None)
    if many:
        return list(many)
    one = getattr(spider, "source", None)
    return [one] if isinstance(one, dict) else []


def crawl_context(crawler: Any) -> CrawlContext:
    """The crawl's shared context (created on first use)."""
    ctx = crawler.__dict__.get("_claimwatch_context")
    if ctx is not None:
        return ctx
    settings = crawler.settings
    db = database(settings.get("CLAIMWATCH_DB") or "kb.db")
    sources = spider_sources(crawler.spider)
    ids = crawlstore.sync_sources(db, sources) if sources else {}
    run_id = settings.getint("CLAIMWATCH_RUN_ID") or None
    own = run_id is None
    if own:
        run_id = crawlstore.start_run(db, f"scrapy crawl {crawler.spider.name}")
    resume = settings.get("CLAIMWATCH_RESUME_SINCE")
    if resume is None:
        resume = crawlstore.resume_point(db, run_id)
    ctx = CrawlContext(db, run_id, own, resume, sources, dict(ids))
    crawler.__dict__["_claimwatch_context"] = ctx
    return ctx
