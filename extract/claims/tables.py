"""Table rows: a cell takes its unit, metric, per and token kind from its column header.

Rows come as pipe lines (`| Model | Input ($/1M tokens) |`, header first, separator row
optional). `read_header` turns each header cell into a `Column` spec; `read_row` reads
the numbers of a data row with those specs. The row's subject is its first text cell,
its time a cell of a date-like column.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import lexicon as L
from .numbers import find_quantities
from .units import Claim, TOKEN_DENOMS

SCALE_IN_HEADER = re.compile(
    r"\(\s*(?:in\s+)?(?:[$€¥£]\s*|(?:USD|CNY|EUR)\s+)?(trillions?|billions?|millions?|thousands?|T|B|M|K|bn|mn|tn)\s*\)", re.I)
PER_TOKENS_IN_HEADER = re.compile(r"(?:/|per)\s*(1\s*[MK]|[MK]|million|thousand|1,000,000|1,000)\b(?:\s*tokens?)?", re.I)
PER_PERIOD_IN_HEADER = re.compile(r"(?:/|per)\s*(day|week|month|year|hour|minute|second)\b", re.I)
SCALE_NAMES = {"trillion": 1e12, "trillions": 1e12, "t": 1e12, "tn": 1e12, "billion": 1e9,
               "billions": 1e9, "b": 1e9, "bn": 1e9, "million": 1e6, "millions": 1e6, "m": 1e6,
               "mn": 1e6, "thousand": 1e3, "thousands": 1e3, "k": 1e3}
DATE_HEADER = re.compile(r"\b(date|as of|updated|period|week|month|day|year|quarter)\b", re.I)


@dataclass
class Column:
    name: str
    metric: str | None = None
    unit: str | None = None
    per: str | None = None
    denom: float | None = None
    token_kind: str | None = None
    scale: float = 1.0
    versus: str | None = None
    is_date: bool = False


def read_header(cells) -> list[Column]:
    cols = []
    for text, _ in cells:
        low = text.lower()
        c = Column(text)
        m = SCALE_IN_HEADER.search(text)
        if m:
            c.scale = SCALE_NAMES.get(m.group(1).lower(), 1.0)
        cur = None
        if "$" in text or re.search(r"\busd\b|dollar", low):
            cur = "USD"
        elif re.search(r"¥|yuan|rmb|cny", low):
            cur = "CNY"
        elif "€" in text or "eur" in low:
            cur = "EUR"
        pm = PER_TOKENS_IN_HEADER.search(text)
        words = set(re.findall(r"[a-z][a-z-]*", low))
        for w, kind in L.TOKEN_KINDS.items():
            if kind and w in words:
                c.token_kind = kind
                break
        if cur:
            c.unit = cur
            if pm or "token" in low:
                c.metric, c.per = "price", "1M tokens"
                d = pm.group(1).lower().replace(" ", "") if pm else "token"
                c.denom = {"1m": 1e6, "m": 1e6, "million": 1e6, "1,000,000": 1e6, "1k": 1e3,
                           "k": 1e3, "thousand": 1e3, "1,000": 1e3}.get(d, TOKEN_DENOMS.get(d, 1.0))
            elif words & {"price", "cost", "fee", "pricing"}:
                c.metric = "price"
                pp = PER_PERIOD_IN_HEADER.search(text)
                c.per = pp.group(1).lower() if pp else None
            else:
                c.metric = "money"
        elif "context" in words or "window" in words:
            c.metric, c.unit = "other", "token"
        elif words & {"tokens", "token", "volume", "usage"}:
            c.metric, c.unit = "token_volume", "tokens"
        elif words & {"share", "%"} or "%" in text:
            c.metric, c.unit = ("growth", "%") if words & {"growth", "change", "wow", "mom", "yoy", "increase"} else ("share", "%")
        elif words & {"growth", "change", "wow", "mom", "yoy"}:
            c.metric, c.unit = "growth", "%"
        elif words & {"parameters", "params", "parameter"}:
            c.metric, c.unit = "other", "parameter"
        elif words & {"users", "developers", "customers", "downloads", "models", "apps"}:
            w = sorted(words & {"users", "developers", "customers", "downloads", "models", "apps"})[0]
            c.metric, c.unit = "count", w.rstrip("s")
        if c.metric in ("token_volume", "growth", "other") or c.metric is None:
            for w, p in L.PERIOD_ADVERBS.items():
                if w in words:
                    if c.metric == "growth":
                        c.per = p
                    elif c.metric != "other":
                        c.per = p
            pp = PER_PERIOD_IN_HEADER.search(text)
            if pp and c.metric != "price":
                c.per = pp.group(1).lower()
        vs = re.match(r"\s*(?:vs\.?|versus|relative to|compared to)\s+(.+)$", text, re.I)
        if vs:
            c.metric, c.unit, c.versus = "ratio", "x", vs.group(1).strip()
        if c.metric is None and DATE_HEADER.search(low):
            c.is_date = True
        cols.append(c)
    return cols


def _cell_claims(text, col: Column, ctx):
    quants, toks = find_quantities(text)
    out = []
    for q in quants:
        vals = list(q.values)
        metric, unit, per, kind = col.metric, col.unit, col.per, col.token_kind
        if q.unit_hint == "x":
            metric, unit = "ratio", "x"
        elif q.unit_hint == "%":
            unit = "%"
            metric = metric if metric in ("share", "growth", "other") else "share"
        elif q.currency:
            unit = "CNY" if q.currency == "CNY?" else q.currency
            if metric not in ("price", "money"):
                metric = "money"
        if metric is None:
            continue
        if metric == "price" and col.denom:
            vals = [v * 1e6 / col.denom for v in vals]
        if not q.scaled and q.unit_hint is None and metric != "price":
            vals = [v * col.scale for v in vals]
        if metric == "token_volume" and not q.scaled and col.scale == 1.0 and vals[0] < 1000:
            continue
        quals = ["at_least", "at_most"] if len(vals) == 2 else [q.qualifier]
        for v, qual in zip(vals, quals):
            c = Claim(q.start, q.end, metric, v, unit, per, kind if metric == "price" else None,
                      qual, q=q, flags={"table"}, core_start=q.core_start)
            out.append(c)
    return out


def read_row(cells, cols: list[Column], ctx):
    """Claims of one data row; offsets relative to the row text."""
    claims = []
    subject = None
    as_of = None
    for ci, (text, off) in enumerate(cells):
        col = cols[ci] if ci < len(cols) else Column("")
        if not text:
            continue
        if col.is_date:
            as_of = text
            continue
        if ci == 0 and not re.fullmatch(r"[\s$€¥~+<>.,%x\d-]+", text):
            subject = text
            continue
        for c in _cell_claims(text, col, ctx):
            c.start += off
            c.end += off
            c.core_start += off
            c.flags.add(f"col:{ci}")
            if col.versus:
                c.flags.add("versus:" + col.versus)
            claims.append(c)
    for c in claims:
        c.subject = subject
        vs = next((f[7:] for f in c.flags if f.startswith("versus:")), None)
        if vs and subject:
            c.subject = f"{subject} vs {vs}"
        c.as_of = as_of
    return claims


# --- tables without pipes (PDF text, flattened HTML): a header line and bare rows ---------
LOOSE_VS_RE = re.compile(r"\b(?:vs\.?|versus|relative to)\s+([A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*)")
LOOSE_HEADER_RE = re.compile(r"\((?:in\s+)?(?:[$€¥£]\s*)?(?:trillions?|billions?|millions?|thousands?|T|B|M|K|%|USD|\$)\)", re.I)
COLUMN_WORDS = {"date", "week", "month", "year", "period", "share", "total", "price", "notes",
                "source", "rank", "change", "growth", "volume", "tokens", "users", "revenue"}
ROW_START_RE = re.compile(r"^[A-Z][\w.&'’-]*(?:\s+[A-Z0-9][\w.&'’-]*)*\s+[$€¥£~]?\d")


def loose_header(text: str):
    """A header line of a table without pipes: short, no final period, a unit in brackets
    ('Company Daily Tokens (trillions) vs Microsoft Date'). Returns (Column, versus)."""
    if text.endswith((".", "?", "!", ":")) or len(text.split()) > 14 or not LOOSE_HEADER_RE.search(text):
        return None
    vs = LOOSE_VS_RE.search(text)
    measure = LOOSE_VS_RE.sub(" ", text)
    col = read_header([(measure, 0)])[0]
    if col.metric is None:
        return None
    versus = None
    if vs:
        words = vs.group(1).split()
        while words and words[-1].lower() in COLUMN_WORDS:
            words.pop()  # "vs Microsoft Date": the next column's name is not part of it
        versus = " ".join(words) or None
    return col, versus


def is_loose_row(text: str) -> bool:
    """'Google 32.7 574x July 2025': a name, then figures, no sentence around them."""
    return (len(text.split()) <= 10 and not text.endswith((".", "?", "!", ":"))
            and ROW_START_RE.match(text) is not None)


def read_loose_row(text, header, ctx):
    """Claims of one loose row: bare figures take the header's measure, 'Nx' figures are
    the ratio against the header's 'vs X', a date is the row's time."""
    from .timex import find_times
    col, versus = header
    quants, toks = find_quantities(text)
    if not quants:
        return []
    first = quants[0].start
    subject = text[:first].strip() or None
    times = find_times(text)
    as_of = times[0][2] if times else None
    claims = []
    for q in quants:
        if any(a <= q.start < b for a, b, _ in times):
            continue
        if float(q.values[0]).is_integer() and 1900 <= q.values[0] <= 2100 and not q.unit_hint:
            continue
        if q.unit_hint == "x":
            c = Claim(q.start, q.end, "ratio", q.values[0], "x", None, None, q.qualifier, q=q,
                      flags={"table"}, core_start=q.core_start)
            c.subject = f"{subject} vs {versus}" if subject and versus else subject
        elif q.unit_hint is None and not q.currency:
            value = q.values[0] * (1.0 if q.scaled else col.scale)
            c = Claim(q.start, q.end, col.metric, value, col.unit, col.per, None, q.qualifier, q=q,
                      flags={"table"}, core_start=q.core_start)
            c.subject = subject
        else:
            continue
        c.as_of = as_of
        claims.append(c)
    return claims
