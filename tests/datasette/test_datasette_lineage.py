"""Lineage: FTS, clusters, citations, disagreements, and schema upgrades."""

from __future__ import annotations

from kbfixture import ARTICLES, SOURCES
from sqlite_utils import Database

from kb import crawlstore, documents, lineage
from kb.db import open_db
from kb.schema import MIGRATIONS

QB = "https://quantumbit.example/doubao-30-trillion"
WIRE = "https://wire.example/ai/doubao-volume"
LOWER = "https://wire.example/ai/doubao-lower"


def test_refresh_builds_a_cluster_with_first_report_sources_and_citation(kb_file):
    path, ids = kb_file
    db = open_db(path)
    counts = lineage.refresh(db)
    assert counts["clusters"] == 1 and counts["disagreements"] == 1
    first = ids["claims"][(QB, "30 trillion tokens per day")]
    repeat = ids["claims"][(WIRE, "about 30 trillion tokens per day")]
    cluster = db["clusters"].get(first)  # a cluster's id is its first claim's
    assert cluster["documents"] == 2 and cluster["sources"] == 2 and cluster["claims"] == 2
    assert cluster["first_document_id"] == ids["documents"][QB]
    assert cluster["first_seen"] == "2026-05-20"
    assert cluster["attributed_to"] == "QuantumBit"
    members = {r["claim_id"]: r for r in db["cluster_claims"].rows_where("cluster_id = ?", [first])}
    assert set(members) == {first, repeat}
    assert members[first]["is_first"] == 1 and members[repeat]["is_first"] == 0
    # "according to QuantumBit" links the repeat to QuantumBit's own report
    assert members[repeat]["cites_document_id"] == ids["documents"][QB]
    assert members[first]["cites_document_id"] is None


def test_disagreement_lists_both_sides(kb_file):
    path, ids = kb_file
    db = open_db(path)
    lineage.refresh(db)
    (d,) = db["disagreements"].rows
    assert d["claim_a"] == ids["claims"][(LOWER, "16.4 trillion tokens per day")]
    assert d["claim_b"] == ids["claims"][(QB, "30 trillion tokens per day")]
    assert d["reports_a"] == 1 and d["reports_b"] == 2
    assert round(d["ratio"], 3) == round(30 / 16.4, 3)
    assert d["period"] == "2026-05" and d["metric"] == "token_volume"


def test_ranges_decide_what_disagrees():
    rows = [
        dict(id=1, value=80.0, qualifier="at_least"),
        dict(id=2, value=120.0, qualifier="at_most"),
        dict(id=3, value=100.0, qualifier="exact"),
    ]
    for r in rows:
        r.update(document_id=r["id"], seen_at="2026-01-01", first_seen="x", subject="s",
                 quote=str(r["value"]), metric="share", period="2026", entity_id=None,
                 unit="%", per="", token_kind="", site=f"s{r['id']}")
    groups = lineage.value_groups(rows)
    assert [g.id for g in groups] == [1, 3, 2]
    assert lineage._disagreement_rows(groups) == []  # "over 80" and "up to 120" fit 100
    rows[0]["qualifier"] = "exact"
    rows[1]["qualifier"] = "exact"
    pairs = {(d["claim_a"], d["claim_b"]) for d in lineage._disagreement_rows(lineage.value_groups(rows))}
    assert pairs == {(1, 3), (1, 2), (3, 2)}


def test_subject_key_uses_entity_else_normalised_subject():
    assert lineage.subject_key(7, "whatever") == "entity:7"
    assert lineage.subject_key(None, "The Doubao’s platform") == lineage.subject_key(None, "doubao platform")
    assert lineage.subject_key(None, None) is None


def test_reextraction_is_not_blocked_by_lineage_rows(kb_file):
    path, ids = kb_file
    db = open_db(path)
    lineage.refresh(db)
    doc = ids["documents"][QB]
    snap = ids["snapshots"][QB]
    documents.save_extraction(db, doc, snapshot_id=snap, version="test-2",
                              meta={"text": "Nothing.", "title": "t"}, claims=[])
    assert db["cluster_claims"].count == 1  # QuantumBit's member went with its claim
    lineage.refresh(db)
    assert db["clusters"].count == 0 and db["cluster_claims"].count == 0


def test_full_text_search_follows_writes(kb_file):
    path, ids = kb_file
    db = open_db(path)
    found = lineage.search_claims(db, "doubao")
    assert {r["id"] for r in found} == {
        ids["claims"][(QB, "30 trillion tokens per day")],
        ids["claims"][(WIRE, "about 30 trillion tokens per day")],
        ids["claims"][(LOWER, "16.4 trillion tokens per day")],
    }
    hits = list(db.query("select rowid from documents_fts where documents_fts match 'boom'"))
    assert [h["rowid"] for h in hits] == [ids["documents"][WIRE]]
    # a re-extraction replaces the indexed sentences
    documents.save_extraction(
        db, ids["documents"][WIRE], snapshot_id=ids["snapshots"][WIRE], version="t",
        meta={"text": "Gone.", "title": "Gone"}, claims=[],
    )
    assert len(lineage.search_claims(db, "doubao")) == 2
    assert not list(db.query("select rowid from documents_fts where documents_fts match 'boom'"))


def test_search_on_the_claims_page(client, kb_file):
    _, ids = kb_file
    data = client.get("/any-name/claims.json?_search=trillion&_shape=objects").json()
    assert len(data["rows"]) == 3
    assert client.get("/any-name/documents.json?_search=boom").json()["rows"]


