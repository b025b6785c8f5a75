"""Server-side SVG charts: no JavaScript library, nothing loaded from elsewhere.

The charts page runs canned queries named in the plugin configuration
(``plugins.claimwatch.charts`` in metadata.yml) and lays their rows out here
as plain numbers; ``templates/claimwatch/charts.html`` draws them as SVG
(every label goes through the template's escaping).
"""

from __future__ import annotations

import datetime as dt
import math
import re

WIDTH, HEIGHT = 920, 320
MARGIN = dict(left=70, right=280, top=16, bottom=40)
LABEL_CHARS = 42
PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]

_PERIOD = re.compile(r"^(\d{4})(?:-(?:(\d{2})(?:-(\d{2}))?|W(\d{2})|Q([1-4])|H([12])))?")


def period_start(period) -> dt.date | None:
    """The first day of a period: 2026, 2026-05, 2026-05-14, 2026-W11, 2026-Q3, 2026-H1."""
    m = _PERIOD.match(str(period or ""))
    if not m:
        return None
    year, month, day, week, quarter, half = m.groups()
    try:
        if week:
            return dt.date.fromisocalendar(int(year), int(week), 1)
        if quarter:
            return dt.date(int(year), (int(quarter) - 1) * 3 + 1, 1)
        if half:
            return dt.date(int(year), 1 if half == "1" else 7, 1)
        return dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def human(value: float) -> str:
    """1.4e14 -> '140T', 0.42 -> '0.42'."""
    a = abs(value)
    for div, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if a >= div:
            return f"{value / div:.3g}{suffix}"
    return f"{value:.3g}"


def _scale(lo: float, hi: float, log: bool):
    if log:
        lo, hi = math.log10(lo), math.log10(hi)
    if hi == lo:
        lo, hi = lo - 1, hi + 1
    f = (lambda v: math.log10(v)) if log else (lambda v: v)
    return lambda v: (f(v) - lo) / (hi - lo)


def _ticks(lo: float, hi: float, log: bool) -> list[float]:
    if log:
        return [10.0**e for e in range(math.floor(math.log10(lo)), math.ceil(math.log10(hi)) + 1)]
    step = (hi - lo) / 4 or 1
    return [lo + i * step for i in range(5)]


def line_chart(rows: list[dict], *, x: str, y: str, series: str, log: bool = True) -> dict | None:
    """Points per series over time, with axes; None when there is nothing to draw."""
    pts = []
    for r in rows:
        day, value = period_start(r.get(x)), r.get(y)
        if day is None or not isinstance(value, (int, float)) or (log and value <= 0):
            continue
        pts.append((str(r.get(series) or ""), day, float(value)))
    if not pts:
        return None
    days = [p[1].toordinal() for p in pts]
    values = [p[2] for p in pts]
    d0, d1 = min(days), max(days)
    if d0 == d1:
        d0, d1 = d0 - 15, d1 + 15
    vlo, vhi = min(values), max(values)
    if log:
        vlo, vhi = 10 ** math.floor(math.log10(vlo)), 10 ** math.ceil(math.log10(vhi))
    else:
        vlo = min(vlo, 0)
    sy = _scale(vlo, vhi, log)
    pw = WIDTH - MARGIN["left"] - MARGIN["right"]
    ph = HEIGHT - MARGIN["top"] - MARGIN["bottom"]
    px = lambda d: MARGIN["left"] + (d - d0) / (d1 - d0) * pw  # noqa: E731
    py = lambda v: MARGIN["top"] + (1 - sy(v)) * ph  # noqa: E731
    names = sorted({p[0] for p in pts})
    out_series = []
    for i, name in enumerate(names):
        mine = sorted((p for p in pts if p[0] == name), key=lambda p: p[1])
        points = [
            {"x": round(px(d.toordinal()), 1), "y": round(py(v), 1),
             "label": f"{name}: {human(v)} ({d.isoformat()})"}
            for _, d, v in mine
        ]
        # several values for one date (claims from several outlets): points, no line
        joined = len({p["x"] for p in points}) == len(points)
        out_series.append({
            "name": _short(name), "color": PALETTE[i % len(PALETTE)], "points": points,
            "path": " ".join(f"{p['x']},{p['y']}" for p in points) if joined else "",
            "legend_y": MARGIN["top"] + 14 * i + 8,
        })
    yticks = [{"y": round(py(t), 1), "label": human(t)} for t in _ticks(vlo, vhi, log)]
    xticks = []
    for k in range(0, 5):
        day = dt.date.fromordinal(d0 + round((d1 - d0) * k / 4))
        xticks.append({"x": round(px(day.toordinal()), 1), "label": day.isoformat()})
    return {"kind": "line", "series": out_series, "yticks": yticks, "xticks": xticks,
            "width": WIDTH, "height": HEIGHT, "margin": MARGIN, "log": log}


def bar_chart(rows: list[dict], *, label: str, y: str, series: str | None = None,
              log: bool = True, limit: int = 40) -> dict | None:
    """Horizontal bars, largest first; None when there is nothing to draw."""
    items = []
    for r in rows:
        value = r.get(y)
        if not isinstance(value, (int, float)) or (log and value <= 0):
            continue
        items.append((str(r.get(label) or ""), str(r.get(series) or "") if series else "", float(value)))
    if not items:
        return None
    items = sorted(items, key=lambda t: -t[2])[:limit]
    values = [t[2] for t in items]
    vlo, vhi = min(values), max(values)
    if log:
        vlo, vhi = 10 ** math.floor(math.log10(vlo)), 10 ** math.ceil(math.log10(vhi))
        if vlo == vhi:
            vhi *= 10
    else:
        vlo = 0
    sx = _scale(vlo, vhi, log)
    left, bar_h, gap = 290, 14, 4
    pw = WIDTH - left - 60
    names = sorted({t[1] for t in items})
    colors = {n: PALETTE[i % len(PALETTE)] for i, n in enumerate(names)}
    bars = []
    for i, (name, group, value) in enumerate(items):
        width = max(1.0, sx(value) * pw) if log else max(1.0, value / vhi * pw)
        bars.append({
            "label": _short(name + (f" ({group})" if group else "")),
            "y": MARGIN["top"] + i * (bar_h + gap),
            "width": round(width, 1), "value": human(value), "color": colors[group],
        })
    height = MARGIN["top"] + len(items) * (bar_h + gap) + MARGIN["bottom"]
    xticks = [{"x": round(left + sx(t) * pw, 1), "label": human(t)} for t in _ticks(vlo, vhi, log)]
    return {"kind": "bar", "bars": bars, "left": left, "bar_h": bar_h, "xticks": xticks,
            "width": WIDTH, "height": height, "log": log,
            "legend": [{"name": n, "color": c} for n, c in colors.items() if n]}
