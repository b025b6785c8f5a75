"""Speed of the extract stage end to end (not a test): HTML pages -> claims.

1. HTML-to-claims on one core: a generated corpus of article pages (the
   articles of bench_claims.py wrapped in a news site's page furniture) goes
   through ``extract.document.parse_html`` and ``extract_claims``; prints
   docs/s, words/s, the ratio to a bare ``spacy.blank("en")`` + sentencizer
   pass over the same texts (target >= 0.5; >= 50 articles/s), and the peak
   RSS after a quarter and after all of the corpus (memory should stay flat).
2. ``claimwatch extract --workers N``: the same pages stored as snapshots in
   a fresh kb.db, extracted with 1 and with 2 worker processes; prints
   docs/s of each and the speed-up.

usage: python bench/bench_pipeline.py [--docs N] [--words W]
"""

from __future__ import annotations

import argparse
import html
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

import spacy

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_claims import make_article  # noqa: E402

from extract.claims import extract_claims  # noqa: E402
from extract.document import parse_html  # noqa: E402
from extract.stage import run_extract  # noqa: E402
from kb import crawlstore, documents, open_db  # noqa: E402


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def to_block(line: str) -> str:
    if line.startswith("|"):
        return line  # rows are gathered into a table below
    if len(line.split()) < 9 and not line.endswith("."):
        return f"<h2>{html.escape(line)}</h2>"
    return f"<p>{html.escape(line)}</p>"


def to_html(i: int, text: str) -> bytes:
    body, rows = [], []
    for line in text.splitlines() + [""]:
        if line.startswith("|"):
            if not set(line) <= set("|-: "):
                rows.append([c.strip() for c in line.strip("|").split("|")])
            continue
        if rows:
            head, *rest = rows
            body.append("<table><thead><tr>" + "".join(f"<th>{html.escape(c)}</th>" for c in head)
                        + "</tr></thead><tbody>"
                        + "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in rest)
                        + "</tbody></table>")
            rows = []
        if line:
            body.append(to_block(line))
    title = html.escape(text.splitlines()[0])
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<link rel="canonical" href="https://bench.test/news/{i}.html">
<meta property="og:site_name" content="Bench Daily"><meta name="author" content="A. Writer">
<meta property="article:published_time" content="2026-05-{1 + i % 28:02d}T08:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/markets">Markets</a> <a href="/ai">AI</a></nav>
<div class="cookie">We use cookies. <button>Accept</button></div>
<main><article><h1>{title}</h1><div class="meta">By A. Writer · 7 min read · 3,402 views</div>
{''.join(body)}</article></main>
<aside><h3>Related</h3><ul><li><a href="/x">Top 10 AI stories</a></li></ul></aside>
<footer>© 2026 Bench Daily · Call +1 555 0100</footer></body></html>""".encode()


def bench_html_to_claims(pages: list[bytes]) -> None:
    texts = []
    list(extract_claims(parse_html(pages[0]).text))  # warm up
    quarter = max(1, len(pages) // 4)
    t0 = time.process_time()
    n_claims = n_words = 0
    rss_quarter = 0.0
    for k, page in enumerate(pages, 1):
        doc = parse_html(page)
        texts.append(doc.text)
        n_words += len(doc.text.split())
        n_claims += len(extract_claims(doc.text, published=doc.published_at))
        if k == quarter:
            rss_quarter = rss_mb()
    t_ex = time.process_time() - t0

    bare = spacy.blank("en")
    bare.add_pipe("sentencizer")
    list(bare.pipe(texts[:3]))
    t0 = time.process_time()
    for _ in bare.pipe(texts, batch_size=32):
        pass
    t_bare = time.process_time() - t0
    print(f"HTML-to-claims: {len(pages) / t_ex:7.1f} docs/s {n_words / t_ex:9.0f} words/s "
          f"({len(pages)} pages, {n_words} words, {n_claims} claims) [target >= 50 docs/s]")
    print(f"bare blank('en')+sentencizer on the same texts: {len(texts) / t_bare:7.1f} docs/s")
    print(f"ratio HTML-to-claims / bare tokenisation: {t_bare / t_ex:.2f} [target >= 0.5]")
    print(f"peak RSS: {rss_quarter:.0f} MB after {quarter} pages, {rss_mb():.0f} MB after {len(pages)}")


def bench_workers(pages: list[bytes], workers: tuple[int, ...] = (1, 2)) -> None:
    rates = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in workers:
            db = open_db(Path(tmp) / f"w{n}.db")
            sid = crawlstore.sync_sources(db, [{"name": "b", "kind": "site", "url": "https://bench.test/"}])["b"]
            for i, page in enumerate(pages):
                url = f"https://bench.test/news/{i}.html"
                f = crawlstore.store_fetch(db, url=url, body=page, status=200,
                                           headers={"content-type": "text/html; charset=utf-8"}, source_id=sid)
                documents.register_document(db, url=url, fetched_url=url, source_id=sid,
                                            snapshot_id=f.snapshot_id, kind="html")
            t0 = time.perf_counter()
            s = run_extract(db, workers=n)
            dt = time.perf_counter() - t0
            rates[n] = s.documents / dt
            print(f"claimwatch extract --workers {n}: {rates[n]:7.1f} docs/s ({s.documents} docs, {s.claims} claims, wall clock)")
    if len(rates) > 1:
        print(f"speed-up with {workers[-1]} workers: {rates[workers[-1]] / rates[workers[0]]:.2f}x "
              f"(machine has {len(__import__('os').sched_getaffinity(0))} cores)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=240)
    ap.add_argument("--words", type=int, default=1500)
    a = ap.parse_args()
    rng = random.Random(11)
    pages = [to_html(i, make_article(rng, a.words)) for i in range(a.docs)]
    bench_html_to_claims(pages)
    bench_workers(pages)


if __name__ == "__main__":
    main()
