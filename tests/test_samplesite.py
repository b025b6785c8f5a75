"""Tests for claimwatch.samplesite and the bundled sample data (sample/).

A real server on a free 127.0.0.1 port, fetched with urllib: content types, the
{{BASE}} substitution, conditional requests, HEAD, 404, redirects, the query-string
file mapping, robots.txt, and the request log. Then the data itself: feed, sitemap,
leaderboard files (shapes, pagination, manifest checksums, figures that the
articles quote), the PDF, and sample/expected_claims.jsonl against the visible text
of the pages it cites.
"""

from __future__ import annotations

import csv
import hashlib
import http.client
import io
import json
import re
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
import urllib.robotparser
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from claimwatch.samplesite import SITE_ROOT, query_variant, serve

SAMPLE = SITE_ROOT.parent
NS_SITEMAP = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(scope="module")
def site():
    with serve() as s:
        yield s


def fetch(url, headers=None, method="GET"):
    """(status, headers, body) without raising on 4xx/3xx."""
    req = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=5) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def raw(site, path, headers=None, method="GET"):
    """One request with http.client: no redirect following."""
    conn = http.client.HTTPConnection("127.0.0.1", site.port, timeout=5)
    try:
        conn.request(method, path, headers=headers or {})
        r = conn.getresponse()
        return r.status, dict(r.getheaders()), r.read()
    finally:
        conn.close()


# -- the server ---------------------------------------------------------------

def test_url_and_port(site):
    assert site.url == f"http://127.0.0.1:{site.port}"
    assert site.port > 0 and not site.url.endswith("/")


@pytest.mark.parametrize("path, ctype", [
    ("/", "text/html; charset=utf-8"),
    ("/news/deepseek-v4-flash-price-cut.html", "text/html; charset=utf-8"),
    ("/news/mistral-euro-pricing.html", "text/html; charset=windows-1252"),
    ("/feed.xml", "application/rss+xml; charset=utf-8"),
    ("/sitemap.xml", "application/xml; charset=utf-8"),
    ("/robots.txt", "text/plain; charset=utf-8"),
    ("/api/v1/models", "application/json; charset=utf-8"),
    ("/api/v1/datasets/exports/index.json", "application/json; charset=utf-8"),
    ("/api/v1/datasets/exports/rankings-daily/latest.csv", "text/csv; charset=utf-8"),
    ("/litellm/model_prices_and_context_window.json", "application/json; charset=utf-8"),
    ("/reports/token-economy-mid-2026.pdf", "application/pdf"),
])
def test_content_types(site, path, ctype):
    status, headers, body = fetch(site.url + path)
    assert status == 200
    assert headers["Content-Type"] == ctype
    assert int(headers["Content-Length"]) == len(body) > 0


def test_placeholder_substituted_in_every_text_file(site):
    for path in SITE_ROOT.rglob("*"):
        if not path.is_file() or path.suffix == ".pdf":
            continue
        rel = "/" + path.relative_to(SITE_ROOT).as_posix()
        if "@" in path.name:
            continue  # query variants: fetched through their query string below
        url = site.url + (rel[: -len(".json")] if rel == "/api/v1/models.json" else rel)
        status, _, body = fetch(url)
        assert status == 200, rel
        assert b"{{BASE}}" not in body, rel
        if b"{{BASE}}" in path.read_bytes():
            assert site.url.encode() in body, rel


def test_canonical_link_points_to_this_server(site):
    _, _, body = fetch(site.url + "/news/doubao-72-trillion-daily-tokens.html")
    expected = f'<link rel="canonical" href="{site.url}/news/doubao-72-trillion-daily-tokens.html">'
    assert expected in body.decode("utf-8")


def test_windows_1252_page_is_served_as_is(site):
    status, headers, body = fetch(site.url + "/news/mistral-euro-pricing.html")
    assert status == 200
    assert b"\x80" in body  # the euro sign in windows-1252
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    text = body.decode("cp1252")
    assert "€1.80 per million input tokens" in text and "“sovereign”" in text
    assert f"{site.url}/news/mistral-euro-pricing.html" in text


