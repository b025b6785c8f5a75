"""Sentence boundaries for converted HTML/PDF text: one block per line.

Lines are hard boundaries (a heading, list item, FAQ question or table row is a sentence
of its own) and lines are never joined. Inside a line a sentence ends at . ! ? followed by
space and a capital, digit, quote or currency sign, unless the period closes an
abbreviation ("vs.", "U.S.", "e.g.") or an initial.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import ABBREVIATIONS

END_RE = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9$€£¥])")
WORD_BEFORE_RE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
TABLE_SEP_RE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


@dataclass(slots=True)
class Sent:
    start: int                 # char offsets in the document text
    end: int
    text: str
    line: int                  # index of the line (block) it belongs to
    first_in_line: bool = True
    last_in_line: bool = True
    line_text: str = ""
    cells: list | None = None  # table row cells (text, start offset in sentence)
    quants: list | tuple = ()     # filled by claim_numbers / claim_units when needed
    toks: list | tuple = ()
    claims: list | tuple = ()
    view: object = None           # context.SentenceView, built on first use


def _ends_abbreviation(line: str, dot: int) -> bool:
    m = WORD_BEFORE_RE.search(line[max(0, dot - 24):dot])
    if not m:
        return False
    w = m.group(1).lower().rstrip(".")
    if w in ABBREVIATIONS:
        return True
    return len(m.group(1)) == 1 and m.group(1).isupper()  # an initial: "J. Smith"


def split_line(line: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) inside one line, whitespace trimmed."""
    if line.lstrip().startswith("|"):
        cuts = []
    else:
        cuts = [m.end() for m in END_RE.finditer(line)
                if not (line[m.start()] == "." and _ends_abbreviation(line, m.start()))]
    spans, prev = [], 0
    for c in cuts + [len(line)]:
        seg = line[prev:c]
        a = len(seg) - len(seg.lstrip())
        b = len(seg.rstrip())
        if b > a:
            spans.append((prev + a, prev + b))
        prev = c
    return spans


def split_sentences(text: str) -> list[Sent]:
    out: list[Sent] = []
    pos = 0
    for li, line in enumerate(text.split("\n")):
        spans = split_line(line) if line.strip() else []
        for k, (a, b) in enumerate(spans):
            out.append(Sent(pos + a, pos + b, line[a:b], li, k == 0, k == len(spans) - 1, line))
        pos += len(line) + 1
    return out


def table_cells(sent: Sent):
    """Cells of a pipe-table row as (text, offset in the sentence); None if not a row."""
    s = sent.text
    if not s.startswith("|") or s.count("|") < 2:
        return None
    if TABLE_SEP_RE.match(s):
        return []
    cells = []
    pos = 1
    for part in s[1:].split("|"):
        a = len(part) - len(part.lstrip())
        cells.append((part.strip(), pos + a))
        pos += len(part) + 1
    if cells and cells[-1][0] == "":
        cells.pop()
    return cells
