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
from typing import Any

from sqlite_utils import Database

from kb import entities as _entities

log = logging.getLogger(__name__)

#: relative difference within which a claim agrees with an observation
TOLERANCE = 0.02
TOLERANCE_APPROX = 0.05


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
    try:
        return _store_page(db, source_id=source_id, snapshot_id=snapshot_id, fetched_at=fetched_at, page=page)
    except BaseException:
        _entities.forget_catalog(db)  # the rolled-back entities must not stay cached
        raise


def _store_page(db: Database, *, source_id: int, snapshot_id: int | None, fetched_at: str, page: Any) -> int:
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
            value = float(o.value)  # Decimal or float: converted once, as REAL
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
    """The stored rows of one series, oldest first."""
    return list(db.query(
        "select period, value, unit, per, partial, fetched_at, snapshot_id from observations "
        "where source_id = ? and raw_name = ? and metric = ? and token_kind is ? and variant is ? "
        "order by id",
        [source_id, raw_name, metric, token_kind, variant],
    ))


# -- views and derived tables ------------------------------------------------------------

#: An entity's country, or its parent's, or its grandparent's (model -> author -> company).
_COUNTRY = "coalesce(e.country, p.country, gp.country)"
_ENTITY_JOINS = """
    left join entities e on e.id = {t}.entity_id
    left join entities p on p.id = e.parent_id
    left join entities gp on gp.id = p.parent_id
"""

#: the same series as observation ``o`` (source, name, metric, token kind, variant)
_SAME_SERIES = ("n.source_id = o.source_id and n.raw_name = o.raw_name and n.metric = o.metric "
                "and n.variant is o.variant and n.token_kind is o.token_kind")
#: ``o`` is the latest revision of its period (no later row for the same period)
_LATEST_REVISION = f"not exists (select 1 from observations n where {_SAME_SERIES} and n.period is o.period and n.id > o.id)"
#: a row of the series after ``o`` (later period, or the same period seen later)
_LATER = f"{_SAME_SERIES} and (coalesce(n.period, '') > coalesce(o.period, '') or (n.period is o.period and n.id > o.id))"


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
  when {p} glob '[0-9][0-9][0-9][0-9]-W[0-9][0-9]' then '+6 days'
  when {p} glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]' then '+1 months'
  when {p} glob '[0-9][0-9][0-9][0-9]-Q[1-4]' then '+3 months'
  when {p} glob '[0-9][0-9][0-9][0-9]-H[12]' then '+6 months'
  when {p} glob '[0-9][0-9][0-9][0-9]' then '+12 months'
end"""
_CLAIM_END_ADJUST = """case when {p} glob '[0-9][0-9][0-9][0-9]-W[0-9][0-9]'
    or {p} glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' then '+0 days' else '-1 days' end"""

VIEWS: dict[str, str] = {}

VIEWS["observation_revisions"] = f"""
-- the latest revision of every (source, entity as named, metric, token kind, variant, period)
select o.* from observations o where {_LATEST_REVISION}
"""

VIEWS["price_history"] = f"""
-- every stored price with the interval it held for: from its period (the effective
-- date; null = since before the record) to the next change (or llm-prices' to_date)
select o.id as observation_id, s.name as source, o.source_id, o.entity_id, e.name as entity,
  e.kind as entity_kind, p.name as provider, {_COUNTRY} as country, o.raw_name, o.token_kind,
  o.variant, o.value, o.unit, o.per, o.period as valid_from,
  coalesce(json_extract(o.extra, '$.to_date'),
    (select n.period from observations n where {_LATER}
     order by coalesce(n.period, ''), n.id limit 1)) as valid_to,
  o.fetched_at, o.snapshot_id, s.licence, s.attribution
from observations o
join sources s on s.id = o.source_id
{_ENTITY_JOINS.format(t='o')}
where o.metric = 'price'
"""

VIEWS["latest_prices"] = f"""
-- the current price of every model (and variant) per source, token kind and variant
select o.id as observation_id, s.name as source, o.source_id, o.entity_id, e.name as entity,
  e.kind as entity_kind, p.name as provider, {_COUNTRY} as country, o.raw_name, o.token_kind,
  o.variant, o.value, o.unit, o.per, o.period as since, o.fetched_at, s.licence, s.attribution
from observations o
join sources s on s.id = o.source_id
{_ENTITY_JOINS.format(t='o')}
where o.metric = 'price' and not exists (select 1 from observations n where {_LATER})
  and coalesce(json_extract(o.extra, '$.to_date') > date('now'), 1)
"""

VIEWS["token_volume_series"] = f"""
-- tokens per entity per day / week / month (the latest revision of each period)
select o.id as observation_id, s.name as source, o.source_id, o.entity_id, e.name as entity,
  e.kind as entity_kind, p.name as provider, {_COUNTRY} as country, o.raw_name, o.per,
  o.period, o.value as tokens, o.partial, o.fetched_at, s.attribution
from observations o
join sources s on s.id = o.source_id
{_ENTITY_JOINS.format(t='o')}
where o.metric = 'token_volume' and o.variant is null and {_LATEST_REVISION}
"""

