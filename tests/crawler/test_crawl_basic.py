"""The crawl of a small local site: every kind of source, stored as snapshots and documents."""

from __future__ import annotations

import subprocess
import sys
import zlib

from crawlkit import REPO, SAMPLE_SOURCES, rows, run_crawl, write_sources


def test_crawl_stores_every_kind_of_source(site, tmp_path):
    base = site.url
    sources = write_sources(tmp_path / "sources.toml", base, SAMPLE_SOURCES)
    db = tmp_path / "kb.db"
    res = run_crawl(sources, db)
    assert res.returncode == 0, res.stderr
    s = res.summary
    assert s["ok"] and s["errors"] == [] and s["failed"] == 0
    assert set(s["per_source"]) == {"news-feed", "news-sitemap", "news-site", "reports"}
    assert all(p["ok"] for p in s["per_source"].values())

    stored = {u.removeprefix(base) for (u,) in rows(db, "select url from pages where snapshot_id is not null")}
    # listings: the feed, the sitemap index and its sitemap, the report index, a site seed
    assert {"/feed.xml", "/sitemap.xml", "/sitemap-news.xml", "/reports/", "/news/5.html"} <= stored
    # feed entries (with their tracking parameters as fetched), sitemap entries, site links, reports
    assert {"/news/1.html?utm_source=rss&utm_medium=feed", "/news/2.html", "/news/3.html",
            "/news/4.html", "/news/6.html", "/news/7.html",
            "/reports/annual-2026.pdf", "/reports/q2-2026.html"} <= stored
    # robots.txt forbids /private/: never asked for, and not an error
    assert site.hits("/private/secret.html") == 0
    # the report page's link outside its folder is not a report
    assert "/about.html" not in stored

    docs = {u.removeprefix(base.replace("http://", "https://")).removeprefix(base): k
            for u, k in rows(db, "select url, kind from documents")}
    # documents under their canonical URL: the utm variant is /news/1.html
    assert docs["/news/1.html"] == "html"
    assert docs["/reports/annual-2026.pdf"] == "pdf"
    assert not any(u.startswith(("/feed.xml", "/sitemap")) for u in docs), "listings are not documents"
    assert "/reports" not in docs and "/reports/" not in docs

    # snapshots keep the body, compressed, with its hash and headers
    body, ctype = rows(db, "select body, content_type from snapshots where url = ?",
                       (base + "/reports/annual-2026.pdf",))[0]
    assert zlib.decompress(body).startswith(b"%PDF-") and ctype == "application/pdf"
    # each source's success is marked; the run row is finished
    assert all(r[0] for r in rows(db, "select last_success from sources"))
    (status, fetched), = rows(db, "select status, fetched from crawl_runs")
    assert status == "ok" and fetched == s["fetched"] > 10


def test_same_article_under_two_urls_is_one_document(site, tmp_path):
    base = site.url
    site.page("/feed.xml", f"""<?xml version="1.0"?><rss version="2.0"><channel>
        <item><link>{base}/news/1.html?utm_source=x</link></item>
        <item><link>{base}/news/1.html</link></item>
        <item><link>{base}/amp/news-1.html</link></item></channel></rss>""", "application/rss+xml")
    site.page("/amp/news-1.html", __import__("crawlkit").article(1, canonical=f"{base}/news/1.html"))
    sources = write_sources(tmp_path / "s.toml", base, SAMPLE_SOURCES[:1])
    db = tmp_path / "kb.db"
    assert run_crawl(sources, db).returncode == 0
    assert len(rows(db, "select url from pages where snapshot_id is not null")) == 4  # feed + 3 URLs
    (n,) = rows(db, "select count(*) from documents")[0]
    assert n == 1


