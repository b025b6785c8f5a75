"""What every leaderboard parser returns, and the small helpers they share.

A parser is a pure function ``(body, *, url, fetched_at, content_type) ->
LeaderboardPage``: no network, no database.  Its observations use the claim
vocabulary of ``CLAIMS.md`` so that a claim and a data point compare directly:

* ``metric``: ``token_volume``, ``price``, ``share``, ``count``, ``money``,
  ``other`` (a rating, an index, a context window);
* ``unit``: ``tokens``, ``USD``, ``%``, ``token``, ``elo``, ``point``, ...;
* ``per``: ``day``, ``week``, ``1M tokens``, ...;
* ``token_kind``: ``input``, ``output`` or ``blended`` for prices, else None.

What the vocabulary cannot say goes into ``variant`` (part of the row's
identity) and ``extra`` (free JSON, not part of it):

* cache prices keep ``token_kind = "input"`` (as CLAIMS.md settles it) with
  ``variant = "cache_read"`` / ``"cache_write"`` / ``"cache_write_1h"``;
* tiered prices carry ``variant = "above_<N>_tokens"``, batch/priority prices
  in a price list that has no separate model id ``variant = "batch"`` /
  ``"priority"``;
* distinct ``other`` measures are told apart by the variant too:
  ``context_length``, ``arena:text``, ``eci``, ``aa_intelligence_index``...

Periods (``Observation.period``), matching how claims normalise ``as_of``:

* a day is ``2026-09-22``;
* a week is the ISO week ``2026-W38`` (the feeds' Monday dates converted);
* a month is ``2026-05``.

``state=True`` marks a value that describes "how things are now" (a price
list, a context window): its period is the day it was seen (or the price's
effective date), and the store keeps a new row only when the value changes.
Other observations hold for their own period (tokens on a day, a rating on a
publish date) and are stored once per period, again when revised.
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Iterable


class LeaderboardError(ValueError):
    """A response that cannot be read; the message is one line naming the URL
    and the field at fault."""


@dataclass
class Observation:
    entity: str  # as the source names it
    entity_kind: str  # model, variant, provider, platform, country, aggregate
    metric: str
    value: float | Decimal
    unit: str
    period: str
    per: str | None = None
    token_kind: str | None = None
    variant: str | None = None
    partial: bool = False
    state: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def key(self) -> tuple:
        return (self.entity, self.metric, self.token_kind, self.variant, self.period)


@dataclass
class EntityHint:
    """What a source tells about an entity: its names and its place."""

    name: str
    kind: str  # model, variant, provider, platform, country, aggregate
    aliases: list[str] = field(default_factory=list)
    parent: str | None = None  # model -> provider, variant -> model
    parent_kind: str | None = None
    country: str | None = None  # ISO 3166 alpha-2 where known (CN, US, FR...)
    url: str | None = None


@dataclass
class LeaderboardPage:
    format: str
    url: str
    fetched_at: str
    observations: list[Observation] = field(default_factory=list)
    entities: list[EntityHint] = field(default_factory=list)
    follow: list[str] = field(default_factory=list)
    licence: str | None = None
    attribution: str | None = None
    as_of: str | None = None  # the data's own date, when the source gives one


# -- helpers -----------------------------------------------------------------

MILLION = Decimal(1_000_000)


def load_json(body: bytes, url: str) -> Any:
    try:
        return json.loads(body)
    except (UnicodeDecodeError, ValueError) as exc:
        raise LeaderboardError(f"{url}: not valid JSON ({exc})") from None


def decimal_or_none(value: Any) -> Decimal | None:
    """A number from a JSON value (string, int or float) without float noise.

    Floats go through ``repr`` (``2.5e-06`` -> ``Decimal('0.0000025')``), so
    what the source wrote is what is kept.  Empty, null and junk give None.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        value = repr(value)
    try:
        d = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    if not d.is_finite():
        return None
    return d


