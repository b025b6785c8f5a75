"""Who a number is about (subject), when (as_of) and according to whom (attributed_to).

Third step of claim extraction, run over the sentences of one document in order. There
is no parser: each rule below is a named heuristic over the sentence's tokens and a verb
list (`lexicon.COMMON_VERBS`).

Subjects, tried in order for each claim:
  possessive     "China's 140 trillion", "DeepSeek V4-Pro's API price of 0.025 yuan"
  label          "US models: 3.03 trillion", "At Claude 3.5 Sonnet: ..." (not speaker labels)
  label_after    "- 46.4%: Volcano Engine's share"
  name_at        "GPT-4o at $2.50/million", "DeepSeek V4, at $0.30", "GPT-5.5 input at $X"
  for_name       "$75 for Claude Opus 4.6"
  parenthesis    "efficiency tools (70% of web traffic)"
  aside          "OpenRouter — a platform used by over 5 million developers — reported"
  list_mate      the subject of the previous figure of a list ("$2.50 input, $10 output"),
                 or of the list item above for a labelled item ("- Q4 2025: 27%")
  put_at         "Analysts put global API spending at $9.6 billion"
  described_as   "Tencent describes Hy3 preview as a 295B-parameter model"
  clause         the noun phrase before the verb that governs the number (verbs from a
                 list, or by shape: "It now answers 40 million", "models sit at $2"),
                 skipping asides, appositives (", ByteDance's cloud arm,") and relative
                 clauses; "X, which handles ..." gives X; a source as subject ("The report
                 highlighted 340% growth in X") gives X
  leading        "On Claude Sonnet 4.6, the daily bill is $240", "For prompts over 200K
                 tokens, Gemini 3 Pro charges ..."
  price_target   "... an agent on Claude might spend $15" (who is priced, for prices)
  comes_from     "The remaining 20 trillion comes from X"; users_of: "700 million people use X"
  that_is        "That is the daily consumption across X" (pronoun subject + copula)
  previous       pronouns, "its DAU", "the company", "this figure" point back to the subject
                 before; "we" is the source, a name before, or the document's topic
and a ratio gets "A vs B" with B from "than B", "double B", "that of B", "the tokens
of B", "N% of B's price" (cleaned: "what B charges" -> B, "B's score" -> B), or, for a bare
"170x gap", the two figures it compares in the sentences before. Whatever rule found it, a
subject that is a time ("Q4 2025", "the first quarter") or a fragment cut at a preposition
("through public APIs in") is dropped (`_broken_subject`).
Restated figures (headings, FAQ answers, "the 140 trillion number") take the subject of
the claim they restate (`resolve_restated`).

Times: a time expression in the claim's clause, else the nearest one before it in the
sentence, else an "As of ..." of the same paragraph or an introducing line ending in ":".
Sources: "according to X", "X reported/said/...", "X's report/data", "a study from X",
"as measured by X", "the study" (the document's last study); they carry to the end of the
paragraph (or through the list an introducing line opens) unless the text turns away
("For context: ...").
"""
from __future__ import annotations

import re

from . import lexicon as L
from .numbers import tokenize
from .timex import find_times

CLAUSE_PUNCT = {";", ":", "“", "”", '"', "|", "?", "!"}
SUBORDINATORS = {"that", "which", "who", "whom", "whose", "where", "when", "while", "if",
                 "because", "although", "though", "whereas", "since", "unless", "once",
                 "assume", "assuming", "suggests", "suggest", "says", "said", "shows",
                 "showed", "means", "think", "believe", "predicting", "revealing",
                 "expects", "expect", "predicts", "notes", "noted", "reported", "shared",
                 "announced", "found", "estimates", "than", "like"}
SUBJECT_PRONOUNS = {"it", "they", "this", "that", "these", "those", "he", "she", "we", "i",
                    "you", "there", "which", "who", "one", "that's", "that’s", "it's", "it’s",
                    "there's", "there’s", "what's", "what’s", "here's", "here’s"}
TRAILING_DROP = {"alone", "collectively", "also", "still", "now", "already", "finally",
                 "typically", "usually", "generally", "normally", "often", "reportedly",
                 "only", "even", "together", "combined", "globally", "today", "currently",
                 "just", "reportedly", "apparently"}
COPULAS = {"is", "was", "are", "were", "'s", "’s"}
VERB_ADVERBS = {"not", "also", "still", "now", "already", "finally", "only", "even",
                "just", "likely", "reportedly", "collectively", "alone", "expected",
                "projected", "set", "to", "about", "nearly", "practically", "currently",
                "never", "always", "roughly", "approximately", "almost", "really", "then",
                "since", "apparently", "really", "quickly", "further"}
COMES_FROM = {"comes", "came", "come", "coming"}
NAME_JOINERS = {"&", "and", "of", "de", "la", "-", "’s", "'s"}
LIST_ITEM_RE = re.compile(r"^\s*(?:[-*•·▪–]|\d{1,2}[.)])\s+")
HEADING_MAX_WORDS = 14
NOUN_WORDS = frozenset(L.COUNT_NOUNS | L.TOKEN_NOUNS | set(L.OTHER_UNITS) | L.METRIC_HEADS | L.GENERIC_HEADS
                       | L.SOURCE_NOUNS | {"models", "tokens", "prices", "users", "years", "months", "weeks"})
TOPIC_NAME_RE = re.compile(r"(?<![\w’'])([A-Z][a-z]+(?:[A-Z][a-z]+)?)\b(?![’']s)")
PRICE_FOR_RE = re.compile(r"\b(?:price|prices|pricing|rate|rates|cost)\s+(?:for|of)\s+([A-Z][\w.\-’']*(?:\s+[A-Z0-9][\w.\-]*)*)\s*$")
QUESTION_AUX = {"is", "are", "was", "were", "does", "do", "did", "has", "have", "can", "will", "how", "what", "why", "which"}
LEADING_TARGET_RE = re.compile(r"^(?:On|For|With|Using|At|Via|Through)\s+([A-Z][\w.\-’']*(?:\s+[A-Z0-9][\w.\-]*)*),")
PUT_AT_VERBS = {"put", "puts", "values", "valued", "valuing", "pegged", "pegs", "estimated", "estimates", "priced",
                "prices", "pricing", "places", "placed"}
DEFINITE_BEFORE_RE = re.compile(r"\b(?:the|those|these|this|that)\s+$", re.I)
PRICE_TARGET_RE = re.compile(r"\b(?:on|using|with|via|through)\s+([A-Z][\w.\-’']*(?:\s+(?:[A-Z0-9][\w.\-]*|mini|pro|preview|flash|turbo))*)\s*$")


# --------------------------------------------------------------------------- helpers
_HAS_DIGIT = re.compile(r"\d").search


def _is_name(t) -> bool:
    """A token that can be part of a proper name: capitalised or with a digit."""
    return t.kind == "word" and (t.text[:1].isupper() or _HAS_DIGIT(t.text) is not None)


def _POSS(word: str) -> bool:
    """'China's', 'Google’s': a possessive."""
    return word.endswith(("'s", "’s"))


def _is_verb(t, prev=None) -> bool:
    if t.kind != "word" or t.low not in L.COMMON_VERBS:
        return False
    if prev is not None and t.low in L.AMBIGUOUS_VERBS and (
            prev.low in L.DETERMINERS or _POSS(prev.text)):
        return False  # "a support bot", "the cost", "OpenAI's reports"
    return True


def _tok_index(toks, pos):
    """Index of the first token starting at or after char offset pos."""
    lo, hi = 0, len(toks)
    while lo < hi:
        mid = (lo + hi) // 2
        if toks[mid].start < pos:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _text_of(text, toks, idxs):
    """Text of kept token indices, original spacing within runs, one space across gaps."""
    if not idxs:
        return ""
    parts, run_start, prev = [], idxs[0], idxs[0]
    for i in idxs[1:]:
        if i != prev + 1:
            parts.append(text[toks[run_start].start:toks[prev].end])
            run_start = i
        prev = i
    parts.append(text[toks[run_start].start:toks[prev].end])
    return " ".join(parts).strip()


def _possessor(name: str) -> str:
    return re.sub(r"['’]s$", "", name.strip())


def _clean_np(text, toks, idxs):
    """Strip leading connectives/adverbials and trailing adverbs from a noun phrase."""
    idxs = list(idxs)
    while idxs and (toks[idxs[0]].low in L.LEADING_DROP_WORDS or toks[idxs[0]].kind == "sym"
                    or (idxs[0] == 0 and toks[idxs[0]].low in QUESTION_AUX and len(idxs) > 1)):
        idxs.pop(0)
    while idxs and (toks[idxs[-1]].low in TRAILING_DROP or toks[idxs[-1]].kind == "sym"):
        idxs.pop()
    return idxs


