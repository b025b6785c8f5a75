"""Storing leaderboard pages as time series, and the views over them."""

from __future__ import annotations

import json

import pytest

from lbsamples import sample, samples  # noqa: F401 (fixtures)
from crawler.leaderboards import parse
from kb import crawlstore
from kb.db import open_db
from kb.documents import register_document, save_extraction
from kb.entities import EntityResolver, load_curated, resolve
from kb.observations import create_views, history, refresh, store_page

MODELS_2025 = "openrouter/api_v1_models_2025-12-09.json"
MODELS_2026 = "openrouter/api_v1_models_2026-08-22.json"
EXPORT_CSV = "openrouter/datasets_exports_rankings_daily_2026-10-08_sample.csv"
SHARE = "openrouter/frontend_v1_rankings_market-share_2026-09-05_last12weeks.json"


@pytest.fixture
def db(tmp_path):
    db = open_db(tmp_path / "kb.db")
    load_curated(db)
    create_views(db)
    yield db
    db.conn.close()


def source(db, name, fmt, url="https://example.test/feed"):
    return crawlstore.sync_sources(db, [{"name": name, "kind": "leaderboard", "url": url, "format": fmt}])[name]


def store(db, sid, fmt, body, fetched_at, url="https://example.test/feed"):
    page = parse(fmt, body, url=url, fetched_at=fetched_at)
    return store_page(db, source_id=sid, snapshot_id=None, fetched_at=fetched_at, page=page), page


def test_prices_history_keeps_changes_only(db, sample):
    sid = source(db, "or-models", "openrouter-models")
    first, page1 = store(db, sid, "openrouter-models", sample(MODELS_2025), "2025-12-09T22:50:00Z")
    assert first == len(page1.observations)
    again, _ = store(db, sid, "openrouter-models", sample(MODELS_2025), "2025-12-10T22:50:00Z")
    assert again == 0  # a daily re-crawl of unchanged prices adds nothing
    second, page2 = store(db, sid, "openrouter-models", sample(MODELS_2026), "2026-08-22T00:12:00Z")
    assert 0 < second < len(page2.observations)
    out = history(db, sid, "deepseek/deepseek-v3.2", "price", token_kind="output")
    assert [(r["period"], r["value"]) for r in out] == [("2025-12-09", 0.39), ("2026-08-22", 0.38)]
    inp = history(db, sid, "deepseek/deepseek-v3.2", "price", token_kind="input")
    assert [(r["period"], r["value"]) for r in inp] == [("2025-12-09", 0.26)]  # unchanged: one row
    latest = {(r["raw_name"], r["token_kind"]): r["value"] for r in
              db.query("select * from latest_prices where source = 'or-models' and variant is null")}
    assert latest[("deepseek/deepseek-v3.2", "output")] == 0.38
    assert latest[("sakana/fugu-ultra", "input")] == 5.0  # exactly 5, shown as 5.0


def test_a_change_seen_twice_in_one_day_counts(db, sample):
    sid = source(db, "or-models", "openrouter-models")
    body = sample(MODELS_2026)
    store(db, sid, "openrouter-models", body, "2026-08-22T00:12:00Z")
    changed = body.replace(b'"prompt": "0.000005",\n        "completion": "0.00003"',
                           b'"prompt": "0.000004",\n        "completion": "0.00003"', 1)
    assert changed != body
    added, _ = store(db, sid, "openrouter-models", changed, "2026-08-22T18:00:00Z")
    assert added == 1
    rows = history(db, sid, "sakana/fugu-ultra", "price", token_kind="input")
    assert [(r["period"], r["value"], r["fetched_at"]) for r in rows] == [
        ("2026-08-22", 5.0, "2026-08-22T00:12:00Z"), ("2026-08-22", 4.0, "2026-08-22T18:00:00Z")]
    latest = list(db.query("select value from latest_prices where raw_name = 'sakana/fugu-ultra' "
                           "and token_kind = 'input' and variant is null"))
    assert latest == [{"value": 4.0}]


