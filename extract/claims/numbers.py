"""Find number expressions in one sentence and read their values.

First step of claim extraction: `find_quantities(text)` tokenises a sentence with one
regex and walks the tokens once, reading digits with scale suffixes ("12.96T"),
scale words ("140 trillion"), numbers in words ("eight", "one-seventh", "a thousandfold",
"tens of millions of"), multipliers ("doubled", "3-5x"), percentages, currencies before
the amount, ranges and the qualifier in front ("over", "roughly", "400+"). What the number
counts (unit, metric, per) is decided later by `extract.claims.units`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import lexicon as L

TOKEN_RE = re.compile(
    r"(?P<pword>\d[\w.]*['’]s\b)"                     # "Vireo 2's": a name part, not a number
    r"|(?P<scale>(?<=-)(?i:thousand|million|billion|trillion)(?=-[A-Za-z]))"  # "1.2-trillion-parameter"
    r"|(?P<num>\d+(?:,\d{3})*(?:\.\d+)?[A-Za-z]*)"
    r"|(?P<word>[A-Za-z][\w'’]*(?:[-.][\w'’]+)*)"
    r"|(?P<sym>\S)"
)
DIGITS_RE = re.compile(r"(\d+(?:,\d{3})*(?:\.\d+)?)([A-Za-z]*)$")

_MONTH_NAMES = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
# spans whose digits are dates, clock times, phone numbers or identifiers, never amounts
MASK_RES = [
    re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b"),
    re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b"),
    re.compile(r"\b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*[AaPp]\.?[Mm]\b\.?"),
    re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\b"),
    re.compile(r"(?:\+\d{1,3}[\s.-]?)?\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b"),
    re.compile(r"\b24/7\b|\b365\b(?= days a year)"),
    re.compile(_MONTH_NAMES + r"\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{1,2}(?:st|nd|rd|th)?)?\b(?!\s*(?:%|percent|x\b|trillion|billion|million))"),
    re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH_NAMES + r"\b"),
    re.compile(r"\b(?:19|20)\d{2}\s*[-–/]\s*(?:19|20)?\d{2}\b(?!\s*%)"),
    re.compile(r"https?://\S+|www\.\S+|\S+@\S+"),
]

QUAL_BEFORE_RE = re.compile(
    r"(?:^|(?<=[\s(\[—–:,\"“]))(" + "|".join(
        re.escape(q) for q, _ in sorted(L.QUALIFIERS_BEFORE, key=lambda x: -len(x[0]))
    ) + r")\s*(?:of\s+)?$",
    re.I,
)
QUALIFIER_OF = {q.lower(): kind for q, kind in L.QUALIFIERS_BEFORE}
# the last word of every qualifier (a cheap test before the regex), plus "of" ("upwards of")
QUAL_LAST_WORDS = {q.lower().split()[-1] for q, _ in L.QUALIFIERS_BEFORE} | {"of"}
RATIO_WORD_RE = re.compile(r"to-(\d+(?:\.\d+)?)$")
# "3 times more", "two and a half times from a year ago": 'times' as a multiple
TIMES_FOLLOWERS = {"from", "since", "compared", "versus", "vs", "over", "in", "year-over-year", "more", "year", "its", "their",
                   "input", "output",
                   "yoy", "quarter-over-quarter", "month-over-month",
                   "less", "as", "faster", "cheaper", "higher", "larger", "bigger", "smaller", "greater",
                   "the", "that", "what", "growth"}
X_FOLLOWERS = {"more", "less", "faster", "cheaper", "higher", "larger", "growth", "increase",
               "the", "gap", "difference", "differential", "what"}


@dataclass(slots=True)
class Tok:
    kind: str  # num | word | sym
    text: str
    low: str
    start: int
    end: int


@dataclass
class Quantity:
    """A number expression: one value, or two for a range."""
    start: int                  # char offset in the sentence (qualifier/currency included)
    end: int                    # char offset after the number core (unit words come later)
    tok_start: int
    tok_end: int
    values: list
    kind: str = "num"           # num | word | vague | few | fraction | fold | mult | halving | digitclass
    unit_hint: str | None = None  # "%" or "x" when the expression itself says so
    currency: str | None = None
    scaled: bool = False        # a scale word or suffix was present
    qualifier: str = "exact"
    core_start: int = 0         # where the digits/words of the number begin
    flags: set = field(default_factory=set)

    @property
    def is_range(self):
        return len(self.values) == 2


def tokenize(text: str) -> list[Tok]:
    out = []
    append = out.append
    for m in TOKEN_RE.finditer(text):
        g = m.group()
        kind = m.lastgroup
        a, b = m.span()
        append(Tok("word" if kind in ("pword", "scale") else kind, g, g.lower(), a, b))
    return out


def masked_spans(text: str) -> list[tuple[int, int]]:
    if not MAYBE_MASK_RE.search(text):
        return []
    return [m.span() for m in MASK_RE.finditer(text)]


def _in_spans(pos, spans):
    if not spans:
        return False
    return any(a <= pos < b for a, b in spans)


def _word_value(low: str):
    """'eight' -> 8, 'twenty-five' -> 25, else None."""
    if low in L.WORD_NUMBERS:
        return L.WORD_NUMBERS[low]
    if "-" in low:
        a, _, b = low.partition("-")
        if a in L.WORD_NUMBERS and b in L.WORD_NUMBERS and L.WORD_NUMBERS[a] >= 20 and L.WORD_NUMBERS[b] < 10:
            return L.WORD_NUMBERS[a] + L.WORD_NUMBERS[b]
    return None


def _fraction_value(low: str):
    """'one-seventh' -> 1/7, 'two-thirds' -> 2/3."""
    a, sep, b = low.partition("-")
    if sep and b in L.FRACTIONS:
        num = 1 if a in ("a", "an", "one") else _word_value(a)
        if num:
            return num / L.FRACTIONS[b]
    return None


def _fold_value(low: str):
    """'thousandfold' -> 1000, 'tenfold' -> 10."""
    if low.endswith("fold") and len(low) > 4:
        stem = low[:-4].rstrip("-")
        if stem in L.SCALE_WORDS and stem not in ("k", "mn", "bn", "tn", "mln"):
            return L.SCALE_WORDS[stem]
        return _word_value(stem)
    return None


# words that can begin a number expression (digits always can)
START_WORDS = (set(L.WORD_NUMBERS) | set(L.VAGUE_PLURALS) | set(L.MULTIPLIER_WORDS)
               | set(L.HALVING_WORDS) | set(L.DIGIT_CLASSES) | {"a", "an", "several", "multiple", "half", "order", "orders",
                                                                  "remaining", "other"})
MASK_RE = re.compile("|".join(f"(?:{rx.pattern})" for rx in MASK_RES))
# cheap test first: no mask pattern can match without one of these
MAYBE_MASK_RE = re.compile(r"\d[-/:–]\s*\d|\d\.\d+\.\d|\d\s*[AaPp]\.?[Mm]\b|http|www\.|@|\d{3}\)|" + _MONTH_NAMES)


class _Scanner:
    def __init__(self, text: str):
        self.text = text
        self.toks = tokenize(text)
        self.n = len(self.toks)
        self.padded = [None, None] + self.toks + [None] * 10  # tok(i) without bounds checks
        self.mask = masked_spans(text)

    def tok(self, i):
        return self.padded[i + 2] if i < self.n + 8 else None

    def low(self, i):
        t = self.padded[i + 2] if i < self.n + 8 else None
        return t.low if t else ""

    def adjacent(self, i, j):
        """True when token j starts right where token i ends."""
        a = self.padded[i + 2] if i < self.n + 8 else None
        b = self.padded[j + 2] if j < self.n + 8 else None
        return bool(a and b and a.end == b.start)

    # -- pieces -------------------------------------------------------------------
    def currency_before(self, i):
        """Currency symbol/code right before token i: (code, first token index)."""
        t = self.tok(i - 1)
        if not t:
            return None, i
        if t.text in ("$",) and self.adjacent(i - 1, i):
            p = self.tok(i - 2)
            if p and p.text in ("US", "HK", "C", "A", "S") and self.adjacent(i - 2, i - 1):
                return L.CURRENCY_PREFIXES.get(p.text + "$", "USD"), i - 2
            return "USD", i - 1
        if t.text in ("€", "£", "¥", "₹", "₩"):
            return L.CURRENCY_PREFIXES[t.text], i - 1
        if t.text in ("USD", "EUR", "GBP", "RMB", "CNY", "JPY", "INR") :
            return L.CURRENCY_PREFIXES.get(t.text), i - 1
        return None, i

    def digits(self, i):
        """Digit token at i with its glued suffix: (value, scale, hint, ok)."""
        t = self.tok(i)
        plain = t.text.replace(",", "")
        if plain.replace(".", "", 1).isdigit():  # the common case, without the regex
            try:
                return float(plain), 1.0, None
            except ValueError:
                return None
        m = DIGITS_RE.match(t.text)
        if not m:
            return None
        num, suf = m.groups()
        try:
            value = float(num.replace(",", ""))
        except ValueError:
            return None
        s = suf.lower()
        if not s:
            return value, 1.0, None
        if s in L.SCALE_SUFFIXES:
            return value, L.SCALE_SUFFIXES[s], None
        if s == "x":
            return value, 1.0, "x"
        if len(s) > 1 and s[:-1] in L.SCALE_SUFFIXES and s[-1] == "x":
            return value * L.SCALE_SUFFIXES[s[:-1]], 1.0, "x"
        return None  # ordinals (3rd), decades (1990s), model ids (4o, 3D): not amounts

    def scale_words(self, j):
        """Scale words from token j on: (factor, next index)."""
        f = 1.0
        while self.low(j) in L.SCALE_WORDS and self.tok(j).kind == "word":
            if self.low(j) == "k" and not self.adjacent(j - 1, j):
                break
            f *= L.SCALE_WORDS[self.low(j)]
            j += 1
        return f, j

    def unit_hint(self, j, scaled=False):
        """'%', 'percent', 'x', 'times', '-fold' at token j: (hint, next index)."""
        t = self.tok(j)
        if not t:
            return None, j
        if scaled and t.low == "times":
            return None, j  # "downloaded 900 million times": a count of actions, not a multiple
        if t.text == "%":
            return "%", j + 1
        if t.low in ("percent", "pct", "percentage") and self.low(j + 1) == "points":
            return "%", j + 2
        if t.low in ("percent", "pct"):
            return "%", j + 1
        if t.low == "per" and self.low(j + 1) == "cent":
            return "%", j + 2
        if t.low == "x" and (self.adjacent(j - 1, j) or self.low(j + 1) in X_FOLLOWERS):
            return "x", j + 1
        if t.text == "-" and self.low(j + 1) == "fold" and self.adjacent(j, j + 1):
            return "x", j + 2
        if t.low in ("fold",):
            return "x", j + 1
        if t.low == "times" and self.tok(j + 1) is not None and self.tok(j + 1).kind == "word" and self.tok(j + 1).text[:1].isupper():
            return "x", j + 1  # "almost three times Google's"
        if t.low == "times" and self.low(j + 1) in TIMES_FOLLOWERS:
            return "x", j + 1
        return None, j

    def simple_number(self, i):
        """A number at token i: (value, scaled, hint, kind, next index, qual) or None."""
        t = self.tok(i)
        if t is None or _in_spans(t.start, self.mask):
            return None
        if t.kind == "num":
            d = self.digits(i)
            if d is None:
                return None
            value, scale, hint = d
            j = i + 1
            scaled = scale != 1.0
            if not scaled and hint is None:
                if self.tok(j) is not None and self.tok(j).text == "-" and self.adjacent(j - 1, j) and \
                        self.low(j + 1) in L.SCALE_WORDS and self.adjacent(j, j + 1) and self.low(j + 1) not in ("k", "mn", "bn", "tn", "mln"):
                    j += 1  # "1.2-trillion-parameter"
                f, j = self.scale_words(j)
                scale, scaled = f, f != 1.0
            qual = "exact"
            nxt, nxt2 = self.tok(j), self.tok(j + 1)
            if (hint is None and not scaled and nxt is not None and nxt.text == "-" and nxt2 is not None
                    and self.adjacent(j - 1, j) and self.adjacent(j, j + 1) and RATIO_WORD_RE.match(nxt2.low)):
                denom = float(RATIO_WORD_RE.match(nxt2.low).group(1))
                if denom:
                    return value / denom, False, "x", "ratio", j + 2, qual  # "3-to-1"
            if self.tok(j) is not None and self.tok(j).text == "+" and self.adjacent(j - 1, j):
                qual, j = "at_least", j + 1
            if hint is None:
                hint, j = self.unit_hint(j, scaled)
            return value * scale, scaled, hint, "num", j, qual
        if t.kind != "word":
            return None
        low = t.low
        v = _word_value(low)
        if v is not None:
            if low == "dozen" and self.low(i + 1) not in L.SCALE_WORDS:
                return None
            v, j, scaled = self.word_run(i)
            if not scaled and self.low(j) in ("in", "out") and v >= 1:
                k = j + 1 + (self.low(j) == "out" and self.low(j + 1) == "of")
                of = _word_value(self.low(k)) or (float(self.low(k)) if self.low(k).isdigit() else None)
                if of and of > v and of <= 1000 and self.low(k + 1) not in L.MONTHS:
                    return 100.0 * v / of, False, "%", "share", k + 1, "exact"  # "one in five"
            hint, j2 = self.unit_hint(j, scaled)
            if hint is None and self.low(j) == "x" and self.tok(j).kind == "word":
                hint, j2 = "x", j + 1  # "ten x"
            return v, scaled, hint, "word", j2, "exact"
        if low in ("a", "an"):
            nxt = self.low(i + 1)
            if nxt in L.SCALE_WORDS and nxt not in ("k", "mn", "bn", "tn", "mln") and self.tok(i + 1).kind == "word":
                f, j = self.scale_words(i + 1)
                hint, j = self.unit_hint(j)
                return f, True, hint, "word", j, "exact"
            fv = _fold_value(nxt)
            if fv:
                return fv, False, "x", "fold", i + 2, "exact"
            if nxt in L.FRACTIONS and self.low(i + 2) == "of" and self.low(i + 3) in ("a", "an") and self.low(i + 4) in L.SCALE_WORDS:
                return L.SCALE_WORDS[self.low(i + 4)] / L.FRACTIONS[nxt], True, None, "word", i + 5, "exact"  # "a quarter of a million"
            if nxt in L.FRACTIONS and nxt not in ("second",) and self.low(i + 2) not in L.ORDINAL_NOUNS and not (
                    self.tok(i + 1).text[:1].isupper() and self.tok(i + 2) is not None and self.tok(i + 2).text[:1].isupper()):
                if nxt != "quarter" or self.low(i + 2) == "of":
                    return 1 / L.FRACTIONS[nxt], False, "x", "fraction", i + 2, "exact"
            if nxt in ("few", "couple") :
                j = i + 2 + (self.low(i + 2) == "of")
                f, k = self.scale_words(j)
                if f != 1.0:
                    return f, True, None, "few", k, "at_least"
            return None
        if low in ("remaining", "other") and self.low(i + 1) in L.FRACTIONS and self.low(i + 1) not in ("second",) \
                and self.low(i + 2) not in L.ORDINAL_NOUNS and self.low(i - 1) == "the":
            return 1 / L.FRACTIONS[self.low(i + 1)], False, "x", "fraction", i + 2, "exact"  # "the remaining quarter"
        if low in ("several", "multiple"):
            f, k = self.scale_words(i + 1)
            if f != 1.0:
                return f, True, None, "few", k, "at_least"
            return None
        fv = _fold_value(low)
        if fv:
            return fv, False, "x", "fold", i + 1, "exact"
        fr = _fraction_value(low)
        if fr:
            return fr, False, "x", "fraction", i + 1, "exact"
        if low == "half" and self.low(i - 1) not in L.ORDINAL_WORDS and self.low(i + 2) not in ("year", "decade", "century", "month") and (self.low(i - 1) in ("than", "roughly", "about", "nearly", "almost", "around", "by", "over", "under", "some", "just")
                              or self.low(i + 1) in ("of", "the", "that", "as")) and self.low(i + 1) not in L.ORDINAL_NOUNS:
            return 0.5, False, "x", "fraction", i + 1, "exact"
        if low in L.VAGUE_PLURALS and self.low(i + 1) == "of":
            v, j = L.VAGUE_PLURALS[low], i + 2
            while self.low(j) in L.VAGUE_PLURALS and self.low(j + 1) == "of":
                v *= L.VAGUE_PLURALS[self.low(j)]
                j += 2
            if self.low(j) in L.VAGUE_PLURALS and L.VAGUE_PLURALS[self.low(j)] >= 1e3:
                return v * L.VAGUE_PLURALS[self.low(j)], True, None, "vague", j + 1, "at_least"  # "hundreds of millions"
            return v, True, None, "vague", j - 1, "at_least"
        if low in ("order", "orders") and self.low(i + 1) == "of" and self.low(i + 2) == "magnitude":
            n = {"an": 1, "a": 1, "one": 1}.get(self.low(i - 1)) or _word_value(self.low(i - 1)) or 1
            return 10.0 ** n, False, "x", "ratio", i + 3, "exact"  # "an order of magnitude"
        if low in L.MULTIPLIER_WORDS:
            return L.MULTIPLIER_WORDS[low], False, "x", "mult", i + 1, "exact"
        if low in L.HALVING_WORDS:
            return L.HALVING_WORDS[low], False, "x", "mult", i + 1, "exact"
        if low in L.DIGIT_CLASSES:
            v, q = L.DIGIT_CLASSES[low]
            return v, False, None, "digitclass", i + 1, q
        return None

    def word_run(self, i):
        """A number spelled out from token i: (value, next index, scaled).
        'eight point four trillion', 'four hundred and twenty million', 'two and a half'."""
        total, current, k, scaled = 0.0, 0.0, i, False
        while True:
            w = self.low(k)
            v = _word_value(w)
            if v is not None and w != "dozen":
                current += v
                k += 1
                continue
            if w == "hundred" and k > i:
                current = (current or 1) * 100
                k += 1
                continue
            if w in L.SCALE_WORDS and w not in ("k", "mn", "bn", "tn", "mln", "hundred") and k > i and self.tok(k).kind == "word":
                total += (current or 1) * L.SCALE_WORDS[w]
                current, scaled = 0.0, True
                k += 1
                continue
            if w == "point" and k > i and _word_value(self.low(k + 1)) is not None:
                digits, m = "", k + 1
                while _word_value(self.low(m)) is not None and _word_value(self.low(m)) < 10:
                    digits += str(_word_value(self.low(m)))
                    m += 1
                if digits:
                    current += float("0." + digits)
                    k = m
                    continue
            if w == "and" and k > i:
                nxt, nxt2 = self.low(k + 1), self.low(k + 2)
                if nxt == "a" and nxt2 == "half":
                    current += 0.5
                    k += 3
                    continue
                prev = self.low(k - 1)
                if (prev == "hundred" or prev in L.SCALE_WORDS) and _word_value(nxt) is not None:
                    k += 1
                    continue
            break
        return total + current, k, scaled

    def qualifier_before(self, start):
        head = self.text[max(0, start - 24):start].rstrip()
        last = head.rsplit(None, 1)[-1].lower().lstrip("([{\"“—–:,") if head else ""
        if last not in QUAL_LAST_WORDS and last[-1:] not in ("~", "≈", "<", ">", "≥", "≤"):
            return None, start
        m = QUAL_BEFORE_RE.search(self.text[max(0, start - 24):start])
        if not m:
            return None, start
        q = m.group(1).lower()
        return QUALIFIER_OF.get(q), start - (len(self.text[max(0, start - 24):start]) - m.start(1))

    # -- one quantity --------------------------------------------------------------
    def quantity_at(self, i):
        prev = self.tok(i - 1)
        if prev is not None and (prev.text == "/" or prev.low == "per") and self.tok(i).kind == "num":
            return None  # a denominator: "$3/1M", "per 1,000 tokens"
        first = self.simple_number(i)
        if first is None:
            return None
        value, scaled, hint, kind, j, qual = first
        cur, k0 = self.currency_before(i) if kind in ("num", "word") else (None, i)
        values = [value]
        # a range: "3-5x", "$2-$3", "5t-10t", "between 93% and 106%", "400 to 500 billion"
        conn = self.tok(j)
        if conn is not None and kind in ("num",):
            is_dash = conn.text in ("-", "–") and (self.adjacent(j - 1, j) or conn.text == "–")
            before = self.text[max(0, self.tok(k0).start - 40):self.tok(k0).start].rstrip().lower()
            is_to = conn.low == "to" and not re.search(r"\b(?:from|by|increase|increased|grow|grew|rise|rose|jump|jumped|drop|dropped|fall|fell|cut|cuts|climb|climbed|up|down)\s*$", before) and kind == "num"
            is_and = conn.low == "and" and re.search(r"\bbetween\s*$", before)
            if is_dash or is_to or is_and:
                k = j + 1
                cur2, _ = (None, k)
                if self.tok(k) is not None and self.tok(k).text in ("$", "€", "£", "¥"):
                    cur2, k = L.CURRENCY_PREFIXES.get(self.tok(k).text), k + 1
                second = self.simple_number(k) if self.tok(k) is not None and self.tok(k).kind == "num" else None
                if second is not None:
                    v2, scaled2, hint2, _, j2, _ = second
                    # ends of one kind: "narrowed 38% to 412 million" is a change, then an amount
                    if (hint is None or hint == hint2) and (cur is None or cur2 is None or cur == cur2 or True):
                        if not scaled and scaled2:
                            f = v2 / self._raw_value(k) if self._raw_value(k) else 1.0
                            value *= f
                            scaled = True
                        if v2 > value:
                            values = [value, v2]
                            hint = hint or hint2
                            cur = cur or cur2
                            j = j2
        if conn is not None and kind == "word" and len(values) == 1 and conn.low in ("to", "or") \
                and _word_value(self.low(j + 1)) is not None and self.low(j + 1) not in ("one", "a"):
            # spoken ranges: "forty to fifty billion", "two or three million", "three to five times"
            before = self.text[max(0, self.tok(k0).start - 40):self.tok(k0).start].rstrip().lower()
            if conn.low == "or" or not re.search(r"\b(?:from|by|increase|increased|grow|grew|rise|rose|jump|jumped|drop|dropped|fall|fell|cut|up|down)\s*$", before):
                second = self.simple_number(j + 1)
                if second is not None and second[3] == "word":
                    v2, scaled2, hint2, _, j2, _ = second
                    base2 = _word_value(self.low(j + 1))
                    if (hint is None or hint == hint2) and base2:
                        if not scaled and scaled2:
                            value *= v2 / base2
                            scaled = True
                        if v2 > value:
                            values = [value, v2]
                            hint = hint or hint2
                            j = j2
        if self.low(j) == "or" and self.low(j + 1) in ("more", "higher", "above", "greater"):
            qual, j = "at_least", j + 2  # "an order of magnitude or more"
        elif self.low(j) == "or" and self.low(j + 1) in ("less", "fewer", "lower", "below"):
            qual, j = "at_most", j + 2
        core_start = self.tok(i).start
        start = self.tok(k0).start
        q, qstart = self.qualifier_before(start)
        if q and qual != "exact" and j > first[4]:
            start = qstart  # "or more" after the number decides
        elif q and not (qual != "exact"):
            qual, start = q, qstart
        elif q:
            start = qstart
        return Quantity(
            start=start, end=self.tok(j - 1).end, tok_start=i, tok_end=j, values=values,
            kind=kind, unit_hint=hint, currency=cur, scaled=scaled, qualifier=qual,
            core_start=core_start,
        )

    def _raw_value(self, k):
        d = self.digits(k)
        return d[0] * d[1] if d else None

    def scan(self):
        out, n = [], len(self.toks)
        toks = self.toks
        # only tokens where a number can begin
        starts = [i for i, t in enumerate(toks) if t.kind == "num" or (
            t.kind == "word" and (t.low in START_WORDS or t.low.endswith(("fold", "-digit"))
                                  or ("-" in t.low and (t.low.partition("-")[2] in L.FRACTIONS
                                                        or t.low.partition("-")[0] in L.WORD_NUMBERS))))]
        pos = 0
        for i in starts:
            if i < pos:
                continue
            q = self.quantity_at(i)
            if q is None:
                continue
            out.append(q)
            pos = max(q.tok_end, i + 1)
        return out


def find_quantities(text: str) -> tuple[list[Quantity], list[Tok]]:
    """All number expressions of `text` (one sentence) and its tokens."""
    sc = _Scanner(text)
    return sc.scan(), sc.toks