class SentenceView:
    """Token-level helpers for one sentence."""

    def __init__(self, sent):
        self.s = sent
        self.text = sent.text
        self.toks = sent.toks if sent.toks else tokenize(sent.text)
        self.n_claims = len(sent.claims)
        self.claim_idx = set()
        for c in sent.claims:
            a, b = _tok_index(self.toks, c.start), _tok_index(self.toks, c.end)
            self.claim_idx.update(range(a, b))

    # -- noun phrase walking back from index k (inclusive) ---------------------------
    def np_back(self, k, allow_lists=True):
        toks = self.toks
        idxs = []
        while k >= 0:
            t = toks[k]
            if t.text == ")":
                j = k - 1
                while j >= 0 and toks[j].text != "(":
                    j -= 1
                k = j - 1
                continue
            if t.text in ("—", "–"):
                # an aside "— ... —" inside the phrase: skip it
                j = k - 1
                while j >= 0 and toks[j].text not in ("—", "–", ";", ":", "."):
                    j -= 1
                if j >= 0 and toks[j].text in ("—", "–"):
                    k = j - 1
                    continue
                break
            if t.text == ",":
                if allow_lists and idxs and self._list_continues(k, idxs):
                    idxs.insert(0, k)
                    k -= 1
                    continue
                if not idxs:
                    j = self._aside_start(k)
                    if j is not None:
                        k = j - 1  # ", ByteDance's cloud arm," / ", which filed for an IPO,"
                        continue
                    seg = self._name_segment(k)
                    if seg:
                        return seg  # "..., Claude Opus 4.6, works out to ...": the appositive name
                break
            if t.text in CLAUSE_PUNCT or t.text in (".", "(", "=", "+", "×"):
                break
            if k in self.claim_idx:
                break
            if t.kind == "num" and not ((k > 0 and _is_name(toks[k - 1]) and toks[k - 1].kind == "word")
                                        or (k + 1 < len(toks) and _is_name(toks[k + 1]) and toks[k + 1].kind == "word" and idxs)):
                break
            if t.low == "that" and not idxs and (k == 0 or toks[k - 1].text in (".", ";", ":", "—")):
                return [k]  # "That is $30 a day": a demonstrative, resolved later
            if t.low in SUBORDINATORS or (t.low in L.FIRST_PERSON and idxs):
                break
            if _is_verb(t, toks[k - 1] if k > 0 else None) and t.low not in ("expected",):
                break
            idxs.insert(0, k)
            if t.low in SUBJECT_PRONOUNS and t.kind == "word" or t.low in ("its", "their", "our", "his", "her"):
                break  # a pronoun starts the phrase ("During the campaign its DAU ...")
            k -= 1
        return idxs

    def _name_segment(self, comma):
        """The tokens of a proper name set off by commas and ending at `comma`, if any."""
        toks = self.toks
        j = comma - 1
        seg = []
        while j >= 0 and toks[j].text not in (",", ";", ":", "(", ")", "—"):
            seg.insert(0, j)
            j -= 1
        if j >= 0 and toks[j].text == "," and 0 < len(seg) <= 5 and all(
                (_is_name(toks[x]) or toks[x].kind == "num" or toks[x].text in ("-", ".")) and x not in self.claim_idx
                for x in seg) and _is_name(toks[seg[0]]):
            return seg
        return None

    def _aside_start(self, comma):
        """Index of the comma opening an appositive or relative clause that ends at
        `comma`, when one does: ', a platform for developers,' ', which filed in May,'."""
        toks = self.toks
        j = comma - 1
        while j >= 0 and comma - j <= 14 and toks[j].text not in (",", ";", ":", ".", "(", ")", "—"):
            j -= 1
        if j <= 0 or toks[j].text != "," or j + 1 >= comma:
            return None
        first = toks[j + 1]
        seg = toks[j + 1:comma]
        if first.low in ("which", "who", "whose"):
            return j
        if (first.low in ("a", "an", "the", "its", "their", "now", "formerly", "once") or _POSS(first.text)) and not any(
                _is_verb(x) for x in seg) and (j - 1) not in self.claim_idx and toks[j - 1].kind in ("word", "num"):
            return j
        return None

    def _list_continues(self, comma, idxs):
        """'A, B, C, and D': the words after the comma start a name or 'and'/'&', and the
        words before it (back to the previous comma) form a short name."""
        toks = self.toks
        first = toks[idxs[0]]
        if not (_is_name(first) or first.low in ("and", "&", "or")):
            return False
        j = comma - 1
        seg = []
        while j >= 0 and toks[j].text not in (",", ";", ":", "(", ")", "—", "–"):
            seg.insert(0, toks[j])
            j -= 1
        if seg and seg[0].low in L.LEADING_DROP_WORDS | {"during", "after", "before", "from", "of", "across", "over", "under"}:
            return False
        if not seg or len(seg) > 6:
            # a long segment still continues when it ends in a name ("the agents within GitHub")
            return (bool(seg) and _is_name(seg[-1]) and seg[-1].low not in L.MONTHS
                    and any(x.low in ("within", "like", "including", "such", "as", "from", "in", "at") for x in seg)
                    and not any(_is_verb(x) or x.kind == "num" for x in seg))
        return _is_name(seg[-1]) and not any(_is_verb(x) for x in seg)

    def name_back(self, k):
        """A proper name ending at index k ('GPT-4o mini', 'Claude 3.5 Sonnet')."""
        toks = self.toks
        idxs = []
        while k >= 0:
            t = toks[k]
            if k in self.claim_idx:
                break
            if _is_name(t) or (t.kind == "num" and k not in self.claim_idx and (idxs or (k > 0 and _is_name(self.toks[k - 1])))) or (
                    t.low in L.NAME_TAILS and (idxs or (k > 0 and _is_name(toks[k - 1])))):
                if t.kind == "num" and k in self.claim_idx:
                    break
                idxs.insert(0, k)
                k -= 1
                continue
            if t.text in ("-", ".", "&") and idxs and k > 0 and _is_name(toks[k - 1]) and toks[k - 1].end == t.start:
                idxs.insert(0, k)
                k -= 1
                continue
            break
        if idxs and all(toks[i].kind == "num" for i in idxs):
            return []
        return idxs

    def name_forward(self, k, limit=None):
        toks = self.toks
        idxs = []
        n = len(toks) if limit is None else limit
        while k < n:
            t = toks[k]
            if k in self.claim_idx and t.kind == "num":
                break
            if _is_name(t) or (idxs and (t.kind == "num" or t.low in L.NAME_TAILS)):
                idxs.append(k)
                k += 1
                continue
            if idxs and t.text in ("-", ".") and k + 1 < n and toks[k + 1].start == t.end and _is_name(toks[k + 1]):
                idxs.append(k)
                k += 1
                continue
            break
        return idxs

    def np_forward(self, k):
        """A noun phrase starting at index k, up to a clause break or verb."""
        toks = self.toks
        idxs = []
        while k < len(toks):
            t = toks[k]
            if t.text in (",", ";", ":", ".", "—", "–", "(", ")", "?", "!", "=", "+") or k in self.claim_idx:
                break
            if t.kind == "num" and not (idxs and _is_name(toks[k - 1]) and toks[k - 1].kind == "word"):
                break
            if idxs and (_is_verb(t) or t.low in ("and", "&", "but", "while", "which", "that", "at", "with", "in", "on", "for", "to", "by", "than", "as")):
                if not (t.low in ("&", "and") and k + 1 < len(toks) and _is_name(toks[k + 1]) and toks[k + 1].kind != "num" and k + 1 not in self.claim_idx and not self._num_follows(k + 1)):
                    break
            idxs.append(k)
            k += 1
        return idxs

    def _num_follows(self, k):
        return k + 1 < len(self.toks) and (k + 1) in self.claim_idx

    def verb_like(self, k):
        """A verb missing from the word list, by its shape: a lower-case '-s'/'-ed' word right
        after a subject pronoun or a name ('It now answers', 'Nova Search launched')."""
        toks = self.toks
        t = toks[k]
        if t.kind != "word" or not t.text.islower() or len(t.low) < 3:
            return False
        if t.low in L.NP_STOP_WORDS or t.low in NOUN_WORDS:
            return False
        nxt = k + 1
        while nxt < len(toks) and toks[nxt].low in ("at", "about", "around", "roughly", "nearly", "over", "under", "some", "almost"):
            nxt += 1
        before_number = nxt < len(toks) and (nxt in self.claim_idx or toks[nxt].kind == "num" or toks[nxt].text in ("$", "€", "£", "¥"))
        if not t.low.endswith(("s", "ed")) and not before_number:
            return False
        if t.low.endswith(("ss", "us", "is", "ous")) or t.low in L.NP_STOP_WORDS:
            return False
        j = k - 1
        while j >= 0 and toks[j].low in VERB_ADVERBS:
            j -= 1
        if j < 0:
            return False
        p = toks[j]
        if p.text == "," and self._name_segment(j):
            return True  # "..., Orca Max, works out to"
        if t.low.endswith("s") and not before_number and p.low not in ("it", "he", "she", "this", "that"):
            if not (p.kind == "word" and p.text[:1].isupper() and j > 0):
                return False
        return p.low in ("it", "they", "he", "she", "we", "i") or (
            p.kind == "word" and p.text[:1].isupper() and j > 0 and not _POSS(p.text)) or (
            p.kind == "num" and j > 0 and toks[j - 1].text[:1].isupper()) or (
            p.kind == "word" and p.text.islower() and j > 0 and (toks[j - 1].text[:1].isupper() or p.low.endswith("s"))
            and p.low not in L.NP_STOP_WORDS)  # "Doubao app averaged", "mid-tier models sit at"

    def verb_left(self, i):
        """Index of the first token of the verb group left of i, or None."""
        toks = self.toks
        k = i - 1
        while k >= 0:
            t = toks[k]
            if t.text in (";",):
                return None
            if (_is_verb(t, toks[k - 1] if k > 0 else None) and t.low not in ("expected",)) or self.verb_like(k) or (t.low.endswith("ing") and k > 0 and toks[k - 1].low in ("is", "are", "was", "were", "been")):
                j = k
                while j - 1 >= 0 and (_is_verb(toks[j - 1]) or toks[j - 1].low in VERB_ADVERBS) and toks[j - 1].low not in ("that",):
                    j -= 1
                return j
            k -= 1
        return None


