"""Leaderboard parsers: one module per format, all pure (bytes in, data out).

``parse(format, body, url=..., fetched_at=...)`` picks the parser named by a
source's ``format`` (see ``crawler/sources.py: FORMATS``) and returns a
:class:`LeaderboardPage`: observations in the claim vocabulary, entity hints
for the catalog, URLs to follow with the same format, and the format's
licence and attribution.  The spider fetches, the pipeline stores; nothing
here touches the network or the database.
"""

from __future__ import annotations

import importlib
from typing import Callable

from crawler.leaderboards.base import (
    EntityHint,
    LeaderboardError,
    LeaderboardPage,
    Observation,
)

#: format -> module (each has ``parse(body, *, url, fetched_at, content_type)``,
#: ``LICENCE``, ``ATTRIBUTION``; some have ``API_KEY_ENV``).
MODULES = {
    "openrouter-models": "openrouter_models",
    "openrouter-rankings": "openrouter_rankings",
    "openrouter-frontend": "openrouter_frontend",
    "litellm": "litellm",
    "llm-prices": "llm_prices",
    "lmarena": "lmarena",
    "epoch": "epoch",
    "artificial-analysis": "artificial_analysis",
}


def module_for(format: str):
    try:
        name = MODULES[format]
    except KeyError:
        raise LeaderboardError(
            f"unknown leaderboard format {format!r} (known: {', '.join(MODULES)})"
        ) from None
    return importlib.import_module(f"crawler.leaderboards.{name}")


def parser_for(format: str) -> Callable[..., LeaderboardPage]:
    return module_for(format).parse


def api_key_env(format: str) -> str | None:
    """The environment variable a format needs for its key, if it needs one."""
    return getattr(module_for(format), "API_KEY_ENV", None)


def parse(
    format: str,
    body: bytes,
    *,
    url: str,
    fetched_at: str,
    content_type: str | None = None,
) -> LeaderboardPage:
    """Parse one fetched leaderboard response of ``format``.

    Raises :class:`LeaderboardError` (one line naming the URL and the field)
    for a response the parser cannot read.
    """
    mod = module_for(format)
    try:
        page = mod.parse(body, url=url, fetched_at=fetched_at, content_type=content_type)
    except LeaderboardError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError, IndexError, ArithmeticError) as exc:
        # a shape no rule foresaw: still one line, naming the URL and the format
        first = (str(exc).strip().splitlines() or [""])[0][:200]
        raise LeaderboardError(f"{url}: cannot read as {format}: {type(exc).__name__}: {first}") from None
    page.format = format
    if page.licence is None:
        page.licence = getattr(mod, "LICENCE", None)
    if page.attribution is None:
        page.attribution = getattr(mod, "ATTRIBUTION", None)
    return page


__all__ = [
    "EntityHint",
    "LeaderboardError",
    "LeaderboardPage",
    "Observation",
    "MODULES",
    "api_key_env",
    "parse",
    "parser_for",
]
