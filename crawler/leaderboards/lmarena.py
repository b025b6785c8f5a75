"""LMArena (Arena) leaderboards: the Hugging Face dataset rows and the CSVs.

* HF rows (``lmarena-ai/leaderboard-dataset``; a plain JSON list of rows, or
  the datasets-server's ``{"rows": [{"row": {...}}], "num_rows_total"}``, whose
  next ``offset`` page is followed): ``model_name,
  organization, license, rating, rating_lower, rating_upper, variance,
  vote_count, rank, category, leaderboard_publish_date``.  The subset
  (``text``, ``vision``, ``webdev``...) comes from the URL (``config=`` or a
  path part), else ``text``.
* CSV (``rank, rank_stylectrl, model, arena_score, 95_pct_ci, votes,
  organization, license, knowledge_cutoff, url``); the subset from the file
  name (``lmarena_<subset>...csv``).

Per model: ``other`` unit ``point`` (an Elo / Bradley-Terry rating), variant
``arena:<subset>:<category>`` (CSV: category ``overall``), with the CI, rank
and licence in ``extra``; ``count`` ``vote`` with the same variant.  The HF
rows hold for their ``leaderboard_publish_date``; the CSV has no date, so
its values are ``state`` (period: a date in the URL, else the fetch day).
Organisations become ``provider`` entities, the model's parent.
"""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import parse_qs, urlencode, urlparse, urlunparse

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

LICENCE = "CC BY 4.0"
ATTRIBUTION = "Source: LMArena leaderboard dataset (huggingface.co/datasets/lmarena-ai/leaderboard-dataset), CC BY 4.0"
SUBSETS = ("text_style_control", "text_to_image", "text", "vision", "webdev", "search", "agent",
           "image_edit", "image", "video", "copilot")


def _subset(url: str) -> str:
    q = parse_qs(urlparse(url).query)
    if q.get("config"):
        return q["config"][0]
    path = urlparse(url).path.lower()
    m = re.search(r"lmarena_([a-z_]+?)(?:_\d{4}-\d\d-\d\d)?\.csv$", path)
    if m:
        return m.group(1)
    for part in path.split("/"):
        if part in SUBSETS:
            return part
    return "text"


def parse(body: bytes, *, url: str, fetched_at: str, content_type: str | None = None) -> LeaderboardPage:
    page = LeaderboardPage(format="lmarena", url=url, fetched_at=fetched_at)
    subset = _subset(url)
    if body.lstrip()[:1] in (b"[", b"{"):
        data = load_json(body, url)
        rows = data
        if isinstance(data, dict) and isinstance(data.get("rows"), list):
            rows = [r.get("row", r) if isinstance(r, dict) else r for r in data["rows"]]
            nxt = _next_rows_page(url, data, len(rows))
            if nxt:
                page.follow.append(nxt)
        if not isinstance(rows, list):
            raise LeaderboardError(f"{url}: expected a list of rows (or an object with 'rows')")
        _hf_rows(rows, page, subset)
    else:
        _csv(body, page, subset)
    return page


def _next_rows_page(url: str, data: dict, got: int) -> str | None:
    """The datasets-server's next page (``offset``/``length``), while rows remain."""
    total = data.get("num_rows_total")
    if not isinstance(total, int) or got == 0:
        return None
    parts = urlparse(url)
    q = parse_qs(parts.query)
    offset = int((q.get("offset") or ["0"])[0] or 0)
    length = int((q.get("length") or [str(got)])[0] or got)
    if offset + got >= total:
        return None
    q["offset"], q["length"] = [str(offset + got)], [str(length)]
    return urlunparse(parts._replace(query=urlencode(q, doseq=True)))


def _org_hint(org, page: LeaderboardPage) -> str | None:
    if not isinstance(org, str) or not org.strip():
        return None
    org = org.split(",")[0].strip()
    page.entities.append(EntityHint(org, "provider"))
    return org


def _hf_rows(rows: list, page: LeaderboardPage, subset: str) -> None:
    for i, row in enumerate(rows):
        where = f"{page.url}: row {i + 1}"
        if not isinstance(row, dict):
            raise LeaderboardError(f"{where}: expected an object")
        name = row.get("model_name")
        if not isinstance(name, str) or not name:
            raise LeaderboardError(f"{where}: missing field 'model_name'")
        rating = decimal_or_none(row.get("rating"))
        if rating is None:
            raise LeaderboardError(f"{where} ({name}): missing field 'rating'")
        day = iso_day(row.get("leaderboard_publish_date"))
        if day is None:
            raise LeaderboardError(f"{where} ({name}): missing field 'leaderboard_publish_date'")
        category = row.get("category") or "overall"
        variant = f"arena:{subset}:{category}"
        extra = {k: row[k] for k in ("rating_lower", "rating_upper", "rank", "license", "organization")
                 if row.get(k) is not None}
        page.observations.append(Observation(
            entity=name, entity_kind="model", metric="other", value=rating, unit="point",
            variant=variant, period=day, extra=extra,
        ))
        votes = decimal_or_none(row.get("vote_count"))
        if votes is not None:
            page.observations.append(Observation(
                entity=name, entity_kind="model", metric="count", value=votes, unit="vote",
                variant=variant, period=day,
            ))
        org = _org_hint(row.get("organization"), page)
        page.entities.append(EntityHint(name, "model", parent=org, parent_kind="provider" if org else None))


def _csv(body: bytes, page: LeaderboardPage, subset: str) -> None:
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LeaderboardError(f"{page.url}: not UTF-8 CSV ({exc})") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    for col in ("model", "arena_score"):
        if col not in (reader.fieldnames or []):
            raise LeaderboardError(f"{page.url}: CSV has no column {col!r} (header: {reader.fieldnames})")
    m = re.search(r"(\d{4}-\d\d-\d\d)", urlparse(page.url).path)
    day = (m and iso_day(m.group(1))) or fetch_day(page.fetched_at)
    page.as_of = day
    variant = f"arena:{subset}:overall"
    for i, row in enumerate(reader):
        name = (row.get("model") or "").strip()
        if not name:
            raise LeaderboardError(f"{page.url}: row {i + 2}: missing field 'model'")
        score = decimal_or_none(row.get("arena_score"))
        if score is None:
            raise LeaderboardError(f"{page.url}: row {i + 2} ({name}): field 'arena_score' is not a number")
        extra = {k: row[k] for k in ("rank", "rank_stylectrl", "95_pct_ci", "license", "organization")
                 if row.get(k)}
        page.observations.append(Observation(
            entity=name, entity_kind="model", metric="other", value=score, unit="point",
            variant=variant, period=day, state=True, extra=extra,
        ))
        votes = decimal_or_none(row.get("votes"))
        if votes is not None:
            page.observations.append(Observation(
                entity=name, entity_kind="model", metric="count", value=votes, unit="vote",
                variant=variant, period=day, state=True,
            ))
        org = _org_hint(row.get("organization"), page)
        page.entities.append(EntityHint(name, "model", parent=org, parent_kind="provider" if org else None,
                                        url=row.get("url") or None))
