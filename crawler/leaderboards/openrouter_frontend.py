"""OpenRouter's frontend ranking feeds (undocumented JSON behind /rankings).

Shapes, told apart by their content rather than their URL:

* weekly charts, ``[{"x": "<Monday>", "ys": {key: tokens}}]``, either nested
  (``model-rankings-chart``: ``{"data": {"data": [...], "cachedAt": ms}}``) or
  flat (``market-share``: ``{"data": [...]}``).  ``ys`` keys containing ``/``
  are models (permaslugs), other keys are authors; the residual
  ``Others``/``others`` is an ``aggregate``.  Each value is ``token_volume``
  ``tokens`` per ``week`` with period the ISO week (``2026-W39``); the week
  still running at ``cachedAt`` (or the fetch time) is ``partial``.
* model rows (``rankings/models?view=day|week|month``: ``{"data": [row]}``;
  the legacy ``models/find`` ``analytics`` object keyed by permaslug):
  ``token_volume`` (prompt + completion; variants ``prompt`` and
  ``completion`` too) and ``count`` ``request``, per the view's period.
  Rows of a non-standard ``variant`` belong to ``variant_permaslug``
  (``...:free``).  The legacy object covers the 7 days starting at its
  ``date`` (not an ISO week): per ``week``, period that start day,
  ``extra.window = "7 days"``.
"""

from __future__ import annotations

import datetime as _dt
from urllib.parse import parse_qs, urlparse

from crawler.leaderboards.base import (
    EntityHint,
    LeaderboardError,
    LeaderboardPage,
    Observation,
    author_of,
    day_end,
    decimal_or_none,
    iso_day,
    iso_week,
    load_json,
    parse_instant,
    week_end,
)

LICENCE = "OpenRouter Terms of Service (no open licence; undocumented feed)"
ATTRIBUTION = "Source: OpenRouter (openrouter.ai/rankings)"
AGGREGATES = {"other", "others"}
ROW_EXTRA = ("total_native_tokens_reasoning", "total_native_tokens_cached", "total_usage",
             "change", "total_tool_calls")


def parse(body: bytes, *, url: str, fetched_at: str, content_type: str | None = None) -> LeaderboardPage:
    data = load_json(body, url)
    page = LeaderboardPage(format="openrouter-frontend", url=url, fetched_at=fetched_at)
    as_of = parse_instant(fetched_at)
    inner = data.get("data") if isinstance(data, dict) else data
    if isinstance(inner, dict) and "data" in inner:  # nested chart envelope
        cached = inner.get("cachedAt")
        if isinstance(cached, (int, float)) and cached > 0:
            as_of = _dt.datetime.fromtimestamp(cached / 1000, _dt.timezone.utc)
        inner = inner["data"]
    page.as_of = as_of.isoformat(timespec="seconds")
    if isinstance(inner, list) and inner and isinstance(inner[0], dict) and "ys" in inner[0]:
        _weekly(inner, page, as_of)
    elif isinstance(inner, list) and (not inner or isinstance(inner[0], dict) and "model_permaslug" in inner[0]):
        _model_rows(inner, page, as_of, _view(url), legacy=False)
    elif isinstance(data, dict) and data and all(
        isinstance(v, dict) and "model_permaslug" in v for v in data.values()
    ):
        _model_rows(list(data.values()), page, as_of, "window7", legacy=True)
    else:
        raise LeaderboardError(
            f"{url}: not a known OpenRouter rankings feed (expected weekly 'x'/'ys' points "
            "or rows with 'model_permaslug')"
        )
    return page


def _view(url: str) -> str:
    view = (parse_qs(urlparse(url).query).get("view") or ["day"])[0]
    return view if view in ("day", "week", "month") else "day"


def _kind_of(key: str) -> str:
    if key.lower() in AGGREGATES:
        return "aggregate"
    if "/" in key:
        return "variant" if ":" in key else "model"
    return "provider"


