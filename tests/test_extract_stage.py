"""The extract stage over stored snapshots: pending, errors, --all, --workers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from extract.claims import EXTRACTOR_VERSION
from extract.stage import run_extract
from kb import crawlstore, documents, open_db

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted((ROOT / "sample" / "site" / "news").glob("*.html"))[:4]
PDF = next((ROOT / "sample" / "site" / "reports").glob("*.pdf"))


def store(db, sid, url, body, content_type):
    fetch = crawlstore.store_fetch(db, url=url, body=body, status=200,
                                   headers={"Content-Type": content_type}, source_id=sid)
    return documents.register_document(db, url=url, fetched_url=url, source_id=sid,
                                       snapshot_id=fetch.snapshot_id, kind="html")[0]


def build(path: Path, broken: bool = True):
    db = open_db(path)
    sid = crawlstore.sync_sources(db, [{"name": "s", "kind": "site", "url": "http://s.test/"}])["s"]
    for p in PAGES:
        store(db, sid, f"http://s.test/news/{p.name}", p.read_bytes(), "text/html; charset=utf-8")
    store(db, sid, "http://s.test/report.pdf", PDF.read_bytes(), "application/pdf")
    if broken:
        store(db, sid, "http://s.test/empty.html", b"", "text/html")
        store(db, sid, "http://s.test/garbage.pdf", b"%PDF-1.4\n\x00\x01garbage", "application/pdf")
    return db


def claim_rows(db):
    return db.execute(
        "select d.url, c.quote, c.metric, c.value, c.unit, c.page from claims c"
        " join documents d on d.id = c.document_id order by d.url, c.char_start, c.quote"
    ).fetchall()


def test_pending_documents_are_extracted_once(tmp_path):
    db = build(tmp_path / "kb.db")
    s = run_extract(db)
    assert s.documents == len(PAGES) + 1
    assert s.failed == 2 and not s.ok
    assert any("empty.html" in e for e in s.errors) and any("garbage.pdf" in e for e in s.errors)
    assert s.claims == db["claims"].count > 0
    errors = dict(db.execute("select url, extract_error from documents where extract_error is not null").fetchall())
    assert set(errors) == {"http://s.test/empty.html", "http://s.test/garbage.pdf"}
    # every readable document got its text, title and version
    for url, title, version, words in db.execute(
        "select url, title, extractor_version, words from documents where extract_error is null"
    ):
        assert title and version == EXTRACTOR_VERSION and words > 100, url
    # PDF claims know their page
    pages = [r[5] for r in claim_rows(db) if r[0].endswith("report.pdf")]
    assert pages and all(p and p >= 1 for p in pages) and max(pages) > 1
    again = run_extract(db)
    assert again.documents == 0 and again.failed == 0


def test_a_document_that_breaks_the_extractor_is_recorded_and_the_others_go_on(tmp_path, monkeypatch):
    import extract.stage as stage

    db = build(tmp_path / "kb.db", broken=False)
    real, calls = stage.extract_claims, []

    def breaks_once(text, **kw):
        calls.append(text)
        if len(calls) == 1:
            raise RuntimeError("boom\non two lines")
        return real(text, **kw)

    monkeypatch.setattr(stage, "extract_claims", breaks_once)
    s = run_extract(db)
    assert (s.documents, s.failed) == (len(PAGES), 1)
    assert s.errors == [f"http://s.test/news/{PAGES[0].name}: internal error: RuntimeError: boom on two lines"]
    assert db.execute("select url, extract_error from documents where extract_error is not null").fetchall() == [
        (f"http://s.test/news/{PAGES[0].name}", "internal error: RuntimeError: boom on two lines")]
    assert run_extract(db).documents == 0  # recorded for this extractor version, not retried every run


def test_all_reextracts_and_replaces_claims(tmp_path):
    db = build(tmp_path / "kb.db", broken=False)
    run_extract(db)
    before = claim_rows(db)
    s = run_extract(db, everything=True)
    assert s.documents == len(PAGES) + 1
    assert claim_rows(db) == before  # replaced, not duplicated


def test_an_older_extractor_version_makes_documents_pending(tmp_path):
    db = build(tmp_path / "kb.db", broken=False)
    run_extract(db)
    db.execute("update documents set extractor_version = 'claims-0.0.1' where id = 1")
    db.conn.commit()
    assert [r["id"] for r in documents.pending_documents(db, EXTRACTOR_VERSION)] == [1]


def test_two_workers_give_the_same_claims_as_one(tmp_path):
    one = build(tmp_path / "one.db")
    two = build(tmp_path / "two.db")
    s1 = run_extract(one, workers=1)
    s2 = run_extract(two, workers=2)
    assert (s1.documents, s1.claims, s1.failed) == (s2.documents, s2.claims, s2.failed)
    assert claim_rows(one) == claim_rows(two)


def test_extract_command_summary_and_exit_status(tmp_path):
    path = tmp_path / "kb.db"
    build(path).conn.close()
    r = subprocess.run([sys.executable, "-m", "claimwatch", "extract", "--db", str(path), "--workers", "2"],
                       capture_output=True, text=True, cwd=ROOT, timeout=300, env=dict(os.environ))
    assert r.returncode == 1  # two unreadable documents
    assert f"{len(PAGES) + 1} documents extracted" in r.stdout and "2 unreadable" in r.stdout
    assert "empty.html" in r.stderr and "Traceback" not in r.stderr
