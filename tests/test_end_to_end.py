"""The whole job on the bundled sample: serve it, `claimwatch update`, browse.

One real run per module (a subprocess, as cron would start it) against the
sample site on a free loopback port; the tests then read the SQLite file and
query it through a real Datasette instance.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from claimwatch.samplesite import serve
from kb import open_db
from kb.publish import make_datasette

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_SOURCES = ROOT / "sources.sample.toml"
GOLD = ROOT / "sample" / "expected_claims.jsonl"

#: Claims written in the sample pages, checked one by one:
#: (page, quote, metric, value, unit, per, token_kind).
SPOT_CHECKS = [
    ("news/deepseek-v4-flash-price-cut.html", "$0.42 per million output tokens", "price", 0.42, "USD", "1M tokens", "output"),
    ("news/deepseek-v4-flash-price-cut.html", "$0.14 per million input tokens", "price", 0.14, "USD", "1M tokens", "input"),
]


def run_claimwatch(*args: str, env: dict | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "claimwatch", *args],
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    db_path = tmp_path_factory.mktemp("e2e") / "kb.db"
    with serve() as site:
        result = run_claimwatch(
            "update", "--sources", str(SAMPLE_SOURCES), "--db", str(db_path),
            env={"CLAIMWATCH_SAMPLE_URL": site.url},
        )
        requests = list(site.requests)
        base, port = site.url, site.port
    return {"db": db_path, "result": result, "requests": requests, "base": base, "port": port}


def _sentence_overlap(a: str, b: str) -> bool:
    """One sentence contains the other, white space collapsed; table rows are
    stored as ``| a | b |`` lines while the gold joins their cells with spaces."""
    a, b = " ".join(a.replace("|", " ").split()), " ".join(b.replace("|", " ").split())
    return a in b or b in a


def test_update_succeeds_with_summary(sample_run):
    r = sample_run["result"]
    assert r.returncode == 0, r.stdout + r.stderr
    line = r.stdout.strip().splitlines()[-1]
    assert re.match(r"update: \d+ fetched \(\d+ new, \d+ changed, \d+ unchanged\), 0 failed; "
                    r"\d+ documents extracted, \d+ claims", line), line


def test_every_sample_page_and_the_pdf_has_claims(sample_run):
    db = open_db(sample_run["db"])
    pages = {json.loads(line)["doc"] for line in GOLD.read_text().splitlines() if line.strip()}
    base = sample_run["base"]
    rows = db.execute(
        "select d.url, d.kind, count(c.id) from documents d"
        " left join claims c on c.document_id = d.id group by d.id"
    ).fetchall()
    by_path = {url.split("/", 3)[-1]: (kind, n) for url, kind, n in rows}
    for page in pages:
        assert page in by_path, f"{page} was not stored as a document"
        assert by_path[page][1] > 0, f"{page} has no claims"
    pdfs = [p for p, (kind, _) in by_path.items() if kind == "pdf"]
    assert pdfs and all(by_path[p][1] > 0 for p in pdfs)
    # the document URL is the page's URL on the sample site (canonical form)
    assert all(url.startswith(("http://", "https://")) for url, _, _ in rows)
    assert not any("/private/" in url for url, _, _ in rows), "robots.txt was not obeyed"
    assert base.split("//")[1].split(":")[0] in rows[0][0]


@pytest.mark.parametrize("page,quote,metric,value,unit,per,token_kind", SPOT_CHECKS)
def test_spot_claims_stored(sample_run, page, quote, metric, value, unit, per, token_kind):
    db = open_db(sample_run["db"])
    rows = db.execute(
        "select c.quote, c.metric, c.value, c.unit, c.per, c.token_kind, d.url from claims c"
        " join documents d on d.id = c.document_id where d.url like ? and c.metric = ?",
        [f"%/{page}", metric],
    ).fetchall()
    hits = [r for r in rows if abs(r[2] - value) <= 0.01 * abs(value) and r[3] == unit]
    assert hits, f"no {metric} {value} {unit} claim on {page}; got {rows}"
    assert any(h[4] == per and h[5] == token_kind for h in hits), hits
    assert hits[0][6].endswith("/" + page)


def test_gold_claims_of_the_sample_are_found(sample_run):
    """The extractor finds most hand-made gold claims of every sample page."""
    db = open_db(sample_run["db"])
    gold = [json.loads(l) for l in GOLD.read_text().splitlines() if l.strip()]
    stored: dict[str, list[tuple]] = {}
    for url, sentence, metric, value, unit in db.execute(
        "select d.url, c.sentence, c.metric, c.value, c.unit from claims c join documents d on d.id = c.document_id"
    ):
        stored.setdefault(url.split("/", 3)[-1], []).append((sentence, metric, value, (unit or "").lower()))
    found = 0
    for g in gold:
        for s, m, v, u in stored.get(g["doc"], []):
            if m == g["metric"] and u == g["unit"].lower() and abs(v - g["value"]) <= 0.01 * abs(g["value"]) \
                    and _sentence_overlap(s, g["sentence"]):
                found += 1
                break
    recall = found / len(gold)
    print(f"sample gold recall: {found}/{len(gold)} = {recall:.3f}")
    assert recall >= 0.75, f"only {found} of {len(gold)} gold claims found (recall {recall:.2f})"


def test_datasette_serves_the_claim_with_its_source_link(sample_run):
    db_path = sample_run["db"]
    db = open_db(db_path)
    claim_id, quote, url = db.execute(
        "select c.id, c.quote, d.fetched_url from claims c join documents d on d.id = c.document_id"
        " where c.metric = 'price' order by c.id limit 1"
    ).fetchone()
    db.conn.close()
    ds = make_datasette(db_path)

    async def fetch():
        name = db_path.stem
        table = await ds.client.get(f"/{name}/claims.json?_shape=array&id={claim_id}")
        page = await ds.client.get(f"/-/claim/{claim_id}")
        listing = await ds.client.get(f"/{name}/claims?id={claim_id}")
        return table, page, listing

    table, page, listing = asyncio.run(fetch())
    assert table.status_code == 200
    assert table.json()[0]["quote"] == quote
    assert page.status_code == 200
    assert f'href="{url}"' in page.text  # the URL fetched: it answers, its bytes are the snapshot
    assert url.startswith(sample_run["base"])
    assert "<mark" in page.text and quote.split()[0].replace("$", "") in page.text
    assert listing.status_code == 200
    assert f"/-/claim/{claim_id}" in listing.text


def test_second_update_stores_nothing_new(sample_run):
    """Run again on the same database and site: no new snapshot, document or claim."""
    db_path = sample_run["db"]

    def counts():
        db = open_db(db_path)
        try:
            return [db.execute(f"select count(*) from {t}").fetchone()[0]
                    for t in ("snapshots", "documents", "claims")]
        finally:
            db.conn.close()

    before = counts()
    with serve(port=sample_run["port"]) as site:
        r = run_claimwatch(
            "update", "--sources", str(SAMPLE_SOURCES), "--db", str(db_path),
            env={"CLAIMWATCH_SAMPLE_URL": site.url},
        )
    assert r.returncode == 0, r.stdout + r.stderr
    assert re.search(r"\b0 new, 0 changed\b", r.stdout), r.stdout
    assert "0 documents extracted" in r.stdout
    assert counts() == before


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run_demo_until_served(db_path: Path, port: int, sample_port: int) -> str:
    """`claimwatch demo` as `make demo` runs it; stopped once Datasette answers."""
    import time
    import urllib.request

    proc = subprocess.Popen(
        [sys.executable, "-m", "claimwatch", "demo", "--db", str(db_path), "--port", str(port),
         "--sample-port", str(sample_port)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            assert proc.poll() is None, proc.stdout.read()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/{db_path.stem}/claims.json?_size=1", timeout=5) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            raise AssertionError("demo never served Datasette")
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=30)
    return out


def test_demo_twice_reuses_the_database(tmp_path):
    db_path = tmp_path / "kb.db"
    sample_port = _free_port()
    first = _run_demo_until_served(db_path, _free_port(), sample_port)
    assert re.search(r"update: \d+ fetched \(\d+ new", first), first
    docs = open_db(db_path).execute("select count(*) from documents").fetchone()[0]
    second = _run_demo_until_served(db_path, _free_port(), sample_port)
    assert re.search(r"\b0 new, 0 changed\b", second), second
    assert open_db(db_path).execute("select count(*) from documents").fetchone()[0] == docs


def test_a_dead_source_is_one_line_and_the_good_ones_are_stored(tmp_path):
    """A site that refuses connections fails its source, not the run's other sources."""
    sources = tmp_path / "s.toml"
    sources.write_text(
        '[[source]]\nname = "good"\nkind = "feed"\nurl = "${CLAIMWATCH_SAMPLE_URL}/feed.xml"\ndelay = 0\n\n'
        '[[source]]\nname = "dead"\nkind = "feed"\nurl = "http://127.0.0.1:9/feed.xml"\ntimeout = 5\n'
    )
    db_path = tmp_path / "kb.db"
    with serve() as site:
        r = run_claimwatch("update", "--sources", str(sources), "--db", str(db_path),
                           env={"CLAIMWATCH_SAMPLE_URL": site.url})
    assert r.returncode == 1, r.stdout + r.stderr
    assert "Traceback" not in r.stderr  # tracebacks go to the log file only
    assert "source 'dead': failed entirely (connection refused)" in r.stderr
    assert re.search(r"update: \d+ fetched \(\d+ new.*1 failed; \d+ documents extracted", r.stdout)
    db = open_db(db_path)
    assert db.execute("select count(*) from documents where extractor_version is not null").fetchone()[0] >= 8
    assert db.execute("select url from fetch_errors").fetchall() == [("http://127.0.0.1:9/feed.xml",)]
    health = dict(db.execute("select name, health from source_health").fetchall())
    assert health == {"good": "ok", "dead": "failed last run"}
    assert "Traceback" in (tmp_path / "kb.db.log").read_text()  # the details are kept
