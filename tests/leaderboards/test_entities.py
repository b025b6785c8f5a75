"""The entity catalog: curated facts, hints from the samples, aliases and the joins they need."""

from __future__ import annotations

import csv
import io
import json

import pytest

from lbsamples import sample, samples  # noqa: F401 (fixtures)
from crawler.leaderboards import EntityHint, parse
from kb.db import open_db
from kb.entities import (
    EntityResolver,
    alias_key,
    country_of,
    load_curated,
    resolve,
    upsert_entities,
    upsert_entity,
)

MODELS_2026 = "openrouter/api_v1_models_2026-08-22.json"
MODELS_2025 = "openrouter/api_v1_models_2025-12-09.json"
EXPORT_CSV = "openrouter/datasets_exports_rankings_daily_2026-10-08_sample.csv"


@pytest.fixture
def db(tmp_path):
    db = open_db(tmp_path / "kb.db")
    load_curated(db)
    yield db
    db.conn.close()


def hints_of(fmt, body, url="https://x/feed", fetched_at="2026-10-08T02:00:00Z"):
    return parse(fmt, body, url=url, fetched_at=fetched_at).entities


def add(db, hints):
    upsert_entities(db, hints)


def entity(db, eid):
    return db["entities"].get(eid)


def test_deepseek_forms_resolve_to_one_entity(db, sample):
    add(db, hints_of("openrouter-models", sample(MODELS_2025), fetched_at="2025-12-09T22:50:00Z"))
    forms = ["DeepSeek V3.2", "DeepSeek-V3.2", "deepseek/deepseek-v3.2", "deepseek/deepseek-v3.2-20251201",
             "deepseek-chat", "DeepSeek: DeepSeek V3.2", "deepseek v3.2"]
    ids = {f: resolve(db, f) for f in forms}
    assert None not in ids.values() and len(set(ids.values())) == 1, ids
    v32 = ids["deepseek/deepseek-v3.2"]
    assert entity(db, v32)["kind"] == "model"
    assert resolve(db, "deepseek/deepseek-v3.2-exp") not in (None, v32)
    assert resolve(db, "deepseek/deepseek-v3.2-speciale") not in (None, v32)


def test_variants_link_to_their_model(db, sample):
    add(db, hints_of("openrouter-models", sample(MODELS_2026), fetched_at="2026-08-22T00:12:00Z"))
    free = resolve(db, "z-ai/glm-5.2:free")
    model = resolve(db, "z-ai/glm-5.2")
    assert free != model and entity(db, free)["kind"] == "variant"
    assert entity(db, free)["parent_id"] == model
    assert resolve(db, "z-ai/glm-5.2:batch", "variant") == entity_id_of(db, "variant", "z-ai/glm-5.2:batch")
    # a variant nobody listed falls back to its model
    assert resolve(db, "z-ai/glm-5.2:nitro") == model
    latest = resolve(db, "~deepseek/deepseek-v4-flash-latest")
    assert entity(db, latest)["kind"] == "variant"


def entity_id_of(db, kind, name):
    rows = list(db["entities"].rows_where("kind = ? and name = ?", [kind, name]))
    return rows[0]["id"] if rows else None


def test_permaslug_joins_model_id(db, sample):
    """Every export permaslug that is a canonical_slug in the catalogue lands on that model."""
    models = json.loads(sample(MODELS_2026))["data"]
    by_slug = {m["canonical_slug"]: m["id"].split(":")[0] for m in models if not m["id"].startswith("~")}
    # rankings first (as a first crawl might), catalogue second: the joins must hold either way
    add(db, hints_of("openrouter-rankings", sample(EXPORT_CSV)))
    add(db, hints_of("openrouter-models", sample(MODELS_2026), fetched_at="2026-08-22T00:12:00Z"))
    rows = list(csv.DictReader(io.StringIO(sample(EXPORT_CSV).decode())))
    slugs = {r["model_permaslug"] for r in rows} - {"other"}
    joined = [s for s in slugs if s in by_slug]
    assert len(joined) == 19  # of the 54 export permaslugs, 19 are in this 150-model subset
    for s in joined:
        assert resolve(db, s) == resolve(db, by_slug[s]), s
    # the two dated DeepSeek V4 Flash releases stay two models
    a = resolve(db, "deepseek/deepseek-v4-flash-20260423")
    b = resolve(db, "deepseek/deepseek-v4-flash-20260731")
    assert a and b and a != b
    assert a == resolve(db, "deepseek/deepseek-v4-flash") and b == resolve(db, "deepseek/deepseek-v4-flash-0731")


def test_author_prefix_company_country(db, sample):
    add(db, hints_of("openrouter-rankings", sample(EXPORT_CSV)))
    add(db, hints_of("openrouter-models", sample(MODELS_2026), fetched_at="2026-08-22T00:12:00Z"))
    expect = {
        "deepseek/deepseek-v4-pro-20260423": ("DeepSeek", "CN"),
        "moonshotai/kimi-k3-20260715": ("Moonshot AI", "CN"),
        "qwen/qwen3.7-plus": ("Alibaba", "CN"),
        "bytedance-seed/seed-2.0-code": ("ByteDance", "CN"),
        "z-ai/glm-5.2": ("Zhipu AI", "CN"),
        "x-ai/grok-4.6": ("xAI", "US"),
        "anthropic/claude-opus-5": ("Anthropic", "US"),
        "mistralai/devstral-2512": None,
    }
    for model, want in expect.items():
        eid = resolve(db, model)
        if want is None:
            continue
        assert eid is not None, model
        parent = entity(db, entity(db, eid)["parent_id"])
        assert (parent["name"], country_of(db, eid)) == want, model
    assert country_of(db, resolve(db, "stealth/space-bunny-alpha")) is None
    assert resolve(db, "ByteDance Seed", "provider") == resolve(db, "bytedance", "provider")
    assert entity(db, resolve(db, "Doubao"))["parent_id"] == resolve(db, "ByteDance")
    assert entity(db, resolve(db, "Kimi"))["parent_id"] == resolve(db, "moonshotai")


