"""Turn number expressions into claims: unit, metric, per, token kind, qualifier.

Second step of claim extraction. For each `Quantity` found by `extract.claims.numbers`
in a sentence, `read_claims` looks at the words after it (currency words, counted noun,
"per million output tokens", "daily", "/month") and the cue words around it (growth,
share, price and comparison cues from `lexicon`) and decides what the number measures.
Numbers that are years, versions, ranks ("Top 10"), durations or page furniture are
dropped here (a duration in a latency sentence is kept, in seconds). Named rules include:
'by N%' signed by the clause's change verb, 'N% of <another thing's price/rate/score>' as
a ratio, percentages per period as rates, multiples compared with the past as growth,
unit prices per share / per a thing named before ('the cost per ticket'), token limits per
request, a counted noun named before a bare number ('the number of customers rose to 214').
Ellipses ("Google Gemini processes about 14 trillion.") borrow the unit from the claim
they continue (`Context.recent`).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from . import lexicon as L
from .numbers import Quantity, Tok

FOOTNOTE_RE = re.compile(r"(?<=[a-z])\d{1,2}$")
HARD_STOPS = {",", ";", "(", ")", "—", "–", ":", ".", "?", "!", "=", "+", "|", "[", "]", "“", "”", '"'}
MODIFIER_SKIP = {"input", "output", "prompt", "completion", "cached", "cache", "blended",
                 "daily", "weekly", "monthly", "annual", "yearly", "active", "activated",
                 "total", "new", "paying", "paid", "registered", "unique", "more", "additional",
                 "gqa", "enterprise", "monthly-active", "daily-active", "global", "individual",
                 "generated", "processed", "served", "api", "ai", "open-source", "unique",
                 "reasoning", "unpaid", "free", "commercial", "corporate", "weekly-active",
                 "inference", "training", "visible", "hidden", "billable", "text", "image",
                 "audio", "video", "chinese", "us", "american", "cumulative", "combined",
                 "h100", "nvidia", "context",
                 # "four Korean banks", "12 major insurers", "30 mid-sized firms"
                 "korean", "japanese", "european", "french", "british", "german", "indian", "canadian",
                 "israeli", "african", "asian", "domestic", "foreign", "regional", "local", "major",
                 "leading", "large", "big", "mid-sized", "smaller", "larger", "fortune"}
# hyphenated modifiers between a number and its noun: "72 B200-class GPUs"
MODIFIER_SUFFIXES = ("-class", "-grade", "-equivalent", "-based", "-scale")
TOKEN_DENOMS = {"million": 1e6, "mn": 1e6, "m": 1e6, "1m": 1e6, "thousand": 1e3, "k": 1e3,
                "1k": 1e3, "billion": 1e9, "1b": 1e9, "token": 1.0, "tokens": 1.0}


@dataclass(slots=True)
class Claim:
    start: int            # offsets within the sentence text
    end: int
    metric: str
    value: float
    unit: str
    per: str | None = None
    token_kind: str | None = None
    qualifier: str = "exact"
    subject: str | None = None
    as_of: str | None = None
    attributed_to: str | None = None
    q: Quantity | None = None
    flags: set = field(default_factory=set)   # inherited, bare, table, restated ...
    core_start: int = 0
    factor: float = 1.0   # what the written amount was multiplied by (per-1K -> per-1M)


@dataclass
class Context:
    """What a sentence may borrow from the document read so far."""
    chinese: bool = False
    recent: list = field(default_factory=list)      # claims of the previous sentences (last first)
    memory: dict = field(default_factory=dict)      # rounded value -> first claim with it
    pending: list = field(default_factory=list)     # (sentence, quantity) bare figures not yet placed
    current: object = None                          # the sentence being read


# cue sets used by the metric rules below (frozen once, not rebuilt per call)
COST_VERBS = frozenset({"costs", "cost", "charges", "charge", "priced", "costing"})
DIGITCLASS_GROWTH = frozenset({"growth", "percent", "%", "increase"})
DIGITCLASS_SHARE = frozenset({"fraction", "share", "percentage"})
STRONG_GROWTH_CUES = frozenset(L.GROWTH_CUES - {"more", "up"})
CHANGE_AFTER = frozenset({"growth", "increase", "rise", "jump", "more", "higher", "gain", "surge", "drop", "decline", "decrease", "cut", "reduction", "lower", "cheaper", "less", "year-over-year", "yoy", "month-over-month", "week-over-week", "faster",
                          # nouns of change: "a 45% uptick", "a 30% slide", "a 12% pullback"
                          "uptick", "upswing", "spike", "leap", "climb", "boost", "hike", "increment", "expansion",
                          "slump", "slide", "dip", "plunge", "fall", "downturn", "contraction", "pullback", "haircut"})
CHANGE_CUES = frozenset(L.GROWTH_CUES | L.DECLINE_CUES)
GROWTH_CONTEXT = frozenset({"growth", "grew", "grow", "grows", "increase", "rate", "rates", "cagr", "rise", "expand", "climb", "compounding"})
SHARE_CONTEXT = frozenset({"share", "margin", "margins", "penetration", "utilization"})
DECLINE_AFTER = frozenset({"drop", "decline", "decrease", "cut", "reduction", "lower", "cheaper", "less", "fall", "off", "discount",
                           "slump", "slide", "dip", "plunge", "downturn", "contraction", "pullback", "haircut"})
COMPARISON_AFTER = frozenset({"more", "less", "cheaper", "faster", "higher", "larger", "the", "than", "gap", "differential", "difference", "as", "that", "premium", "bigger", "smaller", "greater"})
GROWTH_BEFORE_X = frozenset({"up", "grew", "growth", "increase", "increased", "rose", "jumped", "surged", "grow", "grown", "expanded", "multiplied", "rise", "climbed", "by",
                             # "mushroomed 12-fold", "ballooned 40x", "leapt fivefold"
                             "ballooned", "mushroomed", "soared", "skyrocketed", "exploded", "leapt", "leaped", "swelled",
                             "rocketed", "spiked", "increases", "grows", "rises", "climbs", "soars", "accelerated",
                             "improved", "improves", "boosted", "gone"})
GROWTH_AFTER_X = frozenset({"growth", "increase", "year-over-year", "yoy", "jump", "rise", "year", "years", "months", "ago"})


def _small_number(word: str):
    """'twenty' -> 20, '45' -> 45, else None."""
    if word.isdigit():
        return int(word)
    if word in L.WORD_NUMBERS:
        return L.WORD_NUMBERS[word]
    a, _, b = word.partition("-")
    if a in L.WORD_NUMBERS and b in L.WORD_NUMBERS:
        return L.WORD_NUMBERS[a] + L.WORD_NUMBERS[b]
    return None


LATENCY_RE = re.compile(r"\b(?:latency|latencies|time to first token|ttft|response times?|first-token)\b")
LATENCY_UNITS = {"second": "second", "seconds": "second", "ms": "millisecond", "milliseconds": "millisecond",
                 "millisecond": "millisecond"}
FOR_KIND_RE = re.compile(r"for (?:input|output)\b")
UNIT_PRICE_BEFORE_RE = re.compile(r"\b(cost|price|fee|spend|spending)s? per (?:[a-z-]+ ){0,3}?([a-z]+)\b(?= (?:fell|rose|dropped|is|was|were|are|went|stood|came|averaged|reached|climbed|declined|of|at|to|from|has|had)\b)")
PERIOD_RATES_BEFORE_RE = re.compile(r"\b(hourly|daily|weekly|monthly|yearly|annual) (?:[a-z0-9-]+ ){0,2}?(?:rates?|prices?|rental|rent|fees?)\b")
STOCK_RE = re.compile(r"\b(?:shares|stock|share price|stock price)\b")
ANNUAL_MONEY_RE = re.compile(r"\b(?:annuali[sz]ed|annual recurring|run[- ]rate|arr|a year(?! (?:earlier|ago|before|prior|later))|per year|per annum|annual revenue|yearly revenue)\b")
TOTAL_WORDS_RE = re.compile(r"\b(?:total|cumulative|since|so far|to date|lifetime|in all|altogether|per (?:call|request|task)|each)\b")
TOTAL_ONLY_RE = re.compile(r"\b(?:total|cumulative|since|so far|to date|lifetime|in all|altogether)\b")
PRICE_NOUNS = frozenset({"price", "prices", "pricing", "rate", "rates", "list"})
FACTOR_OF_RE = re.compile(r"\bfactor of\s+(?:about |roughly |nearly |almost |around |some |over |more than )?$")
FOLD_COMPARISONS = frozenset({"difference", "gap", "differential", "speedup", "advantage", "lead", "premium", "edge", "discount"})
PRICE_PER_TOKENS_RE = re.compile(r"\bprices? per (?:(1m|million|1k|thousand) )?(input |output |blended )?tokens?\b")
SCORE_BEFORE_RE = re.compile(r"\b(?:score|scores|scored|rating|elo)(?: of)?\s*$")
FRACTION_RATIO_HEADS = frozenset({"price", "prices", "rate", "rates", "level", "speed", "size", "valuation", "value", "worth"})
FRACTION_SHARE_HEADS = frozenset({"cost", "costs", "market", "total", "volume", "traffic", "revenue",
                                  "spending", "spend", "tokens", "users", "usage", "workload", "budget"})
VALUATION_VERBS = frozenset({"valued", "valuing", "priced", "worth"})
PAST_TIME_WORDS = frozenset(set(L.MONTHS) | {"last", "ago", "previous", "prior", "earlier"})


def words_between(toks, a, b):
    return [t.low for t in toks[a:b] if t.kind != "sym"]


def _singular(noun: str) -> str:
    if noun in L.IRREGULAR_SINGULARS:
        return L.IRREGULAR_SINGULARS[noun]
    if noun.endswith("ies") and len(noun) > 4:
        return noun[:-3] + "y"
    if noun.endswith(("sses", "shes", "ches", "xes")):
        return noun[:-2]
    if noun.endswith("s") and not noun.endswith("ss"):
        return noun[:-1]
    return noun


def _per_count(toks, k):
    """A denominator count at token k ('1M', 'million', '1,000', 'M'): (factor, next)."""
    t = toks[k] if k < len(toks) else None
    if t is None:
        return None, k
    if t.low in TOKEN_DENOMS and t.low not in ("token", "tokens"):
        f = TOKEN_DENOMS[t.low]
        if t.kind == "num" or t.low in ("million", "thousand", "billion", "mn", "m", "k"):
            return f, k + 1
    if t.kind == "num":
        m = re.match(r"(\d+(?:,\d{3})*(?:\.\d+)?)([a-z]*)$", t.low)
        if m:
            v = float(m.group(1).replace(",", ""))
            suf = m.group(2)
            if suf in L.SCALE_SUFFIXES:
                v *= L.SCALE_SUFFIXES[suf]
            elif suf:
                return None, k
            if k + 1 < len(toks) and toks[k + 1].low in L.SCALE_WORDS:
                v *= L.SCALE_WORDS[toks[k + 1].low]
                k += 1
            return v, k + 1
    return None, k


def parse_per(toks, j, limit, money=False):
    """The rate/price denominator after token j: dict(per, denom, kind, end)."""
    out = {"per": None, "denom": None, "kind": None, "end": j, "tokens": False}
    k = j
    seen = 0
    while k < limit and seen < 9:
        t = toks[k]
        if t.text in HARD_STOPS:
            break
        low = t.low
        if low in L.TOKEN_KINDS and L.TOKEN_KINDS[low] and out["kind"] is None:
            out["kind"] = L.TOKEN_KINDS[low]
        if low in ("per", "/", "each", "every", "a", "an") and k + 1 < limit:
            m = k + 1
            denom, m = _per_count(toks, m)
            # modifiers between the count and the noun ("per million output tokens")
            kinds = None
            while m < limit and toks[m].low in L.TOKEN_KINDS:
                kinds = L.TOKEN_KINDS[toks[m].low] or kinds
                m += 1
            noun = FOOTNOTE_RE.sub("", toks[m].low) if m < limit else ""
            if noun in L.TOKEN_NOUNS or (noun in ("reads", "read", "hits", "writes") and denom):
                out.update(per="1M tokens", denom=denom or 1.0, tokens=True, end=m + 1)
                out["kind"] = kinds or out["kind"]
                if m + 1 < limit and L.TOKEN_KINDS.get(toks[m + 1].low) and out["kind"] is None:
                    out["kind"], out["end"] = L.TOKEN_KINDS[toks[m + 1].low], m + 2  # "... tokens blended"
                if noun in ("reads", "hits") and out["kind"] is None:
                    out["kind"] = "input"
                return out
            if denom and denom >= 1000 and (low in ("per", "/") or (
                    money and low == "a" and k == j and toks[k + 1].low in ("million", "thousand"))):
                # "$3 per 1M", "fifteen dollars a million": per a number of tokens
                out.update(per="1M tokens", denom=denom, tokens=True, end=m)
                out["kind"] = kinds or out["kind"]
                return out
            if denom is None and low in ("per", "/", "a", "an", "each", "every"):
                after_noun = toks[m + 1].low if m + 1 < len(toks) else ""
                if noun in L.PERIODS and (low not in ("a", "an") or noun in ("day", "week", "month", "year", "second", "minute", "hour", "quarter")) \
                        and not (low in ("a", "an") and after_noun in ("ago", "earlier", "before", "later", "prior")):
                    out.update(per=L.PERIODS[noun], end=m + 1)
                    return out
                if low in ("per", "/") and noun in L.PER_THINGS:
                    out.update(per=L.PER_THINGS[noun], end=m + 1)
                    return out
                if low in ("per", "/") and m + 1 <= limit and noun.endswith("-hour"):
                    out.update(per="hour", end=m + 1)
                    return out
        if low in L.PERIOD_ADVERBS and out["per"] is None:
            nxt = toks[k + 1].low if k + 1 < len(toks) else ""
            if nxt not in ("growth", "rate", "increase", "active"):
                out.update(per=L.PERIOD_ADVERBS[low], end=k + 1)
        if low in ("this", "last", "per") and not money and k + 1 < limit and toks[k + 1].low in ("quarter", "month", "week", "year", "day"):
            if out["per"] is None:
                out.update(per=toks[k + 1].low, end=k + 2)
        if t.kind == "num":
            break
        k += 1
        seen += 1
    return out


def _has_cue(words, cues):
    return not cues.isdisjoint(words)


def _clause_words_before(text, toks, q, n=6):
    """The last n words before the quantity, stopping at a clause break."""
    out = []
    i = q.tok_start - 1
    while i >= 0 and toks[i].start >= q.start:
        i -= 1  # the qualifier and currency belong to the quantity
    while i >= 0 and len(out) < n:
        t = toks[i]
        if t.text in (";", "—", "(", ":", "|"):
            break
        if t.kind != "sym":
            out.append(t.low)
        i -= 1
    return out[::-1]


def is_not_a_claim(text, toks, q: Quantity) -> bool:
    """Years, versions, ranks, list numbers, footnotes: numbers that state nothing."""
    i = q.tok_start
    t = toks[i]
    prev = toks[i - 1] if i > 0 else None
    prev2 = toks[i - 2] if i > 1 else None
    v = q.values[0]
    if q.kind in ("num", "word") and q.currency is None:
        if prev is not None and prev.low.rstrip(".") in L.RANK_WORDS_BEFORE and q.qualifier == "exact" and not q.scaled and q.unit_hint is None:
            return True
        if (prev is not None and prev.low == "top" and q.qualifier == "at_least" and not q.scaled and q.unit_hint is None
                and (prev.text == "Top" or prev2 is None or prev2.low in L.DETERMINERS or prev2.low in ("in", "of", "into", "among", "from"))):
            return True  # "Top 10 models", "the top 20": a rank, not "tops 10"
        if prev is not None and prev.text in ("#", "№"):
            return True
        if prev is not None and prev.text in ("-", ".") and prev.end == t.start and prev2 is not None and prev2.kind == "word" and prev2.end == prev.start:
            return True  # GPT-5.5 split oddly, "Pro-32"
        # a version number after a name: "Opus 4.6", "Gemini 1.5 Pro", "Mistral Large 2"
        if (prev is not None and prev.kind == "word" and prev.text[:1].isupper() and i >= 2
                and not prev.low.endswith(("'s", "’s")) and prev.low not in L.MONTHS
                and not q.scaled and q.unit_hint is None and q.qualifier == "exact"
                and prev.end + 1 == t.start and prev.low not in ("us", "at", "for", "to", "by", "in", "on")):
            return True
        nxt = toks[q.tok_end] if q.tok_end < len(toks) else None
        if (not q.scaled and q.unit_hint is None and nxt is not None and nxt.kind == "word"
                and nxt.text[:1].isupper() and nxt.low not in L.CURRENCY_WORDS and nxt.text not in ("GPUs", "GPU", "TPUs", "H100s", "DAUs", "MAUs", "DAU", "MAU")
                and "." in t.text and v < 100 and nxt.low not in L.OTHER_UNITS and nxt.low not in L.ACRONYM_UNITS):
            return True  # "3.5 Sonnet"
        if not q.scaled and q.unit_hint is None and float(v).is_integer() and 1900 <= v <= 2100 and "," not in t.text:
            return True  # a year
        if i == 0 and t.text.isdigit() and q.tok_end < len(toks) and toks[q.tok_end].text in (".", ")") and v < 100:
            return True  # "1. Open-source inference ..." list number
    return False


def read_claims(text: str, toks: list[Tok], quants: list[Quantity], ctx: Context,
                header=None) -> list[Claim]:
    """Claims of one sentence from its quantities (see module docstring)."""
    claims: list[Claim] = []
    lowtext = text.lower()
    calc = "=" in text
    for qi, q in enumerate(quants):
        if claims and q.start < claims[-1].end:
            continue  # already read as part of the previous claim ("two dollars and twenty cents")
        if is_not_a_claim(text, toks, q):
            continue
        limit = quants[qi + 1].tok_start if qi + 1 < len(quants) else len(toks)
        got = _classify(text, lowtext, toks, q, limit, ctx, claims, calc)
        if not got:
            continue
        if claims and len(got) == 1 and text[claims[-1].end:q.start].strip() == "(" and \
                claims[-1].metric == got[0].metric and abs(claims[-1].value - got[0].value) <= 1e-6 * max(1.0, abs(got[0].value)):
            continue  # "three-quarters (75%)": the same figure restated in brackets counts once
        claims.extend(got)
    _share_coordinated(text, claims)
    return claims


def q_is_whole(toks, j):
    """The quantity ending before token j is a whole number of things ('85', 'twelve')."""
    t = toks[j - 1] if j > 0 else None
    return t is not None and (t.kind == "num" and re.fullmatch(r"\d[\d,]*", t.text) is not None or t.low in L.WORD_NUMBERS)


def _noun_after(toks, j, limit):
    """Counted noun after a quantity: (key, metric, unit, end index, kinds)."""
    k = j
    kinds = None
    if k < limit and toks[k].text == "-" and k + 1 < limit and toks[k].end == toks[k + 1].start:
        k += 1  # "295B-parameter", "262,144-token"
    if k < limit and toks[k].low == "of":
        k += 1
    if k < len(toks) and (toks[k].low in ("its", "the", "their", "a") or (k > j and toks[k].low.endswith(("'s", "’s")))) and k + 1 < len(toks) and (
            toks[k + 1].kind == "num" or (k > j and toks[k + 1].low in L.WORD_NUMBERS)):
        for m in range(k + 2, min(len(toks), k + 5)):  # "37 billion of its 671 billion parameters"
            w = toks[m].low
            if w in L.OTHER_UNITS:
                return "other", L.OTHER_UNITS[w], k, kinds
            if w in L.TOKEN_NOUNS:
                return "token", "tokens", k, kinds
            if w in L.COUNT_NOUNS:
                return "count", _singular(w), k, kinds
    if k > j and k + 1 < len(toks) and toks[k].low in ("its", "their", "the", "our") and q_is_whole(toks, j):
        for m in range(k + 1, min(len(toks), k + 3)):
            w = toks[m].low
            if w in L.COUNT_NOUNS and w not in L.RATE_NOUNS_PLURAL:
                return "count", _singular(w), m + 1, kinds  # "85 of its customers", "12 of the banks"
            if w not in MODIFIER_SKIP and toks[m].kind == "word" and not w.endswith(MODIFIER_SUFFIXES):
                break
    skipped = 0
    while k < limit and skipped <= 3:
        t = toks[k]
        low = t.low
        if t.kind == "sym":
            break
        two = low + " " + toks[k + 1].low if k + 1 < limit else ""
        if two in L.COMPOUND_UNITS:
            return "count", L.COMPOUND_UNITS[two], k + 2, kinds  # "60,000 contract reviews"
        if two in L.OTHER_UNITS:
            return "other", L.OTHER_UNITS[two], k + 2, kinds
        if low in L.TOKEN_NOUNS:
            return "token", "tokens", k + 1, kinds
        if low in L.OTHER_UNITS:
            return "other", L.OTHER_UNITS[low], k + 1, kinds
        if low in L.COUNT_NOUNS:
            return "count", _singular(low), k + 1, kinds
        if low in L.ACRONYM_UNITS:
            return ("other" if L.ACRONYM_UNITS[low] in ("gpu", "tpu") else "count"), L.ACRONYM_UNITS[low], k + 1, kinds
        if low in L.TOKEN_KINDS and L.TOKEN_KINDS[low]:
            kinds = L.TOKEN_KINDS[low]
        if low in MODIFIER_SKIP or low.endswith(MODIFIER_SUFFIXES) or (t.text[:1].isupper() and low not in L.MONTHS and skipped == 0 and t.text.isupper()):
            k += 1
            skipped += 1
            continue
        nxt = toks[k + 1].low if k + 1 < limit else ""
        if skipped == 0 and t.text.islower() and low not in L.NP_STOP_WORDS and low not in L.COMMON_VERBS and low not in (
                "per", "a", "an", "each", "every", "the", "this", "that", "last", "next") and (
                nxt in L.COUNT_NOUNS or nxt in L.OTHER_UNITS or nxt in L.TOKEN_NOUNS):
            k += 1  # "six hundred thousand agent tasks"
            skipped += 1
            continue
        if skipped == 0 and low in L.NON_CLAIM_NOUNS:
            return "none", low, k + 1, kinds
        if skipped == 0 and low.endswith("s") and len(low) > 3 and low not in L.COMMON_VERBS and t.text.islower() and low not in ("less", "this", "its", "was", "has", "is", "as", "us", "plus", "across", "versus", "thus"):
            return "count?", _singular(low), k + 1, kinds
        break
    return None, None, j, kinds


def _classify(text, lowtext, toks, q: Quantity, limit, ctx: Context, prior: list, calc: bool):
    j = q.tok_end
    value = q.values
    currency, factor = q.currency, 1.0
    t = toks[j] if j < limit else None
    if t is not None and t.low == "of" and j + 1 < limit and toks[j + 1].low in L.CURRENCY_WORDS and q.kind == "vague":
        j += 1  # "tens of millions of dollars"
        t = toks[j]
    if t is not None and t.low in L.CURRENCY_WORDS and q.unit_hint is None:
        code, factor = L.CURRENCY_WORDS[t.low]
        if not (t.low == "won" and currency is None and not q.scaled):
            currency = currency or code
            j += 1
            # "two dollars and twenty cents"
            if factor == 1 and j + 2 < len(toks) and toks[j].low == "and" and toks[j + 2].low in ("cents", "cent"):
                cents = _small_number(toks[j + 1].low)
                if cents is not None:
                    value = [v + cents / 100 for v in value]
                    j += 3
                    limit = len(toks)  # the cents were read as a number of their own; read past them
    if currency == "CNY?":
        currency = "CNY" if ctx.chinese else "JPY"
    if currency and j == limit and j + 1 < len(toks) and toks[j].low == "a" and toks[j + 1].low in ("million", "thousand"):
        limit = min(len(toks), j + 4)  # "fifteen dollars a million": a denominator, not an amount
    written_kind = None
    if currency and j < limit and toks[j].low in L.TOKEN_KINDS and L.TOKEN_KINDS[toks[j].low]:
        written_kind = L.TOKEN_KINDS[toks[j].low]
        if not (j + 1 < limit and toks[j + 1].low in ("per", "/", "tokens", "token")):
            j += 1
    if j < limit and toks[j].text == ":" and all(t.kind == "sym" for t in toks[:q.tok_start]) and not (
            q.tok_start > 0 and toks[q.tok_start - 1].text == "|"):
        j += 1  # "- 46.4%: Volcano Engine's share", "¥0.8: input price per million tokens"
    if q.unit_hint is None and FACTOR_OF_RE.search(lowtext[max(0, q.start - 24):q.start]):
        q.unit_hint = "x"  # "differ by a factor of about 179"
    noun_kind, unit, nend, kinds = (None, None, j, None) if q.unit_hint else _noun_after(toks, j, limit)
    if noun_kind == "none" and unit in LATENCY_UNITS and LATENCY_RE.search(lowtext) and q.unit_hint is None:
        # "takes 1.84 seconds to the first token": a latency, not a duration
        end = toks[nend - 1].end
        return [Claim(q.start, end, "other", q.values[0] * factor, LATENCY_UNITS[unit], None, None,
                      q.qualifier, q=q, core_start=q.core_start)]
    if noun_kind == "none":
        if unit == "times" and (q.scaled or q.values[0] >= 1000) and q.unit_hint is None:
            verb = next((L.TIMES_VERBS[t.low] for t in reversed(toks[max(0, q.tok_start - 4):q.tok_start]) if t.low in L.TIMES_VERBS), "time")
            return [Claim(q.start, toks[nend - 1].end, "count", q.values[0], verb, None, None,
                          q.qualifier, q=q, core_start=q.core_start)]
        return None
    per_info = parse_per(toks, nend if noun_kind else j, limit, money=bool(currency) or noun_kind not in ("token", None))
    if per_info["per"] is None and noun_kind:
        for x in range(j, nend):
            if toks[x].low in L.PERIOD_ADVERBS and not (x + 1 < len(toks) and toks[x + 1].low in ("active", "unique")):
                per_info["per"] = L.PERIOD_ADVERBS[toks[x].low]
    end_tok = max(nend, per_info["end"], j, q.tok_end)
    before = _clause_words_before(text, toks, q)
    after = words_between(toks, q.tok_end, min(limit, q.tok_end + 5))
    token_kind = per_info["kind"] or kinds or written_kind
    per = per_info["per"]
    qual = q.qualifier
    metric = None
    vals = [v * factor for v in value]
    flags = set()
    scale_factor = 1.0

    if currency:
        unit = currency
        if per_info["tokens"]:
            metric = "price"
            scale_factor = 1e6 / (per_info["denom"] or 1.0)
            vals = [v * scale_factor for v in vals]
        elif per in set(L.PER_THINGS.values()) or per in ("hour",):
            metric = "price"
        elif per in ("day", "week", "month", "quarter", "year"):
            metric = "price" if not q.scaled and re.search(r"\b(subscriptions?|plans?|tiers?|seats?|licen[cs]es?|memberships?|priced|charges?|fees?)\b", lowtext) else "money"
        else:
            earlier = [c for c in prior if c.metric == "price"]
            if calc:
                metric = "money"
                m = re.search(r"/\s*(month|year|day|week)\b|\bper (month|year|day|week)\b", lowtext)
                per = (m.group(1) or m.group(2)) if m else None
                token_kind = None
            elif written_kind and not q.scaled:
                metric, per = "price", "1M tokens"  # "$0.40 blended", "2 yuan input"
            elif not q.scaled and PRICE_PER_TOKENS_RE.search(lowtext[:q.start]):
                m = PRICE_PER_TOKENS_RE.search(lowtext[:q.start])  # "the average price per million output tokens fell to $5.05"
                metric, per = "price", "1M tokens"
                token_kind = L.TOKEN_KINDS.get((m.group(2) or "").strip()) or token_kind
                if m.group(1) in ("1k", "thousand"):
                    scale_factor = 1000.0
                    vals = [v * scale_factor for v in vals]
            elif earlier and not q.scaled and not FOR_KIND_RE.match(lowtext[q.end:q.end + 14].lstrip()):
                metric, per = "price", earlier[-1].per
                token_kind = token_kind or earlier[-1].token_kind
                flags.add("inherited")
            elif not q.scaled and (unit_price := UNIT_PRICE_BEFORE_RE.search(lowtext, 0, q.start)) and \
                    unit_price.group(2) not in L.PERIODS and _singular(unit_price.group(2)) not in L.TOKEN_NOUNS:
                # "the cost per resolved support ticket fell to $0.38": a unit price of that thing
                metric, per = "price", _singular(unit_price.group(2))
            elif not q.scaled and (rate := PERIOD_RATES_BEFORE_RE.search(lowtext, 0, q.start)):
                metric, per = "price", L.PERIOD_ADVERBS[rate.group(1)]  # "hourly H100 rates fell from $8"
            elif not q.scaled and STOCK_RE.search(lowtext) and (before[-1:] in (["at"], ["to"], ["from"]) or _per_share_after(toks, j, limit)):
                metric, per = "price", "share"  # "shares closed up 6% at HK$182.60"
                token_kind = None
            elif not q.scaled and ((_has_cue(before, COST_VERBS | PRICE_NOUNS) or before[-1:] == ["at"])
                                   and ctx.recent and ctx.recent[0].metric == "price" and ctx.recent[0].per != "share"):
                metric, per = "price", ctx.recent[0].per
                flags.add("inherited")
            elif _has_cue(before[-3:], COST_VERBS) and (unit_priced := _unit_of_cost(before)):
                metric, per = "price", unit_priced  # "building a gigawatt of capacity costs $50 billion"
            elif not q.scaled and _has_cue(before[-3:], COST_VERBS) and vals[0] < 1000 and not FOR_KIND_RE.match(lowtext[q.end:q.end + 14].lstrip()):
                # "each agent run costs eight cents": a unit price of the thing named before
                metric = "price"
                per = next((L.PER_THINGS[w] for w in before if w in L.PER_THINGS), None)
            else:
                metric = "money"
                token_kind = None
        if metric == "money" and per is None and any(q.start - 40 <= m.start() <= q.end + 40 for m in ANNUAL_MONEY_RE.finditer(lowtext)):
            per = "year"  # "annualized revenue passed $500 million", "$30 billion run rate"
        if metric != "price":
            token_kind = None
    elif q.unit_hint == "%" or q.kind == "digitclass" and (_has_cue(after[:2], DIGITCLASS_GROWTH) or _has_cue(after[:2], DIGITCLASS_SHARE)):
        unit = "%"
        metric, strong = _percent_metric(before, after, q)
        direction = _change_cue_in_clause(text, toks, q) if before[-1:] == ["by"] else None
        if direction:
            metric, strong = "growth", True  # "cut prices ... by up to 80%"
        mate = next((c for c in reversed(prior) if c.unit == "%" or "pct_of" in c.flags), None)
        if q.unit_hint == "%" and _percent_of_comparand(toks, q.tok_end, limit):
            metric, strong = "ratio", True
        if mate is not None and "pct_of" in mate.flags and metric != "growth":
            metric = "ratio"  # "10% of the standard rate on X and 25% on Y"
        elif mate is not None and (not strong or before[-2:] in (["up", "from"], ["down", "from"]) or before[-1:] == ["from"]):
            metric = mate.metric  # "up 22% q/q and 168% y/y", "27% ..., up from 11%"
        if q.kind == "share":
            metric = "share"  # "one in five companies": a proportion, whatever verb follows
        if before[-1:] == ["from"] and after[:1] == ["to"] and q.tok_end + 1 < len(toks) and \
                _percent_follows(toks, q.tok_end + 1) and not _has_cue(before, GROWTH_CONTEXT):
            metric = "share"  # "slipped from 40% to 32%": two levels
        if metric == "growth" and before[-1:] == ["to"] and _has_cue(_clause_words_before(text, toks, q, n=16), RATE_NOUNS_BEFORE):
            pass  # "growth has cooled to around 2%": still a growth rate
        elif metric == "growth" and before[-1:] == ["to"]:
            metric = "share"  # "fell to 14%", "rose to 31%": the new level
        if q.kind == "digitclass" and "fraction" in after[:2]:
            metric = "share"
        baseline = before[-2:] in (["down", "from"], ["up", "from"]) or before[-3:-1] in (["down", "from"], ["up", "from"])
        if metric == "growth" and (direction == "down" or _declines(before, after)) and not baseline:
            vals = [-v for v in vals]  # "down from 31%": the earlier level, not a fall
        elif (metric == "growth" and mate is not None and mate.metric == "growth" and mate.value < 0 and not strong
              and not _has_cue(before, CHANGE_CUES)):
            vals = [-v for v in vals]  # "Output prices fell 41%; input prices, 22%": the fall carries
        if metric == "ratio":
            unit, vals = "x", [v / 100 for v in vals]  # "at 10% of the standard rate": 0.1 x
            flags.add("pct_of")
        if metric == "growth":
            per = _growth_per(lowtext, text, q)
            if after[:1] in (["a"], ["per"], ["every"]) and after[1:2] and after[1] in ("week", "month", "year", "quarter", "day") \
                    and after[2:3] not in (["earlier"], ["ago"], ["before"], ["later"], ["prior"]):
                per = after[1]  # "2% a week": the period of the rate itself
        else:
            per = None  # "3% of monthly users": the period belongs to the users
    elif q.unit_hint == "x":
        unit = "x"
        factor_of = FACTOR_OF_RE.search(lowtext[max(0, q.start - 24):q.start])
        if factor_of and _change_cue_in_clause(text, toks, q) is not None:
            metric = "growth"  # "shipments increased by a factor of three": a change, not a comparison
        elif q.kind == "halving":
            unit, metric = "%", "growth"
        elif q.kind == "mult":
            w = toks[q.tok_start].low
            nxt = toks[q.tok_end] if q.tok_end < len(toks) else None
            comparand = nxt is not None and nxt.kind == "word" and (nxt.text[:1].isupper() or nxt.low in ("that", "those", "the", "as")) and w in ("double", "triple", "quadruple", "twice")
            metric = "ratio" if comparand and not _past_reference(toks, q.tok_end) else "growth"
            if comparand:
                flags.add("vs_past")
        elif q.kind in ("fraction", "ratio"):
            metric = "ratio"
            e = q.tok_end
            if e < len(toks) and toks[e].text == "(":
                close = next((x for x in range(e + 1, min(len(toks), e + 8)) if toks[x].text == ")"), None)
                if close is not None:
                    e = close + 1  # "three-quarters (75%) of respondents": past the bracket
            nxt = toks[e].low if e < len(toks) else ""
            nxt2 = toks[e + 1].low if e + 1 < len(toks) else ""
            head_after = next((t.low for t in toks[q.tok_end + 2:q.tok_end + 6] if t.low in FRACTION_RATIO_HEADS | FRACTION_SHARE_HEADS), None)
            mate = next((c for c in list(reversed(prior)) + ctx.recent[:1] if c.metric == "share"), None)
            named = q.tok_end + 1 < len(toks) and toks[q.tok_end + 1].text[:1].isupper() and (
                head_after in FRACTION_RATIO_HEADS
                # "roughly a third of OpenAI's": the possessor alone stands for its figure
                or (toks[q.tok_end + 1].low.endswith(("'s", "’s")) and (q.tok_end + 2 >= len(toks) or toks[q.tok_end + 2].kind == "sym")))
            nxt3 = toks[e + 2].low if e + 2 < len(toks) else ""
            if q.kind == "fraction" and nxt == "of" and not named and (
                    nxt2 == "where" or (nxt2 == "what" and _past_reference(toks, e + 1, span=5))
                    or (YEAR_TOKEN_RE.match(nxt2) and nxt3 in ("levels", "level", "prices", "price", "costs", "cost"))
                    or (nxt2 in ("its", "their") and nxt3 in ("level", "levels", "peak", "price", "prices", "cost", "costs")
                        and _past_reference(toks, e + 2, span=5))):
                metric = "growth"  # "a tenth of where they were two years ago", "one-hundredth of 2023 levels": over time
            elif q.kind == "fraction" and _has_cue(before[-3:], VALUATION_VERBS):
                pass  # "valued at one-twentieth of X's last mark": two valuations compared
            elif q.kind == "fraction" and nxt == "of" and not named and (
                    nxt2 not in ("that", "those", "what", "the") or (nxt2 == "the" and head_after not in FRACTION_RATIO_HEADS)):
                # "a fifth of OpenRouter's volume", "a third of the requests": a part of a whole
                # ("a tenth of the price of X", "a fifth of what X charges" compare two things)
                metric, unit, vals = "share", "%", [v * 100 for v in vals]  # "a fifth of OpenRouter's volume"
            elif q.kind == "fraction" and nxt in (".", "", ",", "today", "now") and (
                    mate is not None or before[-1:] in (["is"], ["are"], ["was"], ["were"])
                    or toks[q.tok_start].low in ("remaining", "other")):
                # "... 60% today; three-quarters by December", "Agents are well over half now",
                # "chip vendors the remaining quarter": a part of a whole
                metric, unit, vals = "share", "%", [v * 100 for v in vals]
            elif q.kind == "fraction" and "by" in before[-2:] and (
                    _declines(before, after) or _change_cue_in_clause(text, toks, q) == "down"):
                metric, unit, vals = "growth", "%", [-v * 100 for v in vals]  # "fell by more than half"
            elif q.kind == "fraction" and before[-1:] == ["by"] and _has_cue(before[-4:-1], STRONG_GROWTH_CUES | {"up"}):
                metric, unit, vals = "growth", "%", [v * 100 for v in vals]  # "were up by a third", "grew by half"
        elif q.kind == "fold" and not _has_cue(after[:2], COMPARISON_AFTER | FOLD_COMPARISONS):
            metric = "growth"  # "grew a thousandfold", "more than a thousandfold in two years"
        else:
            metric = "growth" if _x_is_growth(before, words_between(toks, q.tok_end, q.tok_end + 7), toks, q.tok_end) else "ratio"
        if metric == "growth":
            per = _growth_per(lowtext, text, q)
            if per is None and "vs_past" in flags:
                per = _past_period(toks, q.tok_end)  # "twice as many as last April": a year
    elif noun_kind == "token" and q.kind == "word" and q.values[0] in (1e3, 1e6) and toks[q.tok_start].low in ("a", "an", "one", "per") and \
            _has_cue(words_between(toks, nend, nend + 4), COST_VERBS):
        return None  # "a million output tokens from Qwen costs ...": a denominator
    elif noun_kind == "token":
        metric, unit = "token_volume", "tokens"
        if per is None and nend < len(toks) and toks[nend].low == "each":
            per = next((L.PER_THINGS[w] for w in reversed(before) if w in L.PER_THINGS), None)
        if per in LIMIT_PERS and (q.qualifier == "at_most" or _has_cue(before, LIMIT_WORDS)) or (
                per is None and _has_cue(before, LIMIT_WORDS) and (lim := LIMIT_PER_RE.search(lowtext, 0, q.start))):
            # "up to 32,768 output tokens per request", "the maximum output per request rises to
            # 65,536 tokens": a limit on one request, not a volume
            metric, unit = "other", "token"
            per = per or L.PER_THINGS.get(lim.group(1))
        elif _is_threshold(toks, q, nend, before) or (per is None and q.values[-1] >= 8000 and "context" in lowtext
                                                     and not _has_cue(words_between(toks, 0, q.tok_start), {"processes", "processed", "served", "serves"})):
            metric, unit, per = "other", "token", None
        elif per in ("second", "minute") and per == "second" and q.values[-1] < 1e5:
            metric, unit, per = "other", "token/s", None  # decode speed, not volume
        elif per is None:
            per = _period_before(toks, q) or _single_period_after(toks, nend)
        if metric == "token_volume" and per and TO_DATE_RE.search(lowtext, q.start, q.end + 40):
            per = None  # "30 billion tokens this year so far": a running total, not a rate
    elif noun_kind == "other":
        metric = "other"
        if unit in ("call", "request", "query") and per is None and not q.scaled and q.values[0] < 100:
            return None
    elif noun_kind in ("count", "count?"):
        if per in ("second", "minute", "hour", "day", "week", "month", "year") and noun_kind == "count" and unit in L.RATE_NOUNS:
            metric = "other"  # "31 messages a day", "2,000 requests per minute": a rate of actions
        elif per and noun_kind == "count" and unit in L.RATE_NOUNS and (q.scaled or q.values[0] >= 100):
            metric = "other"
        elif per and noun_kind == "count" and unit + "s" in L.PEOPLE_NOUNS | {"persons"} or unit == "person" and per:
            metric, per = "count", None  # "700 million people use it every week": active people
        elif noun_kind == "count" and per is None and _small_count(toks, q, before, unit, nend):
            metric = "count"  # "three of the five largest banks", "operates 12 data centres"
        elif q.scaled or q.kind in ("vague", "few") or q.values[0] >= 100 or (q.qualifier == "at_least" and q.values[0] >= 10):
            if noun_kind == "count?" and not (q.scaled or q.kind in ("vague", "few") or q.values[0] >= 1000 or q.qualifier != "exact"):
                return None
            metric = "count"
            per = None if per not in ("day", "week", "month") else per
            if per:
                metric = "other"
        else:
            return None
    elif q.kind == "digitclass":
        return None
    elif _context_window(toks, q, limit):
        metric, unit = "other", "token"
    else:
        # a bare number: a score ("a score of 1,512", "... at 1,498"), or a scaled one that
        # continues an earlier claim ("about 14 trillion")
        mate = prior[-1] if prior else None
        counted = _counted_before(lowtext, q, before)
        if not q.scaled and (SCORE_BEFORE_RE.search(lowtext[max(0, q.start - 20):q.start]) or (
                mate is not None and mate.unit == "point" and before[-1:] in (["at"], ["with"], ["and"]))):
            metric, unit = "other", "point"
        elif not q.scaled and q.kind == "num" and q.values[0] >= 100 and not q.is_range and (
                (before[-1:] in (["at"], ["with"]) and (_has_cue(before, L.SCORE_CUES) or (
                    not prior and ctx.recent and ctx.recent[0].unit == "point")))
                or (after[:1] == ["on"] and _has_cue(after[:5], L.SCORE_CUES))):
            # "leads the arena at 1492", "X follows at 1,463" after a score, "1,386 on the
            # LMArena leaderboard": a leaderboard score
            metric, unit = "other", "point"
        elif counted is not None and q.kind == "num":
            metric, unit = "count", counted  # "the number of paying customers rose to 214"
            per = None  # "hit 2 million last month": the time is the as_of, not a rate
        elif not before and (label := _label_unit(toks, q)) is not None and not (
                label[0] == "count" and q.scaled and _inherit(q, prior, ctx) is not None):
            # ("US models: 3.03 trillion" after a token volume continues it: the label names
            # whose figure it is, not what it counts)
            metric, unit = label[0], label[1]  # "Customers: 4,200", "Total tokens served: 1.2 quadrillion"
            per = per or label[2]
        elif (mate is not None and q.kind == "num" and before[-1:] == ["from"] and mate.metric in ("other", "count", "token_volume")
              and mate.unit not in ("%", "x") and len(q.values) == 1 and mate.q is not None and not mate.q.is_range):
            # "31 messages a day, up from 19 a year ago": the baseline of the figure before
            metric, unit, per = mate.metric, mate.unit, mate.per
            flags.add("inherited")
        elif not q.scaled or q.kind in ("few",):
            return None
        elif (unit_before := _unit_before(before)) is not None:
            metric, unit = unit_before  # "Its DAU reached 12 million", "monthly users hit 40 million"
            if metric == "token_volume" and per is None and not TOTAL_ONLY_RE.search(" ".join(before)):
                # "Monthly token throughput on Bedrock topped 50 trillion", "tokens processed
                # each day has reached 100 trillion": the period named in the clause
                per = _period_in_words(_clause_words_before(text, toks, q, n=16))
        wide_words = _clause_words_before(text, toks, q, n=16)
        if metric == "other" and unit in L.RATE_NOUNS and per is None:
            per = next((L.PERIOD_ADVERBS[w] for w in wide_words if w in L.PERIOD_ADVERBS), None)
            if per is None:
                return None  # calls or requests with no period: not read from the clause
        base = None if metric else _inherit(q, prior, ctx)
        wide = None if metric else _unit_before(wide_words)
        if metric:
            pass
        elif wide is not None and (base is None or (base.metric != wide[0] and base.unit not in ("token", wide[1]))):
            # "Total tokens routed through X last week came to 11.6 trillion", "Its token
            # consumption, which firms put at over 100 trillion a day": the noun far back in
            # the clause beats a figure of another kind before it
            metric, unit = wide
            if metric == "other" and unit in L.RATE_NOUNS and per is None:
                per = next((L.PERIOD_ADVERBS[w] for w in wide_words if w in L.PERIOD_ADVERBS), None)
                if per is None:
                    return None  # a total of calls with no period is not read from afar
        elif base is None and q.scaled and q.values[0] >= 1e9 and _has_cue(wide_words, VOLUME_HEADS) \
                and not _has_cue(wide_words, L.MONEY_CUES - {"market"}):
            # "Daily usage hit 16.4 trillion", "weekly volume stood at 8.4T": with nothing
            # before to continue, trillions of usage in this domain are tokens
            metric, unit = "token_volume", "tokens"
            per = per or next((L.PERIOD_ADVERBS[w] for w in wide_words if w in L.PERIOD_ADVERBS), None)
        elif base is None:
            ctx.pending.append((ctx.current, q))  # may restate a figure stated later
            return None
        else:
            metric, unit = base.metric, base.unit
            if per is None and not (metric == "token_volume" and TOTAL_WORDS_RE.search(lowtext, max(0, q.start - 40), q.end + 20)):
                per = base.per  # "in total it has routed 90 trillion": a total keeps no period
            flags.add("inherited")
            if metric == "price":
                token_kind = token_kind or base.token_kind
    if metric is None:
        return None
    if q.tok_start > 0 and toks[q.tok_start - 1].low in NEGATIVE_WORDS and toks[q.tok_start - 1].start < q.start + 1 and all(v > 0 for v in vals):
        vals = [-v for v in vals]  # "operating margin was negative 9%"
    if metric in ("ratio", "share"):
        per = None
        if per_info["end"] > max(j, q.tok_end) and per_info["end"] >= end_tok:
            end_tok = max(j, q.tok_end, nend if noun_kind else 0)  # the period parsed after a share is not part of its quote
    if per == "1M tokens" and metric != "price":
        per = None  # "235 billion parameters per token": not a rate
    if token_kind and metric != "price":
        token_kind = None
    if metric == "price" and token_kind is None and per == "1M tokens":
        # "a blended $0.50 per million tokens", "the input price rises to 1.2 yuan",
        # "Cached input costs $0.015": the kind named just before the price
        kind_before = next((L.TOKEN_KINDS[w] for w in reversed(before[-6:]) if L.TOKEN_KINDS.get(w)), None)
        if kind_before:
            token_kind = kind_before
            written_kind = kind_before
    if qual == "exact" and end_tok + 1 < len(toks) and toks[end_tok].low == "or" and len(vals) == 1:
        if toks[end_tok + 1].low in ("more", "higher", "above", "greater"):
            qual, end_tok = "at_least", end_tok + 2  # "$150 per million output tokens or more"
        elif toks[end_tok + 1].low in ("less", "fewer", "lower", "below"):
            qual, end_tok = "at_most", end_tok + 2
    quote_end = toks[end_tok - 1].end if end_tok - 1 < len(toks) else len(text)
    out = []
    if len(vals) == 2:
        for v, role in ((vals[0], "at_least"), (vals[1], "at_most")):
            out.append(Claim(q.start, quote_end, metric, v, unit, per, token_kind, role, q=q,
                             flags=set(flags) | {"range"}, core_start=q.core_start, factor=scale_factor))
    else:
        out.append(Claim(q.start, quote_end, metric, vals[0], unit, per, token_kind, qual, q=q,
                         flags=flags, core_start=q.core_start, factor=scale_factor))
    if (per_info["kind"] or kinds or written_kind) and metric == "price":
        for c in out:
            c.flags.add("kind_written")
    return out


# verbs whose object is a count the subject owns or reaches: "operates 12 data centres",
# "signed 40 enterprises", "serves customers in 30 countries" is not one (no verb before)
OWNING_VERBS = frozenset({
    "has", "have", "had", "having", "serves", "served", "serving", "operates", "operated", "operating",
    "employs", "employed", "counts", "counted", "signed", "onboarded", "added", "adds", "acquired",
    "hired", "hires", "opened", "built", "builds", "runs", "ran", "launched", "released", "shipped",
    "boasts", "backed", "funded", "deployed", "deploys", "includes", "included", "covers", "covered",
    "comprises", "totals",
    "across", "spans", "spanning", "reached", "reaches", "hit", "hits", "passed", "surpassed",
    "topped", "exceeded", "crossed", "welcomed", "won", "attracted", "partnered", "partners"})


def _small_count(toks, q, before, unit=None, nend=None):
    """A count under 100 needs more than a counted noun (durations, list items, 'five
    trends'): 'N of the M <noun>' (a part of a named group), or a verb of owning or reaching
    right before it ('runs 12 data centres', 'has signed 40 enterprises')."""
    v = q.values[0]
    if v < 2 or not float(v).is_integer() or q.is_range:
        return False
    j = q.tok_end
    if _has_cue(before, ARTICLE_NOUNS):
        return False  # "our table lists seven models": a count of things in the article
    if j + 2 < len(toks) and toks[j].low == "of" and (toks[j + 1].low in ("the", "its", "their", "our", "his", "her")
                                                      or toks[j + 1].low.endswith(("'s", "’s"))):
        return True  # "three of the five largest banks", "12 of its customers": a part of a named group
    if before and before[-1] in OWNING_VERBS:
        return True
    # "Seven startups raised rounds above $1 billion", "Three Chinese labs now rank ...": a
    # sentence that opens with a count of economic actors doing something
    if unit in ACTOR_UNITS and not before and nend is not None and nend < len(toks) and (
            toks[nend].low in L.COMMON_VERBS or toks[nend].low in ("now", "also", "already", "each")):
        return True
    return False


ACTOR_UNITS = frozenset({"company", "startup", "enterprise", "bank", "lab", "firm", "country", "government",
                         "insurer", "hospital", "university", "hyperscaler", "unicorn", "automaker", "retailer",
                         "investor", "customer", "client", "partner", "provider", "vendor"})
ARTICLE_NOUNS = frozenset({"table", "guide", "list", "article", "roundup", "chart", "post", "piece",
                           "section", "newsletter", "explainer", "overview", "comparison"})


VOLUME_HEADS = frozenset({"usage", "volume", "volumes", "consumption", "throughput", "traffic"})


def _label_unit(toks, q):
    """'Customers: 4,200', "Doubao's daily token usage: 30 trillion": the label before a
    colon names what a bare number measures -> (metric, unit, per) or None."""
    k = q.tok_start - 1
    while k >= 0 and toks[k].start >= q.start:
        k -= 1
    if k < 1 or toks[k].text != ":":
        return None
    label = []
    for t in reversed(toks[max(0, k - 6):k]):
        if t.text in HARD_STOPS or t.text == "|":
            break
        if t.kind != "sym":
            label.append(t.low)
    label.reverse()
    if not label:
        return None
    per = next((L.PERIOD_ADVERBS[w] for w in label if w in L.PERIOD_ADVERBS), None)
    if _has_cue(label, L.TOKEN_NOUNS) and q.scaled:
        return "token_volume", "tokens", per
    for w in reversed(label):
        if w in L.COUNT_NOUNS and q.values[0] >= 2 and float(q.values[0]).is_integer():
            return "count", _singular(w), None
        if w in L.ACRONYM_UNITS:
            return ("count" if L.ACRONYM_UNITS[w] == "user" else "other"), L.ACRONYM_UNITS[w], None
    return None


NUMBER_OF_RE = re.compile(r"\bnumber of (?:[a-z-]+ ){0,3}?([a-z]+s)\b")


def _counted_before(lowtext, q, before):
    """The counted noun of a bare number named earlier in the sentence: 'the number of
    enterprise customers ... rose to 214', 'paying customers now number over 12,000'."""
    m = None
    for m in NUMBER_OF_RE.finditer(lowtext, 0, q.start):
        pass
    if m is not None and m.group(1) in L.COUNT_NOUNS:
        return _singular(m.group(1))
    if before[-1:] in (["number"], ["numbered"], ["totalled"], ["totaled"]) and before[-2:-1] and before[-2] in L.COUNT_NOUNS:
        return _singular(before[-2])
    if before[-1:] in (["number"], ["numbered"]) and before[-3:-2] and before[-3] in L.COUNT_NOUNS and before[-2] in ("now", "still", "already"):
        return _singular(before[-3])
    # "Its customer count passed 10,000", "the user base hit 2 million": a count of that noun
    for a, b in zip(before, before[1:]):
        if b in ("count", "base", "headcount", "tally") and a + "s" in L.COUNT_NOUNS and a + "s" not in L.RATE_NOUNS_PLURAL:
            return _singular(a + "s")
    # "Paying customers reached 8,400", "enterprise clients have grown to 1,900": the counted
    # noun is the subject of a verb of reaching right before the number
    w = list(before)
    if w[-1:] == ["to"] and w[-2:-1] and w[-2] in TO_VERBS:
        w = w[:-1]
    if w and w[-1] in REACH_VERBS | TO_VERBS:
        w = w[:-1]
        while w and w[-1] in ("now", "already", "has", "have", "had", "just", "finally", "since", "then", "also"):
            w = w[:-1]
        if w and w[-1] in L.COUNT_NOUNS and w[-1] not in L.RATE_NOUNS_PLURAL:
            return _singular(w[-1])
    return None


REACH_VERBS = frozenset({"reached", "reach", "reaches", "hit", "hits", "topped", "tops", "passed", "passes",
                         "surpassed", "exceeded", "exceed", "exceeds", "crossed", "totaled", "totalled", "stood", "stand", "stands"})
TO_VERBS = frozenset({"rose", "risen", "grew", "grown", "climbed", "jumped", "increased", "swelled", "fell",
                      "dropped", "declined", "shrank", "expanded", "doubled", "tripled"})


def _unit_of_cost(before):
    """'a gigawatt of AI capacity costs', 'each GPU costs': the unit a cost is for (one of
    the measured units: gigawatt, gpu, ...), else None."""
    for a, b in zip(before, before[1:]):
        if a in ("a", "an", "one", "each", "every", "per") and b in L.OTHER_UNITS:
            return L.OTHER_UNITS[b]
    return None


def _per_share_after(toks, j, limit):
    """'HK$28 a share', '$4 per share'."""
    return j + 1 < limit and toks[j].low in ("a", "per") and toks[j + 1].low == "share"


def _period_in_words(words):
    """'daily', 'each day', 'per week', 'a month' among the words -> the period, else None."""
    for a, b in zip([""] + words, words):
        if b in L.PERIOD_ADVERBS and b != "annual":
            return L.PERIOD_ADVERBS[b]
        if a in ("each", "every", "per", "a") and b in ("day", "week", "month", "year", "hour", "minute", "second", "quarter"):
            return b
    return None


def _unit_before(before):
    """The counted noun of a clause whose number comes last ('Its DAU reached 12 million',
    'Total tokens routed through X last week came to 11.6 trillion')."""
    for k, w in enumerate(reversed(before)):
        if w in L.ACRONYM_UNITS:
            return ("count" if L.ACRONYM_UNITS[w] == "user" else "other"), L.ACRONYM_UNITS[w]
        if w in L.PEOPLE_NOUNS:
            return "count", _singular(w)
        if w in L.TOKEN_NOUNS:
            return "token_volume", "tokens"
        if w in L.OTHER_UNITS and L.OTHER_UNITS[w] in L.RATE_NOUNS:
            idx = len(before) - 1 - k
            if idx >= 1 and before[idx - 1] in L.TOKEN_NOUNS:
                return "token_volume", "tokens"  # "daily token calls exceeded 30 trillion": tokens called
            return "other", L.OTHER_UNITS[w]  # "Daily API calls ... rose to more than 1.1 billion"
    return None


def _percent_metric(before, after, q):
    """(metric, strong): strong when the sentence says so next to the number; a weak guess
    gives way to the metric of the previous percentage in the same list."""
    near_before = before[-4:]
    if after[:1] in (["share"], ["stake"], ["margin"]) or after[:2] in (["market", "share"], ["gross", "margin"]):
        return "share", True  # "a 61.2% share of tokens"
    if after[:1] in (["cagr"],) or after[:2] == ["compound", "annual"]:
        return "growth", True
    if _has_cue(near_before, {"remaining", "rest"}) or " ".join(near_before[-3:]).startswith(("made up", "make up", "makes up")):
        return "share", True  # "made up the remaining 62%"
    if after[:1] in (["off"], ["discount"], ["markdown"]):
        return "growth", True  # "50% off", "a 90% discount"
    if (after[:1] in (["a"], ["per"], ["every"]) and after[1:2] and after[1] in ("week", "month", "year", "quarter", "day")
            and after[2:3] not in (["earlier"], ["ago"], ["before"], ["later"], ["prior"])) or (
            after[:1] and after[0] in ("weekly", "monthly", "annually", "yearly", "quarterly") and after[1:2] != ["active"]):
        return "growth", True  # "even at 2% a week", "3% monthly": a rate of change per period
    if after[:3] in (["on", "the", "week"], ["on", "the", "month"], ["on", "the", "year"], ["on", "the", "quarter"], ["on", "the", "day"]):
        return "growth", True  # "slipped 4% on the week"
    if after[:1] == ["on"] and _has_cue(before, SHARE_CONTEXT):
        return "share", True  # "gross margins of 50-70% on inference"
    if after[1:3] == ["over", after[:1][0] if after else ""] and after[:1] and after[0] in ("year", "month", "week", "quarter"):
        return "growth", True  # "33% year over year"
    if _has_cue(before, L.SCORE_CUES) or _has_cue(after[:3], L.SCORE_CUES):
        return "other", True
    if before[-1:] and before[-1] in CHANGE_CUES and before[-1] not in ("more", "less", "of", "up"):
        return "growth", True  # "jumped 18%", "cut 60%"
    if before[-1:] == ["by"] and _has_cue(before, CHANGE_CUES):
        return "growth", True  # "cut X's price by 50%"
    if after[:1] == ["on"] and len(after) > 1 and not _has_cue(near_before, CHANGE_CUES):
        return "other", True  # "91% on the benchmark"
    if after[:1] == ["of"] and not _has_cue(near_before, STRONG_GROWTH_CUES):
        return "share", True
    if _has_cue(after[:3], CHANGE_AFTER):
        return "growth", True
    if _has_cue(near_before, CHANGE_CUES):
        return "growth", True
    if _has_cue(before, GROWTH_CONTEXT) and not _has_cue(before, SHARE_CONTEXT):
        return "growth", False
    return "share", False


PCT_RATIO_HEADS = frozenset({"price", "prices", "pricing", "rate", "rates", "score", "scores", "speed",
                             "level", "charge", "charges", "fee", "fees"})
OF_COMPARAND_STARTS = frozenset({"the", "its", "their", "his", "her", "our", "that", "those"})
NEGATIVE_WORDS = frozenset({"negative", "minus"})


def _percent_of_comparand(toks, j, limit):
    """'10% of the standard input rate', '95% of Gemini 3 Pro's arena score', '1% of what
    OpenAI charged': a percentage of another thing's price, rate or score is a ratio."""
    if j >= limit or toks[j].low != "of" or j + 1 >= len(toks):
        return False
    first = toks[j + 1]
    if first.low == "what":
        # "1% of what OpenAI charged" compares prices; "40% of what enterprises spend" is a part
        return any(t.low in PRICE_VERBS_AFTER_WHAT for t in toks[j + 2:j + 7])
    if not (first.low in OF_COMPARAND_STARTS or (first.kind == "word" and first.text[:1].isupper())):
        return False
    for t in toks[j + 1:j + 8]:
        if t.kind == "sym" and not t.text in ("-", ".", "'", "’"):
            return False
        if t.low in PCT_RATIO_HEADS:
            return True
        if t.low in L.COMMON_VERBS and t.low not in ("list",):
            return False
        if t.low in HEAD_ENDING_PREPS:
            return False  # "30% of the tokens at standard rates": the head came before
    return False


PRICE_VERBS_AFTER_WHAT = frozenset({"charges", "charged", "charge", "costs", "cost", "priced", "prices",
                                    "scores", "scored", "bills", "billed", "asks", "asked"})
HEAD_ENDING_PREPS = frozenset({"of", "at", "in", "on", "for", "from", "by", "with", "to", "across", "over",
                               "under", "through", "via", "during"})


def _change_cue_in_clause(text, toks, q):
    """The nearest change verb of the clause before 'by N%' ('cut prices for its flagship
    model by as much as 80%'): 'up', 'down' or None."""
    for w in reversed(_clause_words_before(text, toks, q, n=16)[:-1]):
        if w in L.DECLINE_CUES and w not in ("less", "lower", "cheaper", "off", "savings"):
            return "down"
        if (w in L.GROWTH_CUES or w in L.RAISE_VERBS) and w not in ("more", "up", "higher"):
            return "up"
    return None


RATE_NOUNS_BEFORE = frozenset({"growth", "rate", "cagr", "pace", "inflation"})


def _percent_follows(toks, k):
    """A percentage starts at token k ('32%', '32 percent')."""
    return k + 1 < len(toks) and toks[k].kind == "num" and toks[k + 1].low in ("%", "percent", "pct")


def _declines(before, after):
    return _has_cue(before[-4:], L.DECLINE_CUES) or _has_cue(after[:3], DECLINE_AFTER)


PAST_REFS = frozenset({"last", "ago", "earlier", "previous", "prior"})
YEAR_TOKEN_RE = re.compile(r"(?:19|20)\d\d$")


def _past_reference(toks, j, span=7):
    """The words after a multiple compare with the past: 'double the figure from last
    November', 'twice as many as last April', 'ten times its volume in early 2025'."""
    words = toks[j:j + span]
    for k, t in enumerate(words):
        if t.text in (";", ":", "—", "(") or (t.text == "," and k > 0):
            return False
        if t.low in PAST_REFS or (t.kind == "num" and YEAR_TOKEN_RE.match(t.text) and k > 0
                                  and words[k - 1].low in ("in", "of", "early", "late", "mid", "since")):
            return True
        if k > 0 and words[k - 1].low in ("in", "of", "since", "at") and (t.low in L.MONTHS or t.low in LAUNCH_WORDS):
            return True  # "double the figure in May", "8x higher than at launch"
        if k <= 1 and t.low == "what" and k + 2 < len(words) and words[k + 2].low in ("was", "were", "had"):
            return True  # "five times what it was in January"
    return False


LAUNCH_WORDS = frozenset({"launch", "debut", "release", "start", "beginning", "inception", "ipo"})


def _past_period(toks, j):
    """'as many as last April' / 'a year ago': the period a one-period comparison spans."""
    words = [t.low for t in toks[j:j + 7]]
    for a, b in zip(words, words[1:]):
        if a == "last" and (b in L.MONTHS or b == "year"):
            return "year"  # "last April" (the same month a year before), "last year"
        if a == "last" and b in ("month", "week", "quarter"):
            return b
    return None


FUTURE_BY_RE = re.compile(r"(?:by|within|in) (?:(?:19|20)\d\d|the end|next|the next|\w+ years)")
NOW_OR_PAST_LEVELS = frozenset({"current", "today's", "today’s", "present", "existing", "last", "previous", "prior",
                                "last year's", "pre-launch"})


def _x_is_growth(before, after, toks=None, j=None):
    if before[-1:] and before[-1] in GROWTH_BEFORE_X and before[-1] != "by":
        return True  # "rose tenfold", "up 5x"
    if after[:1] and (after[0] in NOW_OR_PAST_LEVELS or after[:2] in (["the", "current"], ["its", "current"], ["their", "current"])):
        return True  # "reach 5x current levels", "3x last year's total": the same thing over time
    if toks is not None and after[:1] == ["the"] and _past_reference(toks, j):
        return True  # "10 times the number recorded in January"
    if _has_cue(after[:4], {"each", "every", "per", "annually", "yearly"}) and _has_cue(after[:5], {"year", "month", "week", "annually", "yearly"}) \
            or (after[:1] and after[0] in ("larger", "bigger", "higher", "more", "greater") and FUTURE_BY_RE.match(" ".join(after[1:4]))):
        return True  # "10x more compute each year", "100x larger by 2030": the same thing over time
    if toks is not None and after[:1] in (["its"], ["their"], ["what"]) and _past_reference(toks, j):
        return True  # "ten times its volume in early 2025", "5x what it was in January"
    if toks is not None and _has_cue(after[:2], {"higher", "more", "larger", "bigger", "greater"}) and \
            "than" in after[:3] and _past_reference(toks, j):
        return True  # "8x higher than at launch", "five times larger than a year ago"
    if ("of" in after[:4] and _has_cue(after[:7], PAST_TIME_WORDS)) or _has_cue(after[:6], {"earlier", "ago"}):
        return True  # "eight times the level of last October", "four times its volume a year earlier"
    if _has_cue(after[:1], COMPARISON_AFTER) or _has_cue(after[:2], COMPARISON_AFTER - {"the", "that", "as"}):
        return False
    if _has_cue(before[-3:], GROWTH_BEFORE_X):
        return True
    if ("of" in after[:4] and _has_cue(after[:7], PAST_TIME_WORDS)) or _has_cue(after[:6], {"earlier", "ago"}):
        return True  # "eight times the level of last October", "four times its volume a year earlier"
    return _has_cue(after[:5], GROWTH_AFTER_X)


def _growth_per(lowtext, text, q):
    """Growth per: only when the change covers exactly one named period; a period phrase
    right next to the number wins over the rest of the sentence."""
    lo = max(0, q.start - 30)
    local = lowtext[lo:q.end + 45]
    hits = [(m.start() + lo, period) for rx, period in L_GROWTH_PERIODS for m in rx.finditer(local)]
    near = {p for _, p in hits}
    if len(near) == 1:
        return near.pop()
    if hits:
        # "up 62% quarter over quarter and roughly 7x year over year": the phrase right after
        # the number (else right before it) is its period
        after = sorted(h for h in hits if h[0] >= q.end)
        before = sorted(h for h in hits if h[0] < q.start)
        if after and (after[0][0] - q.end <= 25 or not before):
            return after[0][1]
        if before:
            return before[-1][1]
    found = set()
    for rx, period in L_GROWTH_PERIODS:
        if rx.search(lowtext):
            found.add(period)
    if re.search(r"\bin (?:just |only )?(?:two|three|four|five|six|\d+) (?:years|months|weeks|quarters)\b|\bover the (?:next|past|last) (?:two|three|four|five|\d+)(?! months)", lowtext):
        if not re.search(r"\b(annual|year[- ]over[- ]year|yoy|monthly|weekly)\b", lowtext):
            return None
    return found.pop() if len(found) == 1 else None


L_GROWTH_PERIODS = [(re.compile(rx), p) for rx, p in L.GROWTH_PERIOD_PHRASES]


LIMIT_WORDS = frozenset({"maximum", "max", "limit", "limits", "cap", "capped", "ceiling"})
LIMIT_PERS = frozenset({"request", "call", "response", "query"})
LIMIT_PER_RE = re.compile(r"\b(?:maximum|max|limit|cap)\b[^.;]*?\bper (request|call|response|query)\b")


def _is_threshold(toks, q, nend, before):
    """'prompts over 128K tokens', '128K context', 'a 262,144-token context window'."""
    if q.qualifier != "exact" and (before[-1:] and before[-1] in L.THRESHOLD_NOUNS or (
            before[-1:] == ["of"] and before[-2:-1] and before[-2] in L.THRESHOLD_NOUNS)):
        return True  # "prompts over 128K tokens", "prompts of up to 1M tokens"
    if before[-2:-1] and before[-2] in L.THRESHOLD_NOUNS and before[-1] == "between":
        return True  # "prompts between 32K and 128K tokens"
    nxt = [t.low for t in toks[nend:nend + 2]]
    if nxt and (nxt[0] in L.CONTEXT_WORDS or nxt[:2] in (["of", "context"], ["of", "prompt"], ["of", "input"])):
        return True  # "a 1M-token context", "up to 200K tokens of prompt"
    if before[-2:] and ("context" in before[-3:] or "window" in before[-3:]):
        return True
    return False


def _context_window(toks, q, limit):
    j = q.tok_end
    if j < limit and toks[j].text == "-":
        j += 1
    return j < len(toks) and toks[j].low in ("context", "context-window") and (q.scaled or q.values[0] >= 1000)


TO_DATE_RE = re.compile(r"\bthis (?:week|month|quarter|year) (?:so far|to date)\b|\b(?:year|month|quarter)[- ]to[- ]date\b|"
                        r"\bso far this (?:week|month|quarter|year)\b")
SINGLE_PERIOD_RE = re.compile(
    r"^(?:in|during|over|on) (?:the |its |their |a |one |a single |that )?(?:(?:busiest|first|last|final|latest|record|peak|same|"
    r"past|single|\w+ember|march|april|may|june|july|august|january|february|october|q[1-4]|[a-z]+-ending) ){0,2}"
    r"(day|week|month|quarter)\b(?! (?:so far|to date))")


def _single_period_after(toks, j):
    """'180 trillion tokens in the March quarter', '9.8 trillion tokens in its busiest week':
    a volume over one named period is that period's volume."""
    words = " ".join(t.low for t in toks[j:j + 7] if t.kind != "sym")
    m = SINGLE_PERIOD_RE.match(words)
    return m.group(1) if m else None


def _period_before(toks, q):
    for t in toks[max(0, q.tok_start - 3):q.tok_start]:
        if t.low in L.PERIOD_ADVERBS:
            return L.PERIOD_ADVERBS[t.low]
    return None


def _inherit(q, prior, ctx: Context):
    """The claim a bare scaled number continues: the same value stated before; else the
    nearest figure of the same order (same sentence first, then the last sentences);
    else the token volume of the closest order of magnitude."""
    key = round(q.values[0], 6)
    if key in ctx.memory and ctx.memory[key].metric in ("token_volume", "money", "count", "other"):
        return ctx.memory[key]
    mag = math.log10(max(q.values[0], 1e-9))
    near = [c for c in list(reversed(prior)) + ctx.recent[:6]
            if c.metric in ("token_volume", "money", "count", "other") and c.unit not in ("%", "x", "token/s", "point")]
    for c in near:
        if abs(math.log10(max(abs(c.value), 1e-9)) - mag) <= 2:
            return c
    pool = [c for c in near if c.metric == "token_volume"]
    if not pool:
        return None
    return min(pool, key=lambda c: abs(math.log10(max(abs(c.value), 1e-9)) - mag))


KIND_WORD_RE = re.compile(r"^(input|output|cached|prompt|completion|blended)\b")
LIST_GAPS = ("and", "or", ",", "/", "to", "", "-", "and then", "vs", "vs.", "versus", "→", "->", "from")


def _share_coordinated(text, claims):
    """Lists share what only their last member says: '500 input tokens and 300 output
    tokens per call' (per), '$0.28 input / $0.42 output per million tokens' (price)."""
    for b_i in range(len(claims) - 1, 0, -1):
        a, b = claims[b_i - 1], claims[b_i]
        gap = KIND_WORD_RE.sub("", text[a.end:b.start].strip().lower()).strip()
        if gap not in LIST_GAPS:
            continue
        kind_word = KIND_WORD_RE.match(text[a.end:b.start].strip().lower())
        if kind_word and a.metric == "money" and b.metric == "price":
            a.token_kind = L.TOKEN_KINDS.get(kind_word.group(1))
            a.flags.add("kind_written")
        if a.metric == b.metric and a.unit == b.unit and a.per is None and b.per:
            a.per = b.per
        if a.metric == "money" and b.metric == "price" and a.unit == b.unit and not (a.q and a.q.scaled):
            a.metric, a.per = "price", b.per
            a.value *= b.factor
            a.factor = b.factor
            a.flags.add("list")
    for a, b in zip(claims, claims[1:]):
        gap = text[a.end:b.start].strip().lower()
        if a.metric == "price" and b.metric == "price" and gap == "/" and (
                a.token_kind is None or "inherited" in a.flags) and "kind_written" not in a.flags:
            a.token_kind, b.token_kind = "input", "output"


def borrow_from_context(text: str, claims: list[Claim], ctx: Context):
    """Elliptical sentences keep the period and token kind of what they continue:
    a restated volume takes the period it had ("140 trillion tokens" -> per day), and a
    price in a sentence that does not say "tokens" keeps the previous price's kind."""
    low = text.lower()
    says_tokens = "token" in low
    for ci, c in enumerate(claims):
        if c.metric == "token_volume" and c.per is None and "token" not in low[c.start:c.end] and not TOTAL_WORDS_RE.search(low):
            # "X handled 1.2 trillion tokens a day, while Y handled 800 billion": an elliptical
            # volume keeps the period of the volume it continues in the same sentence
            mate = next((d for d in reversed(claims[:ci]) if d.metric == "token_volume" and d.per), None)
            if mate is not None and mate.value and 0.01 <= c.value / mate.value <= 100:
                c.per = mate.per
                c.flags.add("per_carried")
        if c.metric == "token_volume" and c.per is None:
            first = ctx.memory.get(round(c.value, 6))
            if first is not None and first.metric == "token_volume" and first.per:
                c.per = first.per
            elif not TOTAL_WORDS_RE.search(low):
                # "Gemini was second at 980B tokens." after "... led the weekly rankings with 1.2T"
                prev = next((d for d in ctx.recent[:4] if d.metric == "token_volume" and d.per), None)
                if prev is not None and prev.value and 0.01 <= c.value / prev.value <= 100 and c.value >= 1e6:
                    c.per = prev.per
                    c.flags.add("per_carried")
        if c.metric == "price" and c.token_kind is None and not says_tokens and ctx.recent:
            last = ctx.recent[0]
            if last.metric == "price" and last.per == c.per and last.token_kind:
                c.token_kind = last.token_kind


def place_pending(ctx: Context):
    """A bare figure stated before its unit ('Where the 140 Trillion Comes From' above the
    paragraph that says '140 trillion tokens per day') restates the later claim."""
    for sent, q in ctx.pending:
        base = ctx.memory.get(round(q.values[0], 6))
        if base is None or base.metric not in ("token_volume", "money", "count") or len(q.values) != 1:
            continue
        c = Claim(q.start, q.end, base.metric, q.values[0], base.unit, base.per, None, q.qualifier,
                  q=q, flags={"inherited", "restated"}, core_start=q.core_start)
        sent.claims = sorted(list(sent.claims) + [c], key=lambda x: x.start)