def view_of(sent) -> SentenceView:
    """The sentence's view, built once and shared by the components (claims must be final:
    the view records which tokens belong to them)."""
    v = sent.view
    if v is None or v.n_claims != len(sent.claims):
        v = sent.view = SentenceView(sent)
    return v


# --------------------------------------------------------------------------- subjects
def _subject_phrase(view: SentenceView, idxs, metric):
    """Clean noun-phrase indices into a subject string (None if generic/pronoun-only)."""
    toks, text = view.toks, view.text
    idxs = _clean_np(text, toks, idxs)
    while idxs and find_times_prefix(toks, idxs):
        idxs = idxs[find_times_prefix(toks, idxs):]
        idxs = _clean_np(text, toks, idxs)
    if not idxs:
        return None
    words = [toks[i].low for i in idxs if toks[i].kind == "word"]
    if not words:
        return None
    if len(words) == 1 and words[0] in L.PRONOUNS:
        return "@" + words[0]
    if len(words) == 2 and words[0] in ("the", "this") and words[1] in L.ANAPHOR_NOUNS:
        return "@it"  # "the company expects ...": the company named before
    if 3 <= len(words) <= 4 and words[0] in ("the", "this") and words[-1] in L.ANAPHOR_NOUNS and not any(
            toks[i].text[:1].isupper() and toks[i].low not in L.NOT_NAMES and not toks[i].text.endswith(("-based", "-headquartered"))
            and i != idxs[0] for i in idxs if toks[i].kind == "word" and toks[i].low not in DESCRIPTIVE_PLACES):
        return "@it"  # "the Beijing-based company", "the Chinese startup", "the search giant"
    if words in (["management"], ["executives"], ["the", "stock"], ["its", "stock"], ["the", "shares"], ["shares"],
                 ["the", "management"], ["the", "ceo"], ["its", "ceo"]):
        return "@it"  # "management guided ...", "the stock closed at ...": the company named before
    if len(words) <= 3 and words[0] in ("a", "an", "any", "each", "every") and words[-1] in L.GENERIC_HEADS:
        return "@generic"
    phrase = _text_of(text, toks, idxs)
    # "DeepSeek V4-Pro's API price of ...": the possessor is the subject
    m = re.match(r"^(.+?)['’]s\b(.*)$", phrase)
    head = words[-1]
    if m and (head in L.METRIC_HEADS or any(w in L.METRIC_HEADS for w in words[-3:])):
        poss = m.group(1).strip()
        if poss.lower() in L.PRONOUNS:
            return "@" + poss.lower()
        if poss and poss[0].isupper():
            return poss
    # "Alibaba Cloud's mainland price for Qwen3.6-Plus": the priced thing
    m = PRICE_FOR_RE.search(phrase)
    if m and metric in ("price", "money", None):
        return m.group(1)
    # "the value of the entire market": what the measurement is of
    m = re.match(r"^(?:the |its |their |this |that )?(?:[\w-]+ ){0,2}(value|valuation|size|share|price|cost|revenue|number|volume|growth|total|rate)s? (?:of|for) (.+)$", phrase, re.I)
    if m:
        return m.group(2)
    if head in ("bill", "bills", "cost", "costs", "spend", "spending") and words[0] in ("the", "its", "their", "our", "this"):
        return "@the"
    if head in L.METRIC_HEADS and head not in ("gap", "differential", "difference") and (
            words[0] in ("this", "that", "its", "their", "these") or words[0] == "the" and head in ("rate", "rates", "figure", "number", "growth")) and len(words) <= 4:
        return "@" + words[0]
    if len(idxs) <= 3 and not any(toks[i].text[:1].isupper() for i in idxs[1:]) and head in BARE_MEASURES and (
            len(words) == 1 or (len(words) == 2 and words[0] in BARE_MEASURE_MODS)):
        return "@the"  # "Usage rose ...", "Daily volume hit ...": the measure of what was named before
    if len(idxs) == 1 and words[0] in BARE_OWNED_WORDS:
        return "@bare|" + _text_of(text, toks, idxs)  # "Revenue ...", "Output ...": the owner named before, else as written
    if words[0] in ("its", "their", "our") and not any(
            toks[i].text[:1].isupper() and not toks[i].text.isupper() and toks[i].low not in L.NOT_NAMES for i in idxs[1:]):
        return "@" + words[0]
    if _broken_subject(phrase, _phrase_words(phrase)):
        return None  # let the next rule (or the previous subject) decide
    return phrase


FRAGMENT_ENDS = frozenset({"in", "and", "of", "between", "to", "for", "on", "at", "with", "by", "from", "or",
                           "the", "a", "an", "than", "as", "into"})
FRAGMENT_STARTS = frozenset({"through", "between", "during", "since", "until", "from", "into", "across"})
ORDINAL_PERIOD_RE = re.compile(r"^(?:the |its |this |that )?(?:first|second|third|fourth|final|last|past|previous|same|current|next)"
                               r" (?:quarter|half|week|month|year|day)s?(?: of (?:the year|\d{4}))?$", re.I)
WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})


def _phrase_words(phrase):
    return re.findall(r"[\w.'’-]+", phrase.lower()) or [""]


def _broken_subject(phrase, words):
    """A subject is never a time ('Q4 2025', 'the first quarter', 'Thursday'), a lone
    determiner, or a fragment cut at a preposition or conjunction ('through public APIs in')."""
    if words[-1] in FRAGMENT_ENDS or words[0] in FRAGMENT_STARTS:
        return True
    if len(words) == 1 and (words[0] in L.DETERMINERS or words[0] in WEEKDAYS):
        return True  # "the", "Thursday"
    if words[-1] in L.MONTHS or words[0] == "own":
        return True  # "its January", "own gross merchandise volume"
    if ORDINAL_PERIOD_RE.match(phrase):
        return True
    times = find_times(phrase) if (_HAS_DIGIT(phrase) or not L.MONTHS.keys().isdisjoint(words)) else None
    if times:
        rest = phrase
        for a, b, _ in reversed(times):
            rest = rest[:a] + rest[b:]
        rest_words = [w for w in re.findall(r"[a-z]+", rest.lower()) if w not in ("the", "its", "to", "date", "of", "in")]
        if not rest_words:
            return True
    return False


def find_times_prefix(toks, idxs):
    """Number of leading tokens that form a time adverbial ('In May 2026', 'Yesterday')."""
    first = toks[idxs[0]].low
    if first in ("yesterday", "today", "meanwhile", "currently", "recently"):
        return 1
    if first in ("in", "by", "during", "since", "as") and len(idxs) > 1:
        nxt = toks[idxs[1]].low
        if nxt in L.MONTHS or re.fullmatch(r"(19|20)\d\d", nxt) or nxt in ("the", "early", "late", "mid") and False:
            k = 2
            while k < len(idxs) and (re.fullmatch(r"(19|20)\d\d|\d{1,2}", toks[idxs[k]].low) or toks[idxs[k]].low in L.MONTHS):
                k += 1
            return k
    return 0