def test_epoch_and_arena_names_join_companies(db, sample):
    add(db, hints_of("epoch", sample("epoch/eci_scores_2025-12-19.csv")))
    add(db, hints_of("lmarena", sample("lmarena/lmarena_text_2025-08-04.csv"),
                     url="https://x/lmarena_text_2025-08-04.csv"))
    google = resolve(db, "google", "provider")
    assert resolve(db, "Google DeepMind") == google and resolve(db, "Google", "provider") == google
    assert country_of(db, resolve(db, "Gemini 3 Pro")) == "US"
    assert resolve(db, "Z.ai", "provider") == resolve(db, "z-ai", "provider")
    assert country_of(db, resolve(db, "GLM-4.5")) == "CN"


def test_upsert_is_idempotent(db, sample):
    body = sample(MODELS_2026)
    add(db, hints_of("openrouter-models", body, fetched_at="2026-08-22T00:12:00Z"))
    n = (db["entities"].count, db["entity_aliases"].count)
    add(db, hints_of("openrouter-models", body, fetched_at="2026-08-22T00:12:00Z"))
    load_curated(db)
    assert (db["entities"].count, db["entity_aliases"].count) == n


def test_resolver_finds_entities_in_free_text(db, sample):
    add(db, hints_of("openrouter-models", sample(MODELS_2025), fetched_at="2025-12-09T22:50:00Z"))
    r = EntityResolver(db)
    v32 = resolve(db, "deepseek/deepseek-v3.2")
    assert r("DeepSeek V3.2's API") == v32
    assert r("the DeepSeek-V3.2 model") == v32
    assert r("ByteDance's Doubao platform") == resolve(db, "Doubao")
    assert r("ByteDance") == resolve(db, "ByteDance")
    assert r("Chinese AI models") == resolve(db, "China")
    assert r("US models") == resolve(db, "United States")
    assert r("what it does for us") is None  # "us" is not the US
    assert r("OpenRouter") == resolve(db, "OpenRouter")
    assert r("other models") is None and r(None) is None and r("") is None
    assert r("a model") is None


def test_alias_keys():
    assert alias_key("Claude 3.5 Sonnet") == alias_key("claude-3-5-sonnet") == alias_key("anthropic/claude-3.5-sonnet")
    assert alias_key("llama-3-70b") != alias_key("llama-3.70b")
    assert alias_key("GPT-5.6 Luna ≤272k") != alias_key("gpt-5.6-luna-272k")
    assert alias_key("x/y:free") == alias_key("y") + ":free"
    assert alias_key("x/y:free", "model") == alias_key("y")
    assert alias_key("anthropic.claude-3-5-sonnet-20240620-v1:0").endswith("v10")


def test_unknown_kind_is_refused(db):
    with pytest.raises(ValueError, match="unknown kind 'company'"):
        upsert_entity(db, EntityHint("Acme", "company"))


def test_a_hint_that_names_two_entities_merges_them(db):
    a = upsert_entity(db, EntityHint("deepseek/deepseek-v4-flash-0731", "model"))  # e.g. an alias_target
    b = upsert_entity(db, EntityHint("deepseek/deepseek-v4-flash-20260731", "model"))  # a rankings permaslug
    child = upsert_entity(db, EntityHint("deepseek/deepseek-v4-flash-20260731:free", "variant",
                                         parent="deepseek/deepseek-v4-flash-20260731", parent_kind="model"))
    assert a != b and db["entities"].get(child)["parent_id"] == b
    merged = upsert_entity(db, EntityHint("deepseek/deepseek-v4-flash-0731", "model",
                                          aliases=["deepseek/deepseek-v4-flash-20260731"], parent="deepseek"))
    assert merged == min(a, b)
    assert resolve(db, "deepseek/deepseek-v4-flash-20260731") == merged
    assert db["entities"].get(child)["parent_id"] == merged
    assert not list(db["entities"].rows_where("id = ?", [max(a, b)]))
    assert EntityResolver(db)("DeepSeek V4 Flash 0731") == merged


def test_curated_names_win_whatever_came_first(tmp_path, sample):
    db = open_db(tmp_path / "kb.db")
    add(db, hints_of("openrouter-models", sample(MODELS_2026), fetched_at="2026-08-22T00:12:00Z"))
    slug = resolve(db, "openai", "provider")
    assert db["entities"].get(slug)["name"] == "openai" and country_of(db, slug) is None
    r = EntityResolver(db)  # loads the curated catalog when it is missing
    assert db["entities"].get(slug)["name"] == "OpenAI" and country_of(db, slug) == "US"
    assert r("OpenAI's API") == slug and r("Qwen models") == resolve(db, "Alibaba")
    assert db["entities"].get(resolve(db, "qwen/qwen3.7-plus"))["parent_id"] == resolve(db, "Alibaba")
    db.conn.close()
