"""Leaderboard data points over time, and the views that compare them with claims.

:func:`store_page` writes one parsed leaderboard response
(:class:`crawler.leaderboards.LeaderboardPage`): its entity hints go to the
catalog (:mod:`kb.entities`), its observations to ``observations``, one row
per (source, entity as the source names it, metric, token_kind, variant,
period), with the value, unit, snapshot and fetch time.  A re-crawl adds a
row only when there is something new:

* a value that holds for its own period (tokens on a day or in a week, a
  rating on a publish date): a row for a period not seen yet, or a new row
  for the same period when the value (or its ``partial`` flag) was revised;
* a value that describes the present (``Observation.state``: a price list, a
  context window): a new row only when it differs from the latest stored
  one, with the period the change was first seen (its effective date).  A
  change seen by a second crawl on the same day is a new row too.

Values are stored as REAL, converted from the parsers' exact ``Decimal``
once (``5`` stays ``5.0``, ``0.15`` stays ``0.15``: no float arithmetic).

:func:`create_views` (idempotent; run after migrations) makes the views
Datasette shows: ``latest_prices``, ``token_volume_series``,
``token_volume_weekly``, ``country_weekly_tokens``, ``price_history`` and
``claim_checks`` (claims about a model's / author's / country's tokens or a
price, each paired with the matching observation: ``agrees`` within
:data:`TOLERANCE` (5% for approximate claims, one-sided for at least / at
most), ``disagrees`` (both values shown) or ``no data``).
"""

from __future__ import annotations

import json
import logging
from decimal import Decimal
from typing import Any

from sqlite_utils import Database

from kb import entities as _entities

log = logging.getLogger(__name__)

#: relative difference within which a claim agrees with an observation
TOLERANCE = 0.02
TOLERANCE_APPROX = 0.05


def _num(v: Any) -> float:
    return float(v) if isinstance(v, Decimal) else float(v)


def _same(row: dict | None, value: float, unit: str, per: str | None, partial: int) -> bool:
    return (
        row is not None
        and row["value"] == value
        and (row["unit"] or "") == (unit or "")
        and (row["per"] or "") == (per or "")
        and (row["partial"] or 0) == partial
    )


_LATEST_STATE = (
    "select value, unit, per, partial from observations where source_id = ? and raw_name = ? "
    "and metric = ? and token_kind is ? and variant is ? order by id desc limit 1"
)
_LATEST_PERIOD = _LATEST_STATE.replace("order by", "and period is ? order by")


def store_page(db: Database, *, source_id: int, snapshot_id: int | None, fetched_at: str, page: Any) -> int:
    """Store a parsed leaderboard page; return the number of observation rows added.

    Also fills in the source's licence and attribution from the page (when the
    source list gives none).  All of it in one transaction: a failure leaves
    the stored rows as they were.
    """
    from crawler.leaderboards.base import EntityHint, unique_hints

    origin = getattr(page, "format", None) or "leaderboard"
    added = 0
    with db.atomic():
        ids = _entities.upsert_entities(db, unique_hints(page.entities), origin=origin)
        seen: set[tuple] = set()
        rows: list[dict] = []
        for o in page.observations:
            key = (o.entity, o.metric, o.token_kind, o.variant, o.period)
            if key in seen:
                continue  # the source lists the same thing twice: the first wins
            seen.add(key)
            eid = ids.get((o.entity_kind, o.entity))
            if eid is None:
                eid = _entities.resolve(db, o.entity, o.entity_kind)
            if eid is None:
                eid = _entities.upsert_entity(db, EntityHint(o.entity, o.entity_kind), origin=origin)
                ids[(o.entity_kind, o.entity)] = eid
            value = _num(o.value)
            partial = 1 if o.partial else 0
            if o.state:
                prev = db.execute(_LATEST_STATE, [source_id, o.entity, o.metric, o.token_kind, o.variant]).fetchone()
            else:
                prev = db.execute(
                    _LATEST_PERIOD, [source_id, o.entity, o.metric, o.token_kind, o.variant, o.period]
                ).fetchone()
            if prev is not None and _same(
                {"value": prev[0], "unit": prev[1], "per": prev[2], "partial": prev[3]},
                value, o.unit, o.per, partial,
            ):
                continue
            rows.append({
                "source_id": source_id,
                "entity_id": eid,
                "metric": o.metric,
                "value": value,
                "unit": o.unit,
                "per": o.per,
                "token_kind": o.token_kind,
                "variant": o.variant,
                "period": o.period,
                "partial": partial,
                "snapshot_id": snapshot_id,
                "fetched_at": fetched_at,
                "raw_name": o.entity,
                "extra": json.dumps(o.extra, sort_keys=True, default=str) if o.extra else None,
            })
        if rows:
            db["observations"].insert_all(rows)
            added = len(rows)
        record_source_terms(db, source_id, licence=getattr(page, "licence", None),
                            attribution=getattr(page, "attribution", None))
    return added


