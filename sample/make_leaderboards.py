"""Write the sample site's leaderboard files (OpenRouter models API, OpenRouter
daily rankings export, LiteLLM price registry subset).

Part of the bundled offline sample (see sample/README.md): the values here are
invented, in the real sources' shapes, and chosen to agree with figures quoted by
the sample articles so claims can be checked against observations. The output is
committed; run this only after changing the data below:

    python sample/make_leaderboards.py

Absolute URLs are written with the ``{{BASE}}`` placeholder that
claimwatch.samplesite replaces with its own base URL when serving.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import datetime, timezone
from pathlib import Path

SITE = Path(__file__).resolve().parent / "site"
BASE = "{{BASE}}"
PAGE_SIZE = 10

TEXT_PARAMS = [
    "include_reasoning", "max_tokens", "reasoning", "response_format", "stop",
    "structured_outputs", "temperature", "tool_choice", "tools", "top_p",
]


def _ts(day: str) -> int:
    return int(datetime.fromisoformat(day + "T09:30:00+00:00").timestamp())


def _model(id_, slug, name, created, ctx, prompt, completion, *, desc, tokenizer="Other",
           inputs=("text",), max_out=None, extra_pricing=None, overrides=None,
           hf=None, benchmarks=None, reasoning=True, moderated=False, expiration=None):
    pricing = {"prompt": prompt, "completion": completion}
    pricing.update(extra_pricing or {})
    if overrides:
        pricing["overrides"] = overrides
    m = {
        "id": id_,
        "canonical_slug": slug,
        "hugging_face_id": hf,
        "name": name,
        "created": _ts(created),
        "description": desc,
        "context_length": ctx,
        "architecture": {
            "modality": "+".join(inputs) + "->text",
            "input_modalities": list(inputs),
            "output_modalities": ["text"],
            "tokenizer": tokenizer,
            "instruct_type": None,
        },
        "pricing": pricing,
        "top_provider": {"context_length": ctx, "max_completion_tokens": max_out,
                         "is_moderated": moderated},
        "per_request_limits": None,
        "supported_parameters": TEXT_PARAMS,
        "default_parameters": {},
        "supported_voices": None,
        "knowledge_cutoff": None,
        "expiration_date": expiration,
        "links": {"details": f"/api/v1/models/{slug}/endpoints"},
    }
    if benchmarks:
        m["benchmarks"] = benchmarks
    if reasoning:
        m["reasoning"] = {"mandatory": False, "default_enabled": True,
                          "supported_efforts": ["high", "medium", "low"],
                          "default_effort": "medium"}
    return m


def _bench(ii, ci, ai):
    return {"design_arena": [], "artificial_analysis": {
        "intelligence_index": ii, "coding_index": ci, "agentic_index": ai}}


# Newest first, as the live API lists them.
MODELS = [
    _model("deepseek/deepseek-v4-pro", "deepseek/deepseek-v4-pro-20260813",
           "DeepSeek: DeepSeek V4 Pro", "2026-08-13", 1048576, "0.00000055", "0.00000219",
           extra_pricing={"input_cache_read": "0.000000055"}, max_out=131072,
           hf="deepseek-ai/DeepSeek-V4-Pro", benchmarks=_bench(63.1, 70.4, 58.8),
           desc="DeepSeek V4 Pro is the larger sibling of V4 Flash, tuned for long agentic runs..."),
    _model("qwen/qwen3.8-max", "qwen/qwen3.8-max-20260803", "Qwen: Qwen3.8 Max",
           "2026-08-03", 262144, "0.0000012", "0.000006", max_out=65536,
           desc="Qwen3.8 Max is Alibaba's flagship closed-weight model..."),
    _model("deepseek/deepseek-v4-flash", "deepseek/deepseek-v4-flash-20260731",
           "DeepSeek: DeepSeek V4 Flash", "2026-07-31", 1048576, "0.00000014", "0.00000042",
           extra_pricing={"input_cache_read": "0.000000014"}, max_out=65536,
           hf="deepseek-ai/DeepSeek-V4-Flash", benchmarks=_bench(57.6, 61.2, 52.0),
           desc="DeepSeek V4 Flash is a mixture-of-experts model with 37B active parameters..."),
    _model("deepseek/deepseek-v4-flash:free", "deepseek/deepseek-v4-flash-20260731",
           "DeepSeek: DeepSeek V4 Flash (free)", "2026-07-31", 131072, "0", "0",
           max_out=16384, hf="deepseek-ai/DeepSeek-V4-Flash", expiration="2026-12-31",
           desc="Free, rate-limited variant of DeepSeek V4 Flash..."),
    _model("anthropic/claude-opus-5", "anthropic/claude-opus-5-20260723",
           "Anthropic: Claude Opus 5", "2026-07-23", 1000000, "0.000015", "0.000075",
           extra_pricing={"web_search": "0.01", "input_cache_read": "0.0000015",
                          "input_cache_write": "0.00001875"},
           inputs=("text", "image", "file"), tokenizer="Claude", max_out=128000,
           moderated=True, benchmarks=_bench(71.9, 78.3, 69.5),
           desc="Claude Opus 5 is Anthropic's most capable model for coding and agents..."),
    _model("google/gemini-3.6-flash", "google/gemini-3.6-flash-20260721",
           "Google: Gemini 3.6 Flash", "2026-07-21", 1048576, "0.0000003", "0.0000025",
           extra_pricing={"input_cache_read": "0.00000003"},
           inputs=("text", "image", "file", "audio", "video"), tokenizer="Gemini",
           max_out=65536, benchmarks=_bench(60.2, 58.9, 55.7),
           desc="Gemini 3.6 Flash is Google's workhorse model for high-volume tasks..."),
    _model("google/gemini-3.6-pro", "google/gemini-3.6-pro-20260721",
           "Google: Gemini 3.6 Pro", "2026-07-21", 1048576, "0.000002", "0.000012",
           overrides=[{"min_prompt_tokens": 200000, "prompt": "0.000004",
                       "completion": "0.000018"}],
           inputs=("text", "image", "file", "audio", "video"), tokenizer="Gemini",
           max_out=65536,
           desc="Gemini 3.6 Pro is Google's frontier reasoning model..."),
    _model("moonshotai/kimi-k3", "moonshotai/kimi-k3-20260715", "MoonshotAI: Kimi K3",
           "2026-07-15", 262144, "0.0000006", "0.0000025",
           extra_pricing={"input_cache_read": "0.00000015"}, max_out=65536,
           hf="moonshotai/Kimi-K3", benchmarks=_bench(61.4, 66.0, 62.3),
           desc="Kimi K3 is a one-trillion-parameter mixture-of-experts model from Moonshot AI..."),
    _model("openai/gpt-5.6", "openai/gpt-5.6-20260709", "OpenAI: GPT-5.6", "2026-07-09",
           400000, "0.00000125", "0.00001",
           extra_pricing={"web_search": "0.01", "input_cache_read": "0.000000125"},
           inputs=("text", "image", "file"), tokenizer="GPT", max_out=128000,
           moderated=True, benchmarks=_bench(70.2, 74.1, 66.9),
           desc="GPT-5.6 is OpenAI's general-purpose flagship..."),
    _model("openai/gpt-5.6-mini", "openai/gpt-5.6-mini-20260709", "OpenAI: GPT-5.6 Mini",
           "2026-07-09", 400000, "0.00000025", "0.000002",
           extra_pricing={"input_cache_read": "0.000000025"},
           inputs=("text", "image", "file"), tokenizer="GPT", max_out=128000,
           moderated=True, desc="GPT-5.6 Mini is a smaller, faster GPT-5.6..."),
    _model("minimax/minimax-m3", "minimax/minimax-m3-20260702", "MiniMax: MiniMax M3",
           "2026-07-02", 1000000, "0.0000003", "0.0000012", max_out=131072,
           hf="MiniMaxAI/MiniMax-M3",
           desc="MiniMax M3 is an open-weight model built for agentic coding..."),
    _model("anthropic/claude-sonnet-5", "anthropic/claude-sonnet-5-20260630",
           "Anthropic: Claude Sonnet 5", "2026-06-30", 1000000, "0.000003", "0.000015",
           extra_pricing={"input_cache_read": "0.0000003", "input_cache_write": "0.00000375"},
           overrides=[{"min_prompt_tokens": 200000, "prompt": "0.000006",
                       "completion": "0.0000225"}],
           inputs=("text", "image", "file"), tokenizer="Claude", max_out=64000,
           moderated=True, benchmarks=_bench(66.8, 73.5, 65.0),
           desc="Claude Sonnet 5 balances capability and cost for everyday agent work..."),
    _model("bytedance-seed/seed-2.5-pro", "bytedance-seed/seed-2.5-pro-20260610",
           "ByteDance Seed: Seed 2.5 Pro", "2026-06-10", 262144, "0.00000011", "0.0000011",
           overrides=[{"min_prompt_tokens": 128000, "prompt": "0.00000022",
                       "completion": "0.0000022"}],
           inputs=("text", "image", "video"), max_out=32768,
           desc="Seed 2.5 Pro is the model behind ByteDance's Doubao assistant..."),
    _model("openrouter/auto", "openrouter/auto", "Auto Router", "2025-11-04", 2000000,
           "-1", "-1", tokenizer="Router", reasoning=False,
           inputs=("text", "image", "file"),
           desc="Your prompt will be processed by a meta-model and routed to one of dozens of models..."),
]

# OpenRouter daily rankings export: top 10 per UTC day plus the `other` row.
SNAPSHOT = "2026-10-06"
RANKINGS = {
    "2026-10-01": [
        ("deepseek/deepseek-v4-flash-20260731", 2764015338120),
        ("anthropic/claude-sonnet-5-20260630", 1951442870315),
        ("moonshotai/kimi-k3-20260715", 1310876204551),
        ("google/gemini-3.6-flash-20260721", 1240338917204),
        ("minimax/minimax-m3-20260702", 948207615532),
        ("openai/gpt-5.6-20260709", 902115440871),
        ("qwen/qwen3.8-max-20260803", 655318270046),
        ("anthropic/claude-opus-5-20260723", 540992108733),
        ("deepseek/deepseek-v4-flash-20260731:free", 497605312290),
        ("openai/gpt-5.6-mini-20260709", 401227356118),
        ("other", 1722480551064),
    ],
    "2026-10-02": [
        ("deepseek/deepseek-v4-flash-20260731", 2830171294455),
        ("anthropic/claude-sonnet-5-20260630", 1930688145201),
        ("moonshotai/kimi-k3-20260715", 1366402913378),
        ("google/gemini-3.6-flash-20260721", 1259904417660),
        ("minimax/minimax-m3-20260702", 987339120475),
        ("openai/gpt-5.6-20260709", 889451003217),
        ("qwen/qwen3.8-max-20260803", 681205994113),
        ("anthropic/claude-opus-5-20260723", 522014876420),
        ("deepseek/deepseek-v4-flash-20260731:free", 508871432906),
        ("deepseek/deepseek-v4-pro-20260813", 395118207734),
        ("other", 1716559032087),
    ],
    "2026-10-03": [
        ("deepseek/deepseek-v4-flash-20260731", 2913448201554),
        ("anthropic/claude-sonnet-5-20260630", 1874220913006),
        ("moonshotai/kimi-k3-20260715", 1402118550327),
        ("google/gemini-3.6-flash-20260721", 1288904117602),
        ("minimax/minimax-m3-20260702", 1011563228915),
        ("openai/gpt-5.6-20260709", 866309442178),
        ("qwen/qwen3.8-max-20260803", 702884310441),
        ("deepseek/deepseek-v4-flash-20260731:free", 521027665090),
        ("anthropic/claude-opus-5-20260723", 498776002313),
        ("deepseek/deepseek-v4-pro-20260813", 389540118772),
        ("other", 1705332460115),
    ],
    "2026-10-04": [
        ("deepseek/deepseek-v4-flash-20260731", 2876502113870),
        ("anthropic/claude-sonnet-5-20260630", 1802446379019),
        ("moonshotai/kimi-k3-20260715", 1420337805264),
        ("google/gemini-3.6-flash-20260721", 1266017450283),
        ("minimax/minimax-m3-20260702", 1034876622051),
        ("openai/gpt-5.6-20260709", 842203391447),
        ("qwen/qwen3.8-max-20260803", 698730154602),
        ("deepseek/deepseek-v4-flash-20260731:free", 530118236745),
        ("anthropic/claude-opus-5-20260723", 471558902336),
        ("bytedance-seed/seed-2.5-pro-20260610", 384406617208),
        ("other", 1688214503362),
    ],
    "2026-10-05": [
        ("deepseek/deepseek-v4-flash-20260731", 3051227409316),
        ("anthropic/claude-sonnet-5-20260630", 2043118576420),
        ("moonshotai/kimi-k3-20260715", 1455902118733),
        ("google/gemini-3.6-flash-20260721", 1337480229115),
        ("minimax/minimax-m3-20260702", 1062771045380),
        ("openai/gpt-5.6-20260709", 935664480912),
        ("qwen/qwen3.8-max-20260803", 720045336871),
        ("anthropic/claude-opus-5-20260723", 566309177021),
        ("deepseek/deepseek-v4-flash-20260731:free", 512224890560),
        ("deepseek/deepseek-v4-pro-20260813", 410883561207),
        ("other", 1801346227933),
    ],
}

# LiteLLM model_prices_and_context_window.json: USD per token as floats.
SAMPLE_SPEC = {
    "code_interpreter_cost_per_session": 0.0,
    "deprecation_date": "date when the model becomes deprecated in the format YYYY-MM-DD",
    "input_cost_per_token": 0.0,
    "litellm_provider": "one of https://docs.litellm.ai/docs/providers",
    "max_input_tokens": "max input tokens, if the provider specifies it. if not default to max_tokens",
    "max_output_tokens": "max output tokens, if the provider specifies it. if not default to max_tokens",
    "max_tokens": "LEGACY parameter. set to max_output_tokens if provider specifies it. IF not set to max_input_tokens, if provider specifies it.",
    "mode": "one of: chat, embedding, completion, image_generation, audio_transcription, audio_speech, image_generation, moderation, rerank, search",
    "output_cost_per_reasoning_token": 0.0,
    "output_cost_per_token": 0.0,
    "supports_function_calling": True,
    "supports_prompt_caching": True,
    "supports_reasoning": True,
    "supports_vision": True,
}


def _chat(provider, inp, out, max_in, max_out, **extra):
    entry = {"input_cost_per_token": inp, "litellm_provider": provider,
             "max_input_tokens": max_in, "max_output_tokens": max_out,
             "max_tokens": max_out, "mode": "chat", "output_cost_per_token": out,
             "supports_function_calling": True, "supports_tool_choice": True}
    entry.update(extra)
    return dict(sorted(entry.items()))


LITELLM = {
    "sample_spec": SAMPLE_SPEC,
    "gpt-5.6": _chat("openai", 1.25e-06, 1e-05, 400000, 128000,
                     cache_read_input_token_cost=1.25e-07,
                     input_cost_per_token_batches=6.25e-07,
                     output_cost_per_token_batches=5e-06,
                     supports_reasoning=True, supports_vision=True),
    "gpt-5.6-mini": _chat("openai", 2.5e-07, 2e-06, 400000, 128000,
                          cache_read_input_token_cost=2.5e-08, supports_vision=True),
    "claude-opus-5": _chat("anthropic", 1.5e-05, 7.5e-05, 1000000, 128000,
                           cache_creation_input_token_cost=1.875e-05,
                           cache_read_input_token_cost=1.5e-06,
                           supports_prompt_caching=True, supports_reasoning=True,
                           supports_vision=True),
    "claude-sonnet-5": _chat("anthropic", 3e-06, 1.5e-05, 1000000, 64000,
                             cache_creation_input_token_cost=3.75e-06,
                             cache_read_input_token_cost=3e-07,
                             input_cost_per_token_above_200k_tokens=6e-06,
                             output_cost_per_token_above_200k_tokens=2.25e-05,
                             supports_prompt_caching=True, supports_vision=True),
    "gemini/gemini-3.6-flash": _chat("gemini", 3e-07, 2.5e-06, 1048576, 65536,
                                     cache_read_input_token_cost=3e-08,
                                     source="https://ai.google.dev/pricing",
                                     supports_vision=True),
    "gemini/gemini-3.6-pro": _chat("gemini", 2e-06, 1.2e-05, 1048576, 65536,
                                   input_cost_per_token_above_200k_tokens=4e-06,
                                   output_cost_per_token_above_200k_tokens=1.8e-05,
                                   supports_reasoning=True, supports_vision=True),
    "deepseek/deepseek-v4-flash": _chat("deepseek", 1.4e-07, 4.2e-07, 1048576, 65536,
                                        cache_read_input_token_cost=1.4e-08,
                                        source="https://api-docs.deepseek.com/quick_start/pricing"),
    "deepseek/deepseek-v4-pro": _chat("deepseek", 5.5e-07, 2.19e-06, 1048576, 131072,
                                      cache_read_input_token_cost=5.5e-08,
                                      supports_reasoning=True),
    "moonshot/kimi-k3": _chat("moonshot", 6e-07, 2.5e-06, 262144, 65536,
                              cache_read_input_token_cost=1.5e-07),
    "minimax/MiniMax-M3": _chat("minimax", 3e-07, 1.2e-06, 1000000, 131072),
    "dashscope/qwen3.8-max": _chat("dashscope", 1.2e-06, 6e-06, 262144, 65536),
    "volcengine/doubao-seed-2.5-pro": _chat("volcengine", 1.1e-07, 1.1e-06, 262144, 32768),
    "mistral/mistral-large-3": _chat("mistral", 2e-06, 6e-06, 131072, 32768),
    "openrouter/deepseek/deepseek-v4-flash": _chat("openrouter", 1.4e-07, 4.2e-07,
                                                   1048576, 65536),
    "openrouter/anthropic/claude-sonnet-5": _chat("openrouter", 3e-06, 1.5e-05,
                                                  1000000, 64000,
                                                  supports_vision=True),
    "text-embedding-4-small": {"input_cost_per_token": 2e-08, "litellm_provider": "openai",
                               "max_input_tokens": 8191, "max_tokens": 8191,
                               "mode": "embedding", "output_cost_per_token": 0.0,
                               "output_vector_size": 1536},
}


def _write(path: Path, text: str) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8")
    path.write_bytes(data)
    return data


def write_models() -> None:
    pages = [MODELS[i:i + PAGE_SIZE] for i in range(0, len(MODELS), PAGE_SIZE)]
    for n, page in enumerate(pages):
        offset = n * PAGE_SIZE
        nxt = (f"{BASE}/api/v1/models?offset={offset + PAGE_SIZE}"
               if n + 1 < len(pages) else None)
        body = {"data": page, "total_count": len(MODELS), "links": {"next": nxt}}
        name = "models.json" if offset == 0 else f"models@offset={offset}.json"
        _write(SITE / "api" / "v1" / name, json.dumps(body, indent=2) + "\n")


def write_rankings() -> None:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["date", "model_permaslug", "rank", "total_tokens", "share_of_daily_tokens"])
    rows = []
    for day, entries in RANKINGS.items():
        total = sum(t for _, t in entries)
        rank = 0
        for slug, tokens in entries:
            if slug != "other":
                rank += 1
            row = {"date": day, "model_permaslug": slug,
                   "rank": None if slug == "other" else rank,
                   "total_tokens": tokens, "share_of_daily_tokens": tokens / total}
            rows.append(row)
            w.writerow([day, slug, "" if row["rank"] is None else rank, tokens,
                        repr(tokens / total)])
    exports = SITE / "api" / "v1" / "datasets" / "exports"
    folder = exports / "rankings-daily"
    csv_bytes = _write(folder / f"{SNAPSHOT}.csv", out.getvalue())
    json_bytes = _write(folder / f"{SNAPSHOT}.json", json.dumps({"data": rows}, indent=2) + "\n")
    _write(folder / "latest.csv", out.getvalue())
    _write(folder / "latest.json", json_bytes.decode())
    stamp = f"{SNAPSHOT}T01:46:12.118Z"
    license_ = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
    attribution = ("Source: OpenRouter (openrouter.ai), licensed under CC BY 4.0. "
                   "Sample data for claimwatch: invented values in the real shape.")
    root = f"{BASE}/api/v1/datasets/exports"
    manifest = {
        "dataset": "rankings-daily",
        "schema_version": "v1",
        "snapshot_date": SNAPSHOT,
        "retrieved_at": stamp,
        "row_count": len(rows),
        "update_cadence": "daily",
        "license": license_,
        "attribution": attribution,
        "readme_url": f"{root}/README.md",
        "files": {
            "csv": {"url": f"{root}/rankings-daily/{SNAPSHOT}.csv",
                    "encoding_format": "text/csv", "bytes": len(csv_bytes),
                    "sha256": hashlib.sha256(csv_bytes).hexdigest()},
            "json": {"url": f"{root}/rankings-daily/{SNAPSHOT}.json",
                     "encoding_format": "application/json", "bytes": len(json_bytes),
                     "sha256": hashlib.sha256(json_bytes).hexdigest()},
        },
        "latest": {"csv": f"{root}/rankings-daily/latest.csv",
                   "json": f"{root}/rankings-daily/latest.json",
                   "manifest": f"{root}/rankings-daily/latest.manifest.json"},
    }
    text = json.dumps(manifest, indent=2) + "\n"
    _write(folder / f"{SNAPSHOT}.manifest.json", text)
    _write(folder / "latest.manifest.json", text)
    index = {
        "schema_version": "v1",
        "updated_at": stamp,
        "update_cadence": "daily",
        "license": license_,
        "attribution": attribution,
        "readme_url": f"{root}/README.md",
        "license_url": f"{root}/LICENSE",
        "datasets": [{
            "id": "rankings-daily",
            "title": "OpenRouter model rankings, daily token share",
            "latest_snapshot_date": SNAPSHOT,
            "latest_manifest_url": f"{root}/rankings-daily/latest.manifest.json",
        }],
    }
    _write(exports / "index.json", json.dumps(index, indent=2) + "\n")


def write_litellm() -> None:
    _write(SITE / "litellm" / "model_prices_and_context_window.json",
           json.dumps(LITELLM, indent=4) + "\n")


def summary() -> None:
    """Print the aggregates the articles quote (for writing and checking them)."""
    cn = ("deepseek/", "moonshotai/", "minimax/", "qwen/", "bytedance-seed/", "z-ai/")
    for day, entries in RANKINGS.items():
        total = sum(t for _, t in entries)
        china = sum(t for s, t in entries if s.startswith(cn))
        us = sum(t for s, t in entries if s != "other" and not s.startswith(cn))
        top = entries[0]
        print(f"{day} total={total/1e12:.3f}T cn={china/1e12:.3f}T ({china/total:.2%}) "
              f"us={us/1e12:.3f}T ({us/total:.2%}) other={entries[-1][1]/total:.2%} "
              f"top={top[0]} {top[1]/1e12:.3f}T ({top[1]/total:.2%})")


if __name__ == "__main__":
    write_models()
    write_rankings()
    write_litellm()
    summary()
