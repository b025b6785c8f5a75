"""Row counts and recent runs, for ``claimwatch stats``."""

from __future__ import annotations

from sqlite_utils import Database

TABLES = ("sources", "documents", "claims", "snapshots", "observations", "entities", "fetch_errors", "crawl_runs")


def stats_lines(db: Database) -> list[str]:
    lines = []
    counts = {t: db[t].count for t in TABLES if db[t].exists()}
    lines.append(", ".join(f"{n} {t}" for t, n in counts.items()))
    for metric, n in db.execute(
        "select metric, count(*) from claims group by metric order by count(*) desc"
    ).fetchall():
        lines.append(f"  claims {metric}: {n}")
    for row in db.execute(
        "select id, command, started_at, status, message from crawl_runs order by id desc limit 5"
    ).fetchall():
        lines.append("run {}: {} {} {} {}".format(*row))
    return lines
