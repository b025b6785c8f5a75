"""Lineage of claims: who reported a figure first, who repeated it, who disagrees.

:func:`refresh` recomputes three derived tables from ``claims`` (it is called
after each extraction; the full-text indexes ``documents_fts`` and
``claims_fts`` are kept current by triggers, see ``m003_lineage``):

``clusters``
    The same claim reported by several documents: claims with the same
    *key* (entity, else the subject as written; metric; unit; per; token
    kind; period) whose values lie within :data:`TOLERANCE` of each other,
    from at least two documents.  A cluster keeps its first-seen document and
    date and its number of independent sources (distinct sites).  Its id is
    its first claim's id, so its page keeps its URL across refreshes.
``cluster_claims``
    Each member claim, its site and date, and -- when the outlet says where
    the number comes from ("according to QuantumBit") and that source is in
    the cluster too -- the document it cites.
``disagreements``
    Groups of token volumes, prices or counts with the same key whose values
    cannot both be right: their ranges (a value within tolerance; "over X" is
    [X, inf); "up to X" is (-inf, X]) do not overlap, and no document states
    both.  One row per pair of value groups, the first claim of each side by
    side.

A claim's period is its ``as_of`` normalised, else the month its document
was published, so undated figures from different months are not compared.

In the same transaction :func:`refresh` also recounts ``facet_counts`` (the
whole-table facet values Datasette shows on unfiltered pages; see
:data:`FACET_COLUMNS`).
"""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import groupby
from urllib.parse import urlsplit

from sqlite_utils import Database

#: Relative difference under which two values are the same figure.
TOLERANCE = 0.05
#: Relative half-width of an "about X" claim's range.
APPROX_TOLERANCE = 0.15
#: Columns whose whole-table value counts ``facet_counts`` keeps (Datasette's
#: default facets of these tables, see kb/datasette/metadata.yml).
FACET_COLUMNS = {
    "claims": ("metric", "unit", "entity_id", "source_id", "qualifier", "year"),
    "documents": ("site_name", "kind", "source_id", "language"),
}
#: Metrics whose key (subject, unit, per, token kind, period) pins one quantity
#: down well enough that two values are a disagreement.  Shares, growth rates,
#: money and ratios of one subject are often of different things ("35% of
#: tokens", "51% of revenue"), so they are clustered but never set against
#: each other.
DISAGREEMENT_METRICS = ("token_volume", "price", "count")
#: At most this many disagreeing pairs are listed per key.
MAX_PAIRS_PER_KEY = 45

CLAIMS_SQL = """
select c.id, c.document_id, c.metric, lower(coalesce(c.unit, '')) as unit,
       coalesce(c.per, '') as per, coalesce(c.token_kind, '') as token_kind,
       coalesce(c.period, substr(d.published_at, 1, 7), '') as period,
       c.entity_id, c.subject, c.value, c.qualifier, c.attributed_to, c.quote,
       coalesce(d.published_at, d.first_seen) as seen_at, d.first_seen,
       d.site_name, d.url, s.name as source_name
from claims c
join documents d on d.id = c.document_id
left join sources s on s.id = d.source_id
where c.value is not null and c.metric is not null
"""

_POSSESSIVE = re.compile(r"['’]s\b")
_NON_WORD = re.compile(r"[^\w.%$]+")


@lru_cache(maxsize=200_000)
def subject_key(entity_id: int | None, subject: str | None) -> str | None:
    """What a claim is about, as a key: its entity, else its normalised subject."""
    if entity_id is not None:
        return f"entity:{entity_id}"
    if not subject:
        return None
    s = _POSSESSIVE.sub("", subject.lower())
    s = _NON_WORD.sub(" ", s).strip()
    if s.startswith("the "):
        s = s[4:]
    return f"subject:{s}" if s else None


