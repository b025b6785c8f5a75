"""The published Datasette: metadata for any file name, links, lock-down."""

from __future__ import annotations

from kbfixture import XSS_IMG, XSS_SCRIPT, XSS_TITLE, Client, assert_escaped, build_kb

from kb.db import open_db
from kb.publish import load_metadata, make_datasette


def test_metadata_is_keyed_by_the_served_file_name(tmp_path):
    meta = load_metadata("any-name")
    assert "any-name" in meta["databases"] and "kb" not in meta["databases"]
    assert meta["plugins"]["claimwatch"]["database"] == "any-name"
    assert "/any-name/claims" in meta["description_html"]
    tables = meta["databases"]["any-name"]["tables"]
    # every table and every column of the schema has a description
    db = open_db(tmp_path / "x.db")
    described = [t for t in db.table_names() if not t.startswith("_") and "_fts" not in t]
    assert {"claims", "documents", "sources", "clusters", "disagreements"} <= set(described)
    for table in described:
        assert tables[table]["description"], table
        missing = set(db[table].columns_dict) - set(tables[table]["columns"])
        assert not missing, f"{table}: no description for {sorted(missing)}"


def test_canned_queries_and_descriptions_for_any_file_name(client):
    r = client.get("/any-name")
    assert r.status_code == 200
    assert "All claims about an entity" in r.text
    assert "numeric claim" in r.text  # the database description
    r = client.get("/any-name/claims_about_entity.json?entity=Doubao&_shape=objects")
    assert r.status_code == 200
    quotes = sorted(row["quote"] for row in r.json()["rows"])
    assert quotes == ["16.4 trillion tokens per day", "30 trillion tokens per day",
                      "about 30 trillion tokens per day"]


def test_another_file_name_gets_the_same_configuration(tmp_path):
    path = tmp_path / "kb.db"
    build_kb(path)
    c = Client(make_datasette(path))
    try:
        r = c.get("/kb/claims_about_entity.json?entity=DeepSeek&_shape=objects")
        assert [row["quote"] for row in r.json()["rows"]] == ["$0.42 per million output tokens"]
    finally:
        c.close()


def test_claims_page_has_facets_sort_and_links_to_document_and_source(client, kb_file):
    _, ids = kb_file
    r = client.get("/any-name/claims")
    assert r.status_code == 200
    page = r.text
    assert "One row per numeric claim" in page
    for facet in ("metric", "unit", "entity_id", "source_id", "qualifier", "year"):
        assert f'data-column="{facet}"' in page, facet
    # every claim links to its document and to the document's source URL
    for (url, quote), claim_id in ids["claims"].items():
        doc_id = ids["documents"][url]
        assert f'href="/any-name/documents/{doc_id}"' in page
        assert f'class="cw-source" href="{url}"' in page
        assert f'href="/-/claim/{claim_id}"' in page
    # newest claim first
    data = client.get("/any-name/claims.json?_shape=objects").json()
    got = [row["id"] for row in data["rows"]]
    assert got == sorted(got, reverse=True)
    # the source and year facets count what they should
    data = client.get("/any-name/claims.json?_facet=source_id&_facet=year").json()
    years = {f["value"]: f["count"] for f in data["facet_results"]["year"]["results"]}
    assert years == {2026: 6}
    sources = {f["label"]: f["count"] for f in data["facet_results"]["source_id"]["results"]}
    assert sources == {"wire": 3, "quantumbit": 2, "evil": 1}


def test_published_read_only(client, kb_file):
    path, _ = kb_file
    ds = client.ds
    assert not ds.databases["any-name"].is_mutable
    assert ds.setting("sql_time_limit_ms") <= 1000
    assert ds.setting("allow_download") is False
    # arbitrary SQL is refused; canned queries are all read-only
    assert client.get("/any-name.json?sql=select+1").status_code == 403
    assert client.get("/any-name.db").status_code in (403, 404)
    queries = ds.metadata("queries", database="any-name")
    assert queries and not any(q.get("write") for q in queries.values())


def test_scraped_markup_is_escaped_on_table_pages(client, kb_file):
    _, ids = kb_file
    evil_doc = ids["documents"]["https://evil.example/xss"]
    for path in ("/any-name/claims", f"/any-name/documents/{evil_doc}", "/any-name/documents",
                 "/any-name/claims_about_entity?entity=platform"):
        r = client.get(path)
        assert r.status_code == 200, path
        assert "onerror=alert" not in r.text and "<script>alert" not in r.text, path
    assert_escaped(client.get("/any-name/claims").text, XSS_IMG)
    assert_escaped(client.get(f"/any-name/documents/{evil_doc}").text, XSS_SCRIPT, XSS_TITLE)


def test_every_table_and_view_page_renders(client):
    db = client.ds.get_database("any-name")
    names = client.loop.run_until_complete(db.table_names())
    names += client.loop.run_until_complete(db.view_names())
    assert "claim_checks" in names and "claims" in names
    for name in names:
        r = client.get(f"/any-name/{name}")
        assert r.status_code == 200, (name, r.text[:500])


def test_claims_facets_from_counts_match_live_counts(kb_file):
    """The immutable instance reads facet_counts; a live one counts with SQL."""
    path, _ = kb_file
    facets = {}
    for immutable in (True, False):
        c = Client(make_datasette(path, immutable=immutable))
        try:
            data = c.get("/any-name/claims.json").json()
            facets[immutable] = {
                name: sorted((v["value"], v["count"]) for v in f["results"])
                for name, f in data["facet_results"].items()
            }
            filtered = c.get("/any-name/claims.json?metric=price").json()["facet_results"]
            assert {v["value"]: v["count"] for v in filtered["unit"]["results"]} == {"USD": 2}
        finally:
            c.close()
    assert set(facets[True]) == {"metric", "unit", "entity_id", "source_id", "qualifier", "year"}
    assert facets[True] == facets[False]
    assert dict(facets[True]["metric"]) == {"token_volume": 3, "price": 2, "growth": 1}