def test_conditional_requests_answer_304(site):
    url = site.url + "/news/kimi-k3-moonshot-funding.html"
    status, headers, body = fetch(url)
    etag, modified = headers["ETag"], headers["Last-Modified"]
    assert status == 200 and etag.startswith('"') and modified.endswith("GMT")

    status, h304, body304 = raw(site, "/news/kimi-k3-moonshot-funding.html",
                                {"If-None-Match": etag})
    assert (status, body304) == (304, b"")
    assert h304["ETag"] == etag

    status, _, body304 = raw(site, "/news/kimi-k3-moonshot-funding.html",
                             {"If-Modified-Since": modified})
    assert (status, body304) == (304, b"")

    status, _, again = raw(site, "/news/kimi-k3-moonshot-funding.html",
                           {"If-None-Match": '"stale"', "If-Modified-Since": modified})
    assert status == 200 and again == body  # If-None-Match wins over If-Modified-Since

    status, _, _ = raw(site, "/news/kimi-k3-moonshot-funding.html",
                       {"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"})
    assert status == 200


def test_head_has_the_get_headers_and_no_body(site):
    _, get_headers, body = raw(site, "/feed.xml")
    status, head_headers, head_body = raw(site, "/feed.xml", method="HEAD")
    assert status == 200 and head_body == b""
    assert head_headers["Content-Length"] == str(len(body))
    assert head_headers["ETag"] == get_headers["ETag"]
    assert head_headers["Content-Type"] == get_headers["Content-Type"]


def test_missing_paths_are_404_and_logged(site):
    for path in ("/news/no-such-story.html", "/../pyproject.toml", "/%2e%2e/pyproject.toml",
                 "/private/", "/.hidden"):
        status, headers, _ = raw(site, path)
        assert status == 404, path
        assert headers["Content-Type"].startswith("text/html")
    assert ("GET", "/news/no-such-story.html", 404) in [r[:3] for r in site.requests]


def test_directory_without_slash_redirects(site):
    status, headers, _ = raw(site, "/reports")
    assert status == 301 and headers["Location"] == "/reports/"
    status, _, body = raw(site, "/reports/")
    assert status == 200 and b"token-economy-mid-2026.pdf" in body


def test_query_strings_map_to_files():
    assert query_variant(Path("api/v1/models.json"), "offset=10") == \
        Path("api/v1/models@offset=10.json")
    assert query_variant(Path("p/x.json"), "b=2&a=1") == Path("p/x@a=1&b=2.json")
    assert query_variant(Path("p/x.json"), "") == Path("p/x.json")


def test_unknown_query_falls_back_to_the_plain_file(site):
    _, _, plain = fetch(site.url + "/news/deepseek-v4-flash-price-cut.html")
    _, _, tagged = fetch(site.url + "/news/deepseek-v4-flash-price-cut.html?utm_source=feed")
    assert tagged == plain


def test_request_log_keeps_method_path_status_headers(site):
    fetch(site.url + "/about.html?x=1", headers={"User-Agent": "claimwatch-test/1"})
    method, path, status, headers = site.requests[-1]
    assert (method, path, status) == ("GET", "/about.html?x=1", 200)
    assert headers["User-Agent"] == "claimwatch-test/1"


def test_robots_txt(site):
    status, headers, body = fetch(site.url + "/robots.txt")
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    rp = urllib.robotparser.RobotFileParser()
    rp.parse(body.decode().splitlines())
    assert rp.can_fetch("claimwatch", site.url + "/news/deepseek-v4-flash-price-cut.html")
    assert not rp.can_fetch("claimwatch", site.url + "/private/embargoed-q4-outlook.html")
    assert rp.site_maps() == [site.url + "/sitemap.xml"]
    # the private page exists and is linked, so only robots.txt keeps a crawler out
    assert fetch(site.url + "/private/embargoed-q4-outlook.html")[0] == 200
    assert b"/private/embargoed-q4-outlook.html" in fetch(site.url + "/")[2]


