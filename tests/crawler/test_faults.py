"""Faults survived: a site misbehaving on purpose, crawled twice.

The first crawl stores a healthy site.  Then most of its pages turn bad (and
new bad pages appear beside new good ones) and the feeds say everything was
updated, so the second crawl asks for all of it.  For each fault: the crawl
finishes, the failure is recorded per URL in ``fetch_errors``, the good pages
of the same run are all stored, and what was stored before is intact.
"""

from __future__ import annotations

import zlib

import pytest
from scrapy.http import HtmlResponse

from crawlkit import article, rows, run_crawl, write_sources
from faultserver import FaultServer

GOOD_OLD = [f"/g/{i}.html" for i in range(1, 4)]
GOOD_NEW = [f"/g/{i}.html" for i in range(4, 7)]
TURN_BAD = {  # stored healthy by the first crawl, broken in the second
    "/f/500.html": ("status", {"status": 500}),
    "/f/503.html": ("status", {"status": 503}),
    "/f/gone.html": ("status", {"status": 404}),
    "/f/truncated.html": ("truncated", {}),
}
NEW_BAD = {  # only in the second crawl
    "/f/429-then-ok.html": ("retry_after", {"seconds": 1, "times": 1}),
    "/f/429-forever.html": ("retry_after", {"seconds": 1, "times": 99}),
    "/f/429-come-back-tomorrow.html": ("retry_after", {"seconds": 86400, "times": 99}),
    "/f/hang.html": ("hang", {}),
    "/f/loop-a.html": ("redirect_loop", {"to": "/f/loop-b.html"}),
    "/f/loop-b.html": ("redirect_loop", {"to": "/f/loop-a.html"}),
    "/f/bomb.html": ("gzip_bomb", {"size": 64 << 20}),
}
GBK = ('<html><head><meta charset="gbk"><title>字节跳动豆包日均调用量</title></head>'
       "<body><p>豆包大模型日均 tokens 使用量超过 30 万亿。</p></body></html>").encode("gbk")
CP1252 = (b"<html><head><title>Prices \x96 \x93cheap\x94 tokens</title></head>"
          b"<body><p>\x80 0.50 per million tokens \x96 a 20% cut.</p></body></html>")
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
MALFORMED = b"<html><head><title>Broken <b>page</head><body><p>Revenue grew 40% <div><p>to $2 billion</table></span>"
RAW = {  # served as is in the second crawl
    "/f/octet.html": (article(30).encode(), "application/octet-stream"),
    "/f/image-as-html.html": (PNG, "text/html"),
    "/f/malformed.html": (MALFORMED, "text/html"),
    "/f/gbk.html": (GBK, "text/html"),
    "/f/cp1252.html": (CP1252, "text/html"),
    "/f/huge.html": (b"<html><body>" + b"tokens " * (800 << 10) + b"</body></html>", "text/html"),
}
FUTURE = "Fri, 01 Jan 2100 00:00:00 GMT"


