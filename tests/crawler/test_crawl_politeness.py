"""Politeness and scope: per-source delay, concurrency and timeout, backoff, date window, patterns."""

from __future__ import annotations

import time

from crawlkit import article, rows, rss, run_crawl, urlset, write_sources

from crawler.middlewares.retry import retry_after_seconds


def sitemap_of(server, n: int, *, delay: float = 0.0) -> None:
    for i in range(n):
        server.page(f"/p/{i}.html", article(i), delay=delay)
    server.page("/sitemap.xml", urlset(server.url, [(f"/p/{i}.html", "2026-06-01") for i in range(n)]),
                "application/xml")


def test_per_source_delay_spaces_requests(server, tmp_path):
    sitemap_of(server, 6)
    sources = write_sources(tmp_path / "s.toml", server.url, [
        {"name": "slowly", "kind": "sitemap", "url": "{base}/sitemap.xml", "delay": 0.3, "concurrency": 4},
    ])
    res = run_crawl(sources, tmp_path / "kb.db")
    assert res.returncode == 0, res.stderr
    times = sorted(t for p in [f"/p/{i}.html" for i in range(6)] for t in server.times(p))
    assert len(times) == 6
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert min(gaps) >= 0.28, gaps


def test_per_source_concurrency_limits_parallel_requests(server, tmp_path):
    sitemap_of(server, 8, delay=0.15)
    one = write_sources(tmp_path / "one.toml", server.url, [
        {"name": "one", "kind": "sitemap", "url": "{base}/sitemap.xml", "delay": 0, "concurrency": 1},
    ])
    assert run_crawl(one, tmp_path / "one.db").returncode == 0
    assert server.max_in_flight == 1
    four = write_sources(tmp_path / "four.toml", server.url, [
        {"name": "four", "kind": "sitemap", "url": "{base}/sitemap.xml", "delay": 0, "concurrency": 4},
    ])
    assert run_crawl(four, tmp_path / "four.db").returncode == 0
    assert 2 <= server.max_in_flight <= 4


def test_per_source_timeout(server, tmp_path):
    server.fault("/hang.html", "hang")
    server.page("/ok.html", article(1))
    server.page("/feed.xml", rss(server.url, [("/hang.html", ""), ("/ok.html", "")]), "application/rss+xml")
    sources = write_sources(tmp_path / "s.toml", server.url, [
        {"name": "impatient", "kind": "feed", "url": "{base}/feed.xml", "delay": 0, "timeout": 0.5},
    ])
    t0 = time.monotonic()
    res = run_crawl(sources, tmp_path / "kb.db", settings={"RETRY_TIMES": "1"})
    assert time.monotonic() - t0 < 10
    assert res.returncode == 1
    assert rows(tmp_path / "kb.db", "select url, reason from fetch_errors") == [
        (server.url + "/hang.html", "timed out")]
    assert server.hits("/hang.html") == 2
    assert rows(tmp_path / "kb.db", "select count(*) from documents") == [(1,)]


def test_retries_back_off_exponentially(server, tmp_path):
    server.fault("/busy.html", "flaky", times=2, status=503, body=article(5))
    server.page("/feed.xml", rss(server.url, [("/busy.html", "")]), "application/rss+xml")
    sources = write_sources(tmp_path / "s.toml", server.url, [
        {"name": "busy", "kind": "feed", "url": "{base}/feed.xml", "delay": 0},
    ])
    res = run_crawl(sources, tmp_path / "kb.db", settings={"CLAIMWATCH_RETRY_BACKOFF": "0.3"})
    assert res.returncode == 0, res.stderr
    t = server.times("/busy.html")
    assert len(t) == 3
    assert t[1] - t[0] >= 0.3 and t[2] - t[1] >= 0.6
    assert res.summary["new"] == 2 and res.summary["failed"] == 0


def test_retry_after_as_seconds_or_http_date():
    assert retry_after_seconds(b"120") == 120.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past: now
    assert 3500 < retry_after_seconds(time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 3600))) <= 3600
    assert retry_after_seconds(b"soon") is None and retry_after_seconds(None) is None


def test_date_window_and_url_patterns(server, tmp_path):
    base = server.url
    dated = {"/n/old.html": "Mon, 01 Dec 2025 09:00:00 GMT", "/n/in.html": "Sun, 01 Mar 2026 09:00:00 GMT",
             "/n/late.html": "Wed, 01 Jul 2026 09:00:00 GMT", "/n/video-in.html": "Sun, 01 Mar 2026 09:00:00 GMT",
             "/other/in.html": "Sun, 01 Mar 2026 09:00:00 GMT"}
    for p in dated:
        server.page(p, article(len(p)))
    server.page("/feed.xml", rss(base, list(dated.items())), "application/rss+xml")
    server.page("/sitemap.xml", urlset(base, [("/s/old.html", "2025-06-01"), ("/s/new.html", "2026-05-01")]),
                "application/xml")
    server.page("/s/old.html", article(1))
    server.page("/s/new.html", article(2))
    # a site page whose own meta date is before the window: stored, but not a document
    server.page("/w/start.html", "<html><body><a href='/w/old.html'>o</a><a href='/w/new.html'>n</a></body></html>")
    server.page("/w/old.html", article(3, date="2024-01-01"))
    server.page("/w/new.html", article(4, date="2026-04-01"))
    sources = write_sources(tmp_path / "s.toml", base, [
        {"name": "f", "kind": "feed", "url": "{base}/feed.xml", "delay": 0, "since": "2026-01-01",
         "until": "2026-06-30", "include": ["/n/"], "exclude": ["video"]},
        {"name": "s", "kind": "sitemap", "url": "{base}/sitemap.xml", "delay": 0, "since": "2026-01-01"},
        {"name": "w", "kind": "site", "url": "{base}/w/start.html", "delay": 0, "since": "2026-01-01",
         "depth": 1},
    ])
    db = tmp_path / "kb.db"
    res = run_crawl(sources, db)
    assert res.returncode == 0, res.stderr
    asked = set(server.paths())
    assert "/n/in.html" in asked and "/s/new.html" in asked
    for p in ("/n/old.html", "/n/late.html", "/n/video-in.html", "/other/in.html", "/s/old.html"):
        assert p not in asked, p
    docs = {u.split("/", 3)[3] for (u,) in rows(db, "select fetched_url from documents")}
    assert docs == {"n/in.html", "s/new.html", "w/new.html"}
    assert rows(db, "select count(*) from pages where url = ? and snapshot_id is not null",
                (base + "/w/old.html",)) == [(1,)]


def test_max_pages_stops_a_source_early_without_failing(server, tmp_path):
    sitemap_of(server, 30, delay=0.05)
    sources = write_sources(tmp_path / "s.toml", server.url, [
        {"name": "few", "kind": "sitemap", "url": "{base}/sitemap.xml", "delay": 0, "concurrency": 1,
         "max_pages": 5},
    ])
    res = run_crawl(sources, tmp_path / "kb.db")
    assert res.returncode == 0, res.stderr
    assert res.summary["fetched"] == 5 and res.summary["failed"] == 0  # the sitemap and 4 articles