def _rule_possessive(view, i, c):
    toks = view.toks
    if c.metric == "count" and i > 2 and toks[i - 1].low == "of" and toks[i - 2].kind == "word" and toks[i - 2].low not in L.METRIC_HEADS:
        idxs = view.np_back(i - 2)
        ph = _subject_phrase(view, idxs, c.metric) if idxs else None
        if ph and not ph.startswith("@"):
            return ph
    if i > 2 and toks[i - 1].low in ("of", "at"):
        k = i - 2
        while k > 0 and toks[k].kind == "word" and not _POSS(toks[k].text) and (
                toks[k].low in L.METRIC_HEADS or toks[k].low in ("api", "list", "token", "input", "output", "new", "current", "official", "base")):
            k -= 1
        if k < i - 2 and toks[k].kind == "word" and _POSS(toks[k].text):
            name = view.name_back(k)
            if name and toks[name[0]].low not in L.PRONOUNS:
                return _possessor(_text_of(view.text, toks, name))
    if i > 0 and toks[i - 1].kind == "word" and _POSS(toks[i - 1].text) and toks[i - 1].end + 1 >= toks[i].start:
        name = view.name_back(i - 1)
        if name and toks[name[0]].low not in L.PRONOUNS:
            return _possessor(_text_of(view.text, toks, name))
    return None


def _rule_label_after(view, i, c):
    """'- 46.4%: Volcano Engine's share' - a number first, its label after the colon."""
    toks = view.toks
    if any(t.kind != "sym" for t in toks[:i]):
        return None
    j = _tok_index(toks, c.end)
    k = next((x for x in range(i, min(len(toks), j + 2)) if toks[x].text == ":"), None)
    if k is None or k + 1 >= len(toks):
        return None
    idxs = [x for x in range(k + 1, len(toks)) if toks[x].text not in (".", "?", "!")]
    phrase = _subject_phrase(view, idxs, c.metric)
    if phrase and not phrase.startswith("@"):
        m = re.search(r"\b(?:on|at|for|of)\s+([A-Z][\w.\-’']*(?:\s+[A-Z0-9][\w.\-]*)*)\s*$", phrase)
        if m:
            return m.group(1)
        if any(w[:1].isupper() for w in phrase.split()):
            return phrase
    return "@none"


def _rule_aside(view, i, c):
    """'OpenRouter — a platform used by over 5 million developers — reported ...':
    a number inside a dash aside is about the name the aside describes."""
    toks = view.toks
    k = i - 1
    while k >= 0 and toks[k].text not in ("—", "–", ".", ";", ":", "(", ")"):
        k -= 1
    if k < 1 or toks[k].text not in ("—", "–"):
        return None
    if not any(t.text in ("—", "–") for t in toks[i:]):
        return None
    words = [t for t in toks[k + 1:i] if t.kind == "word"]
    if not words or words[0].low not in ("a", "an", "the", "one", "which", "whose", "its", "now"):
        return None
    name = view.name_back(k - 1)
    if name:
        return _text_of(view.text, toks, name)
    return None


def _rule_label(view, i, c):
    """'US models: 3.03 trillion' - a short label before a colon, only numbers after it."""
    toks = view.toks
    k = i - 1
    while k >= 0 and toks[k].text != ":":
        if toks[k].kind == "word" and toks[k].low not in dict(L.QUALIFIERS_BEFORE) and toks[k].low not in ("a", "an", "the", "x"):
            return None
        k -= 1
    if k < 1:
        return None
    if i - k <= 2 and any(_is_verb(t) for t in toks[:k]) and toks[k].end == len(view.text.rstrip()[:toks[k].end]):
        left_words = [t for t in toks[:k] if t.kind == "word"]
        if len(left_words) > 6:
            return "@none"  # "... dropped a number that ...: 140 trillion tokens per day"
    idxs = []
    j = k - 1
    while j >= 0 and toks[j].text not in (":", ";", ".", "—", "–") and not (toks[j].text == "," and j < k - 1 and False):
        idxs.insert(0, j)
        j -= 1
    words = [toks[x] for x in idxs if toks[x].kind == "word"]
    if not words or len(words) > 6 or any(_is_verb(w) for w in words):
        return None
    if all(w.text.isupper() and len(w.text) > 2 for w in words) or any(toks[x].text == "[" for x in idxs):
        return None  # a speaker or slide label ("LINDQVIST:", "[SLIDE:"), not a subject
    for t in toks[i:]:
        if t.text in (",", ";", ".", "—", "(", "?"):
            break
        if _is_verb(t):
            return None  # "concentration risk: 120 trillion ... comes from X": not a label
    idxs = [x for x in idxs if toks[x].low not in ("at", "for", "on", "with", "in")] if toks[idxs[0]].low in ("at", "for", "on", "with", "in") else idxs
    phrase = _text_of(view.text, toks, _clean_np(view.text, toks, idxs)) or None
    if phrase and c.metric in ("price", "money"):
        m = PRICE_TARGET_RE.search(phrase)
        if m:
            return m.group(1)
    return phrase


PRODUCT_HEADS = frozenset({"model", "models", "api", "apis", "service", "app", "chatbot", "tier", "plan"})


def _rule_name_at(view, i, c):
    """'GPT-4o at $2.50/million input', 'Kimi K2.6 at 1.78 trillion'."""
    toks = view.toks
    if i >= 2 and toks[i - 1].low in ("at", "@"):
        k = i - 2
        if toks[k].text == "," or toks[k].low in L.TOKEN_KINDS:
            k -= 1  # "DeepSeek V4, at $0.30", "GPT-5.5 input at $0.0025"
        elif toks[k].low in PRODUCT_HEADS and k >= 1 and (_is_name(toks[k - 1]) or (
                toks[k - 1].kind == "num" and k >= 2 and _is_name(toks[k - 2]))):
            k -= 1  # "sells its Doubao Seed 1.6 model at 0.15 yuan"
        if k >= 0 and (_is_name(toks[k]) or toks[k].low in L.NAME_TAILS or (
                toks[k].kind == "num" and k >= 1 and _is_name(toks[k - 1]) and k not in view.claim_idx)):
            name = view.name_back(k)
            if name and not (name[0] == 0 and len(name) == 1 and toks[0].low in L.SENTENCE_OPENERS):
                return _text_of(view.text, toks, name)
    return None


def _rule_for_name(view, i, c):
    """'$75 for Claude Opus 4.6', '$15 per task on Claude'."""
    if c.metric != "price":
        return None
    toks = view.toks
    j = _tok_index(toks, c.end)
    if j < len(toks) and toks[j].low in ("for", "on", "with") and j + 1 < len(toks):
        name = view.name_forward(j + 1)
        if name:
            return _text_of(view.text, toks, name)
    return None


def _rule_parenthesis(view, i, c):
    """'efficiency tools (70% of web traffic)': the phrase before the bracket."""
    toks = view.toks
    k = i - 1
    while k >= 0 and toks[k].text not in ("(", ")"):
        if toks[k].text in (",", ";") :
            return None
        k -= 1
    if k < 1 or toks[k].text != "(":
        return None
    before = k - 1
    if before in view.claim_idx:
        return "@list"
    idxs = view.np_back(before, allow_lists=False)
    if idxs and toks[idxs[0]].low not in ("by", "of", "for", "with", "to", "from", "in", "on", "like") and idxs[0] > 0 and _is_verb(
            toks[idxs[0] - 1], toks[idxs[0] - 2] if idxs[0] > 1 else None):
        return None  # "grew fast (310% growth)": a complement, the clause rule decides
    phrase = _subject_phrase(view, idxs, c.metric)
    if phrase and not phrase.startswith("@"):
        # "followed by AI content creation (...)": drop a leading participle phrase
        phrase = re.sub(r"^(?:followed|led|driven|powered|used|joined|trailed) by ", "", phrase)
        return phrase
    return None


def _rule_described_as(view, v, c):
    """'Tencent describes Hy3 preview as a ...': the object before 'as'."""
    toks = view.toks
    if toks[v].low in L.SOURCE_VERBS:
        k = v + 1
        while k < len(toks) and toks[k].low in VERB_ADVERBS:
            k += 1
        obj = view.np_forward(k)
        if obj and obj[-1] + 1 < len(toks) and toks[obj[-1] + 1].low == "as":
            return _text_of(view.text, toks, obj)
    return None


def _rule_clause(view, i, c, tries=3):
    """The noun phrase before the verb that governs the number."""
    toks = view.toks
    k = i
    for _ in range(tries):
        v = view.verb_left(k)
        if v is None:
            return None
        vlast = v
        while vlast + 1 < len(toks) and (_is_verb(toks[vlast + 1]) or toks[vlast + 1].low in VERB_ADVERBS) and vlast + 1 < i:
            vlast += 1
        obj = _rule_described_as(view, vlast, c)
        if obj:
            return obj
        idxs = view.np_back(v - 1)
        if not idxs and v >= 2 and toks[v - 1].low in ("which", "who", "that") and toks[v - 2].text == ",":
            idxs = view.name_back(v - 3) or view.np_back(v - 3, allow_lists=False)  # "X, which handles ..."
        phrase = _subject_phrase(view, idxs, c.metric) if idxs else None
        if phrase and phrase.startswith("@") and phrase[1:] in ("its", "their", "this", "that", "these"):
            # "its valuation": the owner is the subject of an earlier clause
            k = idxs[0] if idxs else v
            further = _rule_clause(view, k, c, tries=2)
            if further and not further.startswith("@"):
                return further
            return phrase
        if phrase == "@generic":
            return phrase
        if phrase is not None:
            # "running an agent on Claude might spend $15": who is priced
            if c.metric in ("price", "money") and not phrase.startswith("@"):
                m = PRICE_TARGET_RE.search(phrase)
                if m:
                    return m.group(1)
            return phrase
        k = v
    return None