def feed(base: str, paths: list[str], date: str) -> str:
    items = "".join(f"<item><link>{base}{p}</link><pubDate>{date}</pubDate></item>" for p in paths)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>f</title>{items}</channel></rss>'


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """Crawl a healthy site, break it, crawl again; yield what the tests look at."""
    tmp = tmp_path_factory.mktemp("faults")
    with FaultServer() as srv:
        base = srv.url
        old = GOOD_OLD + list(TURN_BAD)
        for p in old:
            srv.page(p, article(len(p) * 7 + old.index(p), canonical=base + p))
        srv.page("/feed.xml", feed(base, old, "Mon, 01 Jun 2026 09:00:00 GMT"), "application/rss+xml")
        sources = write_sources(tmp / "s.toml", base, [
            {"name": "news", "kind": "feed", "url": "{base}/feed.xml", "delay": 0, "timeout": 1},
            {"name": "broken-feed", "kind": "feed", "url": "{base}/broken.xml", "delay": 0, "timeout": 1},
        ])
        srv.page("/broken.xml", feed(base, ["/g/b1.html"], "Mon, 01 Jun 2026 09:00:00 GMT"),
                 "application/rss+xml")
        srv.page("/g/b1.html", article(41))
        db = tmp / "kb.db"
        settings = {"DOWNLOAD_MAXSIZE": str(4 << 20), "REDIRECT_MAX_TIMES": "5"}
        first = run_crawl(sources, db, settings=settings)
        before = {i: (u, h, b) for i, u, h, b in rows(db, "select id, url, content_hash, body from snapshots")}
        docs_before = rows(db, "select id, url, snapshot_id from documents order by id")

        # the site goes bad
        for p, (kind, opts) in {**TURN_BAD, **NEW_BAD}.items():
            srv.fault(p, kind, body=article(len(p)), **opts)
        for p, (body, ctype) in RAW.items():
            srv.fault(p, "raw", body=body, content_type=ctype)
        for p in GOOD_NEW:
            srv.page(p, article(int(p[3])))
        entries = old + list(NEW_BAD) + list(RAW) + GOOD_NEW
        entries.remove("/f/loop-b.html")
        srv.page("/feed.xml", feed(base, entries, FUTURE), "application/rss+xml")
        srv.fault("/broken.xml", "raw", content_type="application/rss+xml",
                  body=feed(base, ["/g/b1.html", "/g/b2.html"], FUTURE).replace("</item>", "</itm>", 1))
        srv.page("/g/b2.html", article(42))
        second = run_crawl(sources, db, settings=settings)
        yield {"db": db, "srv": srv, "base": base, "first": first, "second": second,
               "before": before, "docs_before": docs_before}


def errors(c, path: str) -> list[str]:
    return [r for (r,) in rows(c["db"], "select reason from fetch_errors where url = ? and run_id = 2",
                               (c["base"] + path,))]


def stored(c, path: str) -> bytes | None:
    r = rows(c["db"], "select snapshot_id from pages where url = ?", (c["base"] + path,))
    if not r or r[0][0] is None:
        return None
    (body,), = rows(c["db"], "select body from snapshots where id = ?", (r[0][0],))
    return zlib.decompress(body)


def test_first_crawl_was_clean(crawled):
    assert crawled["first"].returncode == 0, crawled["first"].stderr
    assert crawled["first"].summary["failed"] == 0


def test_second_crawl_finishes_and_reports_failure(crawled):
    res = crawled["second"]
    assert res.summary, res.stderr  # it finished and summed up
    assert res.returncode == 1 and res.summary["ok"] is False
    assert res.summary["failed"] >= 11


def test_good_pages_of_the_same_run_are_all_stored(crawled):
    for p in GOOD_OLD + GOOD_NEW + ["/f/429-then-ok.html", "/g/b1.html"]:
        assert stored(crawled, p), p
    assert errors(crawled, "/g/4.html") == []


def test_nothing_stored_before_is_damaged(crawled):
    c = crawled
    after = {i: (u, h, b) for i, u, h, b in rows(c["db"], "select id, url, content_hash, body from snapshots")}
    for sid, snap in c["before"].items():
        assert after[sid] == snap, snap[0]
    # documents still point at their snapshots (none of those pages changed)
    docs = {i: (u, s) for i, u, s in rows(c["db"], "select id, url, snapshot_id from documents")}
    for i, u, s in c["docs_before"]:
        assert docs[i] == (u, s)
    assert rows(c["db"], "pragma integrity_check") == [("ok",)]


@pytest.mark.parametrize("path,status", [("/f/500.html", 500), ("/f/503.html", 503)])
def test_server_errors_are_retried_then_recorded(crawled, path, status):
    assert errors(crawled, path) == [f"HTTP {status}"]
    assert crawled["srv"].hits(path) == 1 + 1 + 2  # first crawl, then 1 try + 2 retries
    assert stored(crawled, path)  # the old copy stays


