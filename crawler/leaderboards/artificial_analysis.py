"""Artificial Analysis Data API (needs a key: ``x-api-key``).

The spider sends the key from the environment variable named by the
source's ``api_key_env`` (default :data:`API_KEY_ENV`) and skips the source
with a clear message when it is not set.  Attribution is required on every
tier.

Shapes: the v2 ``/language/models[/free]`` (``pagination``, ``performance``
object, ``price_1m_cache_hit_tokens``) and the legacy ``/data/llms/models``
(speed fields at the top level, ``price_1m_blended_3_to_1``).  Per model
(``slug``; name and creator feed the catalog), all ``state`` (period the
fetch day), ``null`` meaning not measured (skipped):

* ``price`` USD per ``1M tokens``: ``input``, ``output``, ``blended``
  (variant ``3_to_1``), cache hit = ``input`` variant ``cache_read``, cache
  write = ``input`` variant ``cache_write``;
* ``other`` ``point`` variant ``aa:<evaluation>`` for each evaluation;
* ``other`` ``token/s`` variant ``output_speed``; ``other`` ``second``
  variants ``ttft`` / ``ttfat`` / ``e2e_time``.

``pagination.has_more`` makes the page follow ``?page=N+1``.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlparse, urlunparse

from crawler.leaderboards.base import (
    EntityHint,
    LeaderboardError,
    LeaderboardPage,
    Observation,
    decimal_or_none,
    fetch_day,
    load_json,
)

API_KEY_ENV = "ARTIFICIAL_ANALYSIS_API_KEY"
API_KEY_HEADER = "x-api-key"
LICENCE = "Artificial Analysis API terms (attribution required)"
ATTRIBUTION = "Source: Artificial Analysis (artificialanalysis.ai)"

PRICES = {
    "price_1m_input_tokens": ("input", None),
    "price_1m_output_tokens": ("output", None),
    "price_1m_blended_3_to_1": ("blended", "3_to_1"),
    "price_1m_cache_hit_tokens": ("input", "cache_read"),
    "price_1m_cache_write_tokens": ("input", "cache_write"),
}
PERFORMANCE = {
    "median_output_tokens_per_second": ("token/s", "output_speed"),
    "median_time_to_first_token_seconds": ("second", "ttft"),
    "median_time_to_first_answer_token_seconds": ("second", "ttfat"),
    "median_time_to_first_answer_token": ("second", "ttfat"),
    "median_end_to_end_response_time_seconds": ("second", "e2e_time"),
}


def next_page_url(url: str, page_no: int) -> str:
    parts = urlparse(url)
    q = parse_qs(parts.query)
    q["page"] = [str(page_no + 1)]
    return urlunparse(parts._replace(query=urlencode(q, doseq=True)))


def parse(body: bytes, *, url: str, fetched_at: str, content_type: str | None = None) -> LeaderboardPage:
    data = load_json(body, url)
    if not isinstance(data, dict) or not isinstance(data.get("data"), list):
        raise LeaderboardError(f"{url}: expected an object with a 'data' list of models")
    day = fetch_day(fetched_at)
    page = LeaderboardPage(format="artificial-analysis", url=url, fetched_at=fetched_at, as_of=day)
    pag = data.get("pagination")
    if isinstance(pag, dict) and pag.get("has_more") and isinstance(pag.get("page"), int):
        page.follow.append(next_page_url(url, pag["page"]))
    for i, m in enumerate(data["data"]):
        where = f"{url}: data[{i}]"
        if not isinstance(m, dict):
            raise LeaderboardError(f"{where}: expected an object")
        slug = m.get("slug") or m.get("id")
        if not isinstance(slug, str) or not slug:
            raise LeaderboardError(f"{where}: missing field 'slug'")
        common = dict(entity=slug, entity_kind="model", period=day, state=True)
        pricing = m.get("pricing") if isinstance(m.get("pricing"), dict) else {}
        for key, (token_kind, variant) in PRICES.items():
            v = decimal_or_none(pricing.get(key))
            if v is not None and v >= 0:
                page.observations.append(Observation(
                    metric="price", value=v, unit="USD", per="1M tokens", token_kind=token_kind,
                    variant=variant, **common,
                ))
        evals = m.get("evaluations") if isinstance(m.get("evaluations"), dict) else {}
        for key, raw in evals.items():
            v = decimal_or_none(raw)
            if v is not None:
                short = key.replace("artificial_analysis_", "")
                page.observations.append(Observation(
                    metric="other", value=v, unit="point", variant=f"aa:{short}", **common,
                ))
        perf = m.get("performance") if isinstance(m.get("performance"), dict) else m
        seen: set[str] = set()
        for key, (unit, variant) in PERFORMANCE.items():
            v = decimal_or_none(perf.get(key))
            if v is not None and variant not in seen:
                seen.add(variant)
                page.observations.append(Observation(
                    metric="other", value=v, unit=unit, variant=variant, **common,
                ))
        creator = m.get("model_creator") if isinstance(m.get("model_creator"), dict) else {}
        org = creator.get("name")
        if org:
            page.entities.append(EntityHint(
                org, "provider", aliases=[creator["slug"]] if creator.get("slug") else [],
            ))
        name = m.get("name")
        page.entities.append(EntityHint(
            slug, "model", aliases=[name] if isinstance(name, str) and name != slug else [],
            parent=org, parent_kind="provider" if org else None,
        ))
    return page
