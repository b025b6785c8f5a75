"""Epoch AI's data CSVs (CC BY 4.0), told apart by their header.

* ``eci_scores.csv`` (Epoch Capabilities Index): ``Model, Display name, eci,
  eci_ci_low, eci_ci_high, date, Organization, Country (of organization), ...``.
  ``other`` unit ``point`` variant ``eci``, ``state`` (period: the fetch day);
  the CI, release ``date`` and accessibility go to ``extra``.  Scores come
  as full-precision floats (2025) or rounded to 2 places (2026); both parse
  (kept as written).  Organisation and country feed the entity catalog.
* ``ai_companies_usage_reports.csv``: per report row, ``Daily tokens`` ->
  ``token_volume`` per ``day``; ``Daily messages`` -> ``count`` ``message``
  per ``day``; ``Active users`` -> ``count`` ``user`` with variant
  ``monthly_active`` / ``weekly_active`` / ``daily_active``.  Period: the
  ``Date`` the figure refers to.  The entity is the ``Product`` (a
  ``platform`` under its company) unless it names all products / the API, in
  which case it is the ``Company``.
* ``ai_companies_compute_spend.csv``: ``money`` ``USD`` per ``year``, variant
  ``total_compute`` / ``inference_compute`` / ``rnd_compute`` (from those
  columns, else ``compute_spend`` from ``Amount``), entity the company,
  period the year (``2024``) for ``Year`` rows, else the day.

Dates come as ``YYYY-MM-DD`` (live files) or ``M/D/YYYY`` (re-saved copies);
numbers as ``50000000.0``, ``50000000`` or ``1.33E+11``.  Quoted fields may
hold newlines, so this reads with the csv module.
"""

from __future__ import annotations

import csv
import io

from crawler.leaderboards.base import (
    EntityHint,
    LeaderboardError,
    LeaderboardPage,
    Observation,
    decimal_or_none,
    fetch_day,
    iso_day,
)

LICENCE = "CC BY 4.0"
ATTRIBUTION = "Source: Epoch AI (epoch.ai/data), CC BY 4.0"

#: Epoch's country names -> ISO 3166 alpha-2
COUNTRIES = {
    "united states of america": "US", "united states": "US", "usa": "US",
    "china": "CN", "france": "FR", "canada": "CA", "germany": "DE", "israel": "IL",
    "united kingdom of great britain and northern ireland": "GB", "united kingdom": "GB",
    "united arab emirates": "AE", "japan": "JP", "south korea": "KR", "korea (republic of)": "KR",
    "republic of korea": "KR", "singapore": "SG", "india": "IN", "switzerland": "CH",
}
USER_PERIODS = {"monthly": "monthly_active", "weekly": "weekly_active", "daily": "daily_active"}
SPEND_COLUMNS = {
    "Total compute spend": "total_compute",
    "Inference compute spend": "inference_compute",
    "R&D compute spend": "rnd_compute",
}


def country_code(value: str | None) -> str | None:
    """The first country of an Epoch ``Country`` cell as ISO alpha-2 (or None)."""
    if not value:
        return None
    first = value.split(",")[0].strip().lower()
    return COUNTRIES.get(first)


def parse(body: bytes, *, url: str, fetched_at: str, content_type: str | None = None) -> LeaderboardPage:
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LeaderboardError(f"{url}: not UTF-8 CSV ({exc})") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    cols = set(reader.fieldnames or [])
    page = LeaderboardPage(format="epoch", url=url, fetched_at=fetched_at, as_of=fetch_day(fetched_at))
    if {"Model", "eci"} <= cols:
        _eci(reader, page)
    elif {"Company", "Date"} <= cols and ("Daily tokens" in cols or "Active users" in cols):
        _usage(reader, page)
    elif {"Company", "Date", "Amount"} <= cols:
        _spend(reader, page)
    else:
        raise LeaderboardError(
            f"{url}: not a known Epoch CSV (no 'Model'+'eci', 'Company'+'Daily tokens' or "
            f"'Company'+'Amount' columns; header: {reader.fieldnames})"
        )
    return page


def _company(page: LeaderboardPage, org: str | None, country: str | None = None) -> str | None:
    if not org or not org.strip():
        return None
    org = org.split(",")[0].strip()
    page.entities.append(EntityHint(org, "provider", country=country))
    return org


