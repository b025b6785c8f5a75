"""Cheap looks at a fetched body: what it is, its canonical link, its date.

The spiders use these to describe a fetch without extracting it (extraction
is the ``extract`` stage's job): enough to file a body as an HTML or PDF
document, to find the article's canonical URL, and to keep a crawl inside
its source's date window.
"""

from __future__ import annotations

import datetime as _dt
import email.utils
import re
from urllib.parse import urljoin

from extract.document import canonical_url

_HEAD_BYTES = 65536

_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_HTML_TAGS = re.compile(rb"<(?:html|head|body|title|meta|div|p|a)\b", re.I)
_XML_FEED = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF|urlset|sitemapindex)\b", re.I | re.S)


def sniff_format(content_type: str | None, body: bytes) -> str | None:
    """``"pdf"``, ``"html"``, ``"xml"``, ``"json"``, ``"text"``, or None (binary).

    The body decides before the declared Content-Type does, so a page served
    with a wrong type is still filed right.
    """
    head = body[:2048]
    if head.lstrip().startswith(b"%PDF-"):
        return "pdf"
    if _XML_FEED.match(head):
        return "xml"
    if _HTML_START.match(head):
        return "html"
    if b"\x00" in head:
        return None  # binary: an image, an archive, UTF-16 we do not guess at
    ct = (content_type or "").split(";")[0].strip().lower()
    if ct == "application/pdf":
        return None  # says PDF, is not one
    if ct in ("text/html", "application/xhtml+xml") or _HTML_TAGS.search(head):
        return "html"
    if ct.endswith("xml") or head.lstrip().startswith(b"<?xml"):
        return "xml"
    if ct.endswith("json") or head.lstrip()[:1] in (b"{", b"["):
        return "json"
    return "text"


_LINK_TAG = re.compile(rb"<link\b[^>]*>", re.I)
_ATTR = re.compile(rb"""([a-zA-Z:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


def _attrs(tag: bytes) -> dict[str, str]:
    return {
        m.group(1).decode("ascii", "replace").lower(): (m.group(2) or m.group(3) or m.group(4) or b"").decode("latin-1").strip()
        for m in _ATTR.finditer(tag)
    }


def canonical_link(body: bytes, base_url: str) -> str | None:
    """The absolute URL of ``<link rel="canonical">`` in an HTML head, or None."""
    head = body[:_HEAD_BYTES]
    for m in _LINK_TAG.finditer(head):
        a = _attrs(m.group(0))
        if "canonical" in a.get("rel", "").lower().split() and a.get("href"):
            url = urljoin(base_url, a["href"])
            if url.startswith(("http://", "https://")):
                return url
    return None


def document_url(body: bytes, fetched_url: str, format: str | None) -> str:
    """The URL a document is filed under: its canonical link, normalised
    (``extract.document.canonical_url``)."""
    link = canonical_link(body, fetched_url) if format == "html" else None
    return canonical_url(link or fetched_url)


# -- dates ----------------------------------------------------------------------

_META_DATE = re.compile(
    rb"""<meta\b[^>]*(?:property|name|itemprop)\s*=\s*["']?(?:article:published_time|datePublished|date|dc\.date|DC\.date\.issued|pubdate|publish-date|og:published_time)["']?[^>]*>""",
    re.I,
)
_JSONLD_DATE = re.compile(rb""""datePublished"\s*:\s*"([^"]{8,40})\"""")
_TIME_TAG = re.compile(rb"""<time\b[^>]*datetime\s*=\s*["']([^"']{8,40})["']""", re.I)


def html_published(body: bytes) -> str | None:
    """A published date read cheaply from meta tags, JSON-LD or ``<time>`` (ISO), or None."""
    head = body[:_HEAD_BYTES * 2]
    for m in _META_DATE.finditer(head):
        content = _attrs(m.group(0)).get("content")
        if content and (iso := parse_date(content)):
            return iso
    for rx in (_JSONLD_DATE, _TIME_TAG):
        m = rx.search(head)
        if m and (iso := parse_date(m.group(1).decode("latin-1"))):
            return iso
    return None


def parse_date(text: str | None) -> str | None:
    """An RFC 822 or ISO 8601 / W3C date as a UTC ISO string, or None."""
    if not text:
        return None
    text = text.strip()
    dt: _dt.datetime | None = None
    try:
        dt = _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            dt = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            m = re.match(r"(\d{4})-(\d{2})(?:-(\d{2}))?", text)
            if not m:
                return None
            try:
                dt = _dt.datetime(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
            except ValueError:
                return None
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=_dt.timezone.utc)
    return dt.astimezone(_dt.timezone.utc).isoformat(timespec="seconds")
