"""The bundled sample site crawled with sources.sample.toml: every page stored, robots obeyed."""

from __future__ import annotations

import os

import pytest

from crawlkit import REPO, rows, run_crawl

samplesite = pytest.importorskip("claimwatch.samplesite")


@pytest.fixture(scope="module")
def sample_crawl(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sample")
    with samplesite.serve() as site:
        os.environ["CLAIMWATCH_SAMPLE_URL"] = site.url
        try:
            db = tmp / "kb.db"
            first = run_crawl(REPO / "sources.sample.toml", db)
            n = len(site.requests)
            second = run_crawl(REPO / "sources.sample.toml", db)
            yield {"db": db, "site": site, "first": first, "second": second,
                   "earlier": site.requests[:n], "later": site.requests[n:], "base": site.url}
        finally:
            os.environ.pop("CLAIMWATCH_SAMPLE_URL", None)


def test_sample_crawl_stores_every_article_and_report(sample_crawl):
    c = sample_crawl
    assert c["first"].returncode == 0, c["first"].stderr
    assert c["first"].summary["ok"] and c["first"].summary["failed"] == 0
    docs = {u.rsplit("/", 2)[-2] + "/" + u.rsplit("/", 1)[-1]: k
            for u, k in rows(c["db"], "select fetched_url, kind from documents")}
    news = sorted(p.name for p in (REPO / "sample/site/news").glob("*.html") if p.name != "index.html")
    for name in news:
        assert docs.get("news/" + name) == "html", name
    assert docs.get("reports/token-economy-mid-2026.pdf") == "pdf"
    assert docs.get("reports/state-of-inference-q3-2026.html") == "html"
    assert not any(p.startswith("/private/") for _, p, *_ in c["site"].requests)
    # the feed and the sitemap list the same articles: each is fetched once
    asked = [p for _, p, *_ in c["earlier"] if p.startswith("/news/")]
    assert len(asked) == len(set(asked)) == len(news), asked


def test_sample_recrawl_asks_only_for_listings_conditionally(sample_crawl):
    c = sample_crawl
    assert c["second"].returncode == 0, c["second"].stderr
    s = c["second"].summary
    assert s["new"] == 0 and s["changed"] == 0
    asked = [p for _, p, *_ in c["later"] if p != "/robots.txt"]
    assert not any(p.startswith("/news/") and p != "/news/index.html" for p in asked), asked
    statuses = {p: st for _, p, st, *_ in c["later"]}
    assert statuses["/feed.xml"] == 304 and statuses["/sitemap.xml"] == 304
