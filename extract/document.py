"""Documents: fetched bytes or a file -> main text plus metadata, ready for claim extraction.

Sits between the crawler's snapshots (or a file on disk) and `extract.claims`:
`parse_bytes` sniffs what a body is (PDF, HTML, plain text) and hands it to
`parse_html` (`extract.html`: trafilatura + our renderer), `parse_pdf` (`extract.pdf`:
pdfplumber with layout rules) or the plain-text path, which keeps the text as it is
(newlines normalised only) so character offsets stay meaningful. Every `Document.text`
has one block per line: paragraph, heading, list item, FAQ question or table row
(`| a | b |`, header row first). Inputs that cannot become a document raise
`extract.errors.DocumentError` with a one-line reason. `canonical_url` is the URL
normalisation used to recognise one article reached by several links.
"""

from __future__ import annotations

import bisect
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from extract.errors import DocumentError

MAX_BYTES = 20_000_000  # default size limit of one input (20 MB)


@dataclass
class Document:
    """Main text and metadata of one article, report or text file."""

    text: str  # one block per line
    title: str | None = None
    author: str | None = None
    published_at: str | None = None  # ISO date "2026-05-03", or ISO datetime when known
    canonical_url: str | None = None  # absolute, normalised by `canonical_url()`
    site_name: str | None = None
    language: str | None = None  # primary subtag: "en", "zh", ...
    kind: str = "text"  # "html" | "pdf" | "text"
    pages: list[int] | None = None  # PDFs: pages[i] = offset in text where page i+1 starts

    def page_of(self, offset: int) -> int | None:
        """1-based PDF page holding character `offset` of `text`; None for other kinds."""
        if not self.pages or offset < 0:
            return None
        return max(1, bisect.bisect_right(self.pages, offset))


# --------------------------------------------------------------------------- URLs

TRACKING_PARAMS = {
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid",
    "igshid", "mc_cid", "mc_eid", "ref", "ref_src", "ref_url", "referrer", "ocid", "cmpid",
    "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "spm", "smid", "sr_share", "soc_src",
    "soc_trk", "guccounter", "guce_referrer", "guce_referrer_sig", "icid", "ito",
    "s_cid", "__twitter_impression", "at_medium", "at_campaign", "wt_mc", "wt.mc_id",
}
AMP_QUERY_VALUES = {"", "1", "true", "yes", "amp"}
DEFAULT_PORTS = {"http": 80, "https": 443}
_UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"


def _is_tracking(key: str) -> bool:
    key = key.lower()
    return key.startswith(("utm_", "pk_", "mtm_", "hmb_")) or key in TRACKING_PARAMS


def _normalise_escapes(part: str) -> str:
    """Upper-case %-escapes and decode the ones that stand for unreserved characters."""
    def fix(match: re.Match) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in _UNRESERVED else match.group(0).upper()

    return _ESCAPE_RE.sub(fix, part)


_ESCAPE_RE = re.compile(r"%([0-9A-Fa-f]{2})")


def canonical_url(url: str) -> str:
    """Normalise a URL so that one article reached through different links compares equal.

    Rules, in order:
    - surrounding white space is stripped; a scheme-less `//host/path` gets `https:`;
      URLs that are not http(s) come back stripped but otherwise unchanged;
    - http and https are the same article: the scheme becomes `https`;
    - the host is lower-cased, loses a trailing dot, user info and its default port
      (`:80`, `:443`); an `amp.` host prefix is dropped (`amp.example.com` -> `example.com`);
      a Google AMP cache URL (`*.cdn.ampproject.org/c/s/host/path`) becomes the origin URL;
    - the fragment is dropped;
    - AMP variants become the plain article: a trailing or inner `/amp` path segment is
      removed, `.amp.html` becomes `.html`, and `amp`, `amp=1`, `outputType=amp` query
      parameters are removed;
    - tracking parameters are removed: every `utm_*`, `pk_*`, `mtm_*`, and `fbclid`,
      `gclid`, `msclkid`, `mc_cid`, `mc_eid`, `ref`, `ref_src`, `ocid`, `cmpid`, `_ga`,
      `igshid`, `spm` and the others in `TRACKING_PARAMS`;
    - the remaining query parameters are sorted (key, then value);
    - percent-escapes are upper-cased, and escapes of unreserved characters decoded;
    - a trailing slash is removed from the path (`/a/b/` -> `/a/b`); an empty path is `/`.
    """
    url = (url or "").strip()
    if url.startswith("//"):
        url = "https:" + url
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return url
    host = parts.hostname.rstrip(".").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    path = parts.path or "/"
    query = parts.query

    # Google AMP cache: https://www-example-com.cdn.ampproject.org/c/s/www.example.com/a/amp/
    if host.endswith(".cdn.ampproject.org"):
        cache = re.match(r"^/(?:[cvi]/)(?:s/)?([^/]+)(/.*)?$", path)
        if cache:
            return canonical_url("https://" + cache.group(1) + (cache.group(2) or "/")
                                 + ("?" + query if query else ""))
    if host.startswith("amp.") and host.count(".") >= 2:
        host = host[4:]

    netloc = host if ":" not in host else f"[{host}]"
    if port and port not in DEFAULT_PORTS.values():
        netloc += f":{port}"

    # AMP path variants
    path = re.sub(r"\.amp\.html?$", ".html", path, flags=re.IGNORECASE)
    path = re.sub(r"(?i)/amp(?=/|$)", "", path) or "/"
    path = _normalise_escapes(path)
    path = re.sub(r"/{2,}", "/", path)
    if len(path) > 1:
        path = path.rstrip("/") or "/"

    kept = []
    for key, value in parse_qsl(query, keep_blank_values=True):
        low = key.lower()
        if _is_tracking(low):
            continue
        if low == "amp" and value.lower() in AMP_QUERY_VALUES:
            continue
        if low in ("outputtype", "output") and value.lower() == "amp":
            continue
        kept.append((key, value))
    kept.sort()
    query = urlencode(kept, quote_via=quote, safe="/:@!$'()*+,;")
    return urlunsplit(("https", netloc, path, query, ""))


