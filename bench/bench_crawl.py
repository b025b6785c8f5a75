"""Speed of the claimwatch crawl (not a test): pages/s against a bare Scrapy spider, and re-crawl cost.

Generates a local site of N article pages (default 2,000; ~6 KB each, with
prev/next links) reached through a chain of index pages (50 articles each),
serves it on a loopback port (``tests/faultserver.py``: ETag, Last-Modified,
304s), then measures, each crawl in a child process:

1. claimwatch: ``python -m crawler.run`` on one ``site`` source (seed: the
   first index page; articles matched by ``include``): fetch + parse + store
   (snapshots, pages, documents) into a fresh SQLite file;
2. bare Scrapy: a spider that only follows every link on the same site, with
   the same concurrency (16), no delay, no AutoThrottle, robots.txt obeyed;
3. claimwatch again on the same database, nothing changed.

Crawl time is the time the Twisted reactor ran (process start-up excluded,
the same way for both).  Targets: claimwatch/bare pages/s >= 0.5; second
crawl time / first <= 0.1.

usage: python bench/bench_crawl.py [--articles N] [--concurrency C]
       python bench/bench_crawl.py --bare URL   (internal: the bare spider)
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

PER_INDEX = 50
WORDS = ("tokens", "inference", "price", "million", "model", "growth", "share", "weekly", "provider",
         "revenue", "context", "cheaper", "volume", "platform", "developers", "usage")


def article_html(i: int, n: int) -> str:
    paras = "".join(
        f"<p>{' '.join(WORDS[(i + j + k) % len(WORDS)] for k in range(60))}: model {i} served "
        f"{(i * 37 + j) % 900 + 10} billion tokens a day, up {(i + j) % 90 + 5}% on the month.</p>"
        for j in range(10)
    )
    prev_link = f"<a href='/a/{i - 1}.html'>previous</a>" if i > 0 else ""
    next_link = f"<a href='/a/{i + 1}.html'>next</a>" if i + 1 < n else ""
    return (
        f"<!doctype html><html><head><title>Article {i}</title>"
        f"<link rel='canonical' href='/a/{i}.html'>"
        f"<meta property='article:published_time' content='2026-06-{i % 28 + 1:02d}T08:00:00Z'></head>"
        f"<body><nav><a href='/index/0.html'>home</a></nav><article><h1>Article {i}</h1>{paras}</article>"
        f"<footer>{prev_link} {next_link}</footer></body></html>"
    )


def index_html(k: int, n: int) -> str:
    first = k * PER_INDEX
    links = "".join(f"<li><a href='/a/{i}.html'>Article {i}</a></li>" for i in range(first, min(n, first + PER_INDEX)))
    more = f"<a href='/index/{k + 1}.html'>older</a>" if first + PER_INDEX < n else ""
    return f"<html><head><title>Index {k}</title></head><body><ul>{links}</ul>{more}</body></html>"


def build_site(srv, n: int) -> int:
    for i in range(n):
        srv.page(f"/a/{i}.html", article_html(i, n))
    pages = (n + PER_INDEX - 1) // PER_INDEX
    for k in range(pages):
        srv.page(f"/index/{k}.html", index_html(k, n))
    return n + pages


# -- the bare spider (run in a child process) -------------------------------------------


def bare(url: str, concurrency: int) -> None:
    import scrapy
    from scrapy.crawler import CrawlerProcess

    class FollowSpider(scrapy.Spider):
        name = "follow"
        start_urls = [url]

        def parse(self, response):
            for href in response.css("a::attr(href)").getall():
                yield response.follow(href, self.parse)

    stats = {}
    process = CrawlerProcess({
        "LOG_LEVEL": "ERROR", "ROBOTSTXT_OBEY": True, "CONCURRENT_REQUESTS": concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency, "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False, "TELNETCONSOLE_ENABLED": False, "COOKIES_ENABLED": False,
    })
    crawler = process.create_crawler(FollowSpider)

    def closed(spider, reason):
        stats.update(crawler.stats.get_stats())

    crawler.signals.connect(closed, signal=scrapy.signals.spider_closed, weak=False)
    process.crawl(crawler)
    t0 = time.monotonic()
    process.start()
    elapsed = time.monotonic() - t0
    pages = stats.get("response_received_count", 0) - 1  # robots.txt
    print(json.dumps({"elapsed": elapsed, "pages": pages}))


# -- the benchmark ------------------------------------------------------------------------


def run_json(cmd: list[str]) -> tuple[dict, float]:
    t0 = time.monotonic()
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    wall = time.monotonic() - t0
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if not lines:
        sys.exit(f"bench_crawl: {' '.join(cmd[:4])} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return json.loads(lines[-1]), wall


def claimwatch(sources: Path, db: Path, concurrency: int) -> tuple[dict, float]:
    cmd = [sys.executable, "-m", "crawler.run", "--sources", str(sources), "--db", str(db), "--json"]
    for k, v in {"AUTOTHROTTLE_ENABLED": "False", "CONCURRENT_REQUESTS": concurrency,
                 "LOG_LEVEL": "ERROR"}.items():
        cmd += ["-s", f"{k}={v}"]
    return run_json(cmd)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--articles", type=int, default=2000)
    p.add_argument("--concurrency", type=int, default=16)
    p.add_argument("--bare", metavar="URL", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.bare:
        bare(args.bare, args.concurrency)
        return 0

    from faultserver import FaultServer

    with FaultServer() as srv, tempfile.TemporaryDirectory() as tmp:
        total = build_site(srv, args.articles)
        seed = srv.url + "/index/0.html"
        sources = Path(tmp) / "sources.toml"
        sources.write_text(
            "[[source]]\nname = \"bench\"\nkind = \"site\"\n"
            f"url = \"{seed}\"\ninclude = ['/a/[0-9]+[.]html$']\ndepth = 1000\n"
            f"delay = 0\nconcurrency = {args.concurrency}\ntimeout = 30\n",
            encoding="utf-8",
        )
        db = Path(tmp) / "kb.db"
        print(f"site: {args.articles} articles + {total - args.articles} index pages on {srv.url}")

        hits0 = len(srv.paths())
        first, wall1 = claimwatch(sources, db, args.concurrency)
        req1 = len(srv.paths()) - hits0
        pages1 = first["fetched"]
        cw_rate = pages1 / first["elapsed"]
        print(f"claimwatch crawl (fetch+parse+store): {pages1} pages in {first['elapsed']:.2f} s "
              f"= {cw_rate:.0f} pages/s  (wall with start-up {wall1:.2f} s; "
              f"{first['documents_new']} documents, ok={first['ok']})")

        hits0 = len(srv.paths())
        b, wallb = run_json([sys.executable, __file__, "--bare", seed, "--concurrency", str(args.concurrency)])
        bare_rate = b["pages"] / b["elapsed"]
        print(f"bare Scrapy spider (follow links only): {b['pages']} pages in {b['elapsed']:.2f} s "
              f"= {bare_rate:.0f} pages/s  (wall {wallb:.2f} s)")
        ratio = cw_rate / bare_rate
        print(f"ratio claimwatch/bare: {ratio:.2f}  (target >= 0.5) {'OK' if ratio >= 0.5 else 'MISSED'}")

        hits0 = len(srv.paths())
        second, wall2 = claimwatch(sources, db, args.concurrency)
        req2 = len(srv.paths()) - hits0
        cost = second["elapsed"] / first["elapsed"]
        print(f"second crawl, nothing changed: {second['elapsed']:.2f} s, {req2} requests "
              f"(first: {req1}), {second['new']} new, {second['changed']} changed, "
              f"{second['unchanged']} unchanged (304s), {second['skipped_seen']} stored articles not asked for")
        print(f"second/first crawl time: {cost:.3f}  (target <= 0.1) {'OK' if cost <= 0.1 else 'MISSED'}; "
              f"requests {req2 / max(req1, 1):.3f}; wall with start-up {wall2 / wall1:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
