"""Run the crawl of a list of sources in one Scrapy process, and sum it up.

    from crawler.run import crawl
    summary = crawl(sources, "kb.db", run_id=None, settings=None, progress=False)

``sources`` are validated dicts (:func:`crawler.sources.load_sources`).  Each
becomes one spider (the one named like its kind: ``feed``, ``sitemap``,
``site``, ``report``, ``leaderboard``) in a single ``CrawlerProcess``, with
that source's delay, concurrency and timeout.  Failures are recorded per URL
in ``fetch_errors`` as they happen; each source's last success or failure is
marked when its spider closes.  The summary's ``ok`` comes from what was
recorded and from the crawl stats, since Scrapy itself reports success
whatever happened.

A Twisted reactor cannot be restarted: call :func:`crawl` once per process.
``python -m crawler.run --sources FILE --db FILE`` runs it in a process of
its own (exit status 0 only when ``ok``).

``crawl(..., distributed="redis://HOST:PORT/DB", idle_timeout=30)`` (or
``--distributed URL --idle-timeout S``) makes this process one worker of a
distributed crawl: the spiders share their request queues and duplicate
filters with every other worker through Redis (scrapy-redis; see
:mod:`crawler.distributed`), and each spider stays open until the shared
queue of its source has left it idle for ``idle_timeout`` seconds.  A worker
judges (marks ok/failed) only the sources whose own URLs it fetched.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from dataclasses import asdict, dataclass, field
from typing import Any

from crawler.context import close_databases, database
from crawler.extensions import has_verdict, source_outcome
from kb import crawlstore

log = logging.getLogger("claimwatch.crawl")

COUNTERS = ("fetched", "new", "changed", "unchanged", "failed", "resumed", "documents_new")
MAX_ERRORS = 200


@dataclass
class CrawlSummary:
    fetched: int = 0  # answers received (new + changed + unchanged, 304s included)
    new: int = 0  # URLs stored for the first time
    changed: int = 0  # stored URLs whose content changed (a new snapshot)
    unchanged: int = 0  # same content hash, or 304 Not Modified
    failed: int = 0  # URLs recorded in fetch_errors
    resumed: int = 0  # URLs a killed crawl had stored, replayed without fetching
    documents_new: int = 0
    observations_added: int = 0
    skipped_seen: int = 0  # listing entries not followed: stored, not updated
    elapsed: float = 0.0  # seconds the crawl itself took (the reactor running)
    run_id: int | None = None
    frontier: str | None = None  # distributed mode: the Redis URL (no password) and generation
    per_source: dict[str, dict] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    ok: bool = True

    def judged(self) -> dict[str, dict]:
        """``per_source`` without the sources another worker judged (distributed mode).

        What goes to ``source_runs``: a worker that did not fetch a source's
        own URLs must not record a verdict that hides the real one.
        """
        return {k: v for k, v in self.per_source.items() if not v.get("judged_elsewhere")}

    def line(self) -> str:
        return (
            f"{self.fetched} fetched ({self.new} new, {self.changed} changed, "
            f"{self.unchanged} unchanged), {self.resumed} resumed, {self.failed} failed"
        )


def _spider_class(loader: Any, kind: str) -> Any:
    try:
        return loader.load(kind)
    except KeyError:
        return None


def _progress_bar() -> Any:
    """The claimwatch status line (one redrawn line on a terminal, a log line now and then elsewhere)."""
    from claimwatch.progress import Progress

    return Progress("crawl")


def build_settings(db_path: str, run_id: int, resume_since: str, overrides: dict | None) -> Any:
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.set("LOG_LEVEL", "ERROR", priority="project")
    settings.set("CLAIMWATCH_DB", db_path, priority="cmdline")
    settings.set("CLAIMWATCH_RUN_ID", run_id, priority="cmdline")
    settings.set("CLAIMWATCH_RESUME_SINCE", resume_since, priority="cmdline")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


def _too_soon(db: Any, src: dict, source_id: int, summary: "CrawlSummary") -> bool:
    """Skip a source whose ``min_interval`` (hours) has not passed since its last success.

    Sites that ask to be fetched at most once a day get ``min_interval = 20``
    in the source list; the skip is stated in the summary, not counted a failure.
    """
    interval = src.get("min_interval")
    if not interval:
        return False
    hours = crawlstore.hours_since_success(db, src["name"])
    if hours is None or hours >= interval:
        return False
    reason = f"fetched {hours:.1f} h ago, min_interval is {interval:g} h"
    summary.per_source[src["name"]] = {"ok": True, "skipped": reason}
    crawlstore.mark_skipped(db, source_id, reason)
    log.info("source %r skipped: %s", src["name"], reason)
    return True


def crawl(
    sources: list[dict],
    db_path: str,
    *,
    run_id: int | None = None,
    settings: dict | None = None,
    progress: bool = False,
    distributed: str | None = None,
    idle_timeout: float | None = None,
) -> CrawlSummary:
    """Crawl ``sources`` into the knowledge base at ``db_path``; see the module docstring."""
    worker = None
    if distributed:
        from crawler.distributed import DEFAULT_IDLE_TIMEOUT, Worker

        timeout = DEFAULT_IDLE_TIMEOUT if idle_timeout is None else idle_timeout
        worker = Worker(distributed, idle_timeout=timeout).join()  # DistributedError: Redis unreachable
        settings = {**worker.settings(), **(settings or {})}
    try:
        return _crawl(sources, db_path, run_id=run_id, settings=settings, progress=progress, worker=worker)
    finally:
        if worker is not None:
            worker.leave()


def _crawl(sources: list[dict], db_path: str, *, run_id: int | None, settings: dict | None,
           progress: bool, worker: Any) -> CrawlSummary:
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess

    db = database(db_path)
    source_ids = crawlstore.sync_sources(db, sources)
    own_run = run_id is None
    if own_run:
        run_id = crawlstore.start_run(db, "crawl")
    resume_since = crawlstore.resume_point(db, run_id)
    summary = CrawlSummary(run_id=run_id, frontier=worker.describe() if worker is not None else None)

    # a caller that set up logging (the claimwatch command) keeps its handlers;
    # Scrapy installs its own only for a bare `python -m crawler.run`
    crawl_settings = build_settings(db_path, run_id, resume_since, settings)
    crawl_settings.set("LOG_INSTALL_ROOT_HANDLER", not logging.getLogger().handlers, priority="cmdline")
    process = CrawlerProcess(crawl_settings)
    closed: dict[str, tuple[dict, str]] = {}
    bar = _progress_bar() if progress else None
    live: list[Any] = []

    def on_item(item: Any, response: Any = None, spider: Any = None) -> None:
        totals = {k: 0 for k in ("fetched", "new", "changed", "failed")}
        for c in live:
            st = c.stats.get_stats()
            for k in totals:
                totals[k] += int(st.get(f"claimwatch/{k}", 0))
        bar.update(**totals)

    for src in sources:
        if _too_soon(db, src, source_ids[src["name"]], summary):
            continue
        spidercls = _spider_class(process.spider_loader, src["kind"])
        if spidercls is None:
            summary.errors.append(f"source {src['name']!r}: no spider for kind {src['kind']!r}")
            summary.per_source[src["name"]] = {"ok": False, "error": "no spider"}
            crawlstore.mark_source(db, source_ids[src["name"]], ok=False, error=f"no spider for kind {src['kind']!r}")
            continue
        crawler = process.create_crawler(spidercls)
        if worker is not None:
            worker.configure(crawler, src)

        def on_closed(spider: Any, reason: str, _crawler: Any = crawler, _name: str = src["name"]) -> None:
            closed[_name] = (dict(_crawler.stats.get_stats()), reason)

        crawler.signals.connect(on_closed, signal=signals.spider_closed, weak=False)
        if bar is not None:
            live.append(crawler)
            crawler.signals.connect(on_item, signal=signals.item_scraped, weak=False)
        process.crawl(crawler, source=src)
    interrupted = False
    t0 = time.monotonic()
    try:
        process.start()
    except KeyboardInterrupt:
        interrupted = True
    summary.elapsed = round(time.monotonic() - t0, 3)
    if bar is not None:
        bar.close()

    for src in sources:
        name = src["name"]
        if summary.per_source.get(name, {}).get("skipped"):
            continue
        if name not in closed:
            if name not in summary.per_source:
                summary.per_source[name] = {"ok": False, "error": "spider did not run"}
                summary.errors.append(f"source {name!r}: the spider did not run (see the log)")
            continue
        stats, reason = closed[name]
        per = {k: int(stats.get(f"claimwatch/source/{name}/{k}", 0)) for k in COUNTERS}
        for k in COUNTERS:
            setattr(summary, k, getattr(summary, k) + per[k])
        obs = int(stats.get("leaderboard/observations_added", 0))
        summary.observations_added += obs
        summary.skipped_seen += int(stats.get("claimwatch/skipped_seen", 0))
        if worker is not None and not has_verdict(stats, name):
            ok, error = True, None  # another worker fetched the source's own URLs and judges it
            per["judged_elsewhere"] = True
        else:
            ok, error = source_outcome(stats, name)
        per.update(observations_added=obs, ok=ok, finish_reason=reason)
        if not ok:
            per["error"] = error
            summary.errors.append(f"source {name!r}: failed entirely ({error})")
        internal = int(stats.get("log_count/ERROR", 0)) + int(stats.get("log_count/CRITICAL", 0))
        if internal:
            summary.errors.append(f"source {name!r}: {internal} error(s) logged by the crawler")
        if reason == "shutdown":
            interrupted = True
        elif reason not in ("finished", "closespider_pagecount"):
            summary.errors.append(f"source {name!r}: crawl ended early ({reason})")
        summary.per_source[name] = per

    for f in crawlstore.run_failures(db, run_id, limit=MAX_ERRORS):
        summary.errors.append(f"{f['url']}: {f['reason']}" + (f" [{f['source']}]" if f["source"] else ""))
    summary.ok = not summary.errors and not interrupted
    if own_run:
        counts = {k: getattr(summary, k) for k in ("fetched", "new", "changed", "unchanged", "failed",
                                                   "observations_added")}
        counts["errors"] = len(summary.errors)
        crawlstore.finish_run(
            db, run_id, status="interrupted" if interrupted else ("ok" if summary.ok else "failed"),
            counts=counts, per_source=summary.judged(), message=summary.line(),
        )
    close_databases()
    if interrupted:
        raise KeyboardInterrupt("crawl interrupted")
    return summary


def main(argv: list[str] | None = None) -> int:
    from crawler.sources import SourceError, load_sources
    from kb.db import KBError

    p = argparse.ArgumentParser(prog="python -m crawler.run", description="Crawl sources into a knowledge base.")
    p.add_argument("--sources", required=True, help="TOML source list")
    p.add_argument("--db", required=True, help="SQLite knowledge base")
    p.add_argument("--only", action="append", metavar="NAME", help="crawl only this source (repeatable)")
    p.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE",
                   help="a Scrapy/claimwatch setting (repeatable)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("--progress", action="store_true", help="log the crawl as it goes")
    p.add_argument("--distributed", metavar="REDIS_URL",
                   help="be one worker of a crawl shared through Redis (redis://HOST:PORT/DB)")
    p.add_argument("--idle-timeout", type=float, default=None, metavar="SECONDS",
                   help="distributed: stop after the shared queue left this worker idle this long "
                        "(default: 30)")
    args = p.parse_args(argv)
    overrides: dict[str, Any] = {}
    for item in args.set:
        name, sep, value = item.partition("=")
        if not sep:
            print(f"crawler: -s {item}: expected NAME=VALUE", file=sys.stderr)
            return 2
        overrides[name] = value
    from crawler.distributed import DistributedError

    try:
        sources = load_sources(args.sources, only=args.only)
        summary = crawl(sources, args.db, settings=overrides, progress=args.progress,
                        distributed=args.distributed, idle_timeout=args.idle_timeout)
    except DistributedError as exc:
        print(f"crawler: {exc}", file=sys.stderr)
        return 1
    except (SourceError, KBError) as exc:
        print(f"crawler: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("crawler: interrupted", file=sys.stderr)
        return 130
    if args.json:
        print(json.dumps(asdict(summary), sort_keys=True))
    else:
        print(f"crawl: {summary.line()}" + ("" if summary.ok else f"; {len(summary.errors)} error(s)"))
        for e in summary.errors[:20]:
            print(f"crawler: {e}", file=sys.stderr)
    return 0 if summary.ok else 1


if __name__ == "__main__":
    logging.captureWarnings(True)
    sys.exit(main())
