"""llm-prices.com (Simon Willison): ``current-v1.json`` and ``historical-v1.json``.

Also reads the repository's per-vendor ``data/<vendor>.json`` files
(``{"vendor", "models": [{"id", "name", "price_history": [...]}]}``).
Prices are already USD per 1M tokens (JSON numbers, kept exactly via
``repr`` -> ``Decimal``): ``input`` / ``output`` token kinds, and
``input_cached`` as token_kind ``input`` variant ``cache_read``.

* current: ``{"updated_at", "prices": [{id, vendor, name, input, output,
  input_cached}]}``: ``state`` values, period ``updated_at`` (else the fetch
  day); a new row only when a price changes.
* historical (and vendor files): each price holds from ``from_date``
  (inclusive) to ``to_date`` (exclusive; null = open): period ``from_date``,
  ``extra.to_date``.  A null ``from_date`` ("since the start of the record")
  gets period ``None``.
"""

from __future__ import annotations

from crawler.leaderboards.base import (
    EntityHint,
    LeaderboardError,
    LeaderboardPage,
    Observation,
    decimal_or_none,
    fetch_day,
    iso_day,
    load_json,
)

LICENCE = "Apache-2.0 (simonw/llm-prices)"
ATTRIBUTION = "Source: llm-prices.com by Simon Willison"

FIELDS = {"input": ("input", None), "output": ("output", None), "input_cached": ("input", "cache_read")}


def parse(body: bytes, *, url: str, fetched_at: str, content_type: str | None = None) -> LeaderboardPage:
    data = load_json(body, url)
    page = LeaderboardPage(format="llm-prices", url=url, fetched_at=fetched_at)
    if isinstance(data, dict) and isinstance(data.get("prices"), list):
        rows = data["prices"]
        historical = any(isinstance(r, dict) and ("from_date" in r or "to_date" in r) for r in rows)
        page.as_of = iso_day(data.get("updated_at")) or fetch_day(fetched_at)
        for i, row in enumerate(rows):
            _row(row, page, f"{url}: prices[{i}]", row.get("vendor") if isinstance(row, dict) else None,
                 historical)
    elif isinstance(data, dict) and isinstance(data.get("models"), list):
        vendor = data.get("vendor")
        page.as_of = fetch_day(fetched_at)
        for i, m in enumerate(data["models"]):
            where = f"{url}: models[{i}]"
            if not isinstance(m, dict) or not isinstance(m.get("price_history"), list):
                raise LeaderboardError(f"{where}: missing field 'price_history'")
            for j, ph in enumerate(m["price_history"]):
                if not isinstance(ph, dict):
                    raise LeaderboardError(f"{where}.price_history[{j}]: expected an object")
                _row({**ph, "id": m.get("id"), "name": m.get("name")}, page,
                     f"{where}.price_history[{j}]", vendor, True)
    else:
        raise LeaderboardError(f"{url}: expected an object with a 'prices' list (or a vendor 'models' list)")
    return page


def _row(row, page: LeaderboardPage, where: str, vendor, historical: bool) -> None:
    if not isinstance(row, dict):
        raise LeaderboardError(f"{where}: expected an object")
    model = row.get("id")
    if not isinstance(model, str) or not model:
        raise LeaderboardError(f"{where}: missing field 'id'")
    if historical:
        period = iso_day(row.get("from_date"))
        extra = {"to_date": iso_day(row.get("to_date")), "from_date": iso_day(row.get("from_date"))}
        state = False
    else:
        period, extra, state = page.as_of, {}, True
    if vendor:
        extra["vendor"] = vendor
    for field, (token_kind, variant) in FIELDS.items():
        value = decimal_or_none(row.get(field))
        if value is None or value < 0:
            continue
        page.observations.append(Observation(
            entity=model, entity_kind="model", metric="price", value=value, unit="USD",
            per="1M tokens", token_kind=token_kind, variant=variant, period=period, state=state,
            extra=dict(extra),
        ))
    name = row.get("name") if isinstance(row.get("name"), str) else None
    page.entities.append(EntityHint(
        model, "model", aliases=[name] if name and name != model else [],
        parent=vendor, parent_kind="provider" if vendor else None,
    ))
    if vendor:
        page.entities.append(EntityHint(vendor, "provider"))
