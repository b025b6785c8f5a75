"""The spaCy pipeline of claim extraction: a blank English tokenizer plus our components.

Components, in order (each one job, each usable alone on a Doc that has run the ones
before it; results live in `doc._.claim_sents` and `doc._.claims`):

  claim_sentences  line-aware sentence boundaries (also set on the Doc's tokens)
  claim_numbers    number expressions, only in sentences that may hold one
  claim_units      unit, metric, per, token kind, qualifier (tables read by column)
  claim_sources    who the text says the number comes from
  claim_times      the time each number refers to (as written)
  claim_subjects   who or what each number is about ("we" may need the source)
  claim_restated   restated figures take the subject of the claim they restate

Flow: text -> `build_nlp()(text)` -> `doc._.claims` (list of `units.Claim`, offsets in
the document) -> `extract.claims.ClaimExtractor` turns them into the CLAIMS.md dicts.
"""
from __future__ import annotations

import re

import numpy
import spacy
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from . import lexicon as L
from .context import assign_sources, assign_subjects, assign_times, resolve_restated
from .numbers import find_quantities
from .sentences import split_sentences, table_cells
from .tables import is_loose_row, loose_header, read_header, read_loose_row, read_row
from .units import Context, borrow_from_context, place_pending, read_claims

for _name in ("claim_sents", "claims"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

_NUMBER_WORDS = sorted(set(L.WORD_NUMBERS) | set(L.SCALE_WORDS) | set(L.VAGUE_PLURALS)
                       | set(L.MULTIPLIER_WORDS) | set(L.HALVING_WORDS) | set(L.FRACTIONS), key=len, reverse=True)
DIGIT_RE = re.compile(r"\d")
FREE_DIGIT_RE = re.compile(r"(?<![A-Za-z\-.\d])\d")
PLAIN_WORD_RE = re.compile(r"[a-z]+")
NUMBER_START_WORDS = frozenset(w for w in _NUMBER_WORDS if len(w) > 2)
FOLD_RE = re.compile(r"fold\b|-digit\b|-(?:" + "|".join(L.FRACTIONS) + r")\b|orders? of magnitude|\bhalf\b")


def may_hold_number(text: str) -> bool:
    """Cheap test: digits, or a number word ('eight', 'doubled', 'tens', 'tenfold')."""
    if FREE_DIGIT_RE.search(text):
        return True  # digits that do not sit inside a name ("GPT-5.5", "Qwen3", "V3.2")
    low = text.lower()
    return not NUMBER_START_WORDS.isdisjoint(PLAIN_WORD_RE.findall(low)) or bool(FOLD_RE.search(low))




@Language.component("claim_sentences")
def claim_sentences(doc: Doc) -> Doc:
    text = doc.user_data.get("claim_text")
    if text is None:
        text = doc.text  # rebuilt from the tokens on each access: read it once
    doc.user_data["claim_text_lower"] = text.lower()
    sents = split_sentences(text)
    doc._.claim_sents = sents
    if len(doc):
        # one bulk write: setting token.is_sent_start one by one rescans the Doc each time
        starts = doc.to_array([IDX]).reshape(-1)
        flags = numpy.full(len(doc), -1, dtype="int32")
        pos = numpy.searchsorted(starts, [s.start for s in sents], side="right") - 1
        flags[pos[pos >= 0]] = 1
        flags[0] = 1
        doc.from_array([SENT_START], flags.reshape(-1, 1).astype("uint64"))
    return doc


@Language.component("claim_numbers")
def claim_numbers(doc: Doc) -> Doc:
    for s in doc._.claim_sents or []:
        if may_hold_number(s.text):
            s.cells = table_cells(s)
            if s.cells is None:
                s.quants, s.toks = find_quantities(s.text)
    return doc


@Language.component("claim_units")
def claim_units(doc: Doc) -> Doc:
    sents = doc._.claim_sents or []
    low = doc.user_data.get("claim_text_lower")
    if low is None:
        low = doc.text.lower()
    ctx = Context(chinese=any(w in low for w in L.CHINESE_CONTEXT))
    header, last_line = None, -2
    loose, loose_line = None, -2   # a table without pipes: (header, line of the last row)
    for si, s in enumerate(sents):
        if s.first_in_line and s.last_in_line and not s.text.startswith("|"):
            if loose is not None and s.line == loose_line + 1 and is_loose_row(s.text):
                s.claims = read_loose_row(s.text, loose[0], ctx)
                loose = (loose[0], s.line)
                loose_line = s.line
                _remember(ctx, s)
                continue
            nxt = sents[si + 1] if si + 1 < len(sents) else None
            # cheap test first: a header line is followed by a bare line with figures
            found = loose_header(s.text) if (
                nxt is not None and nxt.line == s.line + 1 and nxt.first_in_line and nxt.last_in_line
                and not nxt.text.endswith((".", "?", "!", ":")) and DIGIT_RE.search(nxt.text)) else None
            if found is not None and sents_after_are_rows(sents, s):
                loose, loose_line = (found, s.line), s.line
                continue
        loose = None
        if s.text.startswith("|"):
            cells = s.cells if s.cells is not None else table_cells(s)
            if cells is None:
                pass
            elif header is None or s.line != last_line + 1:
                header = read_header(cells)
                last_line = s.line
                continue
            else:
                last_line = s.line
                if cells:
                    s.claims = read_row(cells, header, ctx)
                continue
        else:
            header = None
        if s.quants:
            ctx.current = s
            s.claims = read_claims(s.text, s.toks, s.quants, ctx)
            borrow_from_context(s.text, s.claims, ctx)
        _remember(ctx, s)
    place_pending(ctx)
    return doc


def _remember(ctx, s):
    for c in s.claims:
        ctx.memory.setdefault(round(c.value, 6), c)
    if s.claims:
        ctx.recent = list(reversed(s.claims)) + ctx.recent[:8]


def sents_after_are_rows(sents, header_sent) -> bool:
    """At least two lines right after the header look like loose table rows."""
    rows, line = 0, header_sent.line
    for s in sents:
        if s.line <= header_sent.line:
            continue
        if s.line != line + 1 or not (s.first_in_line and s.last_in_line) or not is_loose_row(s.text):
            break
        rows, line = rows + 1, s.line
        if rows >= 2:
            return True
    return False


@Language.component("claim_subjects")
def claim_subjects(doc: Doc) -> Doc:
    assign_subjects(doc._.claim_sents or [])
    return doc


@Language.component("claim_times")
def claim_times(doc: Doc) -> Doc:
    assign_times(doc._.claim_sents or [])
    return doc


@Language.component("claim_sources")
def claim_sources(doc: Doc) -> Doc:
    assign_sources(doc._.claim_sents or [])
    return doc


@Language.component("claim_restated")
def claim_restated(doc: Doc) -> Doc:
    sents = doc._.claim_sents or []
    resolve_restated(sents)
    doc._.claims = [(s, c) for s in sents for c in s.claims]
    return doc


COMPONENTS = ("claim_sentences", "claim_numbers", "claim_units", "claim_sources",
              "claim_times", "claim_subjects", "claim_restated")


class TextKeepingTokenizer:
    """A whitespace tokenizer, keeping the input string on the Doc
    (`doc.user_data["claim_text"]`): `Doc.text` is rebuilt from the tokens on each call.

    The claim components read each sentence with their own regex tokenizer
    (`numbers.tokenize`), so the Doc's tokens only carry the sentence starts. English affix
    and special-case rules would be pure cost (and a special case switches spaCy's token
    cache off for the rest of the Doc), so the Doc is split on whitespace only."""

    def __init__(self, inner):
        self.inner = inner

    def __call__(self, text):
        doc = self.inner(text)
        doc.user_data["claim_text"] = text
        return doc

    def pipe(self, texts, batch_size=1000):
        for text in texts:
            yield self(text)

    def __getattr__(self, name):
        return getattr(self.inner, name)


def build_nlp() -> Language:
    nlp = spacy.blank("en")
    nlp.tokenizer = TextKeepingTokenizer(Tokenizer(nlp.vocab))
    nlp.max_length = 50_000_000
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp
