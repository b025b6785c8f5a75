"""A crawl killed with SIGKILL and started again resumes without fetching twice or losing anything."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

from crawlkit import FAST, REPO, article, rows, run_crawl, urlset, write_sources

N = 40


def stored_articles(db) -> set[str]:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return {u for (u,) in conn.execute(
                "select url from pages where snapshot_id is not null and url like '%/a/%'")}
        finally:
            conn.close()
    except sqlite3.OperationalError:
        return set()


def test_sigkill_mid_crawl_then_resume(server, tmp_path):
    base = server.url
    for i in range(N):
        server.page(f"/a/{i}.html", article(i), delay=0.08)
    server.page("/sitemap.xml", urlset(base, [(f"/a/{i}.html", "2026-06-01") for i in range(N)]),
                "application/xml")
    sources = write_sources(tmp_path / "s.toml", base, [
        {"name": "slow", "kind": "sitemap", "url": "{base}/sitemap.xml", "delay": 0, "concurrency": 2,
         "timeout": 5},
    ])
    db = tmp_path / "kb.db"

    cmd = [sys.executable, "-m", "crawler.run", "--sources", str(sources), "--db", str(db)]
    for k, v in FAST.items():
        cmd += ["-s", f"{k}={v}"]
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while len(stored_articles(db)) < 12 and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    before = stored_articles(db)
    assert 12 <= len(before) < N, "the crawl must be killed half way"
    snapshots_before = {u: (h, b) for u, h, b in rows(db, "select url, content_hash, body from snapshots")}
    asked_before = len(server.paths())

    res = run_crawl(sources, db)
    assert res.returncode == 0, res.stderr
    asked_after = server.paths()[asked_before:]
    # nothing already stored is fetched again, not even the sitemap
    again = {base + p for p in asked_after} & (before | {base + "/sitemap.xml"})
    assert not again, f"fetched twice: {sorted(again)}"
    assert res.summary["resumed"] >= len(before)
    # everything is stored, once
    assert len(stored_articles(db)) == N
    per_url = rows(db, "select url, count(*) from snapshots group by url having count(*) > 1")
    assert per_url == []
    assert len(rows(db, "select id from documents")) == N
    # nothing stored before the kill was lost or altered
    after = {u: (h, b) for u, h, b in rows(db, "select url, content_hash, body from snapshots")}
    assert all(after.get(u) == v for u, v in snapshots_before.items())
    assert rows(db, "pragma integrity_check") == [("ok",)]
    runs = rows(db, "select status from crawl_runs order by id")
    assert runs == [("interrupted",), ("ok",)]

    # and a third crawl, now that one finished, fetches only the sitemap (conditionally)
    asked = len(server.paths())
    third = run_crawl(sources, db)
    assert third.returncode == 0 and third.summary["new"] == 0
    assert [p for p in server.paths()[asked:] if p != "/robots.txt"] == ["/sitemap.xml"]


def test_sigterm_stops_gracefully_and_the_next_crawl_resumes(server, tmp_path):
    base = server.url
    for i in range(N):
        server.page(f"/a/{i}.html", article(i), delay=0.08)
    server.page("/sitemap.xml", urlset(base, [(f"/a/{i}.html", "2026-06-01") for i in range(N)]),
                "application/xml")
    sources = write_sources(tmp_path / "s.toml", base, [
        {"name": "slow", "kind": "sitemap", "url": "{base}/sitemap.xml", "delay": 0, "concurrency": 2},
    ])
    db = tmp_path / "kb.db"
    cmd = [sys.executable, "-m", "crawler.run", "--sources", str(sources), "--db", str(db)]
    for k, v in FAST.items():
        cmd += ["-s", f"{k}={v}"]
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while len(stored_articles(db)) < 8 and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    assert rows(db, "select status from crawl_runs") == [("interrupted",)]
    before = stored_articles(db)
    assert 8 <= len(before) < N
    asked = len(server.paths())
    res = run_crawl(sources, db)
    assert res.returncode == 0, res.stderr
    assert not ({base + p for p in server.paths()[asked:]} & before)
    assert len(stored_articles(db)) == N
