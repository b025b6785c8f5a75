"""Helpers of the crawler tests: real crawls, page builders, row queries.

Imported by name (``from crawlkit import run_crawl``); the fixtures live in
``conftest.py`` beside it.  (A module named ``conftest`` cannot be imported by
name: every test folder has one.)  Every crawl runs in a child process (``python -m crawler.run``): a Twisted
reactor cannot be restarted, and a child process is what the CLI and cron run.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from html import escape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from faultserver import FaultServer  # noqa: E402

REPO = Path(__file__).resolve().parents[2]

#: Settings that keep test crawls fast against our own server (the test sources
#: say `delay = 0` themselves: settings given here would override every source's).
FAST = {
    "AUTOTHROTTLE_ENABLED": "False",
    "RETRY_TIMES": "2",
    "CLAIMWATCH_RETRY_BACKOFF": "0.05",
    "LOG_LEVEL": "WARNING",
}


@dataclass
class CrawlResult:
    returncode: int
    summary: dict
    stderr: str


def run_crawl(sources: Path, db: Path, *, settings: dict | None = None, only: list[str] | None = None,
              timeout: float = 120) -> CrawlResult:
    """Run ``python -m crawler.run`` and return its exit status and JSON summary."""
    cmd = [sys.executable, "-m", "crawler.run", "--sources", str(sources), "--db", str(db), "--json"]
    for k, v in {**FAST, **(settings or {})}.items():
        cmd += ["-s", f"{k}={v}"]
    for name in only or []:
        cmd += ["--only", name]
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    summary = json.loads(lines[-1]) if lines else {}
    return CrawlResult(proc.returncode, summary, proc.stderr)


def rows(db: Path, sql: str, params: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def write_sources(path: Path, base: str, tables: list[dict]) -> Path:
    """A sources.toml of ``tables`` (values given as TOML literals or Python values)."""
    out = []
    for t in tables:
        out.append("[[source]]")
        for k, v in t.items():
            if isinstance(v, str):
                v = v.replace("{base}", base)
                out.append(f"{k} = {json.dumps(v)}")
            elif isinstance(v, bool):
                out.append(f"{k} = {'true' if v else 'false'}")
            elif isinstance(v, list):
                out.append(f"{k} = " + json.dumps([x.replace("{base}", base) for x in v]))
            else:
                out.append(f"{k} = {v}")
        out.append("")
    path.write_text("\n".join(out), encoding="utf-8")
    return path


def article(n: int, *, canonical: str | None = None, date: str = "2026-06-01", extra: str = "") -> str:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return (
        f"<!doctype html><html><head><title>Article {n}</title>{link}"
        f'<meta property="article:published_time" content="{date}T09:00:00Z"></head>'
        f"<body><nav><a href='/'>home</a></nav><article><h1>Article {n}</h1>"
        f"<p>Model {n} processed {n}.5 trillion tokens per day in May 2026.</p>{extra}"
        f"<p><a href='/news/{n + 1}.html'>next</a> <a href='/private/secret.html'>secret</a></p>"
        f"</article></body></html>"
    )


def make_pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    for text in ("Annual AI economy report", "Tokens grew 12% quarter on quarter."):
        pdf.add_page()
        pdf.set_font("Helvetica", size=12)
        pdf.cell(0, 10, text)
    return bytes(pdf.output())


def rss(base: str, entries: list[tuple[str, str]]) -> str:
    items = "".join(
        f"<item><title>{escape(u)}</title><link>{escape(base + u)}</link><pubDate>{d}</pubDate></item>"
        for u, d in entries
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>{items}</channel></rss>'


def urlset(base: str, entries: list[tuple[str, str]]) -> str:
    urls = "".join(f"<url><loc>{base}{u}</loc><lastmod>{d}</lastmod></url>" for u, d in entries)
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>')


def build_site(srv: FaultServer) -> None:
    """A small news/report site: 6 articles, a feed, a sitemap index, a report page with a PDF."""
    base = srv.url
    for n in range(1, 7):
        srv.page(f"/news/{n}.html", article(n, canonical=f"{base}/news/{n}.html"))
    srv.page("/news/7.html", article(7))
    srv.page("/private/secret.html", article(99))
    srv.page("/", "<html><body><a href='/news/1.html'>one</a><a href='/reports/'>reports</a></body></html>")
    srv.page("/feed.xml", rss(base, [
        ("/news/1.html?utm_source=rss&utm_medium=feed", "Mon, 01 Jun 2026 09:00:00 GMT"),
        ("/news/2.html", "Tue, 02 Jun 2026 09:00:00 GMT"),
        ("/news/3.html", "Wed, 03 Jun 2026 09:00:00 GMT"),
    ]), "application/rss+xml")
    srv.page("/sitemap-news.xml", urlset(base, [
        ("/news/3.html", "2026-06-03"), ("/news/4.html", "2026-06-04"), ("/news/5.html", "2026-06-05"),
    ]), "application/xml")
    srv.page("/sitemap.xml", '<?xml version="1.0"?><sitemapindex '
             f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>{base}/sitemap-news.xml</loc>'
             "</sitemap></sitemapindex>", "application/xml")
    srv.page("/reports/", "<html><body><h1>Reports</h1><a href='/reports/annual-2026.pdf'>PDF</a>"
             "<a href='/reports/q2-2026.html'>Q2</a><a href='/about.html'>about</a></body></html>")
    srv.page("/reports/annual-2026.pdf", make_pdf(), "application/pdf")
    srv.page("/reports/q2-2026.html", article(20))
    srv.page("/about.html", "<html><body>about us</body></html>")


SAMPLE_SOURCES = [
    {"name": "news-feed", "kind": "feed", "url": "{base}/feed.xml", "delay": 0, "timeout": 5},
    {"name": "news-sitemap", "kind": "sitemap", "url": "{base}/sitemap.xml", "delay": 0, "timeout": 5},
    {"name": "news-site", "kind": "site", "url": "{base}/news/5.html", "depth": 2,
     "include": ["/news/[0-9]+[.]html$"], "delay": 0, "timeout": 5},
    {"name": "reports", "kind": "report", "url": "{base}/reports/", "delay": 0, "timeout": 5},
]