def test_second_crawl_of_an_unchanged_site_fetches_only_listings(site, tmp_path):
    base = site.url
    sources = write_sources(tmp_path / "sources.toml", base, SAMPLE_SOURCES)
    db = tmp_path / "kb.db"
    first = run_crawl(sources, db)
    assert first.returncode == 0, first.stderr
    snapshots = rows(db, "select count(*) from snapshots")[0][0]
    hits_before = len(site.paths())

    second = run_crawl(sources, db)
    assert second.returncode == 0, second.stderr
    s = second.summary
    assert s["new"] == 0 and s["changed"] == 0 and s["failed"] == 0
    assert rows(db, "select count(*) from snapshots")[0][0] == snapshots
    later = site.paths()[hits_before:]
    # feed and sitemap entries already stored are not asked for again
    for path in ("/news/2.html", "/news/4.html", "/reports/annual-2026.pdf", "/reports/q2-2026.html"):
        assert path not in later, path
    # what is asked again is asked conditionally, and answered 304
    feed_asks = site.requests("/feed.xml")
    assert len(feed_asks) == 2 and feed_asks[1].get("If-None-Match")
    assert s["unchanged"] >= 5


def test_a_changed_article_gets_a_new_snapshot_and_the_document_follows(site, tmp_path):
    base = site.url
    sources = write_sources(tmp_path / "s.toml", base, SAMPLE_SOURCES[:1])
    db = tmp_path / "kb.db"
    assert run_crawl(sources, db).returncode == 0
    (old_snap,) = rows(db, "select snapshot_id from documents where url like '%/news/2.html'")[0]

    from crawlkit import article, rss

    site.page("/news/2.html", article(2, canonical=f"{base}/news/2.html", extra="<p>Updated: 3 trillion.</p>"))
    site.page("/feed.xml", rss(base, [("/news/2.html", "Tue, 02 Jun 2026 09:00:00 GMT")]).replace(
        "</pubDate>", "</pubDate><updated>2099-01-01T00:00:00Z</updated>"), "application/rss+xml")
    res = run_crawl(sources, db)
    assert res.returncode == 0, res.stderr
    assert res.summary["changed"] >= 2  # the feed and the article
    (new_snap,) = rows(db, "select snapshot_id from documents where url like '%/news/2.html'")[0]
    assert new_snap != old_snap
    assert len(rows(db, "select id from snapshots where url = ?", (base + "/news/2.html",))) == 2


def test_scrapy_crawl_command_works_like_scrapy_users_expect(site, tmp_path):
    sources = write_sources(tmp_path / "sources.toml", site.url, SAMPLE_SOURCES)
    db = tmp_path / "kb.db"
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "feed", "-a", "source=news-feed",
         "-a", f"sources={sources}", "-s", f"CLAIMWATCH_DB={db}", "-s", "LOG_LEVEL=WARNING",
         "-s", "AUTOTHROTTLE_ENABLED=False"],
        cwd=REPO, capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert len(rows(db, "select id from documents")) == 3
    (command, status), = rows(db, "select command, status from crawl_runs")
    assert command == "scrapy crawl feed" and status == "ok"


def test_bad_source_list_is_one_line_naming_source_and_field(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[source]]\nname = "x"\nkind = "blog"\nurl = "https://example.com/"\n')
    proc = subprocess.run([sys.executable, "-m", "crawler.run", "--sources", str(bad), "--db", str(tmp_path / "kb.db")],
                          cwd=REPO, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "'x'" in proc.stderr and "'kind'" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_unchanged_body_without_validators_makes_no_new_snapshot(server, tmp_path):
    from crawlkit import article

    # a server that sends neither ETag nor Last-Modified: every page is fetched in full
    server.fault("/", "raw", body="<html><body><a href='/x/1.html'>1</a><a href='/x/2.html'>2</a></body></html>")
    for n in (1, 2):
        server.fault(f"/x/{n}.html", "raw", body=article(n))
    sources = write_sources(tmp_path / "s.toml", server.url, [
        {"name": "plain", "kind": "site", "url": "{base}/", "depth": 1, "delay": 0}])
    db = tmp_path / "kb.db"
    assert run_crawl(sources, db).returncode == 0
    before = rows(db, "select id, snapshot_id from documents order by id")
    res = run_crawl(sources, db)
    assert res.returncode == 0, res.stderr
    assert server.hits("/x/1.html") == 2 and not server.requests("/x/1.html")[1].get("If-None-Match")
    assert (res.summary["fetched"], res.summary["unchanged"], res.summary["new"], res.summary["changed"]) == (3, 3, 0, 0)
    assert rows(db, "select count(*) from snapshots") == [(3,)]
    assert rows(db, "select id, snapshot_id from documents order by id") == before  # nothing to re-extract