def test_custom_root_and_changes_between_fetches(tmp_path):
    (tmp_path / "page.html").write_text('<html lang="en"><a href="{{BASE}}/x">x</a></html>')
    (tmp_path / "notes.txt").write_text("base={{BASE}}")
    (tmp_path / "blob.pdf").write_bytes(b"%PDF-1.4 {{BASE}}")
    with serve(root=tmp_path) as s:
        assert fetch(s.url + "/notes.txt")[2] == f"base={s.url}".encode()
        assert fetch(s.url + "/blob.pdf")[2] == b"%PDF-1.4 {{BASE}}"  # binary: untouched
        _, h1, b1 = fetch(s.url + "/page.html")
        assert f'href="{s.url}/x"'.encode() in b1
        (tmp_path / "page.html").write_text('<html lang="en">changed</html>')
        status, h2, b2 = fetch(s.url + "/page.html", {"If-None-Match": h1["ETag"]})
        assert status == 200 and b2 == b'<html lang="en">changed</html>'
        assert h2["ETag"] != h1["ETag"]
    with pytest.raises(FileNotFoundError):
        serve(root=tmp_path / "missing")


def test_stop_frees_the_port():
    s = serve()
    port = s.port
    assert fetch(s.url + "/robots.txt")[0] == 200
    s.stop()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()


def test_command_line_entry_point():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "claimwatch.samplesite", "--port", str(port)],
                            stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert f"http://127.0.0.1:{port}/" in line
        assert fetch(f"http://127.0.0.1:{port}/robots.txt")[0] == 200
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=5) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


# -- feed and sitemap ---------------------------------------------------------

def test_feed_lists_the_news_articles(site):
    _, _, body = fetch(site.url + "/feed.xml")
    items = ET.fromstring(body).findall("./channel/item")
    news = sorted(p.name for p in (SITE_ROOT / "news").glob("*.html") if p.name != "index.html")
    links = [i.findtext("link") for i in items]
    assert sorted(link.rsplit("/", 1)[1] for link in links) == news
    for item in items:
        assert item.findtext("link").startswith(site.url + "/news/")
        assert re.match(r"\w{3}, \d\d \w{3} 2026 \d\d:\d\d:\d\d \+0000$", item.findtext("pubDate"))


def test_sitemap_lists_every_article_and_report(site):
    _, _, body = fetch(site.url + "/sitemap.xml")
    urls = ET.fromstring(body).findall("sm:url", NS_SITEMAP)
    locs = {u.findtext("sm:loc", namespaces=NS_SITEMAP) for u in urls}
    pages = {f"{site.url}/{p.relative_to(SITE_ROOT).as_posix()}"
             for folder in ("news", "reports") for p in (SITE_ROOT / folder).iterdir()
             if p.name != "index.html"}
    assert locs == pages
    for u in urls:
        assert re.match(r"2026-\d\d-\d\dT", u.findtext("sm:lastmod", namespaces=NS_SITEMAP))
    for loc in locs:
        assert fetch(loc, method="HEAD")[0] == 200


# -- leaderboard files --------------------------------------------------------

def test_models_api_paginates_through_links_next(site):
    status, _, body = fetch(site.url + "/api/v1/models")
    page1 = json.loads(body)
    assert page1["links"]["next"] == site.url + "/api/v1/models?offset=10"
    page2 = json.loads(fetch(page1["links"]["next"])[2])
    assert page2["links"]["next"] is None
    models = page1["data"] + page2["data"]
    assert len(models) == page1["total_count"] == page2["total_count"] >= 12
    assert len({m["id"] for m in models}) == len(models)
    by_id = {m["id"]: m for m in models}
    assert by_id["deepseek/deepseek-v4-flash:free"]["pricing"]["prompt"] == "0"
    assert by_id["openrouter/auto"]["pricing"]["completion"] == "-1"
    assert by_id["deepseek/deepseek-v4-flash"]["pricing"]["completion"] == "0.00000042"
    for m in models:
        assert {"id", "canonical_slug", "name", "created", "context_length", "architecture",
                "pricing", "top_provider", "links"} <= set(m)