def _rule_users_of(view, i, c):
    """'Around 700 million people use ChatGPT every week': the product counts them."""
    if c.metric != "count":
        return None
    toks = view.toks
    j = _tok_index(toks, c.start)
    for k in range(j, min(len(toks) - 1, j + 8)):
        if toks[k].low in USE_WORDS and k + 1 < len(toks):
            nm = view.name_forward(k + 1)
            if nm:
                return _text_of(view.text, toks, nm)  # "2,000 enterprises pay for Claude Enterprise"
        if toks[k].text in (",", ";", ".") or (k > j and _is_verb(toks[k]) and toks[k].low not in USE_WORDS
                                                and toks[k].low not in ("have", "has", "had", "now", "products", "apps")):
            break
    return None


# what the counted things do with the product that counts them: "use X", "pay for X",
# "build on X", "signed up for X", "rely on X", "adopted X", "subscribe to X"
USE_WORDS = frozenset({"use", "used", "uses", "using", "on", "of", "for", "to", "pay", "paid", "build", "built",
                       "adopted", "adopt", "deploy", "deployed", "rely", "relied", "run", "signed", "subscribe",
                       "subscribed", "access", "accessed", "chose", "picked", "switched", "licensed", "license"})


def _is_source_phrase(phrase: str, c) -> bool:
    """'The QuantumBit report', 'a16z's data', 'the survey': who reports, not what is measured."""
    words = phrase.lower().split()
    return bool(words) and (words[-1] in L.SOURCE_NOUNS or (c.attributed_to and phrase.lower() == c.attributed_to.lower()))


def _phrase_after(view, c):
    """The noun phrase after 'in/of/for/among' right after a figure ('growth rate in X')."""
    toks = view.toks
    j = _tok_index(toks, c.end)
    for k in range(j, min(len(toks) - 1, j + 4)):
        if toks[k].low in ("in", "of", "for", "among", "across", "at"):
            np = view.np_forward(k + 1)
            return _text_of(view.text, toks, np) if np else None
        if toks[k].kind != "word" or _is_verb(toks[k]):
            break
    return None


def _rule_put_at(view, i, c):
    """'Industry trackers put global API spending at $9.6 billion', 'a round that values
    the company at $18 billion': the object before 'at' is what the figure is about."""
    toks = view.toks
    if i < 3 or toks[i - 1].low != "at":
        return None
    k = i - 2
    while k >= 0 and k > i - 9 and toks[k].low not in PUT_AT_VERBS and toks[k].text not in (",", ";", ":"):
        k -= 1
    if k < 0 or toks[k].low not in PUT_AT_VERBS:
        return None
    obj = list(range(k + 1, i - 1))
    phrase = _subject_phrase(view, obj, c.metric) if obj else None
    if phrase == "@it" or (phrase and phrase.lower() in ("the company", "the firm", "the startup", "it")):
        return "@it"
    return phrase


def _rule_leading_clause(view, i, c):
    """'On Claude Sonnet 4.6, the daily bill is $240' / 'For prompts over 200K tokens, Gemini 3
    Pro charges ...': a sentence-initial phrase names what the figures are about."""
    m = LEADING_TARGET_RE.match(view.text)
    if m and c.metric in ("price", "money", "token_volume", "growth", "ratio") and c.start > m.end():
        return m.group(1)
    toks = view.toks
    if toks and toks[0].low in ("for", "in", "at", "with", "on", "during", "after", "across", "among"):
        comma = next((k for k, t in enumerate(toks) if t.text == ","), None)
        if comma is not None and i < comma:
            for k in range(comma + 1, len(toks)):
                if _is_verb(toks[k], toks[k - 1]) or view.verb_like(k):
                    idxs = view.np_back(k - 1)
                    ph = _subject_phrase(view, idxs, c.metric) if idxs else None
                    return ph if ph and not ph.startswith("@") else None
    return None


def _rule_comes_from(view, i, c):
    """'The remaining 20 trillion comes from X' / 'X of the Y comes from one company (Z)'."""
    toks = view.toks
    for k in range(i + 1, min(len(toks), i + 12)):
        if toks[k].low in COMES_FROM and k + 1 < len(toks) and toks[k + 1].low == "from":
            j = k + 2
            end = j
            depth = 0
            while end < len(toks) and not (toks[end].text in (".", ";", "—", "–") and depth == 0):
                depth += toks[end].text == "("
                depth -= toks[end].text == ")"
                end += 1
            if end > j:
                return view.text[toks[j].start:toks[end - 1].end].strip()
        if toks[k].text in (",", ";", ".") or _is_verb(toks[k]) and toks[k].low not in COMES_FROM:
            break
    return None


COMPARAND_POSS_RE = re.compile(r"^(.+?)['’]s\s+(?:[\w-]+\s+){0,2}[\w-]+$")


def _clean_comparand(phrase):
    """'what GPT-5.5' -> 'GPT-5.5'; "Gemini 3 Pro's arena score" -> 'Gemini 3 Pro'; a bare
    pronoun ('that', 'those') names nothing (None: look further)."""
    if not phrase:
        return None
    phrase = re.sub(r"^(?:what|whatever)\s+", "", phrase.strip(), flags=re.I)
    if phrase.lower() in L.PRONOUNS or phrase.lower() in ("that", "those", "this", "these"):
        return None
    m = COMPARAND_POSS_RE.match(phrase)
    if m and m.group(1)[:1].isupper():
        return m.group(1)
    return phrase


def _comparand(view, c):
    """B of a ratio 'A vs B': after 'than', 'double', 'that of', 'the tokens of', 'vs'
    (cleaned by `_clean_comparand`; a bare pronoun makes it look further)."""
    toks = view.toks
    j = _tok_index(toks, c.start)
    end = _tok_index(toks, c.end)
    k = j
    stop = min(len(toks), end + 8)
    while k < stop:
        t = toks[k]
        if t.text in (",", ";", "—", "–", ".") and k >= end:
            break
        if t.low in ("than", "vs", "vs.", "versus", "over") and k + 1 < len(toks):
            np = view.np_forward(k + 1)
            if np and _clean_comparand(_text_of(view.text, toks, np)):
                return _clean_comparand(_text_of(view.text, toks, np))
        if t.low in ("double", "triple", "quadruple", "twice", "half") and k + 1 < len(toks) and _is_name(toks[k + 1]):
            nm = view.name_forward(k + 1)
            if nm and _clean_comparand(_text_of(view.text, toks, nm)):
                return _clean_comparand(_text_of(view.text, toks, nm))
        if t.low == "of" and k > j and (toks[k - 1].low in ("that", "those", "tokens", "cost", "price", "usage", "volume", "size", "spend") or k == end) and k + 1 < len(toks):
            np = view.np_forward(k + 1)
            if np and _clean_comparand(_text_of(view.text, toks, np)):
                return _clean_comparand(_text_of(view.text, toks, np))
        if t.low in ("compared", "relative") and k + 2 < len(toks) and toks[k + 1].low in ("to", "with"):
            np = view.np_forward(k + 2)
            if np and _clean_comparand(_text_of(view.text, toks, np)):
                return _clean_comparand(_text_of(view.text, toks, np))
        k += 1
    return None


def _pair_from_context(sents, si, c):
    """'a 170x differential' with no comparands: the two figures compared just before
    (same metric and unit, different subjects), larger first."""
    pool = []
    for sj in range(si, max(-1, si - 3), -1):
        for d in reversed(sents[sj].claims):
            if d is c or d.metric in ("ratio", "growth") or not d.subject or d.subject.startswith("@"):
                continue
            if sj == si and d.start > c.start:
                continue
            pool.append(d)
    for a_i, a in enumerate(pool):
        for b in pool[a_i + 1:]:
            if a.metric == b.metric and a.unit == b.unit and a.subject != b.subject and a.per == b.per:
                hi, lo = (a, b) if a.value >= b.value else (b, a)
                if lo.value and abs(hi.value / lo.value - c.value) / max(c.value, 1e-9) < 0.25:
                    return f"{hi.subject} vs {lo.subject}"
                return None
    return None