def test_429_retry_after_is_honoured(crawled):
    srv = crawled["srv"]
    ok = srv.routes["/f/429-then-ok.html"].state
    assert ok["refused"] == 1 and ok.get("too_soon", 0) == 0
    assert errors(crawled, "/f/429-then-ok.html") == []
    forever = srv.routes["/f/429-forever.html"].state
    assert forever.get("too_soon", 0) == 0, "a retry came sooner than Retry-After asked"
    times = srv.times("/f/429-forever.html")
    assert len(times) >= 2 and all(b - a >= 1.0 for a, b in zip(times, times[1:]))
    assert errors(crawled, "/f/429-forever.html") == ["HTTP 429 (Retry-After: 1)"]


def test_retry_after_beyond_the_limit_fails_at_once(crawled):
    assert crawled["srv"].hits("/f/429-come-back-tomorrow.html") == 1
    assert errors(crawled, "/f/429-come-back-tomorrow.html") == ["HTTP 429 (Retry-After: 86400)"]


def test_a_response_that_never_finishes_times_out(crawled):
    assert errors(crawled, "/f/hang.html") == ["timed out"]
    assert stored(crawled, "/f/hang.html") is None


def test_redirect_loop_is_a_failure_not_dropped(crawled):
    (reason,) = errors(crawled, "/f/loop-a.html")
    assert reason.startswith("redirect loop: ") and "/f/loop-b.html" in reason


def test_truncated_body_is_a_failure(crawled):
    assert errors(crawled, "/f/truncated.html") == [
        "truncated body (connection closed before the declared length)"]
    assert b"Article" in stored(crawled, "/f/truncated.html")  # the healthy copy stays


def test_wrong_content_type_is_sniffed_or_refused(crawled):
    assert stored(crawled, "/f/octet.html") == article(30).encode()
    assert rows(crawled["db"], "select kind from documents where fetched_url like '%/f/octet.html'") == [("html",)]
    (reason,) = errors(crawled, "/f/image-as-html.html")
    assert reason == "not a document: binary content served as text/html"


def test_gzip_bomb_is_refused(crawled):
    (reason,) = errors(crawled, "/f/bomb.html")
    assert "DOWNLOAD_MAXSIZE" in reason
    assert stored(crawled, "/f/bomb.html") is None


def test_a_body_over_the_size_limit_is_refused(crawled):
    assert errors(crawled, "/f/huge.html") == ["body larger than DOWNLOAD_MAXSIZE"]


def test_malformed_html_is_stored_as_it_came(crawled):
    assert stored(crawled, "/f/malformed.html") == MALFORMED
    assert errors(crawled, "/f/malformed.html") == []
    assert rows(crawled["db"], "select count(*) from documents where fetched_url like '%/f/malformed.html'") == [(1,)]


@pytest.mark.parametrize("path,raw,text", [
    ("/f/gbk.html", GBK, "日均 tokens 使用量超过 30 万亿"),
    ("/f/cp1252.html", CP1252, "€ 0.50 per million tokens – a 20% cut"),
])
def test_legacy_charsets_are_stored_byte_for_byte_and_decodable(crawled, path, raw, text):
    body = stored(crawled, path)
    assert body == raw
    (ctype,), = rows(crawled["db"], "select content_type from snapshots where url = ?", (crawled["base"] + path,))
    # what the extract stage gets: the stored bytes and Content-Type decode right
    decoded = HtmlResponse("http://x/", body=body, headers={"Content-Type": ctype}).text
    assert text in decoded


def test_a_page_that_used_to_exist_and_is_now_404(crawled):
    c = crawled
    assert errors(c, "/f/gone.html") == ["HTTP 404"]
    url = c["base"] + "/f/gone.html"
    (status, err, snap), = rows(c["db"], "select last_status, last_error, snapshot_id from pages where url = ?", (url,))
    assert status == 404 and err == "HTTP 404" and snap
    assert b"Article" in stored(c, "/f/gone.html")
    assert rows(c["db"], "select count(*) from documents where snapshot_id = ?", (snap,)) == [(1,)]


def test_broken_feed_xml_is_recorded_and_what_can_be_read_is_followed(crawled):
    (reason,) = errors(crawled, "/broken.xml")
    assert reason.startswith("broken feed XML")
    assert stored(crawled, "/g/b2.html")
    assert stored(crawled, "/broken.xml")  # the bytes as they came, for the record
