"""OpenRouter parsers against the real samples (models, rankings export, frontend feeds)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lbsamples import sample, samples  # noqa: F401 (fixtures)
from crawler.leaderboards import LeaderboardError, parse

MODELS_2026 = "openrouter/api_v1_models_2026-08-22.json"
MODELS_2025 = "openrouter/api_v1_models_2025-12-09.json"
INDEX = "openrouter/datasets_exports_index_2026-10-08.json"
MANIFEST = "openrouter/datasets_exports_rankings_daily_2026-10-08.manifest.json"
EXPORT_CSV = "openrouter/datasets_exports_rankings_daily_2026-10-08_sample.csv"
CHART = "openrouter/frontend_v1_rankings_model-rankings-chart_2026-09-23_last10weeks.json"
SHARE = "openrouter/frontend_v1_rankings_market-share_2026-09-05_last12weeks.json"
DAY = "openrouter/frontend_v1_rankings_models_view-day_2026-09-22.json"


def obs(page, entity, metric="price", token_kind=None, variant=None, period=None):
    found = [o for o in page.observations if o.entity == entity and o.metric == metric
             and o.token_kind == token_kind and o.variant == variant
             and (period is None or o.period == period)]
    assert len(found) <= 1, found
    return found[0] if found else None


# -- /api/v1/models ------------------------------------------------------------


def test_models_2026_prices_are_exact_per_million(sample):
    page = parse("openrouter-models", sample(MODELS_2026), url="https://openrouter.ai/api/v1/models",
                 fetched_at="2026-08-22T00:12:00Z")
    fugu = "sakana/fugu-ultra"  # prompt "0.000005", completion "0.00003"
    assert obs(page, fugu, token_kind="input").value == Decimal(5)
    assert str(obs(page, fugu, token_kind="output").value) == "30"
    assert obs(page, fugu, token_kind="input", variant="cache_read").value == Decimal("0.5")
    tier = obs(page, fugu, token_kind="input", variant="above_272000_tokens")
    assert tier.value == 10 and tier.unit == "USD" and tier.per == "1M tokens"
    # every base price is the source's string shifted by 6 places, exactly,
    # and stored as a float it prints the same (no 4.999999...)
    import json

    models = {m["id"]: m for m in json.loads(sample(MODELS_2026))["data"]}
    checked = 0
    for o in page.observations:
        if o.metric == "price" and o.variant is None:
            key = "prompt" if o.token_kind == "input" else "completion"
            assert o.value == Decimal(models[o.entity]["pricing"][key]).scaleb(6), o
            assert "E" not in str(o.value) and repr(float(o.value)) in (str(o.value), str(o.value) + ".0")
            assert o.state and o.period == "2026-08-22"
            checked += 1
    assert checked > 250
    # "0.00000022" -> 0.22, not 0.21999999999999997
    assert str(obs(page, "deepseek/deepseek-v4-flash-vision-exp", token_kind="input").value) == "0.22"


def test_models_free_dynamic_variants_and_hints(sample):
    page = parse("openrouter-models", sample(MODELS_2026), url="https://openrouter.ai/api/v1/models",
                 fetched_at="2026-08-22T00:12:00Z")
    # "-1" is dynamic pricing: no price at all
    assert not [o for o in page.observations if o.entity == "openrouter/auto" and o.metric == "price"]
    free = obs(page, "z-ai/glm-5.2:free", token_kind="output")
    assert free.value == 0 and free.entity_kind == "variant"
    hints = {(h.kind, h.name): h for h in page.entities}
    assert hints[("variant", "z-ai/glm-5.2:free")].parent == "z-ai/glm-5.2"
    model = hints[("model", "anthropic/claude-opus-5")]
    assert "anthropic/claude-opus-5-20260723" in model.aliases  # the permaslug
    assert model.parent == "anthropic" and ("provider", "anthropic") in hints
    latest = hints[("variant", "~z-ai/glm-latest")]
    assert latest.parent_kind == "model"
    ctx = obs(page, "anthropic/claude-opus-5", metric="other", variant="context_length")
    assert ctx.unit == "token" and ctx.value > 100_000
    assert page.follow == [] and page.licence and "OpenRouter" in page.attribution


def test_models_2025_shape(sample):
    page = parse("openrouter-models", sample(MODELS_2025), url="https://openrouter.ai/api/v1/models",
                 fetched_at="2025-12-09T22:50:00Z")
    assert len({o.entity for o in page.observations}) == 60
    assert obs(page, "mistralai/devstral-2512:free", token_kind="input").value == 0
    assert all(o.period == "2025-12-09" for o in page.observations)


def test_models_follows_links_next():
    body = b'{"data": [], "total_count": 900, "links": {"next": "/api/v1/models?offset=400"}}'
    page = parse("openrouter-models", body, url="https://openrouter.ai/api/v1/models", fetched_at="2026-01-01T00:00:00Z")
    assert page.follow == ["https://openrouter.ai/api/v1/models?offset=400"]


@pytest.mark.parametrize("body, message", [
    (b"<html>rate limited</html>", "not valid JSON"),
    (b'{"models": []}', "'data' list"),
    (b'{"data": [{"name": "x"}]}', "data[0]: missing field 'id'"),
    (b'{"data": [{"id": "a/b", "pricing": "free"}]}', "'pricing' is not an object"),
])
def test_models_bad_input_is_one_clear_line(body, message):
    with pytest.raises(LeaderboardError) as err:
        parse("openrouter-models", body, url="https://openrouter.ai/api/v1/models", fetched_at="2026-01-01T00:00:00Z")
    text = str(err.value)
    assert message in text and "https://openrouter.ai/api/v1/models" in text and "\n" not in text


# -- the rankings export: index -> manifest -> CSV -----------------------------


def test_export_index_manifest_csv_chain(sample):
    idx = parse("openrouter-rankings", sample(INDEX), url="https://openrouter.ai/api/v1/datasets/exports/index.json",
                fetched_at="2026-10-08T02:00:00Z")
    assert idx.follow == ["https://openrouter.ai/api/v1/datasets/exports/rankings-daily/latest.manifest.json"]
    assert idx.licence == "CC BY 4.0" and idx.attribution.startswith("Source: OpenRouter (openrouter.ai/rankings)")
    man = parse("openrouter-rankings", sample(MANIFEST), url=idx.follow[0], fetched_at="2026-10-08T02:00:00Z")
    assert man.follow == ["https://openrouter.ai/api/v1/datasets/exports/rankings-daily/2026-10-08.csv"]
    assert not idx.observations and not man.observations


def test_export_csv_rows(sample):
    page = parse("openrouter-rankings", sample(EXPORT_CSV),
                 url="https://openrouter.ai/api/v1/datasets/exports/rankings-daily/2026-10-08.csv",
                 fetched_at="2026-10-08T02:00:00Z")
    tokens = [o for o in page.observations if o.metric == "token_volume"]
    assert len(tokens) == 153
    assert {o.period for o in tokens} == {"2026-09-30", "2026-10-01", "2026-10-07"}
    top = obs(page, "stealth/space-bunny-alpha", metric="token_volume", period="2026-09-30")
    assert top.value == 5331621827040 and top.unit == "tokens" and top.per == "day"
    assert top.period == "2026-09-30" and top.extra["rank"] == 1 and not top.partial
    share = obs(page, "stealth/space-bunny-alpha", metric="share", variant="daily_tokens", period="2026-09-30")
    assert share.unit == "%" and abs(float(share.value) - 21.870872876777964) < 1e-9
    others = [o for o in tokens if o.entity == "other"]
    assert len(others) == 3 and {o.entity_kind for o in others} == {"aggregate"}
    assert ("aggregate", "other") in {(h.kind, h.name) for h in page.entities}
    assert ("model", "other") not in {(h.kind, h.name) for h in page.entities}
    # shares of a day sum to 100 %
    day = sum(float(o.value) for o in page.observations if o.metric == "share" and o.period == "2026-10-01")
    assert abs(day - 100) < 1e-6


def test_export_latest_day_partial_when_fetched_during_it(sample):
    page = parse("openrouter-rankings", sample(EXPORT_CSV), url="https://x/latest.csv",
                 fetched_at="2026-10-07T18:00:00+00:00")
    partial = {o.period for o in page.observations if o.partial}
    assert partial == {"2026-10-07"}


def test_keyed_api_docs_example(sample):
    page = parse("openrouter-rankings", sample("openrouter/api_v1_datasets_rankings-daily_DOCS_EXAMPLE.json"),
                 url="https://openrouter.ai/api/v1/datasets/rankings-daily", fetched_at="2026-05-12T03:00:00Z")
    assert [(o.entity, o.value) for o in page.observations] == [
        ("openai/gpt-4o-2024-05-13", 12345678),
        ("anthropic/claude-3.5-sonnet-20241022", 9876543),
        ("other", 4321098),
    ]
    assert page.as_of == "2026-05-12T02:00:00Z"


@pytest.mark.parametrize("body, message", [
    (b"date,model,total_tokens\r\n2026-01-01,a/b,5\r\n", "no column 'model_permaslug'"),
    (b"date,model_permaslug,total_tokens\r\n2026-01-01,a/b,lots\r\n", "row 1: field 'total_tokens' is not a number"),
    (b"date,model_permaslug,total_tokens\r\nyesterday,a/b,5\r\n", "field 'date' is not a date"),
    (b'{"datasets": [{"id": "benchmark-runs"}]}', "no dataset 'rankings-daily'"),
])
def test_export_bad_input(body, message):
    with pytest.raises(LeaderboardError) as err:
        parse("openrouter-rankings", body, url="https://x/export", fetched_at="2026-10-08T02:00:00Z")
    assert message in str(err.value) and "https://x/export" in str(err.value)


# -- frontend feeds ----------------------------------------------------------------


def test_model_chart_weeks(sample):
    page = parse("openrouter-frontend", sample(CHART),
                 url="https://openrouter.ai/api/frontend/v1/rankings/model-rankings-chart",
                 fetched_at="2026-09-23T08:00:00Z")
    weeks = sorted({o.period for o in page.observations})
    assert weeks[0] == "2026-W30" and weeks[-1] == "2026-W39" and len(weeks) == 10
    partial = {o.period for o in page.observations if o.partial}
    assert partial == {"2026-W39"}  # the week of 2026-09-21 was running at cachedAt
    assert page.as_of.startswith("2026-09-23T07:59")
    others = [o for o in page.observations if o.entity == "Others"]
    assert len(others) == 10 and all(o.entity_kind == "aggregate" for o in others)
    free = [o for o in page.observations if o.entity.endswith(":free")][0]
    assert free.entity_kind == "variant"
    assert all(o.per == "week" and o.unit == "tokens" for o in page.observations)


def test_market_share_by_author_matches_model_chart(sample):
    share = parse("openrouter-frontend", sample(SHARE),
                  url="https://openrouter.ai/api/frontend/v1/rankings/market-share",
                  fetched_at="2026-09-05T11:32:00Z")
    chart = parse("openrouter-frontend", sample(CHART),
                  url="https://openrouter.ai/api/frontend/v1/rankings/model-rankings-chart",
                  fetched_at="2026-09-23T08:00:00Z")
    assert {o.entity_kind for o in share.observations} == {"provider", "aggregate"}
    assert {o.period for o in share.observations if o.partial} == {"2026-W36"}  # week of 08-31
    for week in ("2026-W34", "2026-W35"):  # 08-17 and 08-24, per the samples' README
        stealth = [o.value for o in share.observations if o.entity == "stealth" and o.period == week]
        ox = [o.value for o in chart.observations if o.entity == "stealth/ox-alpha" and o.period == week]
        assert stealth and stealth == ox


def test_rankings_models_day_rows(sample):
    page = parse("openrouter-frontend", sample(DAY),
                 url="https://openrouter.ai/api/frontend/v1/rankings/models?view=day",
                 fetched_at="2026-09-23T00:30:00Z")
    glm = obs(page, "z-ai/glm-5.3-flash-20260826", metric="token_volume")
    assert glm.value == 35001486689 + 3118113724797 and glm.period == "2026-09-22" and glm.per == "day"
    assert obs(page, "z-ai/glm-5.3-flash-20260826", metric="token_volume", variant="prompt").value == 3118113724797
    assert obs(page, "z-ai/glm-5.3-flash-20260826", metric="count").unit == "request"
    free = obs(page, "nvidia/nemotron-3-ultra-550b-a55b-20260604:free", metric="token_volume")
    assert free is not None and free.entity_kind == "variant"
    assert not any(o.partial for o in page.observations)


def test_frontend_unknown_shape():
    with pytest.raises(LeaderboardError, match="not a known OpenRouter rankings feed"):
        parse("openrouter-frontend", b'{"data": {"rankings": 1}}', url="https://x/feed", fetched_at="2026-01-01T00:00:00Z")


def test_unknown_format():
    with pytest.raises(LeaderboardError, match="unknown leaderboard format 'nope'"):
        parse("nope", b"{}", url="https://x", fetched_at="2026-01-01T00:00:00Z")