def site_of(site_name: str | None, url: str | None) -> str:
    """An outlet: its site name, else the URL's host without www."""
    if site_name and site_name.strip():
        return site_name.strip()
    host = (urlsplit(url or "").hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


@lru_cache(maxsize=100_000)
def _norm_name(text: str | None) -> str:
    return re.sub(r"[^a-z0-9]+", "", (text or "").lower())


def claim_range(value: float, qualifier: str | None) -> tuple[float, float]:
    """The values a claim allows (see the module docstring)."""
    if qualifier == "at_least":
        return value, float("inf")
    if qualifier == "at_most":
        return float("-inf"), value
    tol = APPROX_TOLERANCE if qualifier == "approx" else TOLERANCE
    return value - abs(value) * tol, value + abs(value) * tol


def same_figure(anchor: float, value: float, tolerance: float = TOLERANCE) -> bool:
    return abs(value - anchor) <= tolerance * max(abs(anchor), abs(value))


@dataclass
class Group:
    """Claims of one key whose values are within tolerance of the smallest."""

    rows: list[dict] = field(default_factory=list)

    @cached_property
    def first(self) -> dict:
        return min(self.rows, key=lambda r: (r["seen_at"] or "", r["id"]))

    @cached_property
    def id(self) -> int:
        return self.first["id"]

    @cached_property
    def document_ids(self) -> frozenset:
        return frozenset(r["document_id"] for r in self.rows)

    @cached_property
    def documents(self) -> int:
        return len(self.document_ids)

    @cached_property
    def range(self) -> tuple[float, float]:
        ranges = [claim_range(r["value"], r["qualifier"]) for r in self.rows]
        return min(lo for lo, _ in ranges), max(hi for _, hi in ranges)

    @cached_property
    def detected_at(self) -> str:
        """When claimwatch first fetched a document stating this figure."""
        return min((r["first_seen"] or "") for r in self.rows)


def value_groups(rows: list[dict], tolerance: float = TOLERANCE) -> list[Group]:
    """Split one key's claims into groups of the same figure."""
    groups: list[Group] = []
    anchor = None
    for row in sorted(rows, key=lambda r: (r["value"], r["id"])):
        if anchor is None or not same_figure(anchor, row["value"], tolerance):
            groups.append(Group())
            anchor = row["value"]
        groups[-1].rows.append(row)
    return groups


def _cluster_rows(key_subject: str | None, group: Group) -> tuple[dict, list[dict]]:
    first = group.first
    members = sorted(group.rows, key=lambda r: (r["seen_at"] or "", r["id"]))
    sites_by_name: dict[str, int] = {}
    for m in members:
        for name in (m["site"], m["site_name"], m["source_name"]):
            n = _norm_name(name)
            if n and n not in sites_by_name:
                sites_by_name[n] = m["document_id"]
    member_rows = []
    for m in members:
        cites = None
        said = _norm_name(m["attributed_to"])
        if said:
            for name, doc_id in sites_by_name.items():
                if doc_id != m["document_id"] and (said in name or name in said):
                    cites = doc_id
                    break
        member_rows.append(
            {
                "claim_id": m["id"],
                "cluster_id": group.id,
                "document_id": m["document_id"],
                "site": m["site"],
                "seen_at": m["seen_at"],
                "is_first": int(m["id"] == first["id"]),
                "cites_document_id": cites,
            }
        )
    attributions = Counter(m["attributed_to"] for m in members if m["attributed_to"])
    values = [m["value"] for m in members]
    subject = first["subject"] or key_subject
    period = first["period"] or None
    cluster = {
        "id": group.id,
        "label": f"{subject or '?'}: {first['quote']} ({first['metric']}"
        + (f", {period}" if period else "") + ")",
        "subject": subject,
        "entity_id": first["entity_id"],
        "metric": first["metric"],
        "value": first["value"],
        "unit": first["unit"] or None,
        "per": first["per"] or None,
        "token_kind": first["token_kind"] or None,
        "period": period,
        "min_value": min(values),
        "max_value": max(values),
        "claims": len(members),
        "documents": group.documents,
        "sources": len({m["site"].lower() for m in members}),
        "first_claim_id": first["id"],
        "first_document_id": first["document_id"],
        "first_seen": first["seen_at"],
        "last_seen": max((m["seen_at"] or "") for m in members) or None,
        "attributed_to": attributions.most_common(1)[0][0] if attributions else None,
    }
    return cluster, member_rows


def _disagreement_rows(groups: list[Group]) -> list[dict]:
    out = []
    for i, a in enumerate(groups):
        for b in groups[i + 1 :]:
            lo_a, hi_a = a.range
            lo_b, hi_b = b.range
            if hi_a >= lo_b and hi_b >= lo_a:
                continue  # the two ranges overlap: both can be right
            if a.document_ids & b.document_ids:
                continue  # one document stating both: two quantities, not a dispute
            fa, fb = a.first, b.first
            small, big = sorted((abs(fa["value"]), abs(fb["value"])))
            subject = fa["subject"] or fb["subject"]
            period = fa["period"] or None
            out.append(
                {
                    "label": f"{subject or '?'}: {fa['quote']} vs {fb['quote']} ({fa['metric']}"
                    + (f", {period}" if period else "") + ")",
                    "subject": subject,
                    "entity_id": fa["entity_id"],
                    "metric": fa["metric"],
                    "unit": fa["unit"] or None,
                    "per": fa["per"] or None,
                    "token_kind": fa["token_kind"] or None,
                    "period": period,
                    "claim_a": fa["id"],
                    "claim_b": fb["id"],
                    "quote_a": fa["quote"],
                    "quote_b": fb["quote"],
                    "value_a": fa["value"],
                    "value_b": fb["value"],
                    "ratio": (big / small) if small else None,
                    "reports_a": a.documents,
                    "reports_b": b.documents,
                    "site_a": fa["site"],
                    "site_b": fb["site"],
                    "cluster_a": a.id,
                    "cluster_b": b.id,
                    "detected_at": max(a.detected_at, b.detected_at) or None,
                }
            )
            if len(out) >= MAX_PAIRS_PER_KEY:
                return out
    return out


def compute(db: Database, tolerance: float = TOLERANCE):
    """(clusters, cluster_claims, disagreements) rows from the current claims."""
    cursor = db.execute(CLAIMS_SQL)
    names = [d[0] for d in cursor.description]
    keyed = []
    sites: dict[int, str] = {}
    for values in cursor:
        row = dict(zip(names, values))
        key_subject = subject_key(row["entity_id"], row["subject"])
        if key_subject is None:
            continue
        site = sites.get(row["document_id"])
        if site is None:
            site = sites[row["document_id"]] = site_of(row["site_name"], row["url"])
        row["site"] = site
        key = (key_subject, row["metric"], row["unit"], row["per"], row["token_kind"], row["period"])
        keyed.append((key, row))
    keyed.sort(key=lambda kr: kr[0])
    clusters, members, disagreements = [], [], []
    for key, items in groupby(keyed, key=lambda kr: kr[0]):
        rows = [r for _, r in items]
        groups = value_groups(rows, tolerance)
        for group in groups:
            if group.documents >= 2:
                cluster, member_rows = _cluster_rows(key[0].split(":", 1)[1], group)
                clusters.append(cluster)
                members.extend(member_rows)
        if len(groups) > 1 and key[1] in DISAGREEMENT_METRICS:
            disagreements.extend(_disagreement_rows(groups))
    return clusters, members, disagreements


def _insert(db: Database, table: str, rows: list[dict]) -> None:
    if not rows:
        return
    cols = list(rows[0])
    sql = 'INSERT INTO "{}" ({}) VALUES ({})'.format(
        table, ", ".join(f'"{c}"' for c in cols), ", ".join("?" * len(cols))
    )
    db.conn.executemany(sql, [[r[c] for c in cols] for r in rows])


def refresh(db: Database, *, tolerance: float = TOLERANCE) -> dict:
    """Recompute clusters, disagreements and facet counts from the claims, in one transaction.

    Returns counts: ``{"clusters", "cluster_claims", "disagreements", "seconds"}``.
    """
    started = time.perf_counter()
    clusters, members, disagreements = compute(db, tolerance)
    with db.atomic():
        db.execute("DELETE FROM disagreements")
        db.execute("DELETE FROM cluster_claims")
        db.execute("DELETE FROM clusters")
        _insert(db, "clusters", clusters)
        _insert(db, "cluster_claims", members)
        _insert(db, "disagreements", disagreements)
        refresh_facet_counts(db)
    return {
        "clusters": len(clusters),
        "cluster_claims": len(members),
        "disagreements": len(disagreements),
        "seconds": round(time.perf_counter() - started, 3),
    }


def refresh_facet_counts(db: Database) -> None:
    """Recount the values of :data:`FACET_COLUMNS` into ``facet_counts``."""
    db.execute("DELETE FROM facet_counts")
    for table, columns in FACET_COLUMNS.items():
        for column in columns:
            db.execute(
                f'INSERT INTO facet_counts (table_name, column_name, value, count)'
                f' SELECT ?, ?, "{column}", count(*) FROM "{table}"'
                f' WHERE "{column}" IS NOT NULL GROUP BY "{column}"',
                [table, column],
            )


def fts_terms(db: Database, fts_table: str, min_rows: int, max_rows: int, limit: int = 5) -> list[str]:
    """Indexed terms of ``fts_table`` found in between ``min_rows`` and
    ``max_rows`` rows (to pick realistic searches, e.g. for a benchmark)."""
    if fts_table not in ("documents_fts", "claims_fts"):
        raise ValueError(fts_table)
    db.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{fts_table}_terms USING fts5vocab(main, {fts_table}, row)")
    return [
        r[0] for r in db.execute(
            f"SELECT term FROM temp.{fts_table}_terms WHERE doc BETWEEN ? AND ?"
            " AND term GLOB '[a-z][a-z][a-z]*' ORDER BY doc DESC LIMIT ?",
            [min_rows, max_rows, limit],
        )
    ]


def search_claims(db: Database, query: str, limit: int = 50) -> list[dict]:
    """Claims whose sentence matches an FTS5 query, best first."""
    return list(
        db.query(
            "select c.* from claims_fts f join claims c on c.id = f.rowid"
            " where claims_fts match ? order by rank limit ?",
            [query, limit],
        )
    )