# --------------------------------------------------------------------------- sniffing

_HTML_START_RE = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
    re.IGNORECASE | re.DOTALL,
)
_HTML_TAG_RE = re.compile(rb"<(?:p|div|h[1-6]|table|article|section|span|a|ul|li|br)\b[^>]*>",
                          re.IGNORECASE)
# signatures of common binary formats (short ones that could start a sentence are left
# to the NUL / control-character test)
BINARY_MAGIC = (
    b"\x89PNG", b"GIF87a", b"GIF89a", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"\xfd7zXZ",
    b"7z\xbc\xaf", b"Rar!\x1a", b"\x7fELF", b"OggS", b"\x00\x00\x01\x00", b"wOFF", b"wOF2",
    b"SQLite format 3", b"\xd0\xcf\x11\xe0",
)


def _is_pdf(body: bytes) -> bool:
    """A PDF header at the start, or within the first KB of a file that ends like a PDF
    (a text that merely mentions "%PDF-" is not one)."""
    at = body[:1024].find(b"%PDF-")
    return at == 0 or (at > 0 and b"%%EOF" in body[-2048:])


def _is_binary(body: bytes) -> bool:
    """Known binary signatures, NUL bytes or many control characters in the first 8 KB."""
    head = body[:8192]
    if body.startswith(BINARY_MAGIC):
        return True
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text has NULs; it is text
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(4, len(head) // 100)


def sniff(body: bytes, content_type: str | None = None) -> str:
    """"pdf", "html", "text" or "binary" from the bytes, with the content type as a hint."""
    if _is_pdf(body):
        return "pdf"
    if _is_binary(body):
        return "binary"
    ctype = (content_type or "").split(";")[0].strip().lower()
    if _HTML_START_RE.match(body[:4096]):
        return "html"
    if ctype in ("text/html", "application/xhtml+xml") and _HTML_TAG_RE.search(body[:65536]):
        return "html"
    if ctype == "application/pdf":
        return "pdf"
    return "text"


def _charset_of(content_type: str | None) -> str | None:
    match = re.search(r"charset\s*=\s*[\"']?([\w.:\-]+)", content_type or "", re.IGNORECASE)
    return match.group(1) if match else None


# --------------------------------------------------------------------------- parsers

def _check_size(size: int, max_bytes: int) -> None:
    if size == 0:
        raise DocumentError("empty input")
    if max_bytes and size > max_bytes:
        raise DocumentError(f"too large: {size / 1e6:.1f} MB is over the {max_bytes / 1e6:.0f} MB limit")


def parse_text(body: bytes | str, url: str | None = None, encoding: str | None = None,
               *, max_bytes: int = MAX_BYTES) -> Document:
    """Plain text as it is: only newlines are normalised (CRLF/CR -> LF) and a BOM dropped.

    Bytes must be UTF-8 unless `encoding` names their charset; anything else is an error,
    since a wrong guess would shift every character offset in the claims.
    """
    if isinstance(body, bytes):
        _check_size(len(body), max_bytes)
        if _is_binary(body):
            raise DocumentError("binary data, not HTML, PDF or text")
        from extract.html import python_codec

        codec = python_codec(encoding) or "utf-8"
        if body.startswith(b"\xef\xbb\xbf"):
            body, codec = body[3:], "utf-8"
        elif body.startswith((b"\xff\xfe", b"\xfe\xff")):
            codec = "utf-16"
        try:
            text = body.decode(codec)
        except UnicodeDecodeError as err:
            raise DocumentError(
                f"not {codec.upper()} text (byte 0x{body[err.start]:02x} at offset {err.start})"
            ) from None
    else:
        text = body.removeprefix("\ufeff")
        _check_size(len(text), max_bytes)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise DocumentError("no text (only white space)")
    return Document(text=text, kind="text", canonical_url=canonical_url(url) if url else None)


def parse_html(body: bytes | str, url: str | None = None, encoding: str | None = None,
               *, max_bytes: int = MAX_BYTES) -> Document:
    """An HTML page -> main text (boilerplate removed, one block per line) and metadata.

    `encoding` is the charset from the HTTP Content-Type header, if any; it wins over
    `<meta charset>`. Undeclared bytes that are not UTF-8 are detected.
    """
    from extract import html

    _check_size(len(body), max_bytes)
    if isinstance(body, bytes) and _is_binary(body):
        raise DocumentError("binary data, not HTML")
    text = html.decode_html(body, encoding)
    root = html.parse_tree(text)
    if root is None:
        raise DocumentError("no text in HTML (nothing to parse)")
    meta = html.html_metadata(root, url)
    main = html.main_text(root, url, meta["title"], meta["site_name"])
    if not main:
        raise DocumentError("no extractable text in HTML")
    canonical = meta["canonical_url"]
    return Document(
        text=main, title=meta["title"], author=meta["author"], published_at=meta["published_at"],
        canonical_url=canonical_url(canonical) if canonical else None, site_name=meta["site_name"],
        language=meta["language"], kind="html",
    )


def parse_pdf(body: bytes, url: str | None = None, *, max_bytes: int = MAX_BYTES) -> Document:
    """A PDF -> text with wrapped lines joined into paragraphs, page offsets and info-dict metadata."""
    from extract import pdf

    _check_size(len(body), max_bytes)
    if not _is_pdf(body):
        raise DocumentError("not a PDF (no %PDF- header)")
    text, pages, meta = pdf.pdf_text(body)
    return Document(
        text=text, title=meta.get("title"), author=meta.get("author"),
        published_at=meta.get("published_at"), canonical_url=canonical_url(url) if url else None,
        site_name=None, language=meta.get("language"), kind="pdf", pages=pages,
    )


def parse_bytes(body: bytes, content_type: str | None = None, url: str | None = None,
                *, max_bytes: int = MAX_BYTES) -> Document:
    """Any fetched body -> Document, by sniffing (`%PDF-`, an HTML start, else text);
    `content_type` (with its charset) is a hint for ambiguous bodies."""
    if isinstance(body, str):
        body = body.encode("utf-8")
    _check_size(len(body), max_bytes)
    kind = sniff(body, content_type)
    if kind == "binary":
        raise DocumentError("binary data, not HTML, PDF or text")
    if kind == "pdf":
        return parse_pdf(body, url, max_bytes=max_bytes)
    if kind == "html":
        return parse_html(body, url, _charset_of(content_type), max_bytes=max_bytes)
    return parse_text(body, url, _charset_of(content_type), max_bytes=max_bytes)


EXTENSION_TYPES = {".html": "text/html", ".htm": "text/html", ".xhtml": "application/xhtml+xml",
                   ".pdf": "application/pdf", ".txt": "text/plain", ".text": "text/plain",
                   ".md": "text/plain"}


def load_file(path: str | os.PathLike, *, max_bytes: int = MAX_BYTES) -> Document:
    """A file on disk -> Document. The content decides what it is (a PDF named .html is
    read as a PDF); the extension only settles bodies the sniffer finds ambiguous."""
    path = Path(path)
    try:
        if path.is_dir():
            raise DocumentError("is a directory")
        size = path.stat().st_size
        _check_size(size, max_bytes)
        body = path.read_bytes()
    except FileNotFoundError:
        raise DocumentError("no such file") from None
    except PermissionError:
        raise DocumentError("permission denied") from None
    except IsADirectoryError:
        raise DocumentError("is a directory") from None
    except OSError as err:
        raise DocumentError(f"cannot read: {err.strerror or err}") from None
    return parse_bytes(body, EXTENSION_TYPES.get(path.suffix.lower()), max_bytes=max_bytes)