def test_rankings_export_chain_and_checksums(site):
    index = json.loads(fetch(site.url + "/api/v1/datasets/exports/index.json")[2])
    (dataset,) = index["datasets"]
    manifest = json.loads(fetch(dataset["latest_manifest_url"])[2])
    assert manifest["snapshot_date"] == dataset["latest_snapshot_date"]
    for kind in ("csv", "json"):
        info = manifest["files"][kind]
        data = fetch(info["url"])[2]
        assert len(data) == info["bytes"]
        assert hashlib.sha256(data).hexdigest() == info["sha256"]
    assert fetch(manifest["latest"]["csv"])[2] == fetch(manifest["files"]["csv"]["url"])[2]
    rows = list(csv.DictReader(io.StringIO(fetch(manifest["latest"]["csv"])[2].decode())))
    assert list(rows[0]) == ["date", "model_permaslug", "rank", "total_tokens",
                             "share_of_daily_tokens"]
    assert len(rows) == manifest["row_count"]
    shares = defaultdict(float)
    for row in rows:
        shares[row["date"]] += float(row["share_of_daily_tokens"])
        assert (row["rank"] == "") == (row["model_permaslug"] == "other")
    assert len(shares) >= 3 and all(abs(v - 1) < 1e-9 for v in shares.values())


def test_rankings_agree_with_the_articles(site):
    """The OpenRouter story says Chinese models processed 6.94T tokens (52.7%) on Oct 3."""
    rows = list(csv.DictReader(io.StringIO(
        fetch(site.url + "/api/v1/datasets/exports/rankings-daily/latest.csv")[2].decode())))
    day = [r for r in rows if r["date"] == "2026-10-03"]
    chinese = ("deepseek/", "moonshotai/", "minimax/", "qwen/", "bytedance-seed/")
    total = sum(int(r["total_tokens"]) for r in day)
    china = sum(int(r["total_tokens"]) for r in day if r["model_permaslug"].startswith(chinese))
    assert round(china / 1e12, 2) == 6.94
    assert round(100 * china / total, 1) == 52.7
    top = min((r for r in day if r["rank"]), key=lambda r: int(r["rank"]))
    assert top["model_permaslug"].startswith("deepseek/deepseek-v4-flash")
    assert round(int(top["total_tokens"]) / 1e12, 2) == 2.91


def test_litellm_subset_shape_and_prices(site):
    data = json.loads(fetch(site.url + "/litellm/model_prices_and_context_window.json")[2])
    assert "sample_spec" in data
    models = {k: v for k, v in data.items() if k != "sample_spec"}
    assert len(models) >= 15
    assert all("litellm_provider" in v and "mode" in v for v in models.values())
    assert models["deepseek/deepseek-v4-flash"]["output_cost_per_token"] * 1e6 == pytest.approx(0.42)
    assert models["claude-opus-5"]["output_cost_per_token"] * 1e6 == pytest.approx(75)


# -- the PDF and the gold claims ----------------------------------------------

def test_pdf_has_pages_text_and_metadata():
    pdfplumber = pytest.importorskip("pdfplumber")
    with pdfplumber.open(SITE_ROOT / "reports" / "token-economy-mid-2026.pdf") as pdf:
        assert len(pdf.pages) >= 3
        assert pdf.metadata["Title"] == "The Token Economy at Mid-Year 2026"
        assert "Hannah Brooks" in pdf.metadata["Author"]
        assert pdf.metadata["CreationDate"].startswith("D:20260731")
        text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "1. Volumes" in text and "Google (all surfaces) 41.3 May 2026" in text


BLOCK = set("p div li ul ol dl dt dd td th tr table caption figure figcaption h1 h2 h3 h4 h5 "
            "h6 summary details section article header footer nav aside main blockquote br"
            .split())