def _main_subject(sent):
    """Subject of a sentence's first clause (for pronouns in the next sentence)."""
    view = view_of(sent)
    for k, t in enumerate(view.toks):
        if _is_verb(t) or (k > 0 and t.kind == "word" and t.text.islower() and len(t.low) > 4
                           and t.low.endswith("ed") and _is_name(view.toks[k - 1])):
            idxs = view.np_back(k - 1)
            ph = _subject_phrase(view, idxs, None) if idxs else None
            if ph and not ph.startswith("@"):
                return ph
            if ph in ("@it", "@that", "@this"):
                return _that_is(view, len(view.toks))
            return None
    return None


def _previous_subject(sents, si):
    """The subject the previous sentences were about (last claim's, else first clause's)."""
    for sj in range(si - 1, max(-1, si - 3), -1):
        s = sents[sj]
        for d in reversed(s.claims):
            if d.subject and not d.subject.startswith("@") and " vs " not in d.subject:
                return d.subject
        ms = _main_subject(s) if s.text and not s.text.startswith("|") else None
        if ms:
            return ms
    return None


def _that_is(view, i):
    """'That is the daily consumption across X, up from ...': the predicate."""
    toks = view.toks
    if len(toks) > 2 and toks[0].low in ("that", "this", "it") and toks[1].low in COPULAS:
        np = view.np_forward(2)
        if np and np[-1] < i and (np[-1] + 1) not in view.claim_idx and len([x for x in np if toks[x].kind == "word"]) > 1:
            return _text_of(view.text, toks, _clean_np(view.text, toks, np))
    if len(toks) > 1 and toks[0].low in ("that's", "that’s", "it's", "it’s"):
        np = view.np_forward(1)
        if np and np[-1] < i:
            return _text_of(view.text, toks, np)
    return None


def _document_topic(sents):
    """The proper name the document is most about: the most frequent capitalised name in its
    first lines (title, lede) that recurs in the text. 'We' in a keynote is the speaker's company."""
    counts = {}
    for s in sents[:40]:
        for m in TOPIC_NAME_RE.finditer(s.text):
            name = m.group(1)
            if name.lower() in L.NOT_NAMES or name.lower() in L.LEADING_DROP_WORDS or name.lower() in L.SENTENCE_OPENERS \
                    or name.isupper() or name.lower() in L.MONTHS:
                continue
            counts[name] = counts.get(name, 0) + 1
    if not counts:
        return None
    name, n = max(counts.items(), key=lambda kv: kv[1])
    return name if n >= 3 else None


def assign_subjects(sents):
    topic = _document_topic(sents)
    for si, s in enumerate(sents):
        if not s.claims or s.cells is not None and s.text.startswith("|"):
            continue
        view = view_of(s)
        prev_claim = None
        for c in s.claims:
            if c.subject:
                prev_claim = c
                continue
            i = _tok_index(view.toks, c.core_start)
            i0 = _tok_index(view.toks, c.start)
            subj = None
            for rule in (_rule_possessive, _rule_label, _rule_label_after, _rule_name_at, _rule_for_name, _rule_parenthesis, _rule_aside):
                subj = rule(view, i0, c)
                if subj and not subj.startswith("@") and _broken_subject(subj, _phrase_words(subj)):
                    subj = None  # "Q4 2025: 27%": a time label names no subject
                if subj:
                    break
            if not subj and prev_claim is None:
                subj = _previous_list_item_subject(sents, si, c)
                if subj:
                    c.flags.add("list_mate")
            if subj == "@list":
                subj = prev_claim.subject if prev_claim else None
            if subj == "@none":
                subj = None
                c.flags.add("announced")
            elif not subj and prev_claim is not None and prev_claim.subject and prev_claim.metric == c.metric and re.fullmatch(
                    r"[\s,/;]*(?:and|or|\+|plus)?[\s,/]*", view.text[prev_claim.end:c.start]):
                subj = prev_claim.subject
                c.flags.add("list_mate")
            if not subj:
                subj = _rule_put_at(view, i0, c)
            if not subj and "announced" not in c.flags:
                subj = _rule_clause(view, _tok_index(view.toks, c.start), c)
                if subj and not subj.startswith("@") and _is_source_phrase(subj, c):
                    subj = _phrase_after(view, c) or subj  # "The report highlighted 340% growth in X"
                if subj is None or (subj.startswith("@") and subj[1:] not in L.FIRST_PERSON and subj != "@generic"):
                    subj = _rule_leading_clause(view, i0, c) or subj
                if subj is None:
                    subj = _rule_comes_from(view, i, c) or _rule_users_of(view, i, c)
                if subj is None and c.metric == "share":
                    subj = _share_of_group(view, i0)
                if subj is None and view.verb_left(i0) is None and i0 > 0 and (
                        c.metric == "growth" or view.toks[i0].low in QUOTED_REACH_VERBS):
                    # "Sales more than doubled", "Downloads nearly quadrupled": the verb is the
                    # quote itself; the noun phrase right before it is what changed
                    idxs = view.np_back(i0 - 1)
                    subj = _subject_phrase(view, idxs, c.metric) if idxs else None
                if subj is None and prev_claim is not None and prev_claim.subject:
                    subj = prev_claim.subject
                    c.flags.add("list_mate")
            if subj and subj.startswith("@bare|"):
                subj = _previous_subject(sents, si) or (prev_claim.subject if prev_claim is not None else None) or subj[6:]
            if subj and subj.startswith("@") and "announced" not in c.flags:
                pron = subj[1:]
                resolved = None
                if pron in L.FIRST_PERSON and c.attributed_to:
                    resolved = c.attributed_to
                if resolved is None and pron in ("that", "this", "it"):
                    resolved = _that_is(view, i)
                if resolved is None and pron in L.FIRST_PERSON:
                    resolved = _name_before(view, i) or topic
                if resolved is None and prev_claim is not None and prev_claim.subject and not prev_claim.subject.startswith("@"):
                    resolved = prev_claim.subject
                if pron == "generic":
                    c.flags.add("generic")
                if resolved is None and pron not in ("generic",):
                    resolved = _previous_subject(sents, si)
                    if resolved:
                        c.flags.add("pronoun")
                subj = resolved
            if c.metric == "ratio":
                b = _comparand(view, c)
                if b and subj:
                    subj = f"{subj} vs {b}"
                elif b is None:
                    pair = _pair_from_context(sents, si, c)
                    if pair:
                        subj = pair
                        c.flags.add("pair")
                    else:
                        c.flags.add("no_pair")
            if subj and not subj.startswith("@") and " vs " not in subj and _broken_subject(subj, _phrase_words(subj)):
                subj = None  # a time or a fragment, whatever rule found it
            if subj and not subj.startswith("@") and " vs " not in subj:
                subj = _owner_of_figure(subj, c)
            c.subject = subj
            prev_claim = c


DESCRIPTIVE_PLACES = frozenset({"chinese", "american", "us", "u.s.", "european", "french", "british", "japanese", "korean",
                                "indian", "german", "canadian", "israeli", "singaporean"})
COUNTED_OF_NAME_RE = re.compile(r"^(?:the |its |their )?(?:[a-z-]+ ){0,2}?([a-z]+) (?:using|on|of|at|in|for|with|across|"
                                r"running|building on|paying for) ([A-Z].*)$")
LEADING_AUX_RE = re.compile(r"^(?:Is|Are|Was|Were|Does|Do|Did|Has|Have|Had|Will|Would|Can|Could|Should|How|Why|What) (?=[A-Z0-9])")
VERBISH_SUBJECTS = frozenset({"let", "intend", "intends", "plan", "plans", "want", "wants", "expect", "expects", "a single",
                              "rate", "share", "several", "many", "some", "most", "others"})
TRAILING_TIME_RE = re.compile(r"\s+(?:(?:last|this|next|that|the previous|the past) (?:week|month|year|quarter)|yesterday|today|"
                              r"(?:a|one|two|three) (?:week|month|year)s? (?:ago|earlier))$", re.I)
# measures of activity whose owner is the thing named before ("Usage rose ..."); prices,
# revenue and shares stay as written ("Output prices fell 41%")
BARE_MEASURES = frozenset({"usage", "volume", "volumes", "traffic", "throughput", "consumption", "demand"})
BARE_OWNED_WORDS = frozenset({"revenue", "revenues", "sales"})
BARE_MEASURE_MODS = frozenset({"daily", "weekly", "monthly", "annual", "yearly", "quarterly", "total", "overall"})
OWNED_MEASURES = frozenset({"throughput", "traffic", "demand", "workload", "workloads", "base", "footprint", "fleet"})
POSSESSIVE_HEAD_RE = re.compile(r"^([A-Z][^'’]*?)['’]s\s+((?:[\w-]+\s+){0,3}([\w-]+))$")


