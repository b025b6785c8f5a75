"""Running claimwatch for months: the run lock, source health, export, backup."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from claimwatch.runlock import LockBusy, RunLock
from kb import crawlstore, documents, open_db
from kb.export import EXPORT_COLUMNS, backup, export_claims

ROOT = Path(__file__).resolve().parents[1]


def claimwatch(*args, env=None, timeout=120):
    return subprocess.run(
        [sys.executable, "-m", "claimwatch", *args],
        capture_output=True, text=True, timeout=timeout, cwd=ROOT,
        env={**os.environ, **(env or {})},
    )


def make_kb(path: Path, n_docs: int = 3, claims_per_doc: int = 2) -> None:
    db = open_db(path)
    sid = crawlstore.sync_sources(db, [{"name": "news", "kind": "feed", "url": "http://example.test/feed"}])["news"]
    for d in range(n_docs):
        url = f"http://example.test/a{d}.html"
        fetch = crawlstore.store_fetch(db, url=url, body=f"<p>doc {d}</p>".encode(), status=200,
                                       headers={"Content-Type": "text/html"}, source_id=sid)
        doc_id, _ = documents.register_document(db, url=url, fetched_url=url, source_id=sid,
                                                snapshot_id=fetch.snapshot_id, kind="html")
        claims = [
            {"sentence": f"Model {d} costs ${k + 1} per million tokens.", "quote": f"${k + 1} per million tokens",
             "metric": "price", "value": float(k + 1), "unit": "USD", "per": "1M tokens",
             "token_kind": None, "qualifier": "exact", "subject": f"Model {d}", "as_of": None,
             "attributed_to": None, "start": 0, "end": 5, "sentence_start": 0, "as_of_norm": None}
            for k in range(claims_per_doc)
        ]
        documents.save_extraction(db, doc_id, snapshot_id=fetch.snapshot_id, version="t",
                                  meta={"text": claims[0]["sentence"], "title": f"Doc {d}", "kind": "html"},
                                  claims=claims)
    db.conn.close()


# -- the lock ----------------------------------------------------------------


def test_lock_refuses_a_second_holder_and_frees_on_release(tmp_path):
    db = tmp_path / "kb.db"
    with RunLock(db):
        with pytest.raises(LockBusy, match=f"pid {os.getpid()}"):
            RunLock(db).acquire()
    RunLock(db).acquire().release()  # free again


def test_second_update_exits_at_once_while_the_first_holds_the_lock(tmp_path):
    db = tmp_path / "kb.db"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from claimwatch.runlock import RunLock; "
         f"l = RunLock({str(db)!r}).acquire(); print('locked', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE, text=True, cwd=ROOT,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        sources = tmp_path / "s.toml"
        sources.write_text('[[source]]\nname = "x"\nkind = "feed"\nurl = "http://127.0.0.1:9/feed"\n')
        started = time.monotonic()
        r = claimwatch("update", "--sources", str(sources), "--db", str(db))
        assert r.returncode == 3, r.stdout + r.stderr
        assert "another claimwatch run holds the lock" in r.stderr
        assert "Traceback" not in r.stderr
        assert time.monotonic() - started < 30  # it did not wait for the holder
    finally:
        holder.kill()
        holder.wait()


def test_a_killed_holder_leaves_no_stale_lock(tmp_path):
    db = tmp_path / "kb.db"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import time; from claimwatch.runlock import RunLock; "
         f"RunLock({str(db)!r}).acquire(); print('locked', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE, text=True, cwd=ROOT,
    )
    assert holder.stdout.readline().strip() == "locked"
    holder.kill()
    holder.wait()
    RunLock(db).acquire().release()


# -- source health -------------------------------------------------------------


def test_source_health_shows_last_success_failure_and_failing_streak(tmp_path):
    db = open_db(tmp_path / "kb.db")
    crawlstore.sync_sources(db, [
        {"name": "good", "kind": "feed", "url": "http://a.test/feed"},
        {"name": "flaky", "kind": "feed", "url": "http://b.test/feed"},
    ])
    outcomes = [(True, True), (True, False), (True, False), (True, False)]
    for good_ok, flaky_ok in outcomes:
        run = crawlstore.start_run(db, "crawl")
        per = {
            "good": {"ok": good_ok, "fetched": 3, "new": 1},
            "flaky": {"ok": flaky_ok, "fetched": 0, "failed": 0 if flaky_ok else 1,
                      **({} if flaky_ok else {"error": "HTTP 503 on http://b.test/feed"})},
        }
        for name, p in per.items():
            sid = db.execute("select id from sources where name = ?", [name]).fetchone()[0]
            crawlstore.mark_source(db, sid, ok=p["ok"], error=p.get("error"))
        crawlstore.finish_run(db, run, status="ok" if flaky_ok else "failed", per_source=per)
    health = {r["name"]: r for r in db.query("select * from source_health")}
    assert health["good"]["health"] == "ok" and health["good"]["failed_runs_in_a_row"] == 0
    assert health["good"]["last_success"]
    assert health["flaky"]["failed_runs_in_a_row"] == 3
    assert health["flaky"]["health"] == "failing"
    assert health["flaky"]["last_error"] == "HTTP 503 on http://b.test/feed"
    assert health["flaky"]["last_success"] and health["flaky"]["last_failure"]


# -- export and backup ------------------------------------------------------------


def test_export_csv_and_jsonl_carry_document_and_source(tmp_path):
    path = tmp_path / "kb.db"
    make_kb(path, n_docs=3, claims_per_doc=2)
    db = open_db(path)
    buf = io.StringIO()
    assert export_claims(db, buf, "csv") == 6
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert list(rows[0]) == list(EXPORT_COLUMNS)
    assert rows[0]["url"] == "http://example.test/a0.html" and rows[0]["source"] == "news"
    assert rows[0]["document_title"] == "Doc 0" and float(rows[0]["value"]) == 1.0
    buf = io.StringIO()
    export_claims(db, buf, "jsonl")
    lines = [json.loads(l) for l in buf.getvalue().splitlines()]
    assert len(lines) == 6 and lines[-1]["subject"] == "Model 2"


def test_export_since_filters_by_first_seen(tmp_path):
    path = tmp_path / "kb.db"
    make_kb(path, n_docs=2)
    db = open_db(path)
    db.execute("update documents set first_seen = '2025-01-01T00:00:00+00:00' where url like '%a0.html'")
    db.conn.commit()
    buf = io.StringIO()
    assert export_claims(db, buf, "jsonl", since="2026-01-01") == 2
    assert all(json.loads(l)["url"].endswith("a1.html") for l in buf.getvalue().splitlines())


def test_export_command_writes_a_file_and_streams_to_stdout(tmp_path):
    path = tmp_path / "kb.db"
    make_kb(path, n_docs=2)
    out = tmp_path / "claims.csv"
    r = claimwatch("export", "--db", str(path), "--format", "csv", "--output", str(out))
    assert r.returncode == 0, r.stderr
    assert len(out.read_text().splitlines()) == 1 + 4
    r = claimwatch("export", "--db", str(path), "--format", "jsonl", "--since", "2020-01-01")
    assert r.returncode == 0 and len(r.stdout.splitlines()) == 4
    r = claimwatch("export", "--db", str(path), "--since", "yesterday")
    assert r.returncode == 2 and "not a date" in r.stderr


def test_backup_is_a_consistent_copy_while_a_writer_is_busy(tmp_path):
    path = tmp_path / "kb.db"
    make_kb(path, n_docs=5)
    writer = sqlite3.connect(path)
    writer.execute("begin immediate")
    writer.execute("delete from claims")  # uncommitted: must not show in the copy
    try:
        r = claimwatch("backup", "--db", str(path), str(tmp_path / "copy.db"))
    finally:
        writer.rollback()
        writer.close()
    assert r.returncode == 0, r.stderr
    copy = sqlite3.connect(tmp_path / "copy.db")
    assert copy.execute("pragma integrity_check").fetchone()[0] == "ok"
    assert copy.execute("select count(*) from claims").fetchone()[0] == 10
    r = claimwatch("backup", "--db", str(path), str(tmp_path / "copy.db"))
    assert r.returncode == 2 and "already exists" in r.stderr


def test_paths_that_cannot_be_written_are_one_line_not_a_traceback(tmp_path):
    path = tmp_path / "kb.db"
    make_kb(path, n_docs=1)
    missing = tmp_path / "no-such-folder"
    for args in (
        ("extract", "--db", str(missing / "kb.db")),  # the lock file beside it
        ("extract", "--db", str(path), "--log", str(missing / "kb.log")),
        ("export", "--db", str(path), "--output", str(missing / "claims.csv")),
        ("backup", "--db", str(path), str(missing / "copy.db")),
    ):
        r = claimwatch(*args)
        assert r.returncode == 2, (args, r.stderr)
        assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1, (args, r.stderr)
        assert str(missing) in r.stderr, (args, r.stderr)


def test_backup_function_refuses_to_overwrite(tmp_path):
    path = tmp_path / "kb.db"
    make_kb(path, n_docs=1)
    (tmp_path / "x.db").write_bytes(b"keep me")
    with pytest.raises(FileExistsError):
        backup(path, tmp_path / "x.db")
    assert (tmp_path / "x.db").read_bytes() == b"keep me"
