"""Table rows: a cell takes its unit, metric, per and token kind from its column header.

Rows come as pipe lines (`| Model | Input ($/1M tokens) |`, header first, separator row
optional). `read_header` turns each header cell into a `Column` spec (metric, unit, per,
token kind, scale such as "(trillions)", a time such as "Q1 2026", "vs X" ratios);
`read_row` reads the numbers of a data row with those specs. The row's subject is its
first text cell, its time a cell of a date-like column.

Tables without pipes (PDF text, flattened pages) are read too: `loose_header` finds the
measure columns of a header line ("Model Arena score Context window Output speed
(tokens/s)"), and `read_loose_row` maps a row's trailing value cells onto them right to
left ("Claude Opus 4.6 Anthropic 1498 200K undisclosed 41"), the rest naming the subject.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import lexicon as L
from .numbers import find_quantities
from .units import Claim, TOKEN_DENOMS, _singular, read_claims

CELL_UNIT_RE = re.compile(r"\d\s*[A-Za-z]{0,2}\s*(?:tokens?|users|developers|customers|GPUs|parameters)\b", re.I)

SCALE_IN_HEADER = re.compile(
    r"\(\s*(?:in\s+)?(?:[$€¥£]\s*|(?:USD|CNY|EUR)\s+)?(trillions?|billions?|millions?|thousands?|T|B|M|K|bn|mn|tn)\s*(?:of\s+)?(?:tokens?)?\s*\)", re.I)
PER_TOKENS_IN_HEADER = re.compile(r"(?:/|per)\s*(1\s*[MK]|[MK]|million|thousand|1,000,000|1,000)\b(?:\s*tokens?)?", re.I)
PER_PERIOD_IN_HEADER = re.compile(r"(?:/|\bper|\bthis|\blast|\beach|\ba)\s*(day|week|month|year|hour|minute|second)\b", re.I)
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
    as_of: str | None = None


HEADER_GROWTH_PER = [(re.compile(r"\b(?:yoy|year[- ]over[- ]year|annual|vs\.? (?:prior|previous|last) year)\b"), "year"),
                     (re.compile(r"\b(?:wow|week[- ]over[- ]week|vs\.? (?:prior|previous|last) week)\b"), "week"),
                     (re.compile(r"\b(?:mom|month[- ]over[- ]month|vs\.? (?:prior|previous|last) month)\b"), "month"),
                     (re.compile(r"\b(?:qoq|quarter[- ]over[- ]quarter|vs\.? (?:prior|previous|last) quarter)\b"), "quarter")]


def read_header(cells) -> list[Column]:
    """Column specs from header cells: what the numbers under each one measure."""
    from .timex import find_times
    cols = []
    for text, _ in cells:
        low = text.lower()
        c = Column(text)
        m = SCALE_IN_HEADER.search(text)
        if m:
            c.scale = SCALE_NAMES.get(m.group(1).lower(), 1.0)
        times = find_times(text)
        if times:
            c.as_of = times[0][2]  # "Share Q1 2026 (%)"
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
        growth_per = next((p for rx, p in HEADER_GROWTH_PER if rx.search(low)), None)
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
        elif words & {"speed", "throughput"} or re.search(r"tok(?:en)?s?\s*/\s*s\b|tokens per second", low):
            c.metric, c.unit = "other", "token/s"
        elif words & {"latency", "ttft"} or re.search(r"\(\s*(?:s|sec|seconds?)\s*\)", low):
            c.metric, c.unit = "other", "second"
        elif words & {"score", "scores", "elo"} or (words & L.SCORE_CUES and "%" in text):
            # a benchmark's column ("MMLU-Pro (%)", "Accuracy (%)") is a score, not a share
            c.metric, c.unit = "other", ("%" if "%" in text else "point")
        elif "context" in words or "window" in words:
            c.metric, c.unit = "other", "token"
        elif words & {"parameters", "params", "parameter"}:
            c.metric, c.unit = "other", "parameter"
        elif words & {"growth", "change", "wow", "mom", "yoy", "qoq", "increase"}:
            c.metric, c.unit, c.per = "growth", "%", growth_per
        elif words & {"share"}:
            c.metric, c.unit = "share", "%"
        elif words & {"tokens", "token", "volume", "usage"}:
            c.metric, c.unit = "token_volume", "tokens"
        elif "%" in text:
            c.metric, c.unit = "share", "%"
        elif words & {"users", "developers", "customers", "downloads", "models", "apps", "subscribers"}:
            w = sorted(words & {"users", "developers", "customers", "downloads", "models", "apps", "subscribers"})[0]
            c.metric, c.unit = "count", w.rstrip("s")
        elif (two := next((u for k, u in L.COMPOUND_UNITS.items() if k in low), None)) is not None:
            c.metric, c.unit = "count", two  # "Data centers", "Support tickets"
        elif words & {"gpus", "tpus"}:
            c.metric, c.unit = "other", ("gpu" if "gpus" in words else "tpu")
        elif words & L.COUNT_NOUNS:
            # any counted noun in the header: "Enterprises", "Regions", "Racks"
            w = sorted(words & L.COUNT_NOUNS)[0]
            c.metric, c.unit = "count", _singular(w)
        if c.metric == "token_volume":
            for w, p in L.PERIOD_ADVERBS.items():
                if w in words:
                    c.per = p
            pp = PER_PERIOD_IN_HEADER.search(text)
            if pp:
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
            if CELL_UNIT_RE.search(text):
                # "980T tokens/month" under a header naming no measure ("Processed"): the
                # cell says its own unit, read it as a sentence
                own = read_claims(text, toks, quants, ctx)
                for c in own:
                    c.flags.add("table")
                return own
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
        if subject is None and col.metric is None and col.name.strip().lower() in TEXT_COLUMNS and ci > 0 \
                and not re.fullmatch(r"[\s$€¥~+<>.,%x\d-]+", text):
            subject = text  # "| Rank | App | Tokens |": the name column after a rank column
            continue
        for c in _signed_cell_claims(text, col, ctx):
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
        ci = next((int(f[4:]) for f in c.flags if f.startswith("col:")), None)
        c.as_of = as_of or (cols[ci].as_of if ci is not None and ci < len(cols) else None)
    return claims


# --- tables without pipes (PDF text, flattened HTML): a header line and bare rows ---------
# Rows are read right to left: the trailing value cells map onto the header's measure
# columns in order; what is left at the start of the row names its subject.
TEXT_COLUMNS = {"model", "models", "provider", "providers", "developer", "developers", "company",
                "companies", "platform", "platforms", "name", "lab", "labs", "country", "app",
                "apps", "product", "vendor", "vendors", "service", "region", "rank", "#", "no.",
                "maker", "firm", "organization", "tool", "tier", "plan"}
MEASURE_PHRASES = [
    r"(?:arena |elo |benchmark )?scores?", r"elo", r"context(?: window)?", r"(?:total )?param(?:eter)?s",
    r"(?:output |decode |median )?speed", r"throughput", r"latency", r"(?:market |revenue |token )?share",
    r"(?:yoy |wow |mom |qoq )?change(?: vs\.? (?:prior|previous|last) \w+)?", r"(?:yoy |wow |mom |qoq )?(?:\w+ )?growth",
    r"(?:list |input |output |blended |cached input )?price", r"input", r"output", r"cached input",
    r"(?:weekly |daily |monthly )?(?:tokens|volume)", r"revenue", r"users", r"downloads", r"valuation",
    r"funding", r"date", r"week", r"month", r"year", r"quarter", r"period",
]
MEASURE_RE = re.compile(r"\b(?:" + "|".join(MEASURE_PHRASES) + r")\b", re.I)
BRACKET_COL_RE = re.compile(r"((?:[A-Za-z0-9][\w.'’-]*\s+){0,3}?)\(([^()]*)\)")
LOOSE_VS_RE = re.compile(r"\b(?:vs\.?|versus|relative to)\s+([A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*)")
CELL_RE = re.compile(r"^[+\-−~≈<>]?[$€¥£]?\d[\d,]*(?:\.\d+)?(?:[A-Za-z]{1,2}|%|x)?$|^(?:—|–|-|n/?a|N/?A|undisclosed|unknown|tbd|TBD|free|Free)$")
PLACEHOLDERS = {"—", "–", "-", "n/a", "na", "undisclosed", "unknown", "tbd"}
COLUMN_WORDS = {"date", "week", "month", "year", "period", "share", "total", "price", "notes",
                "source", "rank", "change", "growth", "volume", "tokens", "users", "revenue"}


def _names_own_column(tail: str) -> bool:
    """Words between a measure phrase and a bracket that name a column of their own
    ("Arena score MMLU-Pro (%)"), not a time that qualifies the measure ("Share Q1 2026 (%)")."""
    from .timex import find_times
    if not tail.strip():
        return False
    for a, b, _ in reversed(find_times(tail)):
        tail = tail[:a] + tail[b:]
    return re.search(r"[A-Za-z]{2,}", re.sub(r"\b(?:Q[1-4]|H[12]|FY\d*)\b", "", tail)) is not None


def _measure_columns(header: str):
    """Measure columns of a header, in order: [(text, start)], bracketed first-class."""
    cols = []
    taken = []
    for m in BRACKET_COL_RE.finditer(header):
        pre = m.group(1)
        # the column's name is the last measure phrase before the bracket ("Context window
        # Parameters (total / active)" -> "Parameters"), else the word right before it
        inner = list(MEASURE_RE.finditer(pre))
        if inner and not _names_own_column(pre[inner[-1].end():]):
            cut = inner[-1].start()  # "Share Q1 2026 (%)": a time qualifies the measure
        elif inner:
            # "Arena score MMLU-Pro (%)": the words after the last measure phrase name the
            # bracketed column; the phrase before them is a column of its own
            tail = pre[inner[-1].end():]
            cut = inner[-1].end() + (len(tail) - len(tail.lstrip()))
        else:
            words = pre.split()
            cut = pre.rfind(words[-1]) if words and words[-1].lower() not in TEXT_COLUMNS else len(pre)
        name = pre[cut:].strip()
        cols.append((f"{name} ({m.group(2)})".strip(), m.start(1) + cut))
        taken.append((m.start(1) + cut, m.end()))
    rest = header
    for a, b in taken:
        rest = rest[:a] + " " * (b - a) + rest[b:]
    for m in MEASURE_RE.finditer(rest):
        text = m.group()
        if text.lower() in ("input", "output", "cached input") and not any(w in header.lower() for w in ("$", "price", "token")):
            continue
        # "vs Orbit" after a measure belongs to it
        vs = LOOSE_VS_RE.match(rest[m.end():].lstrip())
        if text.lower().startswith("change") or vs is None:
            cols.append((text, m.start()))
        else:
            cols.append((text, m.start()))
    vs = LOOSE_VS_RE.search(rest)
    if vs:
        words = vs.group(1).split()
        while words and words[-1].lower() in COLUMN_WORDS:
            words.pop()
        if words:
            cols.append(("vs " + " ".join(words), vs.start()))
    cols.sort(key=lambda c: c[1])
    return [c[0] for c in cols]


def loose_header(text: str):
    """A header line of a table without pipes ('Model Arena score Context window ...',
    'Company Daily Tokens (trillions) vs Microsoft Date'): its measure columns, or None."""
    if text.endswith((".", "?", "!", ":")) or len(text) > 300 or len(text.split()) > 22 or "|" in text:
        return None
    names = _measure_columns(text)
    numeric = [n for n in names if n.lower() not in ("date", "week", "month", "year", "quarter", "period")]
    if not numeric or (len(names) < 2 and "(" not in text):
        return None
    cols = []
    for n in names:
        low = n.lower()
        if low in ("date", "week", "month", "year", "quarter", "period"):
            c = Column(n, is_date=True)
        else:
            c = read_header([(n, 0)])[0]
            if c.metric is None:
                continue
        cols.append(c)
    if not any(not c.is_date for c in cols):
        return None
    ranked = text.split()[0].lower() in ("rank", "#", "no.", "no")
    return cols, ranked


def _cells_from_right(text: str):
    """Trailing value cells [(text, start)] and where the name part ends."""
    parts = [(m.group(), m.start()) for m in re.finditer(r"\S+", text)]
    cells = []
    i = len(parts) - 1
    while i >= 0:
        t, a = parts[i]
        if t == "/" and cells and i > 0 and CELL_RE.match(parts[i - 1][0]):
            prev, pa = parts[i - 1]
            cells[0] = (text[pa:cells[0][1] + len(cells[0][0])], pa)  # "1.2T / 45B": one cell
            i -= 2
            continue
        if not CELL_RE.match(t):
            break
        cells.insert(0, (t, a))
        i -= 1
    name_end = parts[i][1] + len(parts[i][0]) if i >= 0 else 0
    return cells, name_end


def is_loose_row(text: str) -> bool:
    """'Google 32.7 574x July 2025', '1 Qwen3.6-Plus Alibaba 2.9 +6%': a name, then figures."""
    if text.endswith((".", "?", "!", ":")) or len(text) > 200 or len(text.split()) > 16 or "|" in text:
        return False
    body = _strip_trailing_date(text)[0]
    cells, name_end = _cells_from_right(body)
    name = body[:name_end].strip()
    return bool(cells) and bool(re.search(r"[A-Za-z]", name)) and any(
        c[0].lower() not in PLACEHOLDERS for c in cells)


def _strip_trailing_date(text: str):
    from .timex import find_times
    times = find_times(text)
    if times and text[times[-1][1]:].strip() == "":
        return text[:times[-1][0]].rstrip(), times[-1][2]
    return text, None


def _signed_cell_claims(cell: str, col: Column, ctx):
    if re.search(r"\s/\s", cell):  # "1.2T / 45B": total and active parameters
        out, pos = [], 0
        for part in re.split(r"(\s/\s)", cell):
            if part.strip() and part.strip() != "/":
                for c in _signed_cell_claims(part, col, ctx):
                    c.start += pos
                    c.end += pos
                    c.core_start += pos
                    out.append(c)
            pos += len(part)
        return out
    out = _cell_claims(cell, col, ctx)
    if cell[:1] in ("-", "−") and out:
        for c in out:
            c.value = -c.value
    return out


def read_loose_row(text, header, ctx):
    """Claims of one row of a table without pipes (see `loose_header`)."""
    cols, ranked = header
    body, as_of = _strip_trailing_date(text)
    cells, name_end = _cells_from_right(body)
    name = body[:name_end].strip()
    if ranked:
        name = re.sub(r"^\d{1,3}[.)]?\s+", "", name)
    measures = [c for c in cols if not c.is_date]
    if len(cells) > len(measures):
        cells = cells[len(cells) - len(measures):]  # the extra cells on the left end the name ("Orca 2")
        name = body[:cells[0][1]].strip()
        if ranked:
            name = re.sub(r"^\d{1,3}[.)]?\s+", "", name)
    claims = []
    for (cell, off), col in zip(cells, measures):
        if cell.lower() in PLACEHOLDERS:
            continue
        for c in _signed_cell_claims(cell, col, ctx):
            c.start += off
            c.end += off
            c.core_start += off
            c.subject = f"{name} vs {col.versus}" if col.versus and name else (name or None)
            c.as_of = as_of or col.as_of
            claims.append(c)
    return claims