def _eci(reader: csv.DictReader, page: LeaderboardPage) -> None:
    for i, row in enumerate(reader):
        where = f"{page.url}: row {i + 2}"
        name = (row.get("Model") or "").strip()
        if not name:
            raise LeaderboardError(f"{where}: missing field 'Model'")
        score = decimal_or_none(row.get("eci"))
        if score is None:
            raise LeaderboardError(f"{where} ({name}): field 'eci' is not a number: {row.get('eci')!r}")
        country = country_code(row.get("Country (of organization)"))
        org = _company(page, row.get("Organization"), country)
        extra = {"release_date": iso_day(row.get("date"))}
        for k in ("eci_ci_low", "eci_ci_high"):
            v = decimal_or_none(row.get(k))
            if v is not None:
                extra[k] = float(v)
        for k in ("Model accessibility", "Accessibility group", "Organization", "Country (of organization)"):
            if row.get(k):
                extra[k] = row[k]
        page.observations.append(Observation(
            entity=name, entity_kind="model", metric="other", value=score, unit="point",
            variant="eci", period=page.as_of, state=True, extra=extra,
        ))
        display = (row.get("Display name") or "").strip()
        page.entities.append(EntityHint(
            name, "model", aliases=[display] if display and display != name else [],
            parent=org, parent_kind="provider" if org else None, country=country,
        ))


def _generic_product(product: str) -> bool:
    """``All products``, ``Google (all AI products)``, ``API``, ``Chat and API for ...``."""
    p = product.lower()
    return not p or p == "api" or "all products" in p or "all ai products" in p \
        or p.startswith(("all ", "chat and api"))


def _subject(page: LeaderboardPage, row: dict) -> tuple[str, str] | None:
    company = _company(page, row.get("Company"))
    product = (row.get("Product") or "").strip()
    if _generic_product(product):
        return (company, "provider") if company else None
    page.entities.append(EntityHint(product, "platform", parent=company,
                                    parent_kind="provider" if company else None))
    return product, "platform"


def _usage(reader: csv.DictReader, page: LeaderboardPage) -> None:
    for i, row in enumerate(reader):
        where = f"{page.url}: row {i + 2}"
        day = iso_day(row.get("Date"))
        if day is None:
            raise LeaderboardError(f"{where} ({row.get('Id')}): field 'Date' is not a date: {row.get('Date')!r}")
        subject = _subject(page, row)
        if subject is None:
            raise LeaderboardError(f"{where} ({row.get('Id')}): missing field 'Company'")
        entity, kind = subject
        extra = {k: row[k] for k in ("Id", "Report date", "Source 1", "Confidence", "Source type", "Product")
                 if row.get(k)}
        if extra.get("Report date"):
            extra["Report date"] = iso_day(extra["Report date"]) or extra["Report date"]
        common = dict(entity=entity, entity_kind=kind, period=day, extra=extra)
        tokens = decimal_or_none(row.get("Daily tokens"))
        if tokens is not None:
            page.observations.append(Observation(metric="token_volume", value=tokens, unit="tokens",
                                                 per="day", **common))
        messages = decimal_or_none(row.get("Daily messages"))
        if messages is not None:
            page.observations.append(Observation(metric="count", value=messages, unit="message",
                                                 per="day", **common))
        users = decimal_or_none(row.get("Active users"))
        if users is not None:
            span = (row.get("Active users time period") or "").strip().lower()
            page.observations.append(Observation(metric="count", value=users, unit="user",
                                                 variant=USER_PERIODS.get(span, "active"), **common))


def _spend(reader: csv.DictReader, page: LeaderboardPage) -> None:
    for i, row in enumerate(reader):
        where = f"{page.url}: row {i + 2}"
        day = iso_day(row.get("Date"))
        if day is None:
            raise LeaderboardError(f"{where} ({row.get('Id')}): field 'Date' is not a date: {row.get('Date')!r}")
        company = _company(page, row.get("Company"))
        if company is None:
            raise LeaderboardError(f"{where} ({row.get('Id')}): missing field 'Company'")
        ptype = (row.get("Period type") or "").strip().lower()
        period = day[:4] if ptype == "year" else day
        extra = {k: row[k] for k in ("Id", "Category", "Period type", "Report date", "Confidence")
                 if row.get(k)}
        found = False
        for col, variant in SPEND_COLUMNS.items():
            v = decimal_or_none(row.get(col))
            if v is not None:
                found = True
                page.observations.append(Observation(
                    entity=company, entity_kind="provider", metric="money", value=v, unit="USD",
                    per="year", variant=variant if ptype != "annualized" else f"{variant}:annualized",
                    period=period, extra=extra,
                ))
        amount = decimal_or_none(row.get("Amount"))
        if not found and amount is not None:
            page.observations.append(Observation(
                entity=company, entity_kind="provider", metric="money", value=amount, unit="USD",
                per="year", variant="compute_spend", period=period, extra=extra,
            ))
