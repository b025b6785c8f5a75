"""The source list: a TOML file of ``[[source]]`` tables, validated up front.

Example::

    [defaults]              # optional: applies to every source
    delay = 1.0

    [[source]]
    name = "example-news"
    kind = "feed"           # feed | sitemap | site | report | leaderboard
    url = "https://example.com/feed.xml"
    include = ['/20\\d\\d/']  # regexes a followed URL must match (any)
    exclude = ['/video/']     # regexes that rule a URL out
    since = 2026-01-01        # only entries published on/after this date
    min_interval = 20         # hours: not fetched again sooner (sites that ask for once a day)

Values may use ``${VAR}`` to read an environment variable (the bundled
sample uses ``${CLAIMWATCH_SAMPLE_URL}``).  :func:`load_sources` checks every
table before any request is made and raises :class:`SourceError` with the
file, the source and the field at fault.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import tomllib
from pathlib import Path
from typing import Any, Callable

from crawler.leaderboards import MODULES

KINDS = ("feed", "sitemap", "site", "report", "leaderboard")
FORMATS = tuple(MODULES)  # the leaderboard formats a parser exists for


class SourceError(ValueError):
    """A problem in the source list, phrased for the person who wrote it."""


def _str(v: Any) -> str:
    if not isinstance(v, str) or not v.strip():
        raise TypeError("must be a non-empty string")
    return v


def _url(v: Any) -> str:
    v = _str(v)
    if not re.match(r"^https?://[^/\s]+", v):
        raise TypeError(f"must be an http(s) URL, got {v!r}")
    return v


def _number(v: Any) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0:
        raise TypeError(f"must be a number >= 0, got {v!r}")
    return float(v)


def _positive_int(v: Any) -> int:
    if isinstance(v, bool) or not isinstance(v, int) or v < 1:
        raise TypeError(f"must be a whole number >= 1, got {v!r}")
    return v


def _bool(v: Any) -> bool:
    if not isinstance(v, bool):
        raise TypeError(f"must be true or false, got {v!r}")
    return v


def _patterns(v: Any) -> list[str]:
    if isinstance(v, str):
        v = [v]
    if not isinstance(v, list) or not all(isinstance(p, str) for p in v):
        raise TypeError("must be a string or a list of strings")
    for p in v:
        try:
            re.compile(p)
        except re.error as exc:
            raise TypeError(f"bad regular expression {p!r}: {exc}") from None
    return v


def _urls(v: Any) -> list[str]:
    if isinstance(v, str):
        v = [v]
    if not isinstance(v, list):
        raise TypeError("must be a URL or a list of URLs")
    return [_url(u) for u in v]


def _domains(v: Any) -> list[str]:
    if isinstance(v, str):
        v = [v]
    if not isinstance(v, list) or not all(isinstance(d, str) and d for d in v):
        raise TypeError("must be a domain or a list of domains")
    return v


def _date(v: Any) -> str:
    if isinstance(v, _dt.datetime):
        return v.date().isoformat()
    if isinstance(v, _dt.date):
        return v.isoformat()
    if isinstance(v, str):
        try:
            return _dt.date.fromisoformat(v).isoformat()
        except ValueError:
            pass
    raise TypeError(f"must be a date like 2026-01-31, got {v!r}")


def _kind(v: Any) -> str:
    if v not in KINDS:
        raise TypeError(f"must be one of {', '.join(KINDS)}, got {v!r}")
    return v


def _format(v: Any) -> str:
    if v not in FORMATS:
        raise TypeError(f"must be one of {', '.join(FORMATS)}, got {v!r}")
    return v


#: Every key a source table may have, with its checker.
FIELDS: dict[str, Callable[[Any], Any]] = {
    "name": _str,
    "kind": _kind,
    "url": _url,
    "enabled": _bool,
    "description": _str,
    # politeness, per source (i.e. per site)
    "delay": _number,  # seconds between requests to the site; 0 for none
    "concurrency": _positive_int,  # parallel requests to the site
    "timeout": _number,  # seconds per request
    "max_pages": _positive_int,  # stop following after this many pages
    "min_interval": _number,  # hours: skip the source if it succeeded more recently
    # what to follow
    "include": _patterns,
    "exclude": _patterns,
    "since": _date,
    "until": _date,
    "seeds": _urls,  # site: extra start URLs
    "allowed_domains": _domains,  # site: domains to stay on (default: the url's)
    "follow": _patterns,  # site: link patterns to follow (default: all)
    "depth": _positive_int,  # site: link depth limit
    # leaderboards
    "format": _format,
    "api_key_env": _str,  # environment variable holding the API key
    "licence": _str,
    "attribution": _str,
}
DEFAULTS: dict[str, Any] = {"enabled": True, "timeout": 30.0, "depth": 3}
MAX_TIMEOUT = 300.0

_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def _expand(value: Any, where: str) -> Any:
    if isinstance(value, str):
        def sub(m: re.Match) -> str:
            if m.group(1) not in os.environ:
                raise SourceError(f"{where}: environment variable {m.group(1)} is not set")
            return os.environ[m.group(1)]
        return _VAR.sub(sub, value)
    if isinstance(value, list):
        return [_expand(v, where) for v in value]
    return value


def validate_source(table: Any, index: int, defaults: dict, origin: str = "sources") -> dict:
    """Check one ``[[source]]`` table; return it with defaults filled in."""
    label = f"{origin}: source #{index + 1}"
    if not isinstance(table, dict):
        raise SourceError(f"{label}: must be a table ([[source]])")
    if isinstance(table.get("name"), str) and table["name"].strip():
        label = f"{origin}: source {table['name']!r}"
    merged = {**DEFAULTS, **defaults, **table}
    out: dict[str, Any] = {}
    for key, value in merged.items():
        if key not in FIELDS:
            raise SourceError(
                f"{label}: unknown field {key!r} (known: {', '.join(sorted(FIELDS))})"
            )
        value = _expand(value, f"{label}, field {key!r}")
        try:
            out[key] = FIELDS[key](value)
        except TypeError as exc:
            raise SourceError(f"{label}, field {key!r}: {exc}") from None
    for key in ("name", "kind", "url"):
        if key not in out:
            raise SourceError(f"{label}: missing required field {key!r}")
    if out["kind"] == "leaderboard" and "format" not in out:
        raise SourceError(
            f"{label}, field 'format': a leaderboard needs a format "
            f"({', '.join(FORMATS)})"
        )
    if out["kind"] != "leaderboard" and "format" in out:
        raise SourceError(f"{label}, field 'format': only leaderboards take a format")
    if out["timeout"] > MAX_TIMEOUT or out["timeout"] == 0:
        raise SourceError(f"{label}, field 'timeout': must be between 0 and {MAX_TIMEOUT:g}")
    if "since" in out and "until" in out and out["since"] > out["until"]:
        raise SourceError(f"{label}, field 'until': is before 'since'")
    return out


def parse_sources(text: str, origin: str = "sources") -> list[dict]:
    """Parse and validate a TOML source list given as text."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SourceError(f"{origin}: not valid TOML ({exc})") from None
    unknown = set(data) - {"source", "defaults"}
    if unknown:
        raise SourceError(
            f"{origin}: unknown top-level key(s) {', '.join(sorted(unknown))} "
            "(expected [[source]] tables and an optional [defaults] table)"
        )
    defaults = data.get("defaults", {})
    if not isinstance(defaults, dict):
        raise SourceError(f"{origin}: [defaults] must be a table")
    for key in ("name", "url"):
        if key in defaults:
            raise SourceError(f"{origin}: [defaults] cannot set {key!r}")
    tables = data.get("source", [])
    if not isinstance(tables, list) or not tables:
        raise SourceError(f"{origin}: no [[source]] tables")
    sources = [validate_source(t, i, defaults, origin) for i, t in enumerate(tables)]
    seen: set[str] = set()
    for s in sources:
        if s["name"] in seen:
            raise SourceError(f"{origin}: source {s['name']!r}, field 'name': used twice")
        seen.add(s["name"])
    return sources


def load_sources(path: str | Path, *, only: list[str] | None = None) -> list[dict]:
    """Read, validate and filter (``enabled``, ``only`` names) a source file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SourceError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise SourceError(f"{path}: not UTF-8 text") from None
    sources = parse_sources(text, str(path))
    if only:
        names = {s["name"] for s in sources}
        missing = [n for n in only if n not in names]
        if missing:
            raise SourceError(f"{path}: no source named {', '.join(map(repr, missing))}")
        return [s for s in sources if s["name"] in only]
    return [s for s in sources if s["enabled"]]