def _owner_of_figure(subj, c):
    """The subject is the owner or scope of the figure, never the measure or the counted
    noun: "Doubao's daily token usage" -> "Doubao"; "Customers", "Paying customers" for a
    count of customers and "Total tokens" for a volume are generic (None)."""
    if re.fullmatch(r"(?:each|every|per|a|since|after|before) (?:day|week|month|year|quarter|launch|release)|launch|release", subj.lower()):
        return None  # "tokens processed each day", "since launch": a time, not an owner
    subj = LEADING_AUX_RE.sub("", subj)  # "Is OpenRouter ...?": a question's auxiliary is no part of the name
    if re.fullmatch(r"(?:the |its |their )?(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|twenty|few|past|last|next) "
                    r"(?:days|weeks|months|years|quarters)", subj.lower()) or subj.lower() in VERBISH_SUBJECTS:
        return None  # "the twelve months", "intend", "Let": no owner
    trimmed = TRAILING_TIME_RE.sub("", subj)
    if trimmed and trimmed != subj:
        subj = trimmed  # "China last week": the time is the as_of, not part of the owner
    if subj.endswith(("'s", "’s")) and len(subj) > 3:
        subj = subj[:-2]  # "Seven of Europe's ten biggest banks": the scope is Europe
    m = POSSESSIVE_HEAD_RE.match(subj)
    if m:
        head = m.group(3).lower()
        if head in L.METRIC_HEADS or head in L.TOKEN_NOUNS or head in OWNED_MEASURES or (
                c.metric == "count" and c.unit and head.rstrip("s") == c.unit.rstrip("s")):
            return m.group(1)  # "Harbor's daily token throughput", "Orca's paying customers"
    if c.metric == "count" and c.unit:
        m = COUNTED_OF_NAME_RE.match(subj)
        if m and m.group(1).lower().rstrip("s") == c.unit.split()[-1].rstrip("s"):
            return m.group(2)  # "enterprises using Copilot" -> "Copilot": the owner, not the counted noun
    words = subj.split()
    proper = any(w[:1].isupper() or any(ch.isdigit() for ch in w) for w in words[1:]) or (
        words and words[0].isupper() and len(words[0]) > 1)
    if proper:
        return subj
    head = words[-1].lower().strip(".,") if words else ""
    if c.metric == "count" and c.unit and (head == c.unit or head.rstrip("s") == c.unit.rstrip("s")
                                            or head == c.unit.split()[-1] + "s"):
        return None
    if c.metric == "token_volume" and head in L.TOKEN_NOUNS and head not in ("usage", "consumption"):
        return None
    return subj


QUOTED_REACH_VERBS = frozenset({"topped", "passed", "exceeded", "surpassed", "crossed", "hit", "reached", "tops",
                                "passes", "exceeds", "surpasses", "crosses", "hits", "reaches"})


def _share_of_group(view, i0):
    """'63% of respondents said ...', 'Only 12% of US companies have ...', 'one in five firms':
    a share of a group of people or organisations has the group as its scope."""
    toks = view.toks
    k = i0
    end = min(len(toks), i0 + 6)
    while k < end and toks[k].low not in ("of", "in"):
        k += 1
    if k >= end:
        return None
    start = k + 1
    if start < len(toks) and toks[start].kind == "num" or (start < len(toks) and toks[start].low in L.WORD_NUMBERS):
        start += 1  # "one in five firms"
    for m in range(start, min(len(toks), start + 4)):
        t = toks[m]
        if t.kind != "word" and not (t.kind == "num" and m > start):
            return None  # ("Fortune 500 companies": a number inside the group's name is fine)
        if t.low in L.COUNT_NOUNS and t.low not in L.RATE_NOUNS_PLURAL:
            if m + 1 < len(toks) and toks[m + 1].low in ("of", "at", "in") and m + 2 < len(toks) and _is_name(toks[m + 2]):
                return None  # "40% of users of X": X's users, let other rules speak
            return _text_of(view.text, toks, list(range(start, m + 1)))
    return None


def _previous_list_item_subject(sents, si, c):
    """'- Q3 2025: Chinese open-weight models took 18% ...' then '- Q4 2025: 27%': a list
    item whose figure names no subject continues the subject of the item above (same metric)."""
    s = sents[si]
    if si == 0 or not s.first_in_line or not LIST_ITEM_RE.match(s.line_text):
        return None
    p = sents[si - 1]
    while p.line == s.line - 1 and not p.first_in_line and si > 1:
        si -= 1
        p = sents[si - 1]
    if p.line != s.line - 1 or not LIST_ITEM_RE.match(p.line_text):
        return None
    # the item must open with its label, not with a subject of its own
    view = view_of(s)
    first_claim_tok = _tok_index(view.toks, c.start)
    words = [t for t in view.toks[:first_claim_tok] if t.kind == "word"]
    if not s.text[:c.start].rstrip().endswith(":"):
        return None
    if any(not _is_name(t) and t.low not in L.MONTHS and t.low not in ("to", "date", "so", "far") for t in words):
        return None
    for line_sent in [x for x in sents[max(0, si - 4):si] if x.line == p.line]:
        for d in line_sent.claims:
            if d.metric == c.metric and d.subject and not d.subject.startswith("@"):
                return d.subject
    return None


def _name_before(view, i):
    """The nearest proper name before index i ('tokens served by Foundry APIs, we ...')."""
    toks = view.toks
    k = i - 1
    while k >= 0:
        if _is_name(toks[k]) and not toks[k].text.isupper() and k not in view.claim_idx and toks[k].low not in L.PRONOUNS and toks[k].low not in L.NP_STOP_WORDS and toks[k].low not in L.LEADING_DROP_WORDS and toks[k].low not in ("through", "across", "after", "before", "under", "over"):
            nm = view.name_back(k)
            if nm and not all(toks[x].low in L.MONTHS for x in nm):
                return _text_of(view.text, toks, nm)
        k -= 1
    return None


def _is_heading(s) -> bool:
    words = s.text.split()
    return (s.first_in_line and s.last_in_line and len(words) <= HEADING_MAX_WORDS
            and not s.text.rstrip().endswith((".", ":")) and not s.text.startswith("|"))


def resolve_restated(sents):
    """Restated figures take the subject of the claim they restate; a first figure whose
    subject only the next sentence names ('That is the consumption across X') takes it."""
    for si, s in enumerate(sents[:-1]):
        if s.claims and s.claims[-1].subject is None and s.cells is None and len(s.text) - s.claims[-1].end <= 3:
            nxt = sents[si + 1]
            if nxt.line == s.line and nxt.toks:
                view = view_of(nxt)
                subj = _that_is(view, len(view.toks))
                if subj:
                    s.claims[-1].subject = subj
    first = {}
    for s in sents:
        for c in s.claims:
            key = (c.metric, c.unit, round(c.value, 6))
            if c.subject and not c.subject.startswith("@") and key not in first and not c.flags & {"pronoun", "list_mate", "generic"}:
                first[key] = c.subject
    for s in sents:
        heading = _is_heading(s)
        view = None
        for c in s.claims:
            key = (c.metric, c.unit, round(c.value, 6))
            if key not in first or "table" in c.flags:
                continue
            if "generic" in c.flags:
                continue
            restates = heading or c.subject is None or "no_pair" in c.flags
            if not restates:
                # "the 140 trillion number", "those 140 trillion tokens": a definite restatement
                restates = DEFINITE_BEFORE_RE.search(s.text[max(0, c.start - 7):c.start]) is not None
            if restates and c.subject != first[key]:
                if c.subject and c.subject.lower() in first[key].lower() and c.metric != "ratio":
                    continue
                c.subject = first[key]
        for c in s.claims:
            if c.subject and c.subject.startswith("@"):
                c.subject = None


# --------------------------------------------------------------------------- times
def _clause_id(text, pos):
    return len(re.findall(r"[,;—–()]", text[:pos]))


class LineCarry:
    """A value set by a line ending in ':' that holds for the next line, and on through
    the list items that follow ("QuantumBit's report named five shifts:" + bullets)."""

    def __init__(self):
        self.value, self.line, self.active = None, None, None

    def set(self, line, value):
        self.value, self.line, self.active = value, line, None

    def clear(self):
        self.value = None

    def get(self, sent):
        if self.value is None or sent.line == self.line:
            return None
        if self.active is None:
            self.active = sent.line
        elif sent.line != self.active:
            if not LIST_ITEM_RE.match(sent.line_text):
                self.value = None
                return None
            self.active = sent.line
        return self.value


