"""LiteLLM, llm-prices, LMArena, Epoch and Artificial Analysis parsers on the real samples."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from lbsamples import sample, samples  # noqa: F401 (fixtures)
from crawler.leaderboards import LeaderboardError, api_key_env, parse

LITELLM_2026 = "litellm/model_prices_and_context_window_2026-07-24_subset.json"
LITELLM_2025 = "litellm/model_prices_and_context_window_2025-02-06_subset.json"
FETCHED = "2026-07-24T18:23:00Z"


def one(page, entity, metric="price", token_kind=None, variant=None, period=None):
    found = [o for o in page.observations if o.entity == entity and o.metric == metric
             and o.token_kind == token_kind and o.variant == variant
             and (period is None or o.period == period)]
    assert len(found) == 1, found
    return found[0]


# -- LiteLLM -------------------------------------------------------------------------


def test_litellm_prices(sample):
    page = parse("litellm", sample(LITELLM_2026), url="https://raw.githubusercontent.com/x.json", fetched_at=FETCHED)
    assert one(page, "gpt-4o", token_kind="input").value == Decimal("2.5")
    assert one(page, "gpt-4o", token_kind="output").value == 10
    assert one(page, "gpt-4o", token_kind="input", variant="cache_read").value == Decimal("1.25")
    assert one(page, "gpt-4o", token_kind="output", variant="batch").value == 5
    assert one(page, "gpt-4o", token_kind="input", variant="priority").value == Decimal("4.25")
    assert one(page, "claude-sonnet-4-5", token_kind="input", variant="above_200000_tokens").value == 6
    assert one(page, "claude-sonnet-4-5", token_kind="input", variant="cache_write_1h").value == 6
    # 2.8e-07 per token is 0.28 per 1M, exactly
    assert str(one(page, "deepseek/deepseek-chat", token_kind="input").value) == "0.28"
    assert one(page, "gpt-4o", metric="other", variant="context_length").value == 128000
    assert not [o for o in page.observations if o.entity == "sample_spec"]
    assert all(o.state and o.period == "2026-07-24" for o in page.observations)
    hints = {(h.kind, h.name): h for h in page.entities}
    assert hints[("model", "gemini/gemini-2.5-pro")].parent == "gemini"


def test_litellm_2025_subset_differs(sample):
    old = parse("litellm", sample(LITELLM_2025), url="https://x.json", fetched_at="2025-02-06T00:00:00Z")
    new = parse("litellm", sample(LITELLM_2026), url="https://x.json", fetched_at=FETCHED)
    old_p = {(o.entity, o.token_kind, o.variant): o.value for o in old.observations if o.metric == "price"}
    new_p = {(o.entity, o.token_kind, o.variant): o.value for o in new.observations if o.metric == "price"}
    common = set(old_p) & set(new_p)
    assert len(common) > 40
    assert any(old_p[k] != new_p[k] for k in common)  # some prices changed in 17 months
    assert any(old_p[k] == new_p[k] for k in common)


def test_litellm_bad_input():
    with pytest.raises(LeaderboardError, match="https://x.json: expected an object"):
        parse("litellm", b"[1, 2]", url="https://x.json", fetched_at=FETCHED)
    with pytest.raises(LeaderboardError, match="no entry has field 'litellm_provider'"):
        parse("litellm", b'{"gpt-x": {"input_cost_per_token": 1e-6}}', url="https://x.json", fetched_at=FETCHED)


# -- llm-prices ----------------------------------------------------------------------


def test_llm_prices_current(sample):
    page = parse("llm-prices", sample("llm-prices/current-v1.DERIVED.json"),
                 url="https://www.llm-prices.com/current-v1.json", fetched_at="2026-08-06T00:00:00Z")
    nova = one(page, "amazon-nova-micro", token_kind="input")
    assert nova.value == Decimal("0.035") and nova.period == "2026-08-05" and nova.state
    flash = one(page, "deepseek-v4-flash", token_kind="input", variant="cache_read")
    assert flash.value == Decimal("0.028")
    assert page.licence and "Simon Willison" in page.attribution


def test_llm_prices_historical(sample):
    page = parse("llm-prices", sample("llm-prices/historical-v1.DERIVED.json"),
                 url="https://www.llm-prices.com/historical-v1.json", fetched_at="2026-08-06T00:00:00Z")
    old = [o for o in page.observations if o.entity == "deepseek-chat" and o.token_kind == "output"
           and o.variant is None]
    ended = [o for o in old if o.extra["to_date"] == "2025-02-08"]
    assert ended and ended[0].value == Decimal("0.28") and not ended[0].state
    assert all(o.period is None or len(o.period) == 10 for o in page.observations)
    # the display name "GPT-5.6 Luna ≤272k" is an alias of id gpt-5.6-luna
    hints = {(h.kind, h.name): h for h in page.entities}
    assert "GPT-5.6 Luna ≤272k" in hints[("model", "gpt-5.6-luna")].aliases


def test_llm_prices_vendor_file(sample):
    page = parse("llm-prices", sample("llm-prices/data/deepseek.json"), url="https://x/data/deepseek.json",
                 fetched_at="2026-08-06T00:00:00Z")
    assert one(page, "deepseek-v4-pro", token_kind="output").value == Decimal("3.48")
    assert {h.name for h in page.entities if h.kind == "provider"} == {"deepseek"}


# -- LMArena --------------------------------------------------------------------------


def test_lmarena_hf_rows(sample):
    page = parse("lmarena", sample("lmarena/hf_leaderboard-dataset_text_rows_subset.json"),
                 url="https://datasets-server.huggingface.co/rows?dataset=lmarena-ai/leaderboard-dataset&config=text",
                 fetched_at="2026-10-03T00:00:00Z")
    vicuna = one(page, "vicuna-13b", metric="other", variant="arena:text:overall", period="2023-05-08")
    assert vicuna.value == 1094 and vicuna.unit == "point" and not vicuna.state
    assert any(o.variant == "arena:text:coding" for o in page.observations)
    gpt4 = one(page, "gpt-4-0314", metric="count", variant="arena:text:overall", period="2024-01-09")
    assert gpt4.value == 16237 and gpt4.unit == "vote"
    assert ("provider", "LMSYS") in {(h.kind, h.name) for h in page.entities}
    assert "2026-10-02" in {o.period for o in page.observations}


def test_lmarena_csv(sample):
    page = parse("lmarena", sample("lmarena/lmarena_text_2025-08-04.csv"),
                 url="https://raw.githubusercontent.com/fboulnois/llm-leaderboard-csv/main/csv/lmarena_text_2025-08-04.csv",
                 fetched_at="2025-08-05T00:00:00Z")
    g = one(page, "Gemini-2.5-Pro", metric="other", variant="arena:text:overall")
    assert g.value == 1470 and g.period == "2025-08-04" and g.extra["95_pct_ci"] == "+5/-5"
    vision = parse("lmarena", sample("lmarena/lmarena_vision_2025-08-04.csv"), url="https://x/lmarena_vision.csv",
                   fetched_at="2025-08-05T00:00:00Z")
    assert {o.variant for o in vision.observations} == {"arena:vision:overall"}
    assert {o.period for o in vision.observations} == {"2025-08-05"}  # no date in the URL: the fetch day


def test_lmarena_missing_column():
    with pytest.raises(LeaderboardError, match="https://x/lmarena_text.csv: CSV has no column 'arena_score'"):
        parse("lmarena", b"rank,model,score\n1,a,2\n", url="https://x/lmarena_text.csv", fetched_at="2025-08-05T00:00:00Z")


# -- Epoch ----------------------------------------------------------------------------


def test_epoch_eci_both_precisions(sample):
    new = parse("epoch", sample("epoch/eci_scores_2026-10-08_sample.csv"), url="https://epoch.ai/data/eci_scores.csv",
                fetched_at="2026-10-08T00:00:00Z")
    old = parse("epoch", sample("epoch/eci_scores_2025-12-19.csv"), url="https://epoch.ai/data/eci_scores.csv",
                fetched_at="2025-12-19T00:00:00Z")
    assert one(new, "Claude Opus 5.5", metric="other", variant="eci").value == Decimal("167.33")
    g3 = one(old, "Gemini 3 Pro", metric="other", variant="eci")
    assert g3.value == Decimal("153.99290428017454") and g3.period == "2025-12-19"
    anchor = one(new, "GPT-5", metric="other", variant="eci")  # an anchor row: empty CI
    assert anchor.value == 150 and "eci_ci_low" not in anchor.extra
    hints = {(h.kind, h.name): h for h in old.entities}
    assert hints[("model", "Gemini 3 Pro")].parent == "Google DeepMind"
    assert hints[("provider", "Google DeepMind")].country == "US"
    assert "Gemini 3 Pro Preview" in hints[("model", "Gemini 3 Pro")].aliases
    assert {h.country for h in old.entities if h.kind == "provider" and h.name == "Alibaba"} == {"CN"}


def test_epoch_usage_reports_resaved_dates(sample):
    page = parse("epoch", sample("epoch/ai_companies_usage_reports_resaved_2025-12-14.csv"),
                 url="https://epoch.ai/data/ai_companies_usage_reports.csv", fetched_at="2025-12-14T00:00:00Z")
    wau = one(page, "ChatGPT", metric="count", variant="weekly_active", period="2023-03-25")
    assert wau.value == 50_000_000 and wau.unit == "user" and wau.entity_kind == "platform"
    tokens = one(page, "OpenAI", metric="token_volume", period="2024-02-09")
    assert tokens.value == 133_000_000_000 and tokens.per == "day" and tokens.entity_kind == "provider"
    hints = {(h.kind, h.name): h for h in page.entities}
    assert hints[("platform", "ChatGPT")].parent == "OpenAI"


def test_epoch_live_format_dates_and_numbers():
    body = (b"Id,Company,Active users,Active users time period,Daily tokens,Daily messages,Date,Report date,"
            b"Source 1,Source 2,Graph note,Notes,Source type,Product,Confidence,Exclude from graph view\n"
            b'x,OpenAI,50000000.0,Weekly,,,2023-03-25,2025-09-14,,,,"two\nlines",,ChatGPT,Likely,\n')
    page = parse("epoch", body, url="https://epoch.ai/data/ai_companies_usage_reports.csv", fetched_at="2025-12-14T00:00:00Z")
    o = one(page, "ChatGPT", metric="count", variant="weekly_active")
    assert o.value == 50_000_000 and o.period == "2023-03-25"


def test_epoch_compute_spend(sample):
    page = parse("epoch", sample("epoch/ai_companies_compute_spend_resaved_2025-12-14.csv"),
                 url="https://epoch.ai/data/ai_companies_compute_spend.csv", fetched_at="2025-12-14T00:00:00Z")
    o = one(page, "OpenAI", metric="money", variant="inference_compute", period="2024")
    assert o.value == 1_800_000_000 and o.unit == "USD" and o.per == "year"


def test_epoch_unknown_csv():
    with pytest.raises(LeaderboardError, match="not a known Epoch CSV"):
        parse("epoch", b"a,b\n1,2\n", url="https://epoch.ai/data/x.csv", fetched_at="2025-12-14T00:00:00Z")


# -- Artificial Analysis ----------------------------------------------------------------


def test_artificial_analysis_v2_and_legacy(sample):
    assert api_key_env("artificial-analysis") == "ARTIFICIAL_ANALYSIS_API_KEY"
    assert api_key_env("litellm") is None
    page = parse("artificial-analysis", sample("artificial-analysis/aa_api_v2_language_models_free_DOCS_EXAMPLE.json"),
                 url="https://artificialanalysis.ai/api/v2/language/models/free?page=1", fetched_at="2026-05-01T00:00:00Z")
    assert page.follow == ["https://artificialanalysis.ai/api/v2/language/models/free?page=2"]
    assert one(page, "gpt-oss-20b", token_kind="input", variant="cache_read").value == Decimal("0.015")
    assert one(page, "gpt-oss-20b", metric="other", variant="output_speed").unit == "token/s"
    assert one(page, "gpt-oss-20b", metric="other", variant="aa:intelligence_index").value == Decimal("24.5")
    assert "attribution" in page.licence and "Artificial Analysis" in page.attribution
    legacy = parse("artificial-analysis", sample("artificial-analysis/aa_api_v2_data_llms_models_LEGACY_DOCS_EXAMPLE.json"),
                   url="https://artificialanalysis.ai/api/v2/data/llms/models", fetched_at="2026-05-01T00:00:00Z")
    assert one(legacy, "o3-mini", token_kind="blended", variant="3_to_1").value == Decimal("1.925")
    assert one(legacy, "o3-mini", metric="other", variant="ttft").value == Decimal("14.939")
    assert legacy.follow == []


def test_lmarena_datasets_server_pages(sample):
    rows = json.loads(sample("lmarena/hf_leaderboard-dataset_text_rows_subset.json"))
    url = ("https://datasets-server.huggingface.co/rows?dataset=lmarena-ai%2Fleaderboard-dataset"
           "&config=text&split=latest&offset=0&length=10")
    body = json.dumps({"rows": [{"row_idx": i, "row": r, "truncated_cells": []} for i, r in enumerate(rows[:10])],
                       "num_rows_total": 30}).encode()
    page = parse("lmarena", body, url=url, fetched_at="2026-10-03T00:00:00Z")
    assert len({o.entity for o in page.observations}) >= 9
    assert page.follow and "offset=10" in page.follow[0] and "length=10" in page.follow[0]
    last = url.replace("offset=0", "offset=20")
    assert parse("lmarena", body, url=last, fetched_at="2026-10-03T00:00:00Z").follow == []
