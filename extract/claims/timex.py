"""Time expressions: find them in a sentence and normalise them to ISO forms.

`find_times(text)` returns the time expressions of a sentence ("May 2026", "the first
week of April 2026", "early 2024", "Q3", "this quarter", "yesterday") with their offsets;
durations ("two years", "in the next two years") are not times. `normalise_time(expr,
published)` gives the ISO form: day `2026-05-03`, week `2026-W11`, month `2026-05`,
quarter `2026-Q3`, half `2024-H1`, year `2026`; relative expressions are resolved against
`published` (an ISO date string), or give None without it.
"""
from __future__ import annotations

import datetime as dt
import functools
import re

from .lexicon import MONTHS

_M = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
_Y = r"(?:19|20)\d{2}"
_ORD = r"(?:first|second|third|fourth|last|final)"
_PART = r"(?:early|mid|late|the end of|the start of|the beginning of|the middle of|end of|start of)"

TIME_PATTERNS = [
    ("week_range", rf"\bthe week of {_M}\.? \d{{1,2}}(?:\s*[-–]\s*(?:{_M}\.? )?\d{{1,2}})?(?:,? {_Y})?"),
    ("ord_week", rf"\bthe {_ORD} (?:full )?week of {_M}(?:,? {_Y})?"),
    ("ord_half", rf"\bthe (?:first|second) half of (?:{_Y}|the year)"),
    ("half", rf"\b(?:H[12]|[12]H)\s*'?{_Y}\b|\b{_Y}\s*H[12]\b"),
    ("ord_quarter", rf"\bthe (?:first|second|third|fourth|last) quarter(?: of)?(?:,? {_Y})?"),
    ("quarter", rf"\bQ[1-4](?:\s*(?:FY)?'?\s*{_Y}|\s+FY\d{{2,4}})?\b|\b{_Y}\s*Q[1-4]\b"),
    ("date_iso", rf"\b{_Y}-\d{{2}}-\d{{2}}\b"),
    ("date_mdy", rf"\b{_M}\.? \d{{1,2}}(?:st|nd|rd|th)?(?:,? {_Y})?\b"),
    ("date_dmy", rf"\b\d{{1,2}}(?:st|nd|rd|th)? (?:of )?{_M}(?:,? {_Y})?\b"),
    ("part_year", rf"\b{_PART}[- ]?(?:{_M} )?{_Y}\b"),
    ("festival", rf"\bthe {_Y} [A-Z][a-z]+(?: [A-Z][a-z]+){{0,2}} (?:Festival|[Hh]oliday|[Ss]eason|Olympics|Games|Summit|Conference|Expo|[Ww]eek)\b"),
    ("month_year", rf"\b{_M},? {_Y}\b"),
    ("between_years", rf"\b[Bb]etween {_Y} and {_Y}\b"),
    ("fiscal", rf"\b(?:fiscal|FY)\s*'?{_Y}\b"),
    ("relative", r"\b(?:[Yy]esterday|[Tt]oday|[Ll]ast (?:week|month|quarter|year)|[Tt]his (?:week|month|quarter|year)|[Nn]ext (?:week|month|quarter|year)|[Ee]arlier this (?:week|month|year)|[Tt]he (?:past|previous|prior) (?:week|month|quarter|year))\b"),
    ("year", rf"\b(?i:in|by|since|from|through|until|for|of|during|as of|at the end of|to) {_Y}\b(?!\s*[-–]\s*\d)"),
    ("month", rf"\b(?:[Ii]n|[Bb]y|[Ss]ince|[Dd]uring|[Tt]hrough|[Uu]ntil|[Aa]s of|[Ff]rom) {_M}\b"),
]
TIME_RES = [(name, re.compile(rx)) for name, rx in TIME_PATTERNS]
# a pattern only runs when the sentence has what it needs (most need a year or a month)
_NEEDS = {
    "week_range": ("week",), "ord_week": ("week",), "ord_half": ("half",), "half": ("h1", "h2", "1h", "2h"),
    "ord_quarter": ("quarter",), "quarter": ("q1", "q2", "q3", "q4"), "festival": (),
    "between_years": ("between",), "fiscal": ("fiscal", "fy"),
    "relative": ("yesterday", "today", "last ", "this ", "next ", "past ", "previous ", "prior ", "earlier "),
}
LEAD_RE = re.compile(r"^(?:in|by|since|from|through|until|for|of|during|as of|at the end of|to|at) ", re.I)


YEAR_RE = re.compile(r"(?:19|20)\d\d")
MAYBE_TIME_RE = re.compile(
    r"(?:19|20)\d\d|\bQ[1-4]\b|\b[12]?H[12]\b|" + _M + r"|\b(?i:yesterday|today|last|this|next|past|previous|prior|earlier)\b")


def find_times(text: str) -> list[tuple[int, int, str]]:
    """Non-overlapping time expressions (start, end, expression as written)."""
    if not MAYBE_TIME_RE.search(text):
        return []
    return list(_find_times(text))