def assign_times(sents):
    carry = None           # (line, expression) from "As of ..."
    intro = LineCarry()
    for s in sents:
        if carry and carry[0] != s.line:
            carry = None
        introduced = intro.get(s)
        if s.text.startswith("|"):
            continue
        times = find_times(s.text) if s.claims or s.line_text.rstrip().endswith(":") or "as of" in s.text.lower() else []
        times = [t for t in times if not re.search(r"\b(?:than|from|since)\s+$", s.text[max(0, t[0] - 12):t[0]])]
        for a, b, expr in times:
            if re.search(r"\bas of\s+$", s.text[max(0, a - 10):a], re.I):
                carry = (s.line, expr)
        for c in s.claims:
            if c.as_of is not None:
                continue
            cid = _clause_id(s.text, c.start)
            same = [t for t in times if _clause_id(s.text, t[0]) == cid]
            before = [t for t in times if t[1] <= c.start]
            pick = None
            if same:
                pick = min(same, key=lambda t: abs(t[0] - c.start))
            elif before:
                pick = before[-1]
            if pick:
                c.as_of = pick[2]
                if c.metric == "token_volume" and c.per is None and pick in same and re.search(r"\bweek\b", pick[2]):
                    c.per = "week"  # "12.96T tokens in the week of March 9-15"
            elif carry:
                c.as_of = carry[1]
            elif introduced:
                c.as_of = introduced
        if s.last_in_line and s.line_text.rstrip().endswith(":"):
            if times:
                intro.set(s.line, times[-1][2])
            else:
                intro.clear()


# --------------------------------------------------------------------------- sources
ACCORDING_RE = re.compile(r"\b(?:according to|as measured by|as reported by|as estimated by|(?:conducted|compiled|published|commissioned|run) by|data from|figures from|numbers from|(?:a |the |new |latest )*(?:study|report|survey|analysis|data|research|estimates?|paper) (?:from|by)|per)\s+", re.I)


def _source_name(view, k):
    """A source's name starting at index k: a proper name (possessive stripped)."""
    toks = view.toks
    while k < len(toks) and toks[k].text in ("the", "a", "an", "research", "firm", "analyst", "analysts", "market", "tracker", "platform", "startup", "company", "consultancy", "data", "analytics"):
        k += 1
    nm = view.name_forward(k)
    if nm:
        return _possessor(_text_of(view.text, toks, nm))
    return None


def sentence_sources(view, doc_state):
    """(source, start, end of the phrase that names it, kind) found in a sentence."""
    toks, text = view.toks, view.text
    out = _SourceList()
    for m in ACCORDING_RE.finditer(text):
        if m.group().strip().lower() == "per" and not re.match(r"[A-Z]", text[m.end():m.end() + 1]):
            continue
        k = _tok_index(toks, m.end())
        name = _source_name(view, k)
        if name:
            noun = re.search(r"(study|report|survey|analysis|research|paper)", m.group(), re.I)
            if noun and _real_source(name):
                doc_state["nouns"][noun.group(1).lower()] = name
            out.append((name, m.start(), m.end(), "according"))
    # only the tokens a source rule can start from: possessives, source nouns and verbs
    cands = [k for k, t in enumerate(toks) if t.kind == "word" and (
        t.low in SOURCE_TRIGGERS or t.low.endswith(("'s", "’s")))]
    for k in cands:
        t = toks[k]
        # "X's report", "X's 2026 report", "The QuantumBit report"
        if _POSS(t.text) and _is_name(t):
            for j in range(k + 1, min(len(toks), k + 4)):
                w = toks[j].low
                if w in L.SOURCE_NOUNS and not (j + 1 < len(toks) and toks[j + 1].low in L.SOURCE_NOUN_BLOCKERS):
                    nm = view.name_back(k)
                    name = _possessor(_text_of(text, toks, nm)) if nm else None
                    if name and name.lower() not in L.PRONOUNS and _real_source(name):
                        doc_state["nouns"][w] = name
                        out.append((name, toks[nm[0]].start if nm else t.start, toks[j].end, "possessive"))
                    break
                if toks[j].kind == "sym" or _is_verb(toks[j]):
                    break
        if t.low in L.SOURCE_NOUNS and k > 0 and _is_name(toks[k - 1]) and not _POSS(toks[k - 1].text) and toks[k - 1].low not in L.MONTHS:
            nm = view.name_back(k - 1)
            if nm and not all(toks[x].kind == "num" for x in nm):
                name = _text_of(text, toks, nm)
                if not re.fullmatch(r"(?:19|20)\d\d", name) and _real_source(name):
                    doc_state["nouns"][t.low] = name
                    out.append((name, toks[nm[0]].start, t.end, "compound"))
        if t.low in L.SOURCE_VERBS and not (k + 1 < len(toks) and toks[k + 1].low == "to"):
            v = k
            while v > 0 and toks[v - 1].low in VERB_ADVERBS | {"has", "have", "had", "also"}:
                v -= 1
            idxs = view.np_back(v - 1)
            idxs = _clean_np(text, toks, idxs)
            while idxs and find_times_prefix(toks, idxs):
                idxs = _clean_np(text, toks, idxs[find_times_prefix(toks, idxs):])
            if not idxs:
                continue
            phrase = _text_of(text, toks, idxs)
            low = phrase.lower()
            if low in L.SOURCE_ANAPHORS or re.sub(r"^the (new |latest )?", "the ", low) in L.SOURCE_ANAPHORS:
                noun = low.split()[-1]
                name = doc_state["nouns"].get(noun) or doc_state["nouns"].get("study") or doc_state["last"]
                if name:
                    out.append((name, toks[idxs[0]].start, t.end, "anaphor"))
                continue
            if _is_name(toks[idxs[0]]) and all(_is_name(toks[x]) or toks[x].text in ("&", "-", ".") or toks[x].low in ("of", "and") for x in idxs) and len(idxs) <= 5:
                if toks[idxs[0]].low in L.PRONOUNS:
                    continue
                out.append((_possessor(phrase), toks[idxs[0]].start, t.end, "verb"))
    return out


def _real_source(name: str) -> bool:
    """A source is named by at least one word that is not a generic acronym ('AI') or a
    function word that happens to be capitalised ('To estimate ...')."""
    words = re.findall(r"[\w.&'’-]+", name.lower())
    return bool(words) and any(w not in L.NOT_NAMES and w not in L.NP_STOP_WORDS
                               and w not in L.LEADING_DROP_WORDS and w not in L.MONTHS for w in words)


def _source_clean(name: str, at_start: bool) -> str:
    """'the study' -> 'study'; 'The QuantumBit report' at a sentence start -> 'QuantumBit',
    but 'according to The Information' keeps its 'The'."""
    name = re.sub(r"^(?:the|a|an)\s+", "", name.strip())
    return re.sub(r"^(?:The|A|An)\s+", "", name) if at_start else name


class _SourceList(list):
    """Keeps only real source names, cleaned."""

    def append(self, item):
        name = _source_clean(item[0], item[1] == 0)
        if _real_source(name):
            super().append((name,) + tuple(item[1:]))


SOURCE_TRIGGERS = frozenset(L.SOURCE_VERBS | L.SOURCE_NOUNS | {"according", "measured", "researchers", "conducted", "compiled"})
_WORDS_RE = re.compile(r"[a-z]+")


def _may_name_source(text: str) -> bool:
    """Cheap test before the source rules: a possessive or a source word."""
    return "'s " in text or "’s " in text or bool(set(_WORDS_RE.findall(text.lower())) & SOURCE_TRIGGERS)


def assign_sources(sents):
    doc_state = {"nouns": {}, "last": None}
    lines_with_claims = {s.line for s in sents if s.claims}
    prev_line = None
    for s in sents:
        if s.claims and prev_line is not None:
            lines_with_claims.add(prev_line)  # a line ending in ":" before it
        if s.line != prev_line:
            prev_line = s.line
    carry = None          # (line, source): holds to the end of the paragraph
    intro = LineCarry()
    for s in sents:
        if s.text.startswith("|"):
            continue
        if carry and carry[0] != s.line:
            carry = None
        introduced = intro.get(s)
        if s.text.lower().startswith(L.CONTEXT_SHIFTS):
            carry = None
            intro.clear()
            introduced = None
        found = []
        # only lines that hold claims (or introduce the next line) can give them a source
        if (s.line in lines_with_claims or s.line_text.rstrip().endswith(":")) and _may_name_source(s.text):
            found = sentence_sources(view_of(s), doc_state)
        found = sorted(found, key=lambda f: f[1])
        if found:
            doc_state["last"] = found[-1][0]
            for c in s.claims:
                # a claim inside the phrase that names the source is not attributed to it
                if any(f[3] == "verb" and f[1] <= c.start < f[2] for f in found):
                    continue
                own = [f for f in found if not (f[1] <= c.start < f[2])]
                before = [f for f in own if f[1] < c.start]
                pick = before[-1] if before else (own[0] if own else None)
                if pick:
                    c.attributed_to = pick[0]
            carry = (s.line, found[-1][0])
        else:
            src = (carry or (None, None))[1] or introduced
            for c in s.claims:
                c.attributed_to = src
        if s.last_in_line and s.line_text.rstrip().endswith(":"):
            src = found[-1][0] if found else (carry[1] if carry else None)
            if src:
                intro.set(s.line, src)
            else:
                intro.clear()