def per_token_to_per_million(value: Any) -> Decimal | None:
    """USD per token -> USD per 1M tokens, exactly.

    ``"0.000005"`` -> ``Decimal('5')``; ``"0"`` -> 0 (free); ``"-1"`` (or any
    negative: OpenRouter's "dynamic") and junk -> None (not a price).
    """
    d = decimal_or_none(value)
    if d is None or d < 0:
        return None
    return normal(d * MILLION)


def normal(d: Decimal) -> Decimal:
    """``5.000000`` -> ``5``, ``0.50`` -> ``0.5`` (no exponent for integers)."""
    d = d.normalize()
    if d == d.to_integral_value():
        return d.quantize(Decimal(1))
    return d


def iso_day(value: Any) -> str | None:
    """A day from ``2026-09-22``, ``2026-09-22 00:00:00``, ``2026-09-22T..``
    or ``9/22/2026`` (M/D/YYYY); None when not a date."""
    if value is None:
        return None
    s = str(value).strip()
    if not s:
        return None
    try:
        return _dt.date.fromisoformat(s[:10]).isoformat()
    except ValueError:
        pass
    parts = s.split()[0].split("/")
    if len(parts) == 3:
        try:
            m, d, y = (int(p) for p in parts)
            return _dt.date(y if y > 99 else 2000 + y, m, d).isoformat()
        except ValueError:
            return None
    return None


def iso_week(day: str) -> str:
    """``2026-09-21`` -> ``2026-W39`` (ISO year and week)."""
    y, w, _ = _dt.date.fromisoformat(day).isocalendar()
    return f"{y}-W{w:02d}"


def week_end(day: str) -> _dt.datetime:
    """The end (exclusive, UTC) of the week starting on the Monday ``day``."""
    d = _dt.date.fromisoformat(day)
    start = d - _dt.timedelta(days=d.weekday())
    return _dt.datetime.combine(start + _dt.timedelta(days=7), _dt.time(), _dt.timezone.utc)


def day_end(day: str) -> _dt.datetime:
    d = _dt.date.fromisoformat(day)
    return _dt.datetime.combine(d + _dt.timedelta(days=1), _dt.time(), _dt.timezone.utc)


def parse_instant(fetched_at: str) -> _dt.datetime:
    """``fetched_at`` (ISO 8601; naive means UTC) as an aware datetime."""
    try:
        t = _dt.datetime.fromisoformat(fetched_at.replace("Z", "+00:00"))
    except (AttributeError, ValueError):
        raise LeaderboardError(f"fetched_at {fetched_at!r} is not an ISO 8601 time") from None
    if t.tzinfo is None:
        t = t.replace(tzinfo=_dt.timezone.utc)
    return t


def fetch_day(fetched_at: str) -> str:
    return parse_instant(fetched_at).astimezone(_dt.timezone.utc).date().isoformat()


def author_of(model_id: str) -> str | None:
    """The author prefix of an OpenRouter-style id: ``deepseek/deepseek-v3.2`` -> ``deepseek``."""
    model_id = model_id.lstrip("~")
    if "/" not in model_id:
        return None
    return model_id.split("/", 1)[0] or None


def unique_hints(hints: Iterable[EntityHint]) -> list[EntityHint]:
    """Merge hints with the same (kind, name): aliases unioned, first parent/country kept."""
    out: dict[tuple[str, str], EntityHint] = {}
    for h in hints:
        k = (h.kind, h.name)
        if k not in out:
            out[k] = EntityHint(h.name, h.kind, list(dict.fromkeys(h.aliases)), h.parent,
                                h.parent_kind, h.country, h.url)
            continue
        cur = out[k]
        for a in h.aliases:
            if a not in cur.aliases:
                cur.aliases.append(a)
        cur.parent = cur.parent or h.parent
        cur.parent_kind = cur.parent_kind or h.parent_kind
        cur.country = cur.country or h.country
        cur.url = cur.url or h.url
    return list(out.values())