VIEWS["token_volume_weekly"] = f"""
-- tokens per entity per ISO week (table weekly_tokens, rebuilt by kb.observations.refresh):
-- weekly feeds as they are, daily rows summed (fewer than 7 days, or a partial day: partial)
select s.name as source, w.source_id, w.entity_id, e.name as entity, e.kind as entity_kind,
  p.name as provider, {_COUNTRY} as country, w.raw_name, w.week, w.tokens, w.partial, w.days, w.basis
from weekly_tokens w
join sources s on s.id = w.source_id
{_ENTITY_JOINS.format(t='w')}
"""

VIEWS["country_weekly_tokens"] = f"""
-- tokens per country per ISO week and source (Chinese vs US models on OpenRouter), from the
-- author -> country map; aggregates ("Others") and authors with no known country apart
select s.name as source, x.source_id, x.week, x.basis, x.country, c.name as country_name,
  x.tokens, x.entities, x.partial
from (
  select w.source_id, w.week, w.basis,
    case when e.kind = 'aggregate' then 'others' else coalesce({_COUNTRY}, 'unknown') end as country,
    sum(w.tokens) as tokens, count(*) as entities, max(w.partial) as partial
  from weekly_tokens w
  {_ENTITY_JOINS.format(t='w')}
  group by w.source_id, w.week, w.basis, 4
) x
join sources s on s.id = x.source_id
left join entities c on c.kind = 'country' and c.country = x.country
"""

VIEWS["claim_periods"] = f"""
-- each claim's period as a date interval [period_start, period_end]
select id as claim_id, period,
  {_CLAIM_START.format(p='period')} as period_start,
  date({_CLAIM_START.format(p='period')}, {_CLAIM_SPAN.format(p='period')},
       {_CLAIM_END_ADJUST.format(p='period')}) as period_end
from claims
"""

VIEWS["claim_checks"] = f"""
-- claims about a known entity's tokens or price, each with its best matching observation
-- (table claim_check_results, rebuilt by kb.observations.refresh): agrees within
-- {TOLERANCE:.0%} ({TOLERANCE_APPROX:.0%} for approximate claims; at least / at most one-sided),
-- disagrees (both values shown), or no data
select c.id as claim_id, c.document_id, c.subject, c.entity_id, e.name as entity, e.kind as entity_kind,
  c.metric, c.value as claimed_value, c.unit, c.per, c.token_kind, c.period, c.qualifier,
  r.verdict, r.observed_value, r.observed_period, r.observed_as, s.name as source,
  r.observation_id, r.difference_pct, r.candidates, s.attribution, c.quote, r.checked_at
from claim_check_results r
join claims c on c.id = r.claim_id
left join entities e on e.id = c.entity_id
left join sources s on s.id = r.source_id
"""

#: candidates for the claim checks, one SELECT per way a claim can be checked: the entity's
#: own value; a week of its daily values summed; a country's total; OpenRouter's platform
#: total of a day or week (every row of a leaderboard that lists an "other" row, summed);
#: a price in force during the claim's period (or now, for an undated claim)
_CANDIDATES = f"""
select c.id as claim_id, o.id as observation_id, o.source_id, o.value as observed_value,
  o.period as observed_period, o.raw_name as observed_as
from claims c
join observations o on o.entity_id = c.entity_id and o.metric = 'token_volume' and o.period = c.period
where c.metric = 'token_volume' and c.entity_id is not null and o.variant is null
  and lower(o.unit) = lower(c.unit) and coalesce(o.per, '') = coalesce(c.per, '')
  and {_LATEST_REVISION}
union all
select c.id, null, w.source_id, w.tokens, w.week, w.raw_name || ' (sum of 7 days)'
from claims c
join weekly_tokens w on w.entity_id = c.entity_id and w.week = c.period
where c.metric = 'token_volume' and c.per = 'week' and lower(c.unit) = 'tokens'
  and w.basis = 'daily' and w.days = 7 and not w.partial
union all
select c.id, null, t.source_id, t.tokens, t.week, 'country total: ' || t.country
from claims c
join entities ce on ce.id = c.entity_id and ce.kind = 'country'
join country_weekly_tokens t on t.country = ce.country and t.week = c.period
where c.metric = 'token_volume' and c.per = 'week' and lower(c.unit) = 'tokens'
union all
select c.id, null, t.source_id, t.tokens, t.period, 'platform total (' || t.rows_ || ' rows)'
from claims c
join (
  select o.source_id, o.period, sum(o.value) as tokens, count(*) as rows_
  from observations o join sources s on s.id = o.source_id and s.format like 'openrouter-%'
  where o.metric = 'token_volume' and o.variant is null and o.per = 'day' and {_LATEST_REVISION}
  group by o.source_id, o.period
  having max(o.raw_name in ('other', 'Others', 'others')) = 1 and max(o.partial) = 0
) t on t.period = c.period
where c.entity_id = :openrouter and c.metric = 'token_volume' and lower(c.unit) = 'tokens'
  and coalesce(c.per, 'day') = 'day'
union all
select c.id, null, t.source_id, t.tokens, t.week, 'platform total (' || t.rows_ || ' rows)'
from claims c
join (
  select w.source_id, w.week, sum(w.tokens) as tokens, count(*) as rows_
  from weekly_tokens w join sources s on s.id = w.source_id and s.format like 'openrouter-%'
  where w.partial = 0
  group by w.source_id, w.week, w.basis
  having max(w.raw_name in ('other', 'Others', 'others')) = 1
) t on t.week = c.period
where c.entity_id = :openrouter and c.metric = 'token_volume' and lower(c.unit) = 'tokens'
  and coalesce(c.per, 'week') = 'week'
union all
select c.id, o.id, o.source_id, o.value, o.period, o.raw_name
from claims c
join claim_periods cp on cp.claim_id = c.id
join observations o on o.entity_id = c.entity_id and o.metric = 'price'
where c.metric = 'price' and c.entity_id is not null and o.variant is null
  and lower(o.unit) = lower(c.unit) and coalesce(o.per, '') = coalesce(c.per, '')
  and (c.token_kind is null or o.token_kind = c.token_kind)
  and case when cp.period_start is null then
        not exists (select 1 from observations n where {_LATER})
        and coalesce(json_extract(o.extra, '$.to_date') > date('now'), 1)
      else
        (o.period is null or o.period <= cp.period_end)
        and coalesce(json_extract(o.extra, '$.to_date') > cp.period_start, 1)
        and not exists (select 1 from observations n where {_LATER} and n.period <= cp.period_start)
      end
"""

