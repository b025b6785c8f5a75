"""The source list: every problem is found before any request, named by source and field."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from crawler.sources import FIELDS, KINDS, SourceError, load_sources, parse_sources

ROOT = Path(__file__).resolve().parents[1]

GOOD = """
[defaults]
delay = 1.5

[[source]]
name = "news"
kind = "feed"
url = "https://example.com/feed.xml"
include = ['/20\\d\\d/']
since = 2026-01-01

[[source]]
name = "prices"
kind = "leaderboard"
format = "litellm"
url = "https://example.com/prices.json"
delay = 0
"""


def test_a_good_list_gets_defaults_and_per_source_overrides():
    news, prices = parse_sources(GOOD)
    assert news["delay"] == 1.5 and prices["delay"] == 0.0
    assert news["timeout"] == 30.0 and news["enabled"] is True
    assert news["since"] == "2026-01-01" and news["include"] == ["/20\\d\\d/"]


@pytest.mark.parametrize("table,message", [
    ('name = "a"\nkind = "blog"\nurl = "https://x.test/"', "source 'a', field 'kind': must be one of"),
    ('name = "a"\nkind = "feed"', "source 'a': missing required field 'url'"),
    ('kind = "feed"\nurl = "https://x.test/"', "source #1: missing required field 'name'"),
    ('name = "a"\nkind = "feed"\nurl = "ftp://x.test/f"', "source 'a', field 'url': must be an http(s) URL"),
    ('name = "a"\nkind = "feed"\nurl = "https://x.test/"\ncolour = "red"', "source 'a': unknown field 'colour'"),
    ('name = "a"\nkind = "feed"\nurl = "https://x.test/"\ndelay = -1', "source 'a', field 'delay': must be a number >= 0"),
    ('name = "a"\nkind = "feed"\nurl = "https://x.test/"\nconcurrency = 0', "field 'concurrency': must be a whole number >= 1"),
    ('name = "a"\nkind = "feed"\nurl = "https://x.test/"\ntimeout = 900', "field 'timeout': must be between 0 and"),
    ('name = "a"\nkind = "feed"\nurl = "https://x.test/"\ninclude = ["(unclosed"]', "field 'include': bad regular expression"),
    ('name = "a"\nkind = "feed"\nurl = "https://x.test/"\nsince = "last week"', "field 'since': must be a date"),
    ('name = "a"\nkind = "leaderboard"\nurl = "https://x.test/"', "field 'format': a leaderboard needs a format"),
    ('name = "a"\nkind = "leaderboard"\nformat = "csv"\nurl = "https://x.test/"', "field 'format': must be one of"),
    ('name = "a"\nkind = "feed"\nformat = "litellm"\nurl = "https://x.test/"', "only leaderboards take a format"),
    ('name = "a"\nkind = "feed"\nurl = "${CLAIMWATCH_NOT_SET_ANYWHERE}/f"', "environment variable CLAIMWATCH_NOT_SET_ANYWHERE is not set"),
])
def test_each_mistake_names_the_source_and_field(table, message):
    with pytest.raises(SourceError) as err:
        parse_sources("[[source]]\n" + table + "\n", "my.toml")
    assert message in str(err.value)
    assert str(err.value).startswith("my.toml: ")


def test_duplicate_names_and_broken_toml():
    twice = '[[source]]\nname = "a"\nkind = "feed"\nurl = "https://x.test/"\n' * 2
    with pytest.raises(SourceError, match="source 'a', field 'name': used twice"):
        parse_sources(twice)
    with pytest.raises(SourceError, match="not valid TOML"):
        parse_sources("[[source]\nname = ")
    with pytest.raises(SourceError, match="no \\[\\[source\\]\\] tables"):
        parse_sources("[defaults]\ndelay = 1\n")


def test_environment_variables_expand(monkeypatch):
    monkeypatch.setenv("SITE", "http://127.0.0.1:8000")
    (src,) = parse_sources('[[source]]\nname = "a"\nkind = "feed"\nurl = "${SITE}/feed.xml"\n')
    assert src["url"] == "http://127.0.0.1:8000/feed.xml"


def test_disabled_sources_and_only(tmp_path):
    f = tmp_path / "s.toml"
    f.write_text(GOOD + '\n[[source]]\nname = "off"\nkind = "feed"\nurl = "https://x.test/f"\nenabled = false\n')
    assert [s["name"] for s in load_sources(f)] == ["news", "prices"]
    assert [s["name"] for s in load_sources(f, only=["off"])] == ["off"]
    with pytest.raises(SourceError, match="no source named 'nope'"):
        load_sources(f, only=["nope"])
    with pytest.raises(SourceError, match="cannot read"):
        load_sources(tmp_path / "missing.toml")


def test_shipped_source_lists_are_valid(monkeypatch):
    monkeypatch.setenv("CLAIMWATCH_SAMPLE_URL", "http://127.0.0.1:9")
    real = load_sources(ROOT / "sources.toml")
    assert {s["kind"] for s in real} == set(KINDS)
    assert all(s["url"].startswith("https://") for s in real)
    sample = load_sources(ROOT / "sources.sample.toml")
    assert {s["kind"] for s in sample} >= {"feed", "sitemap", "report", "leaderboard"}


def test_check_sources_command_reports_one_line_and_exit_status(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[source]]\nname = "x"\nkind = "feed"\nurl = "https://x.test/"\nretries = 3\n')
    r = subprocess.run([sys.executable, "-m", "claimwatch", "check-sources", str(bad)],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == [f"claimwatch: {bad}: source 'x': unknown field 'retries' (known: "
                                             + ", ".join(sorted(FIELDS)) + ")"]
    r = subprocess.run([sys.executable, "-m", "claimwatch", "check-sources", str(ROOT / "sources.toml")],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0 and "sources ok" in r.stdout


def test_update_with_a_bad_source_list_writes_nothing(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[source]]\nname = "x"\nkind = "feed"\n')
    db = tmp_path / "kb.db"
    r = subprocess.run([sys.executable, "-m", "claimwatch", "update", "--sources", str(bad), "--db", str(db)],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 2 and "missing required field 'url'" in r.stderr
    assert "Traceback" not in r.stderr
    assert not db.exists()