def test_daily_tokens_revised_and_partial_days(db, sample):
    sid = source(db, "or-rankings", "openrouter-rankings")
    body = sample(EXPORT_CSV)
    # fetched while 2026-10-07 was still running: its rows are partial
    n1, page = store(db, sid, "openrouter-rankings", body, "2026-10-07T20:00:00Z")
    assert n1 == len(page.observations)
    # the final export the next morning: same values, the day complete -> those rows again, not partial
    n2, _ = store(db, sid, "openrouter-rankings", body, "2026-10-08T02:00:00Z")
    assert n2 == sum(1 for o in page.observations if o.period == "2026-10-07")
    # a revision of one value
    revised = body.replace(b"2026-10-01,deepseek/deepseek-v4.1-flash-20260910,",
                           b"2026-10-01,deepseek/deepseek-v4.1-flash-20260910,", 1)
    line = next(ln for ln in body.split(b"\r\n") if ln.startswith(b"2026-10-01,stealth/space-bunny-alpha,"))
    parts = line.split(b",")
    parts[3] = str(int(parts[3]) + 1000).encode()
    revised = body.replace(line, b",".join(parts))
    n3, _ = store(db, sid, "openrouter-rankings", revised, "2026-10-09T02:00:00Z")
    assert n3 == 1
    rows = list(db.query("select tokens, partial from token_volume_series where raw_name = ? and period = ?",
                         ["stealth/space-bunny-alpha", "2026-10-01"]))
    assert rows == [{"tokens": float(int(parts[3])), "partial": 0}]
    done = list(db.query("select partial from token_volume_series where period = '2026-10-07'"))
    assert done and all(r["partial"] == 0 for r in done)
    # aggregates are stored as totals of their own entity, never as a model
    other = list(db.query("select entity_kind from token_volume_series where raw_name = 'other'"))
    assert {r["entity_kind"] for r in other} == {"aggregate"}


def test_country_totals_per_week(db, sample):
    sid = source(db, "or-share", "openrouter-frontend")
    store(db, sid, "openrouter-frontend", sample(SHARE), "2026-09-05T11:32:00Z")
    refresh(db)  # the weekly tables are derived: rebuilt after a crawl
    rows = {(r["week"], r["country"]): r for r in db.query("select * from country_weekly_tokens")}
    week = json.loads(sample(SHARE))["data"][-2]  # the week of 2026-08-24 = 2026-W35
    assert week["x"] == "2026-08-24"
    china = {"deepseek", "z-ai", "tencent", "xiaomi", "minimax", "qwen", "moonshotai"}
    usa = {"openai", "google", "nvidia", "anthropic", "x-ai", "meta"}
    want_cn = sum(v for k, v in week["ys"].items() if k in china)
    want_us = sum(v for k, v in week["ys"].items() if k in usa)
    assert rows[("2026-W35", "CN")]["tokens"] == want_cn
    assert rows[("2026-W35", "US")]["tokens"] == want_us
    assert rows[("2026-W35", "unknown")]["tokens"] == week["ys"]["stealth"]
    assert rows[("2026-W35", "others")]["tokens"] == week["ys"]["others"]
    assert rows[("2026-W35", "CN")]["country_name"] == "China"
    assert rows[("2026-W36", "CN")]["partial"] == 1 and rows[("2026-W35", "CN")]["partial"] == 0


def test_daily_rows_roll_up_into_iso_weeks(db, sample):
    sid = source(db, "or-rankings", "openrouter-rankings")
    store(db, sid, "openrouter-rankings", sample(EXPORT_CSV), "2026-10-08T02:00:00Z")
    refresh(db)
    weeks = {r["week"]: r for r in db.query(
        "select * from token_volume_weekly where raw_name = 'deepseek/deepseek-v4.1-flash-20260910'")}
    # 2026-09-30 and 2026-10-01 are in ISO week 40; 2026-10-07 in week 41: both incomplete here
    assert set(weeks) == {"2026-W40", "2026-W41"}
    assert weeks["2026-W40"]["days"] == 2 and weeks["2026-W40"]["partial"] == 1


def test_claim_checks(db, sample):
    share = source(db, "or-share", "openrouter-frontend")
    models = source(db, "or-models", "openrouter-models")
    store(db, share, "openrouter-frontend", sample(SHARE), "2026-09-05T11:32:00Z")
    store(db, models, "openrouter-models", sample(MODELS_2025), "2025-12-09T22:50:00Z")
    store(db, models, "openrouter-models", sample(MODELS_2026), "2026-08-22T00:12:00Z")
    week = {k: v for k, v in json.loads(sample(SHARE))["data"][-2]["ys"].items()}
    cn = sum(v for k, v in week.items() if k in {"deepseek", "z-ai", "tencent", "xiaomi", "minimax"})

    snap = crawlstore.store_fetch(db, url="https://news.test/a", body=b"<p>x</p>", status=200, headers={},
                                  source_id=None)
    doc, _ = register_document(db, url="https://news.test/a", fetched_url="https://news.test/a",
                               source_id=None, snapshot_id=snap.snapshot_id, kind="html")

    def claim(subject, metric, value, unit, per, period, token_kind=None, qualifier="exact"):
        return {"sentence": f"{subject} {value}", "quote": str(value), "metric": metric, "value": value,
                "unit": unit, "per": per, "token_kind": token_kind, "qualifier": qualifier,
                "subject": subject, "as_of_norm": period}

    claims = [
        claim("DeepSeek", "token_volume", round(week["deepseek"] / 1e12, 2) * 1e12, "tokens", "week", "2026-W35"),
        claim("DeepSeek", "token_volume", week["deepseek"] * 1.5, "tokens", "week", "2026-W35"),
        claim("Chinese AI models", "token_volume", round(cn / 1e12, 2) * 1e12, "tokens", "week", "2026-W35"),
        claim("DeepSeek V3.2's API", "price", 0.38, "USD", "1M tokens", "2026-08", "output"),
        claim("DeepSeek V3.2", "price", 0.38, "USD", "1M tokens", "2026-01", "output"),
        claim("DeepSeek V3.2", "price", 0.26, "USD", "1M tokens", None, "input"),
        claim("DeepSeek", "token_volume", 1e12, "tokens", "week", "2025-W01"),
        claim("Anthropic", "token_volume", 4e12, "tokens", "week", "2026-W35", qualifier="at_least"),
    ]
    save_extraction(db, doc, snapshot_id=snap.snapshot_id, version="t", meta={"text": "x"}, claims=claims,
                    entity_resolver=EntityResolver(db))
    assert list(db.query("select * from claim_checks")) == []  # not checked until the refresh
    refresh(db)
    got = list(db.query("select * from claim_checks order by claim_id"))
    assert [r["verdict"] for r in got] == [
        "agrees", "disagrees", "agrees", "agrees", "disagrees", "agrees", "no data", "agrees"]
    assert got[1]["observed_value"] == week["deepseek"] and got[1]["claimed_value"] == week["deepseek"] * 1.5
    assert got[1]["source"] == "or-share" and got[1]["attribution"].startswith("Source: OpenRouter")
    assert got[2]["observed_as"] == "country total: CN"
    assert got[4]["observed_value"] == 0.39 and got[4]["observed_period"] == "2025-12-09"
    assert got[3]["entity_id"] == resolve(db, "deepseek/deepseek-v3.2")