def test_cluster_page_and_claim_page_show_lineage(client, kb_file):
    _, ids = kb_file
    first = ids["claims"][(QB, "30 trillion tokens per day")]
    repeat = ids["claims"][(WIRE, "about 30 trillion tokens per day")]
    r = client.get(f"/-/cluster/{first}")
    assert r.status_code == 200
    assert "2 independent" in r.text or "Independent sources</dt><dd>2" in r.text
    assert f'class="cw-cites" href="/any-name/documents/{ids["documents"][QB]}"' in r.text
    page = client.get(f"/-/claim/{repeat}").text
    assert "Reported by 2 documents from 2 independent sources" in page
    assert f'href="/-/claim/{first}"' in page  # the other claim of its cluster
    assert "16.4 trillion tokens per day" in page  # the disagreeing report
    assert client.get("/any-name/clusters").status_code == 200
    assert client.get("/any-name/disagreements").status_code == 200


def test_old_database_is_upgraded_keeping_every_row(tmp_path):
    path = tmp_path / "old.db"
    old = Database(path)
    MIGRATIONS.apply(old, stop_before="m002_claims_browse")
    assert "year" not in old["claims"].columns_dict
    # fill it as the first version of claimwatch did
    sources = crawlstore.sync_sources(old, SOURCES)
    run = crawlstore.start_run(old, "update")
    for art in ARTICLES:
        fetched = crawlstore.store_fetch(
            old, url=art["url"], body=art["text"].encode(), status=200,
            headers={"Content-Type": "text/plain"}, source_id=sources[art["source"]], run_id=run,
        )
        doc, _ = documents.register_document(
            old, url=art["url"], fetched_url=art["url"], source_id=sources[art["source"]],
            snapshot_id=fetched.snapshot_id, kind="text",
        )
        documents.save_extraction(
            old, doc, snapshot_id=fetched.snapshot_id, version="v0",
            meta={"text": art["text"], "title": art["title"], "published_at": art["published_at"],
                  "site_name": art["site_name"]},
            claims=[dict(c, sentence=art["text"], start=0, end=1, sentence_start=0)
                    for c in art["claims"]],
        )
    crawlstore.record_failure(old, url="https://x.example/404", reason="HTTP 404", status=404)
    crawlstore.finish_run(old, run, status="ok", counts={"fetched": 4})
    old["entities"].insert({"name": "Doubao", "kind": "platform"})
    old["entity_aliases"].insert({"alias": "doubao", "entity_id": 1, "origin": "curated"})
    old["observations"].insert({"source_id": 1, "metric": "price", "value": 1.0, "period": "2026-05"})
    tables = [t for t in old.table_names() if t != "_sqlite_migrations"]
    before = {t: list(old[t].rows) for t in tables}
    assert all(before[t] for t in tables), [t for t in tables if not before[t]]
    old.conn.close()

    db = open_db(path)  # upgrades in place
    applied = {m["name"] for m in db["_sqlite_migrations"].rows}
    assert {"m001_initial", "m002_claims_browse", "m003_lineage"} <= applied
    for table, rows in before.items():
        after = list(db[table].rows)
        assert [{k: r[k] for k in rows[0]} for r in after] == rows, table
    # the new columns and indexes are filled from the old rows
    claims = list(db.query("select source_id, year from claims"))
    assert all(c["source_id"] and c["year"] == 2026 for c in claims)
    expected = sum(len(a["claims"]) for a in ARTICLES if "trillion" in a["text"])
    assert len(lineage.search_claims(db, "trillion")) == expected == 5
    assert lineage.refresh(db)["disagreements"] == 1  # Doubao: about 30T vs 16.4T


def test_no_disagreement_within_one_document_or_between_shares(tmp_path):
    db = open_db(tmp_path / "kb.db")
    src = crawlstore.sync_sources(db, [{"name": "s", "kind": "site", "url": "https://s.example/"}])["s"]

    def doc(n, claims):
        url = f"https://s{n}.example/a"
        snap = crawlstore.store_fetch(db, url=url, body=url.encode(), status=200, headers={},
                                      source_id=src).snapshot_id
        doc_id, _ = documents.register_document(db, url=url, fetched_url=url, source_id=src,
                                                snapshot_id=snap, kind="html")
        documents.save_extraction(db, doc_id, snapshot_id=snap, version="t",
                                  meta={"text": "x", "site_name": f"site {n}"},
                                  claims=[dict(c, sentence="x", quote=str(c["value"]), subject="Acme",
                                               as_of_norm="2026-05") for c in claims])

    price = dict(metric="price", unit="USD", per="1M tokens", token_kind="output", qualifier="exact")
    share = dict(metric="share", unit="%", qualifier="exact")
    doc(1, [dict(price, value=3.0), dict(price, value=15.0), dict(share, value=35.0)])
    doc(2, [dict(share, value=51.0)])
    assert lineage.refresh(db)["disagreements"] == 0  # one document's two prices; shares
    doc(3, [dict(price, value=9.0)])
    assert lineage.refresh(db)["disagreements"] == 2
    rows = list(db.query("select value_a, value_b from disagreements order by value_a"))
    assert [(r["value_a"], r["value_b"]) for r in rows] == [(3.0, 9.0), (9.0, 15.0)]
