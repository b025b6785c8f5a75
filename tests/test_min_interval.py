"""``min_interval``: a source that asks for one fetch a day is not fetched sooner."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from claimwatch.samplesite import serve
from kb import open_db

ROOT = Path(__file__).resolve().parents[1]

SOURCES = """
[[source]]
name = "prices"
kind = "leaderboard"
format = "litellm"
url = "${CLAIMWATCH_SAMPLE_URL}/litellm/model_prices_and_context_window.json"
min_interval = 20
delay = 0

[[source]]
name = "feed"
kind = "feed"
url = "${CLAIMWATCH_SAMPLE_URL}/feed.xml"
delay = 0
"""


def crawl(sources: Path, db: Path, base: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "claimwatch", "crawl", "--sources", str(sources), "--db", str(db)],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
        env={**os.environ, "CLAIMWATCH_SAMPLE_URL": base},
    )


def test_a_source_is_not_fetched_again_within_its_min_interval(tmp_path):
    sources = tmp_path / "s.toml"
    sources.write_text(SOURCES)
    db = tmp_path / "kb.db"
    with serve() as site:
        first = crawl(sources, db, site.url)
        assert first.returncode == 0, first.stdout + first.stderr
        fetched_first = [r for r in site.requests if "litellm" in r[1]]
        second = crawl(sources, db, site.url)
        fetched_all = [r for r in site.requests if "litellm" in r[1]]
    assert len(fetched_first) == 1
    assert second.returncode == 0, second.stdout + second.stderr
    assert "1 sources skipped" in second.stdout
    assert len(fetched_all) == 1, "the leaderboard was fetched again within its min_interval"
    kb = open_db(db)
    last_error, last_success = kb.execute(
        "select last_error, last_success from sources where name = 'prices'").fetchone()
    assert last_error.startswith("skipped: fetched") and "min_interval is 20 h" in last_error
    assert last_success  # the skip is not a failure
    # an hour-old success with a 0.5 h interval is due again
    kb.execute("update sources set last_success = datetime('now', '-1 hour') || '+00:00' where name = 'prices'")
    kb.execute("update sources set last_success = replace(last_success, ' ', 'T')")
    kb.conn.commit()
    sources.write_text(SOURCES.replace("min_interval = 20", "min_interval = 0.5"))
    with serve() as site:
        third = crawl(sources, db, site.url)
        assert third.returncode == 0, third.stdout + third.stderr
        assert [r for r in site.requests if "litellm" in r[1]], "a due source was skipped"
