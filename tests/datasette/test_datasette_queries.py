"""Canned queries, the charts page and the Atom feed."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from kbfixture import XSS_IMG, XSS_MODEL, XSS_SCRIPT, assert_escaped

ATOM = "{http://www.w3.org/2005/Atom}"
QB = "https://quantumbit.example/doubao-30-trillion"
WIRE = "https://wire.example/ai/doubao-volume"
LOWER = "https://wire.example/ai/doubao-lower"


def rows(client, query: str, **params) -> list[dict]:
    r = client.get(f"/any-name/{query}.json", params=dict(params, _shape="objects"))
    assert r.status_code == 200, r.text
    return r.json()["rows"]


def test_every_canned_query_is_read_only_and_has_a_page(client):
    queries = client.ds.metadata("queries", database="any-name")
    assert {"claims_about_entity", "price_comparison", "token_volume_over_time",
            "figure_lineage", "claims_that_disagree", "feed"} <= set(queries)
    for name, q in queries.items():
        assert not q.get("write")
        assert q["title"] and q["description"], name
        assert client.get(f"/any-name/{name}").status_code == 200, name


def test_price_comparison_computes_the_gap_from_claims_and_leaderboards(client, kb_file):
    _, ids = kb_file
    got = {r["basis"]: r for r in rows(client, "price_comparison", model_a="DeepSeek V3.2",
                                       model_b="gpt-5.5 pro", token_kind="")}
    assert set(got) == {"claims", "leaderboards"}
    assert got["claims"]["price_a"] == 0.42 and got["claims"]["price_b"] == 72.0
    assert got["claims"]["ratio_b_to_a"] == round(72 / 0.42, 2)  # the "170x gap"
    assert got["claims"]["claim_b"] == ids["claims"][(WIRE, "$72 per million output tokens")]
    # the leaderboard's latest price (0.48 then 0.42) against 75
    assert got["leaderboards"]["price_a"] == 0.42
    assert got["leaderboards"]["ratio_b_to_a"] == round(75 / 0.42, 2)
    assert rows(client, "price_comparison", model_a="DeepSeek V3.2", model_b="GPT-5.5 Pro",
                token_kind="input") == []
    page = client.get("/any-name/price_comparison?model_a=DeepSeek+V3.2&model_b=GPT-5.5+Pro&token_kind=").text
    assert f'href="/-/claim/{got["claims"]["claim_b"]}"' in page and "171.43" in page


def test_token_volume_over_time(client):
    got = rows(client, "token_volume_over_time", entity="doubao")
    assert [(r["period"], r["basis"]) for r in got][:2] == [("2026-04-15", "leaderboard"),
                                                            ("2026-05", "claim")]
    assert sorted(r["tokens"] for r in got if r["basis"] == "claim") == [1.64e13, 3e13, 3e13]
    assert len(got) == 5


def test_claims_about_entity_finds_linked_and_mentioned_claims(client, kb_file):
    _, ids = kb_file
    got = {r["claim_id"] for r in rows(client, "claims_about_entity", entity="Doubao")}
    assert got == {ids["claims"][(QB, "30 trillion tokens per day")],
                   ids["claims"][(WIRE, "about 30 trillion tokens per day")],
                   ids["claims"][(LOWER, "16.4 trillion tokens per day")]}
    assert rows(client, "claims_about_entity", entity='"unbalanced') == []
    page = client.get("/any-name/claims_about_entity?entity=Doubao").text
    assert f'href="/-/claim/{min(got)}"' in page


def test_figure_lineage_and_disagreements(client, kb_file):
    _, ids = kb_file
    got = rows(client, "figure_lineage", subject="Doubao")
    assert [(r["role"], r["site"], r["cites"]) for r in got] == [
        ("first", "QuantumBit", None), ("repeat", "Wire Daily", QB)]
    got = rows(client, "claims_that_disagree", subject="")
    assert [(r["quote_a"], r["quote_b"]) for r in got] == [
        ("16.4 trillion tokens per day", "30 trillion tokens per day")]
    assert rows(client, "claims_that_disagree", subject="DeepSeek") == []


def test_atom_feed_of_claims_price_changes_and_disagreements(client):
    for path in ("/-/feed.atom", "/any-name/feed.atom"):
        r = client.get(path)
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("application/atom+xml")
        feed = ET.fromstring(r.content)  # well-formed XML
        entries = feed.findall(f"{ATOM}entry")
        titles = [e.findtext(f"{ATOM}title") for e in entries]
        assert any(t.startswith("New claim: 30 trillion tokens per day") for t in titles)
        assert any(t.startswith("Price change: DeepSeek V3.2 output 0.48 → 0.42") for t in titles)
        assert any(t.startswith("Disagreement: Doubao") for t in titles)
        links = [e.find(f"{ATOM}link").get("href") for e in entries]
        assert all(link.startswith("http://localhost/") for link in links)
        # scraped markup is text in the feed, escaped by the XML writer
        assert XSS_SCRIPT not in r.text and XSS_IMG not in r.text
        assert any(XSS_IMG in (e.findtext(f"{ATOM}content") or "") for e in entries)


def test_charts_page_draws_svg_from_canned_queries(client):
    r = client.get("/-/charts")
    assert r.status_code == 200
    page = r.text
    assert page.count("<svg class=\"cw-chart") == 2
    assert "Doubao (leaderboards)" in page and "Doubao (claims)" in page
    assert "GPT-5.5 Pro (leaderboards)" in page and "DeepSeek V3.2 (claims)" in page
    assert "<script src=" not in page.split("</head>")[1]  # no chart library at all
    r = client.get("/-/charts?entity=Nothing+Here")
    assert r.status_code == 200 and "Nothing to draw yet." in r.text


def test_charts_escape_labels(client):
    page = client.get("/-/charts").text
    assert_escaped(page, XSS_MODEL)  # a leaderboard's model name, drawn as a bar label
