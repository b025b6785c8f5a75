"""OpenRouter's model catalogue and prices: ``GET /api/v1/models``.

Both shapes parse: 2025 (``{"data": [...]}``) and 2026 (``{"data", "total_count",
"links": {"next"}}``, with ``alias_target``, ``benchmarks``...).  Per model:

* ``price`` USD per ``1M tokens``, token_kind ``input`` (``pricing.prompt``) and
  ``output`` (``pricing.completion``); cache prices are token_kind ``input`` with
  variant ``cache_read`` / ``cache_write`` / ``cache_write_1h``; tiered prices
  (``pricing.overrides`` with ``min_prompt_tokens``) carry variant
  ``above_<N>_tokens`` (time-of-day overrides are kept in ``extra`` only);
* ``other`` ``token`` variant ``context_length``.

Prices are USD-per-token decimal strings: ``"0.000005"`` becomes exactly 5;
``"0"`` is free (0); ``"-1"`` (``openrouter/auto``) is dynamic, not a price,
so no observation.  All values are ``state``: the API gives no price date, so
the period is the fetch day and a new row is kept only when a price changes.

Entities: the model id (``deepseek/deepseek-v3.2``) with its ``canonical_slug``
(the dated permaslug that every rankings feed uses) and display name as
aliases; ``:free``/``:batch``... ids are ``variant`` entities whose parent is
the base model; ``~author/x-latest`` router aliases are variants of their
``alias_target``; the author prefix is the ``provider``.
"""

from __future__ import annotations

from crawler.leaderboards.base import (
    EntityHint,
    LeaderboardError,
    LeaderboardPage,
    Observation,
    author_of,
    decimal_or_none,
    fetch_day,
    load_json,
    per_token_to_per_million,
)

LICENCE = "OpenRouter Terms of Service (API data)"
ATTRIBUTION = "Source: OpenRouter (openrouter.ai/models)"

#: pricing key -> (token_kind, variant)
PRICE_KEYS = {
    "prompt": ("input", None),
    "completion": ("output", None),
    "input_cache_read": ("input", "cache_read"),
    "input_cache_write": ("input", "cache_write"),
    "input_cache_write_1h": ("input", "cache_write_1h"),
}


def split_variant(model_id: str) -> tuple[str, str | None]:
    """``x/y:free`` -> (``x/y``, ``free``)."""
    if ":" in model_id:
        base, v = model_id.rsplit(":", 1)
        return base, v or None
    return model_id, None


def display_name(name: str | None) -> str | None:
    """``"DeepSeek: DeepSeek V3.2 (free)"`` -> ``"DeepSeek V3.2"``."""
    if not name:
        return None
    if ": " in name:
        name = name.split(": ", 1)[1]
    if name.endswith(")") and " (" in name:
        name = name[: name.rindex(" (")]
    return name.strip() or None


def parse(body: bytes, *, url: str, fetched_at: str, content_type: str | None = None) -> LeaderboardPage:
    data = load_json(body, url)
    if not isinstance(data, dict) or not isinstance(data.get("data"), list):
        raise LeaderboardError(f"{url}: expected an object with a 'data' list of models")
    day = fetch_day(fetched_at)
    page = LeaderboardPage(format="openrouter-models", url=url, fetched_at=fetched_at, as_of=day)
    nxt = (data.get("links") or {}).get("next") if isinstance(data.get("links"), dict) else None
    if isinstance(nxt, str) and nxt:
        from urllib.parse import urljoin

        page.follow.append(urljoin(url, nxt))
    routers: list[EntityHint] = []  # ~author/x-latest: after the models they point at
    for i, m in enumerate(data["data"]):
        where = f"{url}: data[{i}]"
        if not isinstance(m, dict) or not isinstance(m.get("id"), str) or not m["id"]:
            raise LeaderboardError(f"{where}: missing field 'id'")
        model_id = m["id"]
        pricing = m.get("pricing")
        if pricing is not None and not isinstance(pricing, dict):
            raise LeaderboardError(f"{where} ({model_id}): field 'pricing' is not an object")
        hints = _hints(m)
        (routers if model_id.startswith("~") else page.entities).extend(hints)
        kind = "variant" if (":" in model_id or model_id.startswith("~")) else "model"
        base_extra = {"canonical_slug": m.get("canonical_slug")}
        overrides = [ov for ov in (pricing or {}).get("overrides") or [] if isinstance(ov, dict)]
        timed = [ov for ov in overrides if "min_prompt_tokens" not in ov]
        price_extra = {**base_extra, "time_of_day_overrides": timed} if timed else base_extra
        for key, (token_kind, variant) in PRICE_KEYS.items():
            value = per_token_to_per_million((pricing or {}).get(key))
            if value is None:
                continue
            page.observations.append(Observation(
                entity=model_id, entity_kind=kind, metric="price", value=value, unit="USD",
                per="1M tokens", token_kind=token_kind, variant=variant, period=day,
                state=True, extra=dict(price_extra),
            ))
        for ov in overrides:
            threshold = decimal_or_none(ov.get("min_prompt_tokens"))
            if threshold is None:
                continue  # time-of-day pricing: kept in the base prices' extra
            for key, (token_kind, variant) in PRICE_KEYS.items():
                value = per_token_to_per_million(ov.get(key))
                if value is None:
                    continue
                tier = f"above_{int(threshold)}_tokens"
                page.observations.append(Observation(
                    entity=model_id, entity_kind=kind, metric="price", value=value, unit="USD",
                    per="1M tokens", token_kind=token_kind,
                    variant=f"{variant}:{tier}" if variant else tier, period=day, state=True,
                    extra=dict(base_extra),
                ))
        ctx = decimal_or_none(m.get("context_length"))
        if ctx is not None and ctx > 0:
            page.observations.append(Observation(
                entity=model_id, entity_kind=kind, metric="other", value=ctx, unit="token",
                variant="context_length", period=day, state=True, extra=dict(base_extra),
            ))
    page.entities.extend(routers)
    return page


def _hints(m: dict) -> list[EntityHint]:
    model_id = m["id"]
    slug = m.get("canonical_slug") if isinstance(m.get("canonical_slug"), str) else None
    name = display_name(m.get("name"))
    base, variant = split_variant(model_id)
    author = author_of(base)
    hints: list[EntityHint] = []
    if author:
        hints.append(EntityHint(author, "provider"))
    if model_id.startswith("~"):
        target = (m.get("alias_target") or {}).get("slug") if isinstance(m.get("alias_target"), dict) else None
        if target:
            hints.append(EntityHint(target, "model", parent=author, parent_kind="provider"))
        hints.append(EntityHint(model_id, "variant", aliases=[], parent=target,
                                parent_kind="model" if target else None))
        return hints
    aliases = [a for a in (slug, name) if a and a != base]
    hints.append(EntityHint(base, "model", aliases=aliases, parent=author,
                            parent_kind="provider" if author else None,
                            url=f"https://openrouter.ai/{base}"))
    if variant:
        hints.append(EntityHint(model_id, "variant", parent=base, parent_kind="model"))
    return hints