def record_source_terms(db: Database, source_id: int, *, licence: str | None, attribution: str | None) -> None:
    """Fill in a source's licence and attribution from its format's defaults
    (a value given in the source list is kept)."""
    row = db["sources"].get(source_id)
    updates = {}
    if licence and not row.get("licence"):
        updates["licence"] = licence
    if attribution and not row.get("attribution"):
        updates["attribution"] = attribution
    if updates:
        db["sources"].update(source_id, updates)


def snapshot_fetched_at(db: Database, snapshot_id: int) -> str:
    """When a snapshot was fetched (without reading its body)."""
    row = db.execute("select fetched_at from snapshots where id = ?", [snapshot_id]).fetchone()
    if row is None:
        raise ValueError(f"snapshot {snapshot_id} not found")
    return row[0]


def history(db: Database, source_id: int, raw_name: str, metric: str, *, token_kind: str | None = None,
            variant: str | None = None) -> list[dict]:
    """The stored rows of one series, oldest first (for tests and the CLI)."""
    return list(db.query(
        "select period, value, unit, per, partial, fetched_at, snapshot_id from observations "
        "where source_id = ? and raw_name = ? and metric = ? and token_kind is ? and variant is ? "
        "order by id",
        [source_id, raw_name, metric, token_kind, variant],
    ))


# -- views -------------------------------------------------------------------------

#: An entity's country, or its parent's, or its grandparent's (model -> author -> company).
_COUNTRY = "coalesce(e.country, p.country, gp.country)"
_ENTITY_JOINS = """
    left join entities e on e.id = o.entity_id
    left join entities p on p.id = e.parent_id
    left join entities gp on gp.id = p.parent_id
"""


def _iso_week(day: str) -> str:
    """SQL for the ISO week (``2026-W39``) of the day expression ``day``."""
    wd = f"((cast(strftime('%w', {day}) as integer) + 6) % 7)"
    thu = f"date({day}, printf('%+d days', 3 - {wd}))"
    return (f"printf('%s-W%02d', strftime('%Y', {thu}), "
            f"(cast(strftime('%j', {thu}) as integer) - 1) / 7 + 1)")


_CLAIM_START = """case
  when {p} glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' then {p}
  when {p} glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]' then {p} || '-01'
  when {p} glob '[0-9][0-9][0-9][0-9]-W[0-9][0-9]' then date(
      date(substr({p}, 1, 4) || '-01-04',
           printf('-%d days', (cast(strftime('%w', substr({p}, 1, 4) || '-01-04') as integer) + 6) % 7)),
      printf('+%d days', (cast(substr({p}, 7, 2) as integer) - 1) * 7))
  when {p} glob '[0-9][0-9][0-9][0-9]-Q[1-4]' then
      printf('%s-%02d-01', substr({p}, 1, 4), (cast(substr({p}, 7, 1) as integer) - 1) * 3 + 1)
  when {p} glob '[0-9][0-9][0-9][0-9]-H[12]' then
      printf('%s-%02d-01', substr({p}, 1, 4), (cast(substr({p}, 7, 1) as integer) - 1) * 6 + 1)
  when {p} glob '[0-9][0-9][0-9][0-9]' then {p} || '-01-01'
end"""
_CLAIM_SPAN = """case
  when {p} glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' then '+0 days'
  when {p} glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]' then '+1 months'
  when {p} glob '[0-9][0-9][0-9][0-9]-W[0-9][0-9]' then '+6 days'
  when {p} glob '[0-9][0-9][0-9][0-9]-Q[1-4]' then '+3 months'
  when {p} glob '[0-9][0-9][0-9][0-9]-H[12]' then '+6 months'
  when {p} glob '[0-9][0-9][0-9][0-9]' then '+12 months'
end"""

