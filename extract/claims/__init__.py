"""Numeric claim extraction: text in, CLAIMS.md claims out.

Public API (used by `extract.__main__`, the pipeline stage and the tests):

    extract_claims(text, *, published=None) -> list[dict]
    ClaimExtractor().extract(text, published=None) / .extract_many(texts, published=None)
    EXTRACTOR_VERSION

Each dict has the CLAIMS.md fields except `doc` (sentence, quote, metric, value, unit,
per, token_kind, qualifier, subject, as_of, attributed_to) plus `start`/`end` (the quote's
offsets in `text`), `sentence_start` and `as_of_norm` (ISO form of `as_of`, relative
expressions resolved against `published`). The spaCy pipeline is in `pipeline`.
"""
from __future__ import annotations

from .timex import normalise_time

EXTRACTOR_VERSION = "claims-0.3.1"

FIELDS = ("sentence", "quote", "metric", "value", "unit", "per", "token_kind", "qualifier",
          "subject", "as_of", "attributed_to")


def _as_str(text) -> str:
    if text is None:
        return ""
    if isinstance(text, (bytes, bytearray)):
        return bytes(text).decode("utf-8", "replace")
    return str(text)


def _clean_text(text: str) -> str:
    """Line breaks and NULs normalised one character for one, so offsets still hold."""
    return text.replace("\r", "\n").replace("\x00", " ").replace("\u2028", "\n").replace("\u2029", "\n")


class ClaimExtractor:
    """Holds the loaded spaCy pipeline; build once, call many times."""

    def __init__(self):
        from .pipeline import build_nlp
        self.nlp = build_nlp()

    def _to_dicts(self, doc, original: str, published):
        out = []
        for s, c in doc._.claims or []:
            start, end = s.start + c.start, s.start + c.end
            value = float(c.value)
            if value.is_integer() and abs(value) < 1e18:
                value = int(value)
            d = {
                "sentence": original[s.start:s.end],
                "quote": original[start:end],
                "metric": c.metric,
                "value": value,
                "unit": c.unit,
                "per": c.per,
                "token_kind": c.token_kind,
                "qualifier": c.qualifier,
                "subject": c.subject,
                "as_of": c.as_of,
                "attributed_to": c.attributed_to,
                "start": start,
                "end": end,
                "sentence_start": s.start,
                "as_of_norm": normalise_time(c.as_of, published) if c.as_of else None,
            }
            out.append(d)
        return out

    def extract(self, text, published: str | None = None) -> list[dict]:
        original = _as_str(text)
        clean = _clean_text(original)
        try:
            doc = self.nlp(clean)
        except Exception:  # noqa: BLE001 - any input must not raise; fall back to per-line
            return self._extract_by_lines(original, published)
        return self._to_dicts(doc, original, published)

    def _extract_by_lines(self, text, published):
        out, pos = [], 0
        for line in text.split("\n"):
            try:
                doc = self.nlp(_clean_text(line))
                for d in self._to_dicts(doc, line, published):
                    for k in ("start", "end", "sentence_start"):
                        d[k] += pos
                    out.append(d)
            except Exception:  # noqa: BLE001
                pass
            pos += len(line) + 1
        return out

    def extract_many(self, texts, published=None, batch_size: int = 32):
        """Claims of many texts (an iterable of str); `published` is one ISO date or a
        list parallel to `texts`. Yields one list of dicts per text, in order."""
        originals = [_as_str(t) for t in texts]
        pubs = published if isinstance(published, (list, tuple)) else [published] * len(originals)
        done = 0
        try:
            docs = self.nlp.pipe((_clean_text(t) for t in originals), batch_size=batch_size)
            for text, pub, doc in zip(originals, pubs, docs):
                result = self._to_dicts(doc, text, pub)
                done += 1
                yield result
        except Exception:  # noqa: BLE001 - finish the rest one by one
            for text, pub in zip(originals[done:], pubs[done:]):
                yield self.extract(text, pub)


_DEFAULT: ClaimExtractor | None = None


def default_extractor() -> ClaimExtractor:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = ClaimExtractor()
    return _DEFAULT


def extract_claims(text: str, *, published: str | None = None) -> list[dict]:
    """Numeric claims of `text` (see module docstring for the fields)."""
    return default_extractor().extract(text, published)


__all__ = ["extract_claims", "ClaimExtractor", "EXTRACTOR_VERSION", "FIELDS"]