def visible_text(path: Path) -> str:
    """The page's text as a reader sees it: block elements and table cells separated."""
    if path.suffix == ".pdf":
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            text = " ".join(page.extract_text() or "" for page in pdf.pages)
    else:
        from lxml import html

        tree = html.document_fromstring(path.read_bytes())
        for el in tree.xpath("//script|//style|//head|//template"):
            el.drop_tree()
        for el in tree.iter():
            if isinstance(el.tag, str) and el.tag in BLOCK:
                el.tail = "\n" + (el.tail or "")
        text = tree.text_content()
    return re.sub(r"\s+", " ", text).strip()


FIELDS = {"doc": str, "sentence": str, "quote": str, "metric": str, "value": (int, float),
          "unit": str, "per": (str, type(None)), "token_kind": (str, type(None)),
          "qualifier": str, "subject": (str, type(None)), "as_of": (str, type(None)),
          "attributed_to": (str, type(None))}
METRICS = {"token_volume", "price", "growth", "share", "ratio", "count", "money", "other"}


def test_expected_claims_follow_claims_md_and_quote_the_pages():
    lines = (SAMPLE / "expected_claims.jsonl").read_text(encoding="utf-8").splitlines()
    claims = [json.loads(line) for line in lines if line.strip()]
    texts = {}
    for c in claims:
        assert set(c) == set(FIELDS), c
        for name, kind in FIELDS.items():
            assert isinstance(c[name], kind), (name, c)
        assert c["metric"] in METRICS
        assert c["qualifier"] in {"exact", "approx", "at_least", "at_most"}
        assert c["token_kind"] in {"input", "output", "blended", None}
        assert not isinstance(c["value"], bool)
        if c["metric"] in ("share", "growth") and c["unit"] != "x":
            assert c["unit"] == "%"
        if c["metric"] in ("price", "money"):
            assert re.fullmatch(r"[A-Z]{3}", c["unit"])
        if c["metric"] == "token_volume":
            assert c["unit"] == "tokens"
        path = SITE_ROOT / c["doc"]
        if c["doc"] not in texts:
            texts[c["doc"]] = visible_text(path)
        sentence = re.sub(r"\s+", " ", c["sentence"]).strip()
        assert sentence in texts[c["doc"]], (c["doc"], sentence)
        assert re.sub(r"\s+", " ", c["quote"]).strip() in sentence, c
    per_doc = Counter(c["doc"] for c in claims)
    documents = [p.relative_to(SITE_ROOT).as_posix()
                 for folder in ("news", "reports") for p in sorted((SITE_ROOT / folder).iterdir())
                 if p.name != "index.html"]
    assert len(documents) >= 10
    for doc in documents:
        assert per_doc[doc] >= 5, doc
    assert set(per_doc) == set(documents)


def test_expected_claims_agree_with_the_models_api():
    """USD list prices that the pages state for a catalogue model match the catalogue.

    A model with prompt-size tiers may be quoted at its base or at a tier price
    (``pricing.overrides``). Cached-input prices are left out.
    """
    api = SITE_ROOT / "api" / "v1"
    models = [m for page in api.glob("models*.json") for m in json.loads(page.read_text())["data"]]
    prices = {m["name"].split(": ", 1)[-1]: m["pricing"] for m in models if ":" not in m["id"]}
    claims = [json.loads(line) for line in
              (SAMPLE / "expected_claims.jsonl").read_text(encoding="utf-8").splitlines()]
    checked = 0
    for c in claims:
        pricing = prices.get(c["subject"])
        if (pricing is None or c["metric"] != "price" or c["unit"] != "USD"
                or c["per"] != "1M tokens" or c["token_kind"] not in ("input", "output")
                or c["qualifier"] != "exact" or "cache" in c["sentence"].lower()):
            continue
        field = "prompt" if c["token_kind"] == "input" else "completion"
        allowed = [float(pricing[field]) * 1e6]
        allowed += [float(o[field]) * 1e6 for o in pricing.get("overrides", [])]
        assert any(v == pytest.approx(c["value"]) for v in allowed), c
        checked += 1
    assert checked >= 30
