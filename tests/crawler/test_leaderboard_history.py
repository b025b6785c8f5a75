"""Leaderboards crawled in turn build a history: real crawls (``python -m crawler.run``)
of the real samples (read in place from the shared folder), served by a local server."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from crawlkit import rows, run_crawl, write_sources

#: ../shared beside the checkout (as on the developers' machines and in CI)
SAMPLES = Path(os.environ.get("CLAIMWATCH_LEADERBOARD_SAMPLES",
                             Path(__file__).resolve().parents[2].parent / "shared" / "samples" / "leaderboards"))


@pytest.fixture
def samples():
    if not (SAMPLES / "openrouter").is_dir():
        pytest.skip(f"leaderboard samples not found at {SAMPLES} (set CLAIMWATCH_LEADERBOARD_SAMPLES)")
    return SAMPLES


def prices(db, source, raw_name, token_kind):
    return rows(db, "select o.value, o.period, o.snapshot_id from observations o join sources s on s.id = o.source_id "
                    "where s.name = ? and o.raw_name = ? and o.metric = 'price' and o.token_kind = ? "
                    "and o.variant is null order by o.id", (source, raw_name, token_kind))


def test_models_and_litellm_snapshots_crawled_in_turn(server, samples, tmp_path):
    base = server.url
    sources = write_sources(tmp_path / "sources.toml", base, [
        {"name": "or-models", "kind": "leaderboard", "format": "openrouter-models",
         "url": "{base}/api/v1/models", "delay": 0, "timeout": 10},
        {"name": "litellm", "kind": "leaderboard", "format": "litellm",
         "url": "{base}/litellm/model_prices_and_context_window.json", "delay": 0, "timeout": 10},
    ])
    db = tmp_path / "kb.db"
    snapshots = [
        ("openrouter/api_v1_models_2025-12-09.json", "litellm/model_prices_and_context_window_2025-02-06_subset.json"),
        ("openrouter/api_v1_models_2026-08-22.json", "litellm/model_prices_and_context_window_2026-07-24_subset.json"),
    ]
    added = []
    for models, litellm in snapshots:
        server.page("/api/v1/models", (samples / models).read_bytes(), "application/json")
        server.page("/litellm/model_prices_and_context_window.json", (samples / litellm).read_bytes(),
                    "application/json")
        res = run_crawl(sources, db)
        assert res.returncode == 0, res.stderr
        added.append(res.summary["observations_added"])
    # and a third crawl of the same files: nothing new at all
    res = run_crawl(sources, db)
    assert res.returncode == 0 and res.summary["observations_added"] == 0 and res.summary["changed"] == 0
    assert added[0] > 300 and 0 < added[1]

    # OpenRouter: DeepSeek V3.2's output price went 0.39 -> 0.38; its input price stayed 0.26
    out = prices(db, "or-models", "deepseek/deepseek-v3.2", "output")
    assert [v for v, _, _ in out] == [0.39, 0.38] and out[0][2] != out[1][2]
    assert [v for v, _, _ in prices(db, "or-models", "deepseek/deepseek-v3.2", "input")] == [0.26]

    # LiteLLM: every price that changed between the files has two rows, every unchanged one a single row
    old = json.loads((samples / snapshots[0][1]).read_bytes())
    new = json.loads((samples / snapshots[1][1]).read_bytes())
    changed, same = [], []
    for key, entry in old.items():
        if key == "sample_spec" or key not in new or not isinstance(entry, dict):
            continue
        a, b = entry.get("output_cost_per_token"), new[key].get("output_cost_per_token")
        if a is not None and b is not None:
            (same if a == b else changed).append((key, a, b))
    assert changed and same
    for key, a, b in changed:
        got = [v for v, _, _ in prices(db, "litellm", key, "output")]
        assert got == [pytest.approx(a * 1e6, rel=1e-12), pytest.approx(b * 1e6, rel=1e-12)], key
    for key, a, _ in same:
        assert [v for v, _, _ in prices(db, "litellm", key, "output")] == [pytest.approx(a * 1e6, rel=1e-12)], key
    # exact units: 2.5e-06 per token is stored as 2.5 per 1M, not 2.4999999999999996
    assert prices(db, "litellm", "gpt-4o", "input")[-1][0] == 2.5

    # the views (made by `claimwatch update` after a crawl) see the latest prices
    from kb.db import open_db
    from kb.observations import create_views

    handle = open_db(db)
    create_views(handle)
    handle.conn.close()
    (latest,), = rows(db, "select value from latest_prices where source = 'or-models' and "
                          "raw_name = 'deepseek/deepseek-v3.2' and token_kind = 'output' and variant is null")
    assert latest == 0.38
    attributions = dict(rows(db, "select name, attribution from sources"))
    assert attributions["or-models"].startswith("Source: OpenRouter") and "LiteLLM" in attributions["litellm"]


def test_rankings_export_followed_from_its_index(server, samples, tmp_path):
    base = server.url
    index = json.loads((samples / "openrouter/datasets_exports_index_2026-10-08.json").read_bytes())
    for ds in index["datasets"]:
        ds["latest_manifest_url"] = ds["latest_manifest_url"].replace("https://openrouter.ai", base)
    manifest = json.loads((samples / "openrouter/datasets_exports_rankings_daily_2026-10-08.manifest.json").read_bytes())
    for f in manifest["files"].values():
        f["url"] = f["url"].replace("https://openrouter.ai", base)
    server.page("/api/v1/datasets/exports/index.json", json.dumps(index), "application/json")
    server.page("/api/v1/datasets/exports/rankings-daily/latest.manifest.json", json.dumps(manifest),
                "application/json")
    server.page("/api/v1/datasets/exports/rankings-daily/2026-10-08.csv",
                (samples / "openrouter/datasets_exports_rankings_daily_2026-10-08_sample.csv").read_bytes(),
                "text/csv")
    sources = write_sources(tmp_path / "sources.toml", base, [
        {"name": "or-rankings", "kind": "leaderboard", "format": "openrouter-rankings",
         "url": "{base}/api/v1/datasets/exports/index.json", "delay": 0, "timeout": 10},
    ])
    db = tmp_path / "kb.db"
    res = run_crawl(sources, db)
    assert res.returncode == 0, res.stderr
    assert res.summary["observations_added"] == 306  # 153 rows: tokens and share of the day
    (n,), = rows(db, "select count(*) from observations where metric = 'token_volume' and per = 'day'")
    assert n == 153
    (licence,), = rows(db, "select licence from sources where name = 'or-rankings'")
    assert licence == "CC BY 4.0"


def test_broken_response_is_recorded_and_keeps_stored_rows(server, samples, tmp_path):
    base = server.url
    server.page("/api/v1/models", (samples / "openrouter/api_v1_models_2025-12-09.json").read_bytes(),
                "application/json")
    sources = write_sources(tmp_path / "sources.toml", base, [
        {"name": "or-models", "kind": "leaderboard", "format": "openrouter-models",
         "url": "{base}/api/v1/models", "delay": 0, "timeout": 10},
    ])
    db = tmp_path / "kb.db"
    assert run_crawl(sources, db).returncode == 0
    (before,), = rows(db, "select count(*) from observations")
    server.page("/api/v1/models", b'{"data": [{"name": "renamed field"}]}', "application/json")
    res = run_crawl(sources, db)
    assert res.returncode == 1
    errors = " ".join(res.summary["errors"])
    assert "/api/v1/models" in errors and "missing field 'id'" in errors and "Traceback" not in res.stderr
    assert rows(db, "select count(*) from observations") == [(before,)]


def test_missing_api_key_skips_the_source(server, tmp_path):
    base = server.url
    server.page("/api/v2/language/models/free", b'{"data": []}', "application/json")
    sources = write_sources(tmp_path / "sources.toml", base, [
        {"name": "aa", "kind": "leaderboard", "format": "artificial-analysis",
         "url": "{base}/api/v2/language/models/free", "api_key_env": "CW_TEST_AA_KEY_UNSET",
         "delay": 0, "timeout": 10},
    ])
    db = tmp_path / "kb.db"
    os.environ.pop("CW_TEST_AA_KEY_UNSET", None)
    res = run_crawl(sources, db)
    assert res.returncode == 0 and "Traceback" not in res.stderr  # a skip is not a failure
    assert server.hits("/api/v2/language/models/free") == 0
    (err,), = rows(db, "select last_error from sources where name = 'aa'")
    assert "CW_TEST_AA_KEY_UNSET" in err and err.startswith("skipped")
    assert rows(db, "select last_success, last_failure from sources where name = 'aa'") == [(None, None)]


def test_api_key_is_sent_when_set(server, samples, tmp_path, monkeypatch):
    base = server.url
    server.page("/api/v2/language/models/free",
                (samples / "artificial-analysis/aa_api_v2_language_models_free_DOCS_EXAMPLE.json").read_bytes()
                .replace(b'"has_more": true', b'"has_more": false'), "application/json")
    sources = write_sources(tmp_path / "sources.toml", base, [
        {"name": "aa", "kind": "leaderboard", "format": "artificial-analysis",
         "url": "{base}/api/v2/language/models/free", "api_key_env": "CW_TEST_AA_KEY",
         "delay": 0, "timeout": 10},
    ])
    monkeypatch.setenv("CW_TEST_AA_KEY", "secret-test-key")
    db = tmp_path / "kb.db"
    res = run_crawl(sources, db)
    assert res.returncode == 0, res.stderr
    (req,) = server.requests("/api/v2/language/models/free")
    assert {k.lower(): v for k, v in req.items()}.get("x-api-key") == "secret-test-key"
    assert res.summary["observations_added"] > 5


def test_an_unreadable_leaderboard_is_a_failure_of_its_url(server, tmp_path):
    sources = write_sources(tmp_path / "sources.toml", server.url, [
        {"name": "or-models", "kind": "leaderboard", "format": "openrouter-models",
         "url": "{base}/api/v1/models", "delay": 0, "timeout": 10},
    ])
    server.page("/api/v1/models", b"{not json", "application/json")
    db = tmp_path / "kb.db"
    res = run_crawl(sources, db)
    assert res.returncode == 1 and res.summary["failed"] == 1
    assert res.summary["per_source"]["or-models"]["failed"] == 1
    (url, reason), = rows(db, "select url, reason from fetch_errors")
    assert url.endswith("/api/v1/models") and reason.startswith("unreadable leaderboard: ")
    assert rows(db, "select count(*) from observations") == [(0,)]