_REFRESH_WEEKLY = f"""
insert into weekly_tokens (source_id, entity_id, raw_name, week, tokens, partial, days, basis)
select o.source_id, o.entity_id, o.raw_name, o.period, o.value, o.partial, 7, 'weekly'
from observations o
where o.metric = 'token_volume' and o.variant is null and o.per = 'week'
  and o.period glob '[0-9][0-9][0-9][0-9]-W[0-9][0-9]' and {_LATEST_REVISION}
union all
select o.source_id, max(o.entity_id), o.raw_name, {_iso_week('o.period')}, sum(o.value),
  max(o.partial) = 1 or count(*) < 7, count(*), 'daily'
from observations o
where o.metric = 'token_volume' and o.variant is null and o.per = 'day'
  and o.period glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' and {_LATEST_REVISION}
group by o.source_id, o.raw_name, {_iso_week('o.period')}
"""

_REFRESH_CHECKS = f"""
insert into claim_check_results (claim_id, verdict, observation_id, source_id, observed_value,
  observed_period, observed_as, difference_pct, candidates, checked_at)
select c.id,
  case when b.claim_id is null then 'no data' when b.ok then 'agrees' else 'disagrees' end,
  b.observation_id, b.source_id, b.observed_value, b.observed_period, b.observed_as,
  round(b.diff * 100, 2), coalesce(b.candidates, 0), :now
from claims c
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
      from temp.claim_check_candidates cc join claims c2 on c2.id = cc.claim_id
    ) k
  ) where rank_ = 1
) b on b.claim_id = c.id
where c.metric in ('token_volume', 'price') and c.entity_id is not null
"""


def refresh(db: Database) -> dict[str, int]:
    """Rebuild ``weekly_tokens`` and ``claim_check_results`` from the current
    observations and claims (one transaction); returns their row counts."""
    from kb.db import now

    with db.atomic():
        db.execute("delete from weekly_tokens")
        db.execute(_REFRESH_WEEKLY)
        db.execute("drop table if exists temp.claim_check_candidates")
        from kb.entities import resolve

        openrouter = resolve(db, "OpenRouter", "platform")
        db.execute(f"create temp table claim_check_candidates as {_CANDIDATES}", {"openrouter": openrouter})
        db.execute("delete from claim_check_results")
        db.execute(_REFRESH_CHECKS, {"now": now()})
        db.execute("drop table temp.claim_check_candidates")
    return {
        "weekly_tokens": db.execute("select count(*) from weekly_tokens").fetchone()[0],
        "claim_check_results": db.execute("select count(*) from claim_check_results").fetchone()[0],
    }


def create_views(db: Database) -> None:
    """(Re)create the leaderboard views and rebuild the tables they read
    (:func:`refresh`); idempotent, meant to run after migrations and after
    each crawl/extract."""
    with db.atomic():
        for name in ("claim_check_candidates", *reversed(list(VIEWS))):
            db.execute(f"drop view if exists {name}")
        for name, sql in VIEWS.items():
            db.execute(f"create view {name} as {sql}")
    refresh(db)
