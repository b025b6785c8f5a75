"""PDF reports to text: the PDF half of `extract.document`.

pdfplumber (on pdfminer.six) gives, per page, text boxes in reading order (pdfminer's
layout analysis, which keeps columns apart), their lines and characters with font sizes,
and ruled tables. `pdf_text` turns that into one block per line:
- lines of one paragraph are joined (named rules in `_breaks_before`: a change of font
  size or weight, a bullet, a wider gap, a short line whose successor's first word would
  have fitted, a first-line indent), with careful de-hyphenation (`_join`);
- ruled tables become `| a | b |` rows at their place in the page;
- running headers, footers and page numbers are dropped;
- a paragraph that runs over a page break is joined too.
It returns the text, the offset where each page starts, and the info-dict metadata.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from extract.errors import DocumentError

# line_margin is generous: paragraphs are split by our own rules, not by pdfminer's boxes
LAPARAMS = {"line_margin": 1.2, "char_margin": 3.0, "word_margin": 0.1, "boxes_flow": 0.5}

BULLET_RE = re.compile(
    r"^(?:[\u2022\u25aa\u25ab\u25cf\u25cb\u25e6\u25a0\u25a1\u2023\u2043\u2219\u00b7\u27a2\u2713\u2714*\-\u2013\u2014]\s"
    r"|\(?\d{1,2}[.)]\s|\(?[a-z][.)]\s|\(?[ivx]{1,4}[.)]\s)"
)
TERMINAL_RE = re.compile(r"[.!?:;\u2026][\"'\u201d\u2019)\]]*$")
PAGE_NUMBER_RE = re.compile(
    r"^(?:page\s*)?[-\u2013\u2014]?\s*(?:\d{1,4}|[ivxlc]{1,6})\s*[-\u2013\u2014]?"
    r"(?:\s*(?:/|of)\s*\d{1,4})?$", re.IGNORECASE,
)
SUFFIXES = (
    "tion", "tions", "sion", "sions", "ment", "ments", "ing", "ings", "ed", "er", "ers", "est",
    "ly", "ity", "ities", "ness", "able", "ible", "al", "ally", "ance", "ances", "ence", "ences",
    "ate", "ated", "ates", "ive", "ous", "ism", "ist", "ists", "ise", "ize", "ised", "ized",
    "ure", "ures", "age", "ant", "ants", "ent", "ents", "ful", "less", "ship", "ology", "ics",
)
WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    first_word_width: float


@dataclass
class Block:
    """A run of lines pdfminer grouped together (or a rendered table)."""

    lines: list[Line] = field(default_factory=list)
    table: list[str] | None = None
    top: float = 0.0
    bottom: float = 0.0
    page: int = 0

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines) if self.table is None else "\n".join(self.table)


CID_RE = re.compile(r"\(cid:\d+\)")


def _line_from_layout(obj, page_height: float, stats: Counter | None = None) -> Line | None:
    """A pdfminer text line -> Line with its dominant font size and weight. Glyphs
    without a Unicode mapping ("(cid:42)") are dropped and counted in `stats`."""
    from pdfminer.layout import LTChar

    chars = [c for c in obj if isinstance(c, LTChar)]
    text = obj.get_text()
    if "(cid:" in text:
        if stats is not None:
            stats["cid"] += len(CID_RE.findall(text))
        text = CID_RE.sub("", text)
        chars = [c for c in chars if not c.get_text().startswith("(cid:")]
    text = re.sub(r"\s+", " ", text).strip()
    if not text or not chars:
        return None
    visible = [c for c in chars if not c.get_text().isspace()] or chars
    size = Counter(round(c.size, 1) for c in visible).most_common(1)[0][0]
    fonts = Counter(c.fontname for c in visible)
    bold = sum(n for font, n in fonts.items() if BOLD_FONT_RE.search(font)) > len(visible) / 2
    first_word_width = 0.0
    for c in chars:
        if c.get_text().isspace():
            break
        first_word_width = c.x1 - chars[0].x0
    return Line(text=text, x0=obj.x0, x1=obj.x1, top=page_height - obj.y1,
                bottom=page_height - obj.y0, size=size, bold=bold,
                first_word_width=first_word_width)


BOLD_FONT_RE = re.compile(r"bold|black|heavy|semibold|,b\b", re.IGNORECASE)


def _table_rows(table) -> list[str]:
    """pdfplumber table -> pipe rows; a row with one filled cell in a wider table is a plain line."""
    rows = []
    for row in table.extract():
        cells = [re.sub(r"\s+", " ", c or "").strip().replace("|", "/") for c in row]
        filled = [c for c in cells if c]
        if not filled:
            continue
        if len(cells) > 1 and len(filled) == 1:
            rows.append(filled[0])
        else:
            rows.append("| " + " | ".join(cells) + " |")
    return rows


def _has_rules(layout) -> bool:
    """Does the page draw enough lines or rectangles to hold a ruled table?"""
    from pdfminer.layout import LTCurve

    count = 0
    for obj in layout:
        if isinstance(obj, LTCurve):  # LTLine and LTRect are curves too
            count += 1
            if count >= 4:
                return True
    return False


def _grid_tables(lines: list[Line]) -> list[tuple[list[Line], list[str]]]:
    """Named rule "grid_table": tables drawn without ruling lines. Rows are lines that
    share a baseline and are split into short segments (pdfminer cuts a line at a wide
    gap); two or more such rows in a row, with a few words per segment (columns of prose
    have more), whose segments fall into columns separated by a gutter running through
    all of them, are a table. A short segment right under a
    row (a wrapped cell) joins that row. Returns (lines used, pipe rows) per table."""
    if len(lines) < 4:
        return []
    left = min(line.x0 for line in lines)
    width = max(line.x1 for line in lines) - left or 1.0
    rows: list[list[Line]] = []
    for line in sorted(lines, key=lambda ln: (ln.top, ln.x0)):
        if rows and abs(line.top - rows[-1][0].top) <= 0.4 * line.size:
            rows[-1].append(line)
        else:
            rows.append([line])

    def short(row):
        return all(seg.x1 - seg.x0 < 0.45 * width for seg in row)

    tables = []
    i = 0
    while i < len(rows):
        if not (len(rows[i]) >= 2 and short(rows[i])):
            i += 1
            continue
        run = [rows[i]]
        j = i + 1
        while j < len(rows) and short(rows[j]) and rows[j][0].top - run[-1][0].top < 3 * rows[j][0].size:
            if len(rows[j]) < 2 and rows[j][0].top - run[-1][0].top > 1.3 * rows[j][0].size:
                break  # a lone short line after a gap is text, not a wrapped cell
            run.append(rows[j])
            j += 1
        multi = [row for row in run if len(row) >= 2]
        words = sorted(len(seg.text.split()) for row in run for seg in row)
        if len(multi) >= 2 and words[len(words) // 2] <= 5:  # cells, not columns of prose
            table = _grid_rows(run)
            if table:
                tables.append(([seg for row in run for seg in row], table))
                i = j
                continue
        i += 1
    return tables


def _grid_rows(run: list[list[Line]]) -> list[str] | None:
    """Pipe rows of a run of aligned rows, or None when no gutter separates columns."""
    spans: list[list[float]] = []
    for seg in sorted((seg for row in run for seg in row), key=lambda s: s.x0):
        if spans and seg.x0 <= spans[-1][1] + 1:
            spans[-1][1] = max(spans[-1][1], seg.x1)
        else:
            spans.append([seg.x0, seg.x1])
    if len(spans) < 2:
        return None
    table: list[list[str]] = []
    for row in run:
        cells = [""] * len(spans)
        for seg in row:
            col = next(k for k, (a, b) in enumerate(spans) if a - 1 <= seg.x0 <= b + 1)
            cells[col] = (cells[col] + " " + seg.text).strip()
        if len(row) < 2 and table:  # a wrapped cell: continue the row above
            table[-1] = [(a + " " + b).strip() for a, b in zip(table[-1], cells)]
        else:
            table.append(cells)
    if sum(1 for cells in table if sum(1 for c in cells if c) >= 2) < 2:
        return None
    return ["| " + " | ".join(c.replace("|", "/") for c in cells) + " |" for cells in table]


def _page_blocks(page, page_index: int, stats: Counter | None = None) -> list[Block]:
    """Blocks of one page in reading order, tables in place of the lines they cover."""
    from pdfminer.layout import LTTextBox, LTTextLine

    layout = page.layout
    height = float(page.height)
    boxes: list[list[Line]] = []
    for box in layout:
        if not isinstance(box, (LTTextBox, LTTextLine)):
            continue
        raw_lines = [box] if isinstance(box, LTTextLine) else [x for x in box if isinstance(x, LTTextLine)]
        lines = [line for line in (_line_from_layout(raw, height, stats) for raw in raw_lines) if line]
        if lines:
            boxes.append(lines)

    # each table: (bbox top, bottom, rows, ids of the lines it replaces)
    tables: list[tuple[float, float, list[str], set[int]]] = []
    if _has_rules(layout):
        for found in page.find_tables():
            rows = _table_rows(found)
            if len(rows) < 2:
                continue
            x0, top, x1, bottom = found.bbox
            covered = {id(line) for lines in boxes for line in lines
                       if x0 - 1 <= (line.x0 + line.x1) / 2 <= x1 + 1
                       and top - 1 <= (line.top + line.bottom) / 2 <= bottom + 1}
            tables.append((top, bottom, rows, covered))
    taken = set().union(*(t[3] for t in tables)) if tables else set()
    free = [line for lines in boxes for line in lines if id(line) not in taken]
    for used, rows in _grid_tables(free):
        tables.append((min(seg.top for seg in used), max(seg.bottom for seg in used), rows,
                       {id(seg) for seg in used}))

    owner = {line_id: index for index, table in enumerate(tables) for line_id in table[3]}
    blocks: list[Block] = []
    placed = set()
    for lines in boxes:
        current = Block(page=page_index)
        for line in lines:
            index = owner.get(id(line))
            if index is None:
                current.lines.append(line)
                continue
            if current.lines:
                blocks.append(current)
                current = Block(page=page_index)
            if index not in placed:
                placed.add(index)
                top, bottom, rows, _ = tables[index]
                blocks.append(Block(table=rows, top=top, bottom=bottom, page=page_index))
        if current.lines:
            blocks.append(current)
    for index, (top, bottom, rows, _) in enumerate(tables):  # tables with no boxed text
        if index not in placed:
            at = next((i for i, b in enumerate(blocks) if b.top > top), len(blocks))
            blocks.insert(at, Block(table=rows, top=top, bottom=bottom, page=page_index))
    for block in blocks:
        if block.lines:
            block.top, block.bottom = block.lines[0].top, block.lines[-1].bottom
    return blocks


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower()).strip()


def _drop_furniture(pages: list[list[Block]], heights: list[float]) -> None:
    """Remove page numbers and running headers/footers: lines in the top or bottom 8% of
    a page, no larger than body text, that are a page number or whose text (digits
    aside) recurs there on at least half of the pages. (Larger lines there are headings.)"""
    sizes: Counter = Counter()
    for blocks in pages:
        for block in blocks:
            for line in block.lines:
                sizes[line.size] += len(line.text)
    body_size = sizes.most_common(1)[0][0] if sizes else 10.0

    def edge_lines(blocks, height):
        for block in blocks:
            for line in block.lines:
                if (line.bottom <= height * 0.08 or line.top >= height * 0.92) \
                        and line.size <= body_size + 0.3:
                    yield block, line

    counts: Counter = Counter()
    for blocks, height in zip(pages, heights):
        counts.update({_furniture_key(line.text) for _, line in edge_lines(blocks, height)})
    repeated = {k for k, n in counts.items() if len(pages) >= 2 and n >= 2 and n >= len(pages) / 2}
    for blocks, height in zip(pages, heights):
        for block, line in list(edge_lines(blocks, height)):
            if PAGE_NUMBER_RE.match(line.text) or _furniture_key(line.text) in repeated:
                block.lines.remove(line)
        blocks[:] = [b for b in blocks if b.lines or b.table is not None]
        for b in blocks:
            if b.lines:
                b.top, b.bottom = b.lines[0].top, b.lines[-1].bottom


def _same_style(a: Line, b: Line) -> bool:
    return abs(a.size - b.size) <= 0.6 and a.bold == b.bold


@dataclass
class Layout:
    """Document-wide measures the line rules compare against."""

    body_size: float
    pitch: dict[float, float]  # font size -> usual distance between line tops
    right: dict[tuple[int, int], float]  # (page, rounded x0) -> right edge of that column

    def column_right(self, page: int, line: Line) -> float:
        best = line.x1
        for (p, x0), right in self.right.items():
            if p == page and abs(x0 - line.x0) <= 2 * line.size:
                best = max(best, right)
        return best


def _measure(pages: list[list[Block]]) -> Layout:
    sizes: Counter = Counter()
    pitches: dict[float, Counter] = {}
    right: dict[tuple[int, int], float] = {}
    for page_index, blocks in enumerate(pages):
        for block in blocks:
            prev = None
            for line in block.lines:
                sizes[line.size] += len(line.text)
                key = (page_index, round(line.x0))
                right[key] = max(right.get(key, 0.0), line.x1)
                if prev is not None and _same_style(prev, line) and 0 < line.top - prev.top < 3 * line.size:
                    pitches.setdefault(line.size, Counter())[round(line.top - prev.top, 0)] += 1
                prev = line
    body_size = sizes.most_common(1)[0][0] if sizes else 10.0
    pitch = {size: counter.most_common(1)[0][0] for size, counter in pitches.items()}
    return Layout(body_size=body_size, pitch=pitch, right=right)


OPEN_WORDS = {"a", "an", "the", "of", "to", "and", "or", "by", "in", "for", "with", "from", "at", "on",
              "as", "than", "that", "which", "per", "about", "over", "under", "into", "its", "their"}


def _open_ended(text: str) -> bool:
    """A line that cannot end a paragraph: a word hyphen, a comma, or a function word."""
    if re.search(r"[^\W\d_][-\u2010\u00ad]$", text) or text.endswith((",", "(", "/")):
        return True
    last = text.rsplit(" ", 1)[-1].lower()
    return last in OPEN_WORDS


def _breaks_before(prev: Line, line: Line, right: float, layout: Layout) -> bool:
    """Named layout rules: does `line` start a new block after `prev` in the same box?"""
    if not _same_style(prev, line):
        return True  # font_change: headings, bold labels
    if BULLET_RE.match(line.text):
        return True  # bullet: a new list item
    pitch = line.top - prev.top
    usual = layout.pitch.get(line.size, line.size * 1.25)
    if pitch > usual * 1.25 + 0.5 or pitch < -line.size:
        return True  # wide_gap: space between paragraphs (or a jump back up: a new column)
    if prev.x1 + line.first_word_width + prev.size * 0.5 < right and not line.text[:1].islower() \
            and not _open_ended(prev.text):
        return True  # short_line: the next word would have fitted, so the break was meant
    if line.x0 - prev.x0 > prev.size * 1.2 and TERMINAL_RE.search(prev.text) \
            and not BULLET_RE.match(prev.text):
        return True  # indent: first line of a new paragraph
    if prev.size > layout.body_size + 0.6 and TERMINAL_RE.search(prev.text):
        return True  # heading that ends a sentence of its own
    return False


def _join(left: str, right: str, vocab: set[str]) -> str:
    """Join two wrapped lines; a line-end hyphen is removed only when the joined word is
    attested (or the tail is a suffix fragment), kept in compounds ("open-weight") and
    before digits or capitals ("GPT-4o", "$400-500")."""
    if not left:
        return right
    if left.endswith("\u00ad"):
        return left[:-1] + right
    if left.endswith(("-", "\u2010")) and len(left) >= 2 and left[-2].isalpha() and right:
        head = re.search(r"([^\W\d_]+)[-\u2010]$", left)
        tail = re.match(r"[^\W\d_]+", right)
        if not right[0].islower() or not head or not tail:
            return left + right
        first, second = head.group(1), tail.group(0)
        joined, hyphened = (first + second).lower(), f"{first}-{second}".lower()
        if joined in vocab and hyphened not in vocab:
            return left[:-1] + right
        if hyphened in vocab:
            return left + right
        if second.lower() in SUFFIXES or (first.lower() not in vocab and second.lower() not in vocab):
            return left[:-1] + right
        return left + right
    if left.endswith("/") and "://" in left.rsplit(" ", 1)[-1]:
        return left + right  # a URL broken at a slash
    return left + " " + right


def _render_block(block: Block, layout: Layout, vocab: set[str]) -> list[str]:
    """One block -> text lines (a paragraph per line, tables as rows)."""
    if block.table is not None:
        return list(block.table)
    out: list[str] = []
    text = ""
    prev = None
    for line in block.lines:
        right = layout.column_right(block.page, line)
        if prev is not None and _breaks_before(prev, line, max(right, layout.column_right(block.page, prev)), layout):
            out.append(text)
            text = line.text
        else:
            text = _join(text, line.text, vocab)
        prev = line
    out.append(text)
    return [re.sub(r"\s+", " ", line).strip() for line in out if line and line.strip()]


def _continues(prev_block: Block | None, prev_text: str, block: Block, layout: Layout) -> bool:
    """Does `block` carry on the sentence `prev_text` left open (across boxes, columns, pages)?"""
    if prev_block is None or block.table is not None or prev_block.table is not None:
        return False
    if not block.lines or not prev_block.lines or TERMINAL_RE.search(prev_text):
        return False
    last, first = prev_block.lines[-1], block.lines[0]
    if not _same_style(last, first) or BULLET_RE.match(first.text) or BULLET_RE.match(prev_text):
        return False
    if first.text[:1].islower() or _open_ended(prev_text):
        return True
    # a full last line means the text wrapped rather than ended
    full = last.x1 + first.first_word_width + last.size * 0.5 >= layout.column_right(prev_block.page, last)
    return full and last.size <= layout.body_size + 0.6


def _pdf_date(value) -> str | None:
    """PDF date "D:20260503083000+02'00'" -> ISO datetime (or date)."""
    if isinstance(value, bytes):
        value = value.decode("latin-1", "ignore")
    if not isinstance(value, str):
        return None
    m = re.match(r"(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?\s*([Zz+\-])?(\d{2})?'?(\d{2})?",
                 value.strip())
    if not m:
        return None
    year, month, day, hour, minute, second, sign, tzh, tzm = m.groups()
    try:
        base = datetime(int(year), int(month or 1), int(day or 1), int(hour or 0),
                        int(minute or 0), int(second or 0))
    except ValueError:
        return None
    if hour is None:
        return base.date().isoformat()
    if sign in ("Z", "z"):
        base = base.replace(tzinfo=timezone.utc)
    elif sign in ("+", "-"):
        offset = timedelta(hours=int(tzh or 0), minutes=int(tzm or 0))
        base = base.replace(tzinfo=timezone(offset if sign == "+" else -offset))
    return base.isoformat()


def _info_text(value) -> str | None:
    from pdfminer.utils import decode_text

    if isinstance(value, bytes):
        value = decode_text(value)
    if not isinstance(value, str):
        return None
    value = re.sub(r"\s+", " ", value).strip()
    return value or None


def _metadata(pdf) -> dict:
    info = pdf.metadata or {}
    meta = {"title": _info_text(info.get("Title")), "author": _info_text(info.get("Author")),
            "published_at": _pdf_date(info.get("CreationDate"))}
    try:
        lang = pdf.doc.catalog.get("Lang")
        from pdfminer.pdftypes import resolve1

        lang = _info_text(resolve1(lang))
    except Exception:
        lang = None
    if lang:
        primary = re.split(r"[-_]", lang)[0].lower()
        meta["language"] = primary if re.fullmatch(r"[a-z]{2,3}", primary) else None
    return meta


def _vocabulary(pages: list[list[Block]]) -> set[str]:
    """Lower-cased words of the document, leaving out the fragments around line-end
    hyphens (they are what de-hyphenation has to decide about)."""
    vocab: set[str] = set()
    for blocks in pages:
        for block in blocks:
            cut_first = False
            for line in block.lines:
                words = WORD_RE.findall(line.text)
                hyphen = line.text.endswith(("-", "\u2010", "\u00ad"))
                if cut_first:
                    words = words[1:]
                if hyphen:
                    words = words[:-1]
                vocab.update(w.lower() for w in words)
                cut_first = hyphen
    return vocab


def pdf_text(body: bytes) -> tuple[str, list[int], dict]:
    """PDF bytes -> (text, page start offsets, metadata). Raises DocumentError for an
    encrypted, broken or text-less PDF."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    def unreadable(err: Exception) -> DocumentError:
        """pdfminer raises many kinds on damaged files; pdfplumber wraps some of them."""
        cause = err.args[0] if isinstance(err, PdfminerException) and err.args else err
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            return DocumentError("encrypted PDF (password required)")
        return DocumentError(f"broken PDF ({_reason(cause)})")

    try:
        pdf = pdfplumber.open(io.BytesIO(body), laparams=LAPARAMS)
    except Exception as err:
        raise unreadable(err) from None
    try:
        meta = _metadata(pdf)
        stats: Counter = Counter()
        pages = [_page_blocks(page, i, stats) for i, page in enumerate(pdf.pages)]
        heights = [float(page.height) for page in pdf.pages]
    except DocumentError:
        raise
    except Exception as err:
        raise unreadable(err) from None
    finally:
        try:
            pdf.close()
        except Exception:  # closing a damaged file can fail too; nothing is left to do
            pass
    if not pages:
        raise DocumentError("PDF has no pages")
    _drop_furniture(pages, heights)

    if not any(b.lines or b.table for blocks in pages for b in blocks):
        raise DocumentError(NO_TEXT_UNMAPPED if stats["cid"] else NO_TEXT_LAYER)
    layout = _measure(pages)
    vocab = _vocabulary(pages)

    lines: list[str] = []
    starts: list[int] = []
    length = 0  # length of "\n".join(lines) so far
    prev_block: Block | None = None
    for blocks in pages:
        page_start = None
        for block in blocks:
            rendered = _render_block(block, layout, vocab)
            if not rendered:
                continue
            if lines and _continues(prev_block, lines[-1], block, layout):
                joined = _join(lines[-1], rendered[0], vocab)
                if page_start is None:  # the page starts inside the carried-over line
                    page_start = length - len(lines[-1]) + len(joined) - len(rendered[0])
                length += len(joined) - len(lines[-1])
                lines[-1] = joined
                rendered = rendered[1:]
            for text in rendered:
                if page_start is None:
                    page_start = length + (1 if lines else 0)
                length += len(text) + (1 if lines else 0)
                lines.append(text)
            prev_block = block
        starts.append(page_start if page_start is not None else length + (1 if lines else 0))
    text = "\n".join(lines)
    starts = [min(s, len(text)) for s in starts]
    if not text.strip():
        raise DocumentError(NO_TEXT_UNMAPPED if stats["cid"] else NO_TEXT_LAYER)
    return text, starts, meta


NO_TEXT_LAYER = "PDF has no text layer (scanned or image-only; OCR is not done here)"
NO_TEXT_UNMAPPED = "PDF text is unreadable (its fonts map no glyph to a character)"


def _reason(err: BaseException) -> str:
    text = re.sub(r"\s+", " ", str(err)).strip()
    return (text[:80] or type(err).__name__)
