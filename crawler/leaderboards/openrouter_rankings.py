"""OpenRouter's daily rankings export (CC BY 4.0), and the keyed Data API.

The source ``url`` is the export catalogue
(``https://openrouter.ai/api/v1/datasets/exports/index.json``); each response
says where to go next (``LeaderboardPage.follow``):

    index.json  -> rankings-daily ``latest_manifest_url``
    manifest    -> the dated CSV (``files.csv.url``; JSON if there is no CSV)
    CSV / JSON  -> observations

Data rows are ``date, model_permaslug, rank, total_tokens,
share_of_daily_tokens``: the top 50 models of each UTC day plus an ``other``
row (kept as an ``aggregate`` total, not a model).  Per row:

* ``token_volume`` ``tokens`` per ``day``, period the day;
* ``share`` ``%`` of that day's tokens (``0.2187`` -> ``21.87``), variant
  ``daily_tokens``;
* the rank goes into ``extra``.

A day that had not ended at fetch time is ``partial``.  The export is a
trailing 30-day window whose newest days are revised; a revised value is
stored again (see ``kb.observations.store_page``).  The keyed API
(``/api/v1/datasets/rankings-daily``: ``{"data": [{date, model_permaslug,
total_tokens: "<string>"}], "meta": {...}}``) parses the same way.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from urllib.parse import urljoin

from crawler.leaderboards.base import (
    EntityHint,
    LeaderboardError,
    LeaderboardPage,
    Observation,
    author_of,
    day_end,
    decimal_or_none,
    iso_day,
    load_json,
    normal,
    parse_instant,
)

LICENCE = "CC BY 4.0"
ATTRIBUTION = "Source: OpenRouter (openrouter.ai/rankings)"
DATASET = "rankings-daily"
AGGREGATES = {"other", "others"}
COLUMNS = ("date", "model_permaslug", "total_tokens")


def parse(body: bytes, *, url: str, fetched_at: str, content_type: str | None = None) -> LeaderboardPage:
    page = LeaderboardPage(format="openrouter-rankings", url=url, fetched_at=fetched_at)
    text_start = body.lstrip()[:1]
    if text_start in (b"{", b"["):
        data = load_json(body, url)
        if isinstance(data, dict) and isinstance(data.get("datasets"), list):
            return _index(data, page)
        if isinstance(data, dict) and isinstance(data.get("files"), dict):
            return _manifest(data, page)
        return _json_rows(data, page)
    return _csv_rows(body, page)


def _terms(data: dict, page: LeaderboardPage) -> None:
    lic = data.get("license")
    if isinstance(lic, dict) and lic.get("name"):
        page.licence = lic["name"]
    # the export's own attribution sentence is longer; ours cites the rankings page
    if isinstance(data.get("attribution"), str):
        page.attribution = f"{ATTRIBUTION}. {data['attribution']}"


def _index(data: dict, page: LeaderboardPage) -> LeaderboardPage:
    _terms(data, page)
    page.as_of = data.get("updated_at")
    for ds in data["datasets"]:
        if isinstance(ds, dict) and ds.get("id") == DATASET:
            target = ds.get("latest_manifest_url")
            if not isinstance(target, str) or not target:
                raise LeaderboardError(f"{page.url}: dataset {DATASET!r}: missing field 'latest_manifest_url'")
            page.follow.append(urljoin(page.url, target))
            return page
    raise LeaderboardError(f"{page.url}: no dataset {DATASET!r} in 'datasets'")


def _manifest(data: dict, page: LeaderboardPage) -> LeaderboardPage:
    _terms(data, page)
    page.as_of = data.get("retrieved_at") or data.get("snapshot_date")
    files = data["files"]
    for fmt in ("csv", "json"):
        entry = files.get(fmt)
        if isinstance(entry, dict) and isinstance(entry.get("url"), str):
            page.follow.append(urljoin(page.url, entry["url"]))
            return page
    raise LeaderboardError(f"{page.url}: manifest has no 'files.csv.url' or 'files.json.url'")


def _csv_rows(body: bytes, page: LeaderboardPage) -> LeaderboardPage:
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LeaderboardError(f"{page.url}: not UTF-8 CSV ({exc})") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise LeaderboardError(f"{page.url}: CSV has no column {missing[0]!r} (header: {reader.fieldnames})")
    _rows(list(reader), page, "row")
    return page


def _json_rows(data, page: LeaderboardPage) -> LeaderboardPage:
    rows = data
    if isinstance(data, dict):
        meta = data.get("meta")
        if isinstance(meta, dict):
            page.as_of = meta.get("as_of")
        for key in ("data", "rows"):
            if isinstance(data.get(key), list):
                rows = data[key]
                break
    if not isinstance(rows, list):
        raise LeaderboardError(f"{page.url}: expected a list of rows (or an object with 'data')")
    _rows(rows, page, "data")
    return page


def _rows(rows: list, page: LeaderboardPage, label: str) -> None:
    seen_at = parse_instant(page.fetched_at)
    authors: set[str] = set()
    for i, row in enumerate(rows):
        where = f"{page.url}: {label} {i + 1}"
        if not isinstance(row, dict):
            raise LeaderboardError(f"{where}: expected an object")
        for col in COLUMNS:
            if row.get(col) in (None, ""):
                raise LeaderboardError(f"{where}: missing field {col!r}")
        day = iso_day(row["date"])
        if day is None:
            raise LeaderboardError(f"{where}: field 'date' is not a date: {row['date']!r}")
        tokens = decimal_or_none(row["total_tokens"])
        if tokens is None:
            raise LeaderboardError(f"{where}: field 'total_tokens' is not a number: {row['total_tokens']!r}")
        slug = str(row["model_permaslug"]).strip()
        aggregate = slug.lower() in AGGREGATES
        kind = "aggregate" if aggregate else ("variant" if ":" in slug else "model")
        partial = day_end(day) > seen_at
        extra = {}
        rank = decimal_or_none(row.get("rank"))
        if rank is not None:
            extra["rank"] = int(rank)
        page.observations.append(Observation(
            entity=slug, entity_kind=kind, metric="token_volume", value=tokens, unit="tokens",
            per="day", period=day, partial=partial, extra=extra,
        ))
        share = decimal_or_none(row.get("share_of_daily_tokens"))
        if share is not None:
            page.observations.append(Observation(
                entity=slug, entity_kind=kind, metric="share", value=normal(share * Decimal(100)),
                unit="%", variant="daily_tokens", period=day, partial=partial, extra=extra,
            ))
        if aggregate:
            continue
        author = author_of(slug)
        base = slug.split(":", 1)[0]
        if author:
            authors.add(author)
        page.entities.append(EntityHint(base, "model", parent=author, parent_kind="provider" if author else None))
        if base != slug:
            page.entities.append(EntityHint(slug, "variant", parent=base, parent_kind="model"))
    page.entities[:0] = [EntityHint(a, "provider") for a in sorted(authors)]
    if any(o.entity_kind == "aggregate" for o in page.observations):
        page.entities.append(EntityHint("other", "aggregate"))