VIEWS: dict[str, str] = {}

VIEWS["observation_revisions"] = """
-- the latest revision of every (source, entity-as-named, metric, token kind, variant, period)
select * from (
  select o.*, row_number() over (
    partition by o.source_id, o.raw_name, o.metric, o.token_kind, o.variant, o.period
    order by o.id desc) as revision_rank
  from observations o
) where revision_rank = 1
"""

VIEWS["price_history"] = f"""
-- every stored price with the interval it held for: from its period (effective
-- date; null = since before the record) to the next change (or llm-prices' to_date)
select o.id as observation_id, s.name as source, o.source_id, o.entity_id, e.name as entity,
  e.kind as entity_kind, p.name as provider, {_COUNTRY} as country, o.raw_name, o.token_kind,
  o.variant, o.value, o.unit, o.per, o.period as valid_from,
  coalesce(json_extract(o.extra, '$.to_date'), lead(o.period) over (
    partition by o.source_id, o.raw_name, o.token_kind, o.variant
    order by coalesce(o.period, ''), o.id)) as valid_to,
  o.fetched_at, o.snapshot_id, s.licence, s.attribution
from observations o
join sources s on s.id = o.source_id
{_ENTITY_JOINS}
where o.metric = 'price'
"""

VIEWS["latest_prices"] = f"""
-- the current price of every model (and variant) per source, token kind and variant
select * from (
  select h.*, row_number() over (
    partition by h.source_id, h.raw_name, h.token_kind, h.variant
    order by coalesce(h.valid_from, '') desc, h.observation_id desc) as rank_
  from price_history h
) where rank_ = 1 and (valid_to is null or valid_to > date('now'))
"""

VIEWS["token_volume_series"] = f"""
-- tokens per entity per day / week / month (latest revision of each period)
select o.id as observation_id, s.name as source, o.source_id, o.entity_id, e.name as entity,
  e.kind as entity_kind, p.name as provider, {_COUNTRY} as country, o.raw_name, o.per,
  o.period, o.value as tokens, o.partial, o.fetched_at, s.attribution
from observation_revisions o
join sources s on s.id = o.source_id
{_ENTITY_JOINS}
where o.metric = 'token_volume' and o.variant is null
"""

VIEWS["token_volume_weekly"] = f"""
-- tokens per entity per ISO week: weekly feeds as they are, daily rows summed
-- (a week with fewer than 7 days, or a partial day, is partial)
select source, source_id, entity_id, entity, entity_kind, provider, country, raw_name,
  period as week, tokens, partial, 7 as days, 'weekly' as basis
from token_volume_series
where per = 'week' and period glob '[0-9][0-9][0-9][0-9]-W[0-9][0-9]'
union all
select source, source_id, entity_id, entity, entity_kind, provider, country, raw_name,
  {_iso_week('period')} as week, sum(tokens) as tokens,
  (max(partial) = 1 or count(*) < 7) as partial, count(*) as days, 'daily' as basis
from token_volume_series
where per = 'day' and period glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
group by source_id, raw_name, {_iso_week('period')}
"""

VIEWS["country_weekly_tokens"] = """
-- tokens per country per week and source (Chinese vs US models on OpenRouter),
-- from the author -> country map; aggregates ("Others") and unmapped authors apart
select w.source, w.source_id, w.week, w.basis,
  case when w.entity_kind = 'aggregate' then 'others' else coalesce(w.country, 'unknown') end as country,
  c.name as country_name, sum(w.tokens) as tokens, count(*) as entities,
  max(w.partial) as partial
from token_volume_weekly w
left join entities c on c.kind = 'country' and c.country = w.country
group by w.source_id, w.week, w.basis,
  case when w.entity_kind = 'aggregate' then 'others' else coalesce(w.country, 'unknown') end
"""