@functools.lru_cache(maxsize=8192)
def _find_times(text: str) -> tuple:
    """find_times, cached: headings, table cells and subject phrases repeat within and
    across documents."""
    found = []
    low = text.lower()
    has_year = YEAR_RE.search(text) is not None
    for name, rx in TIME_RES:
        needs = _NEEDS.get(name)
        if needs and not any(n in low for n in needs):
            continue
        if name in ("festival", "year", "date_iso", "part_year", "month_year", "fiscal", "between_years") and not has_year:
            continue
        for m in rx.finditer(text):
            a, b = m.span()
            if any(not (b <= x or a >= y) for x, y, _ in found):
                continue
            expr = m.group()
            if name in ("year", "month"):
                lead = LEAD_RE.match(expr)
                if lead:
                    a += lead.end()
                    expr = expr[lead.end():]
                if name == "month" and expr.lower() in ("may", "mar"):
                    # "in May" is a month, "may" as a verb is not preceded by in/by...
                    if not expr[0].isupper():
                        continue
            found.append((a, b, expr))
    found.sort()
    return tuple(found)


def _parse_pub(published):
    if not published:
        return None
    try:
        return dt.date.fromisoformat(str(published)[:10])
    except ValueError:
        return None


def _month_num(word):
    return MONTHS.get(word.lower().rstrip(".")[:9]) or MONTHS.get(word.lower()[:3])


def _iso_week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _quarter(d: dt.date) -> str:
    return f"{d.year}-Q{(d.month - 1) // 3 + 1}"


def _shift_month(d: dt.date, n: int) -> dt.date:
    m = d.month - 1 + n
    return dt.date(d.year + m // 12, m % 12 + 1, 1)


@functools.lru_cache(maxsize=4096)
def normalise_time(expr: str | None, published: str | None = None) -> str | None:
    """ISO form of a time expression (see module docstring), or None."""
    if not expr:
        return None
    try:
        return _normalise(expr.strip(), _parse_pub(published))
    except (ValueError, OverflowError):
        return None


def _normalise(e: str, pub: dt.date | None):
    low = e.lower()
    years = re.findall(r"\b((?:19|20)\d{2})\b", e)
    year = int(years[-1]) if years else (pub.year if pub else None)
    months = re.findall(_M, e)
    # relative expressions
    rel = re.match(r"(?:(yesterday|today)|(last|this|next|the past|the previous|the prior|earlier this) (week|month|quarter|year))$", low)
    if rel:
        if pub is None:
            return None
        if rel.group(1):
            return (pub - dt.timedelta(days=1 if rel.group(1) == "yesterday" else 0)).isoformat()
        which, unit = rel.group(2), rel.group(3)
        step = {"last": -1, "the past": -1, "the previous": -1, "the prior": -1, "this": 0,
                "earlier this": 0, "next": 1}[which]
        if unit == "week":
            return _iso_week(pub + dt.timedelta(weeks=step))
        if unit == "month":
            return _shift_month(pub, step).strftime("%Y-%m")
        if unit == "quarter":
            d = _shift_month(dt.date(pub.year, (pub.month - 1) // 3 * 3 + 1, 1), 3 * step)
            return _quarter(d)
        return str(pub.year + step)
    m = re.search(rf"\b({_Y})-(\d{{2}})-(\d{{2}})\b", e)
    if m:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    m = re.search(r"\bweek of " + rf"({_M})\.? (\d{{1,2}})(?!\d)", e)
    if m and year:
        return _iso_week(dt.date(year, _month_num(m.group(1)), int(m.group(2))))
    m = re.search(rf"\b(first|second|third|fourth|last|final) (?:full )?week of ({_M})", e, re.I)
    if m and year:
        mon = _month_num(m.group(2))
        n = {"first": 0, "second": 1, "third": 2, "fourth": 3}.get(m.group(1).lower())
        if n is None:
            d = _shift_month(dt.date(year, mon, 1), 1) - dt.timedelta(days=4)
        else:
            d = dt.date(year, mon, 1) + dt.timedelta(days=3 + 7 * n)
        return _iso_week(d)
    m = re.search(r"\b(?:H([12])|([12])H)\b|\b(first|second) half\b", e)
    if m and year:
        h = m.group(1) or m.group(2) or ("1" if m.group(3) == "first" else "2")
        return f"{year}-H{h}"
    m = re.search(r"\bQ([1-4])\b", e) or re.search(r"\b(first|second|third|fourth) quarter", low)
    if m and year:
        q = m.group(1)
        q = {"first": "1", "second": "2", "third": "3", "fourth": "4"}.get(q, q)
        return f"{year}-Q{q}"
    m = re.search(rf"({_M})\.? (\d{{1,2}})(?:st|nd|rd|th)?\b(?!\d)", e) or re.search(rf"\b(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?({_M})", e)
    if m and year:
        a, b = m.group(1), m.group(2)
        mon, day = (_month_num(a), int(b)) if not a.isdigit() else (_month_num(b), int(a))
        return dt.date(year, mon, day).isoformat()
    if months:
        mon = _month_num(months[-1])
        if not years and pub is not None:
            # a bare month is the latest such month not after publication
            year = pub.year if mon <= pub.month else pub.year - 1
        if year:
            return f"{year}-{mon:02d}"
        return None
    if re.search(r"\bbetween\b", low):
        return None
    if years:
        return years[-1]
    return None