def _weekly(points: list, page: LeaderboardPage, as_of: _dt.datetime) -> None:
    providers: set[str] = set()
    for i, pt in enumerate(points):
        where = f"{page.url}: data[{i}]"
        if not isinstance(pt, dict) or "x" not in pt or not isinstance(pt.get("ys"), dict):
            raise LeaderboardError(f"{where}: missing field 'x' or 'ys'")
        day = iso_day(pt["x"])
        if day is None:
            raise LeaderboardError(f"{where}: field 'x' is not a date: {pt['x']!r}")
        week = iso_week(day)
        partial = week_end(day) > as_of
        for key, raw in pt["ys"].items():
            value = decimal_or_none(raw)
            if value is None:
                continue
            kind = _kind_of(key)
            page.observations.append(Observation(
                entity=key, entity_kind=kind, metric="token_volume", value=value, unit="tokens",
                per="week", period=week, partial=partial, extra={"week_start": day},
            ))
            if kind == "provider":
                providers.add(key)
            elif kind in ("model", "variant"):
                _model_hints(key, page, providers)
            else:
                page.entities.append(EntityHint(key, "aggregate"))
    page.entities[:0] = [EntityHint(p, "provider") for p in sorted(providers)]


def _model_hints(slug: str, page: LeaderboardPage, providers: set[str]) -> None:
    base = slug.split(":", 1)[0]
    author = author_of(base)
    if author:
        providers.add(author)
    page.entities.append(EntityHint(base, "model", parent=author, parent_kind="provider" if author else None))
    if base != slug:
        page.entities.append(EntityHint(slug, "variant", parent=base, parent_kind="model"))


def _model_rows(rows: list, page: LeaderboardPage, as_of: _dt.datetime, view: str, legacy: bool) -> None:
    providers: set[str] = set()
    for i, row in enumerate(rows):
        where = f"{page.url}: data[{i}]"
        if not isinstance(row, dict):
            raise LeaderboardError(f"{where}: expected an object")
        slug = row.get("model_permaslug")
        if not isinstance(slug, str) or not slug:
            raise LeaderboardError(f"{where}: missing field 'model_permaslug'")
        variant = row.get("variant")
        if variant and variant != "standard" and isinstance(row.get("variant_permaslug"), str):
            slug = row["variant_permaslug"]
        day = iso_day(row.get("date"))
        if day is None:
            raise LeaderboardError(f"{where} ({slug}): field 'date' is not a date: {row.get('date')!r}")
        prompt = decimal_or_none(row.get("total_prompt_tokens"))
        completion = decimal_or_none(row.get("total_completion_tokens"))
        if prompt is None and completion is None:
            raise LeaderboardError(f"{where} ({slug}): missing field 'total_prompt_tokens'")
        if view == "week":
            period, per, end = iso_week(day), "week", week_end(day)
        elif view == "month":
            period, per = day[:7], "month"
            d = _dt.date.fromisoformat(day[:7] + "-01")
            nxt = (d.replace(day=28) + _dt.timedelta(days=4)).replace(day=1)
            end = _dt.datetime.combine(nxt, _dt.time(), _dt.timezone.utc)
        elif view == "window7":
            period, per = day, "week"
            end = day_end(day) + _dt.timedelta(days=6)
        else:
            period, per, end = day, "day", day_end(day)
        partial = end > as_of
        extra = {k: row[k] for k in ROW_EXTRA if row.get(k) is not None}
        if legacy:
            extra["window"] = "7 days"
        kind = _kind_of(slug)
        common = dict(entity=slug, entity_kind=kind, unit="tokens", per=per, period=period, partial=partial)
        total = (prompt or 0) + (completion or 0)
        page.observations.append(Observation(metric="token_volume", value=total, extra=extra, **common))
        for name, v in (("prompt", prompt), ("completion", completion)):
            if v is not None:
                page.observations.append(Observation(metric="token_volume", value=v, variant=name, **common))
        count = decimal_or_none(row.get("count"))
        if count is not None:
            page.observations.append(Observation(
                entity=slug, entity_kind=kind, metric="count", value=count, unit="request",
                per=per, period=period, partial=partial,
            ))
        if kind != "aggregate":
            _model_hints(slug, page, providers)
    page.entities[:0] = [EntityHint(p, "provider") for p in sorted(providers)]