VIEWS["claim_periods"] = f"""
-- each claim's period as a date interval [period_start, period_end]
select id as claim_id, period,
  {_CLAIM_START.format(p='period')} as period_start,
  date({_CLAIM_START.format(p='period')}, {_CLAIM_SPAN.format(p='period')},
       case when period glob '[0-9][0-9][0-9][0-9]-W[0-9][0-9]'
              or period glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' then '+0 days'
            else '-1 days' end) as period_end
from claims
"""

VIEWS["claim_check_candidates"] = f"""
-- every observation that could check a claim: same entity, metric, unit, per and period
-- (prices: in force during the claim's period, or the current price for an undated claim)
select c.id as claim_id, o.id as observation_id, o.source_id, o.value as observed_value,
  o.period as observed_period, o.raw_name
from claims c
join observation_revisions o
  on o.entity_id = c.entity_id and o.metric = c.metric and o.variant is null
 and lower(o.unit) = lower(c.unit) and coalesce(o.per, '') = coalesce(c.per, '')
 and o.period = c.period
where c.metric = 'token_volume' and c.entity_id is not null
union all
select c.id, null, w.source_id, w.tokens, w.week, 'country total: ' || w.country
from claims c
join entities ce on ce.id = c.entity_id and ce.kind = 'country'
join country_weekly_tokens w on w.country = ce.country and w.week = c.period
where c.metric = 'token_volume' and lower(c.unit) = 'tokens' and c.per = 'week'
union all
select c.id, h.observation_id, h.source_id, h.value, h.valid_from, h.raw_name
from claims c
join claim_periods cp on cp.claim_id = c.id
join price_history h
  on h.entity_id = c.entity_id and h.variant is null
 and lower(h.unit) = lower(c.unit) and coalesce(h.per, '') = coalesce(c.per, '')
 and (c.token_kind is null or h.token_kind = c.token_kind)
 and (case when cp.period_start is null then h.valid_to is null
      else (h.valid_from is null or h.valid_from <= cp.period_end)
       and (h.valid_to is null or h.valid_to > cp.period_start) end)
where c.metric = 'price' and c.entity_id is not null
"""

VIEWS["claim_checks"] = f"""
-- each claim about tokens or a price of a known entity, with its best matching
-- observation: agrees (within {TOLERANCE:.0%}; {TOLERANCE_APPROX:.0%} for approximate
-- claims; at least / at most one-sided), disagrees (both values), or no data
select c.id as claim_id, c.document_id, c.subject, c.entity_id, e.name as entity, e.kind as entity_kind,
  c.metric, c.value as claimed_value, c.unit, c.per, c.token_kind, c.period, c.qualifier,
  case when b.claim_id is null then 'no data' when b.ok then 'agrees' else 'disagrees' end as verdict,
  b.observed_value, b.observed_period, b.raw_name as observed_as, s.name as source,
  b.observation_id, round(b.diff * 100, 2) as difference_pct, coalesce(b.candidates, 0) as candidates,
  s.attribution, c.quote
from claims c
left join entities e on e.id = c.entity_id
left join (
  select * from (
    select k.*, row_number() over (partition by k.claim_id order by k.ok desc, k.diff asc) as rank_,
      count(*) over (partition by k.claim_id) as candidates
    from (
      select cc.*, abs(cc.observed_value - c2.value) / max(abs(cc.observed_value), 1e-12) as diff,
        case coalesce(c2.qualifier, 'exact')
          when 'at_least' then cc.observed_value >= c2.value * (1 - {TOLERANCE})
          when 'at_most' then cc.observed_value <= c2.value * (1 + {TOLERANCE})
          when 'approx' then abs(cc.observed_value - c2.value) <= {TOLERANCE_APPROX} * abs(cc.observed_value)
          else abs(cc.observed_value - c2.value) <= {TOLERANCE} * abs(cc.observed_value)
        end as ok
      from claim_check_candidates cc join claims c2 on c2.id = cc.claim_id
    ) k
  ) where rank_ = 1
) b on b.claim_id = c.id
left join sources s on s.id = b.source_id
where c.metric in ('token_volume', 'price') and c.entity_id is not null
"""


def create_views(db: Database) -> None:
    """(Re)create the leaderboard views; safe to call after every migration."""
    with db.atomic():
        for name in reversed(list(VIEWS)):
            db.execute(f"drop view if exists {name}")
        for name, sql in VIEWS.items():
            db.execute(f"create view {name} as {sql}")