def test_views_are_idempotent(db):
    create_views(db)
    create_views(db)
    assert {"latest_prices", "claim_checks", "country_weekly_tokens", "token_volume_series"} <= set(db.view_names())


def test_a_failing_store_leaves_rows_as_they_were(db, sample):
    sid = source(db, "or-models", "openrouter-models")
    store(db, sid, "openrouter-models", sample(MODELS_2025), "2025-12-09T22:50:00Z")
    before = db["observations"].count
    page = parse("openrouter-models", sample(MODELS_2026), url="https://x", fetched_at="2026-08-22T00:12:00Z")
    page.observations[-1].entity_kind = "company"  # not a kind: the store must fail as a whole
    with pytest.raises(ValueError, match="unknown kind 'company'"):
        store_page(db, source_id=sid, snapshot_id=None, fetched_at="2026-08-22T00:12:00Z", page=page)
    assert db["observations"].count == before


def test_platform_total_of_a_day_checks_openrouter_claims(db, sample):
    sid = source(db, "or-rankings", "openrouter-rankings")
    _, page = store(db, sid, "openrouter-rankings", sample(EXPORT_CSV), "2026-10-08T02:00:00Z")
    total = sum(float(o.value) for o in page.observations if o.metric == "token_volume" and o.period == "2026-10-01")
    snap = crawlstore.store_fetch(db, url="https://news.test/b", body=b"<p>y</p>", status=200, headers={},
                                  source_id=None)
    doc, _ = register_document(db, url="https://news.test/b", fetched_url="https://news.test/b",
                               source_id=None, snapshot_id=snap.snapshot_id, kind="html")
    claims = [{"sentence": "s", "quote": "q", "metric": "token_volume", "value": v, "unit": "tokens", "per": per,
               "token_kind": None, "qualifier": "approx", "subject": "OpenRouter", "as_of_norm": "2026-10-01"}
              for v, per in ((round(total / 1e12, 1) * 1e12, None), (total * 0.8, "day"))]
    save_extraction(db, doc, snapshot_id=snap.snapshot_id, version="t", meta={"text": "x"}, claims=claims,
                    entity_resolver=EntityResolver(db))
    refresh(db)
    got = list(db.query("select verdict, observed_value, observed_as from claim_checks order by claim_id"))
    assert [g["verdict"] for g in got] == ["agrees", "disagrees"]
    assert got[0]["observed_value"] == total and got[0]["observed_as"] == "platform total (51 rows)"


def test_after_a_failed_store_the_next_one_works(db, sample):
    sid = source(db, "or-models", "openrouter-models")
    page = parse("openrouter-models", sample(MODELS_2026), url="https://x", fetched_at="2026-08-22T00:12:00Z")
    page.observations[-1].entity_kind = "company"
    with pytest.raises(ValueError):
        store_page(db, source_id=sid, snapshot_id=None, fetched_at="2026-08-22T00:12:00Z", page=page)
    assert db["entities"].count == db.execute("select count(*) from entities").fetchone()[0]
    added, _ = store(db, sid, "openrouter-models", sample(MODELS_2026), "2026-08-22T00:12:00Z")
    assert added > 600 and resolve(db, "sakana/fugu-ultra") is not None
