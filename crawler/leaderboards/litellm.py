"""LiteLLM's price registry: ``model_prices_and_context_window.json``.

``{"<model key>": {litellm_provider, mode, input_cost_per_token, ...}}``.
Costs are float USD per token; they become ``price`` USD per ``1M tokens``
through ``repr`` -> ``Decimal`` (``2.5e-06`` -> exactly ``2.5``).  Per key:

* ``input_cost_per_token`` / ``output_cost_per_token``: token_kind
  ``input`` / ``output``;
* ``cache_read_input_token_cost`` (and the older
  ``input_cost_per_token_cache_hit``): ``input``, variant ``cache_read``;
  ``cache_creation_input_token_cost``: ``input``, variant ``cache_write``
  (``..._above_1hr``: ``cache_write_1h``);
* suffixes become variant parts: ``_batches`` -> ``batch``, ``_priority`` ->
  ``priority``, ``_flex`` -> ``flex``, ``_above_200k_tokens`` ->
  ``above_200000_tokens`` (joined with ``:``, e.g. ``cache_read:priority``);
* ``max_input_tokens``: ``other`` ``token`` variant ``context_length``.

Per-second, per-image, per-query... costs are not token prices and are
skipped.  The file has no dates: every value is ``state`` (period = fetch
day; a new row only when a price changes).  ``sample_spec`` and keys without
``litellm_provider`` are skipped.  Entities: each key is a model (its
provider-prefixed forms resolve to the same model in the catalog), with the
``litellm_provider`` as its provider.
"""

from __future__ import annotations

import re

from crawler.leaderboards.base import (
    EntityHint,
    LeaderboardError,
    LeaderboardPage,
    Observation,
    decimal_or_none,
    fetch_day,
    load_json,
    per_token_to_per_million,
)

LICENCE = "MIT (BerriAI/litellm)"
ATTRIBUTION = "Source: LiteLLM model_prices_and_context_window.json (github.com/BerriAI/litellm)"

#: base field -> (token_kind, variant)
BASES = {
    "input_cost_per_token": ("input", None),
    "output_cost_per_token": ("output", None),
    "cache_read_input_token_cost": ("input", "cache_read"),
    "input_cost_per_token_cache_hit": ("input", "cache_read"),
    "cache_creation_input_token_cost": ("input", "cache_write"),
}
_SUFFIX = re.compile(r"_(batches|priority|flex|above_1hr|above_(\d+)k_tokens)")
_SUFFIX_NAMES = {"batches": "batch", "priority": "priority", "flex": "flex", "above_1hr": "1h"}


def _price_field(key: str) -> tuple[str, str | None] | None:
    """``cache_read_input_token_cost_above_200k_tokens_priority`` ->
    (``input``, ``cache_read:above_200000_tokens:priority``); None if not a token price."""
    for base in sorted(BASES, key=len, reverse=True):
        if key == base or key.startswith(base + "_"):
            rest = key[len(base):]
            token_kind, variant = BASES[base]
            parts = [variant] if variant else []
            pos = 0
            while pos < len(rest):
                m = _SUFFIX.match(rest, pos)
                if not m:
                    return None
                if m.group(2):
                    parts.append(f"above_{int(m.group(2)) * 1000}_tokens")
                elif m.group(1) == "above_1hr" and parts and parts[0] == "cache_write":
                    parts[0] = "cache_write_1h"
                else:
                    parts.append(_SUFFIX_NAMES[m.group(1)])
                pos = m.end()
            return token_kind, ":".join(parts) or None
    return None


def parse(body: bytes, *, url: str, fetched_at: str, content_type: str | None = None) -> LeaderboardPage:
    data = load_json(body, url)
    if not isinstance(data, dict):
        raise LeaderboardError(f"{url}: expected an object of model keys")
    day = fetch_day(fetched_at)
    page = LeaderboardPage(format="litellm", url=url, fetched_at=fetched_at, as_of=day)
    providers: set[str] = set()
    for key, entry in data.items():
        if key == "sample_spec" or not isinstance(entry, dict):
            continue
        provider = entry.get("litellm_provider")
        if not isinstance(provider, str) or not provider:
            continue
        extra = {"litellm_provider": provider}
        if entry.get("mode"):
            extra["mode"] = entry["mode"]
        seen: set[tuple] = set()
        for field, raw in entry.items():
            kind_variant = _price_field(field)
            if kind_variant is None:
                continue
            value = per_token_to_per_million(raw)
            if value is None or kind_variant in seen:
                continue
            seen.add(kind_variant)
            token_kind, variant = kind_variant
            page.observations.append(Observation(
                entity=key, entity_kind="model", metric="price", value=value, unit="USD",
                per="1M tokens", token_kind=token_kind, variant=variant, period=day, state=True,
                extra=extra,
            ))
        ctx = decimal_or_none(entry.get("max_input_tokens"))
        if ctx is not None and ctx > 0:
            page.observations.append(Observation(
                entity=key, entity_kind="model", metric="other", value=ctx, unit="token",
                variant="context_length", period=day, state=True, extra=extra,
            ))
        providers.add(provider)
        page.entities.append(EntityHint(key, "model", parent=provider, parent_kind="provider"))
    if not page.entities and data:
        raise LeaderboardError(f"{url}: no entry has field 'litellm_provider'")
    page.entities[:0] = [EntityHint(p, "provider") for p in sorted(providers)]
    return page
