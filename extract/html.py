"""HTML pages to main text and metadata: the HTML half of `extract.document`.

Flow: bytes -> `decode_html` (declared charset, else detection) -> `parse_tree` (lxml)
-> `html_metadata` (JSON-LD, OpenGraph, meta tags, htmldate) and `main_text`
(trafilatura's main-content extraction, rendered by our own walker to one block per line:
paragraphs, headings, list items, FAQ questions, and tables as `| a | b |` rows).
Where trafilatura misses, named lxml rules step in: `recover_structure` re-reads the
article's container when headings, lists or tables were lost with it, `fallback_blocks`
walks the page when trafilatura finds nothing (or only a flat dump, or loses a lone
table), and `FURNITURE_LINE_RE` drops view counts and read times. The headline (<h1>)
is put first when the body left it out. `extract.document.parse_html` builds the
`Document` from these pieces.
"""

from __future__ import annotations

import codecs
import json
import re
from copy import copy, deepcopy
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

import lxml.html
from lxml import etree

# --------------------------------------------------------------------------- charsets

# WHATWG encoding labels that Python spells differently or decodes too narrowly:
# browsers read "latin-1" and "ascii" pages as windows-1252, and "gb2312"/"gbk" as gb18030.
CHARSET_ALIASES = {
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
    "l1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252", "windows-1252": "cp1252",
    "x-cp1252": "cp1252", "cp819": "cp1252", "iso-ir-100": "cp1252",
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
    "chinese": "gb18030", "csgb2312": "gb18030", "euc-cn": "gb18030",
    "big5": "big5hkscs", "x-sjis": "shift_jis", "shift-jis": "shift_jis", "sjis": "cp932",
    "ks_c_5601-1987": "cp949", "euc-kr": "cp949", "windows-874": "cp874", "tis-620": "cp874",
    "iso-8859-9": "cp1254", "iso-8859-11": "cp874", "utf8": "utf-8", "unicode-1-1-utf-8": "utf-8",
}

META_CHARSET_RE = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9._:\-]+)""", re.IGNORECASE
)
XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
# characters libxml2 refuses (C0 controls other than tab/newline/CR)
INVALID_XML_CHARS_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def python_codec(label: str | None) -> str | None:
    """The Python codec for a charset label, or None when the label is unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = CHARSET_ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # a meta tag cannot truthfully declare UTF-16/32: the page would not be readable to find it
    return "utf-8" if name.startswith(("utf-16", "utf-32")) else name


def declared_charset(body: bytes) -> str | None:
    """Charset named by `<meta charset>` or `http-equiv` Content-Type in the first 4 KB."""
    match = META_CHARSET_RE.search(body[:4096])
    return python_codec(match.group(1).decode("ascii", "ignore")) if match else None


def detect_charset(body: bytes) -> str | None:
    """Best guess for undeclared non-UTF-8 bytes (charset-normalizer if installed)."""
    try:
        import charset_normalizer
    except ImportError:  # pragma: no cover - charset-normalizer ships with trafilatura's deps
        return None
    best = charset_normalizer.from_bytes(body[:200_000]).best()
    return python_codec(best.encoding) if best is not None else None


def decode_html(body: bytes | str, encoding: str | None = None) -> str:
    """Decode a page: BOM, then the HTTP charset (`encoding`), then `<meta charset>`,
    then UTF-8; undeclared legacy bytes are read as windows-1252 when they look like
    Western text (accented letters among ASCII), else by detection (GBK, Cyrillic, ...)."""
    if isinstance(body, str):
        return body
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                       (codecs.BOM_UTF16_BE, "utf-16-be")):
        if body.startswith(bom):
            return body[len(bom):].decode(codec, "replace")
    declared = python_codec(encoding) or declared_charset(body)
    for codec in (declared, "utf-8"):
        if codec:
            try:
                return body.decode(codec)
            except UnicodeDecodeError:
                pass
    guesses = (lambda: "cp1252" if _looks_western(body) else None,
               lambda: detect_charset(body), lambda: "gb18030", lambda: "cp1252")
    for guess in guesses:  # lazily: detection is the slow one
        codec = guess()
        if codec:
            try:
                return body.decode(codec)
            except UnicodeDecodeError:
                pass
    return body.decode(declared or "cp1252", "replace")


_HIGH_RE = re.compile(rb"[\x80-\xff]+")


def _looks_western(body: bytes) -> bool:
    """High bytes mostly alone between ASCII letters ("caf\xe9", "\x93quoted\x94"): a
    Latin-script page in windows-1252. Multi-byte (CJK) and Cyrillic or Greek text has
    runs of high bytes instead."""
    runs = _HIGH_RE.findall(body[:50000])
    if not runs:
        return True
    single = sum(1 for run in runs if len(run) == 1)
    return single >= 0.7 * len(runs)


# --------------------------------------------------------------------------- parsing

_PARSER = lxml.html.HTMLParser(
    remove_comments=True, remove_pis=True, collect_ids=False, default_doctype=False
)


def parse_tree(text: str) -> lxml.html.HtmlElement | None:
    """Parse decoded HTML into an lxml tree rooted at <html>; None when nothing parses."""
    text = INVALID_XML_CHARS_RE.sub("", XML_DECL_RE.sub("", text, count=1))
    if not text.strip():
        return None
    try:
        return lxml.html.document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None


def _clean(text: str | None) -> str:
    """Collapse white space (incl. NBSP) and drop zero-width characters."""
    if not text:
        return ""
    if not text.isascii():
        text = text.translate(_ZERO_WIDTH)
    return " ".join(text.split())


_ZERO_WIDTH = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))

# --------------------------------------------------------------------------- metadata

ARTICLE_TYPES = {
    "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
    "techarticle", "scholarlyarticle", "report", "posting", "liveblogposting", "webpage",
    "opinionnewsarticle", "backgroundnewsarticle", "socialmediaposting", "creativework",
}

DATE_META_NAMES = (
    "article:published_time", "og:article:published_time", "datepublished", "date",
    "pubdate", "publishdate", "publish-date", "publish_date", "published_time",
    "publication_date", "dc.date", "dc.date.issued", "dcterms.date", "dcterms.created",
    "dcterms.issued", "citation_publication_date", "citation_date", "citation_online_date",
    "sailthru.date", "parsely-pub-date", "article.published", "cxenseparse:recs:publishtime",
    "originalpublicationdate", "displaydate", "created",
)


def _meta_map(root) -> dict[str, str]:
    """All <meta> name/property/itemprop/http-equiv -> content (first wins), lower-cased keys."""
    found: dict[str, str] = {}
    for el in root.iter("meta"):
        content = el.get("content")
        if content is None:
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = el.get(attr)
            if key:
                found.setdefault(key.strip().lower(), content.strip())
    return found


def _jsonld_objects(root) -> list[dict]:
    """Every JSON object found in JSON-LD scripts, @graph and lists flattened."""
    out: list[dict] = []

    def walk(node, depth=0):
        if depth > 4:
            return
        if isinstance(node, list):
            for item in node:
                walk(item, depth + 1)
        elif isinstance(node, dict):
            out.append(node)
            if "@graph" in node:
                walk(node["@graph"], depth + 1)

    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            try:  # trailing commas and stray control characters are common
                data = json.loads(re.sub(r",\s*([}\]])", r"\1", raw), strict=False)
            except ValueError:
                continue
        walk(data)
    return out


def _types(obj: dict) -> set[str]:
    kind = obj.get("@type") or []
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).lower() for k in kinds}


def _names(value) -> list[str]:
    """Names from a JSON-LD author/publisher value (string, object or list)."""
    if isinstance(value, str):
        return [value] if value.strip() and not value.startswith("http") else []
    if isinstance(value, dict):
        name = value.get("name")
        return _names(name) if name else []
    if isinstance(value, list):
        return [n for item in value for n in _names(item)]
    return []


def _first_text(root, xpath: str) -> str | None:
    for el in root.xpath(xpath):
        text = _clean(el if isinstance(el, str) else el.text_content())
        if text:
            return text
    return None


BYLINE_XPATH = (
    "//*[@rel='author' or contains(@itemprop,'author') or contains(@class,'author-name')"
    " or contains(@class,'byline__name') or contains(@class,'author__name')]"
)
BY_PREFIX_RE = re.compile(r"^(?:by|written by|von|par|por)\s+", re.IGNORECASE)


def normalize_date(value: str | None) -> str | None:
    """An ISO date ("2026-05-03") or datetime from the usual date spellings; else None."""
    if not value:
        return None
    value = value.strip()
    iso = re.match(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?)"
                   r"\s*(Z|[+-]\d{2}:?\d{2})?)?", value)
    if iso:
        year, month, day, clock, zone = iso.groups()
        try:
            datetime(int(year), int(month), int(day))
        except ValueError:
            return None
        if not clock or (clock.startswith("00:00") and not zone):
            return f"{year}-{month}-{day}"
        if zone == "Z":
            zone = "+00:00"
        elif zone and ":" not in zone:
            zone = zone[:3] + ":" + zone[3:]
        try:
            return datetime.fromisoformat(f"{year}-{month}-{day}T{clock}{zone or ''}").isoformat()
        except ValueError:
            return f"{year}-{month}-{day}"
    compact = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", value)
    if compact:
        try:
            return datetime(*map(int, compact.groups())).date().isoformat()
        except ValueError:
            return None
    for fmt in ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d", "%d.%m.%Y",
                "%B %d %Y", "%b. %d, %Y"):
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            pass
    try:
        return parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def _language(value: str | None) -> str | None:
    """Primary language subtag, lower case: "en-GB" and "en_US" -> "en"."""
    if not value:
        return None
    primary = re.split(r"[-_,;\s]", value.strip(), maxsplit=1)[0].lower()
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else None


def html_metadata(root, url: str | None = None) -> dict:
    """Title, author, published date, canonical link, site name and language of a page.

    Order per field: JSON-LD article object, OpenGraph / meta tags, then page markup
    (h1 / <title>, byline, <time>), and for the date htmldate's heuristics as a last resort.
    The canonical link is returned absolute but not normalised (see `canonical_url`).
    """
    meta = _meta_map(root)
    objects = _jsonld_objects(root)
    articles = [o for o in objects if _types(o) & ARTICLE_TYPES]
    articles.sort(key=lambda o: "webpage" in _types(o))  # prefer a real article type

    def ld(*keys):
        for obj in articles:
            for key in keys:
                if obj.get(key):
                    return obj[key]
        return None

    # title
    title = ld("headline") or meta.get("og:title") or meta.get("twitter:title") \
        or meta.get("citation_title") or meta.get("dc.title")
    title = _clean(title if isinstance(title, str) else None) or None
    if not title:
        title = _first_text(root, "//h1") or _title_element(root, meta.get("og:site_name"))

    # author
    authors = _names(ld("author"))
    if not authors:
        for key in ("author", "article:author", "citation_author", "dc.creator", "parsely-author",
                    "sailthru.author", "byl"):
            value = meta.get(key)
            if value and not value.startswith("http"):
                authors = [value]
                break
    if not authors:
        byline = _first_text(root, BYLINE_XPATH)
        if byline and len(byline) <= 100:
            authors = [byline]
    authors = [BY_PREFIX_RE.sub("", _clean(a)) for a in authors]
    authors = list(dict.fromkeys(a for a in authors if a))
    author = "; ".join(authors) or None

    # published date
    published = None
    for raw in (ld("datePublished", "dateCreated"),
                *(meta.get(name) for name in DATE_META_NAMES),
                _first_text(root, "//time[@itemprop='datePublished' or @pubdate]/@datetime"),
                ):
        published = normalize_date(raw if isinstance(raw, str) else None)
        if published:
            break
    if not published:
        published = _htmldate(root, url)

    # canonical link
    canonical = None
    for link in root.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        if "canonical" in rel and link.get("href", "").strip():
            canonical = link.get("href").strip()
            break
    canonical = canonical or meta.get("og:url") or None
    if canonical:
        try:
            canonical = urljoin(url, canonical) if url else canonical
        except ValueError:  # a malformed fetch URL or link
            canonical = None
        if canonical and not re.match(r"(?i)^https?://", canonical):
            canonical = None
    canonical = canonical or url

    # site name
    site = meta.get("og:site_name") or None
    if not site:
        publishers = _names(ld("publisher"))
        site = publishers[0] if publishers else None
    if not site:
        sites = [o for o in objects if "website" in _types(o)]
        site = _names(sites[0])[0] if sites and _names(sites[0]) else None
    site = _clean(site) or None

    # language
    language = _language(root.get("lang") or root.get("xml:lang")) \
        or _language(meta.get("content-language")) or _language(meta.get("language")) \
        or _language(meta.get("dc.language")) or _language(meta.get("og:locale"))
    if not language:
        in_language = ld("inLanguage")
        language = _language(in_language if isinstance(in_language, str) else None)

    return {"title": title, "author": author, "published_at": published,
            "canonical_url": canonical, "site_name": site, "language": language}


def _title_element(root, site: str | None) -> str | None:
    """<title> without a trailing " | Site name" / " - Site name" part."""
    title = _first_text(root, "//head/title") or _first_text(root, "//title")
    if not title:
        return None
    parts = re.split(r"\s+[|\-\u2013\u2014\u00b7\u2022:]\s+", title)
    if len(parts) > 1:
        if site and parts[-1].strip().lower() == site.strip().lower():
            return " - ".join(parts[:-1])
        if len(parts[-1].split()) <= 3 and len(parts[0].split()) > 3:
            return " - ".join(parts[:-1])
    return title


def _htmldate(root, url: str | None) -> str | None:
    """htmldate's heuristics on markup and URL, without its extensive (copyright/footer) search."""
    from htmldate import find_date

    try:
        found = find_date(root, url=url, extensive_search=False, original_date=True)
    except Exception:  # htmldate is a heuristic: never let it fail a document
        return None
    return normalize_date(found) if found else None


# --------------------------------------------------------------------------- main text

BLOCK_TAGS = {"p", "head", "item", "quote", "code", "list", "table", "row", "cell", "div",
              "section", "article", "body", "doc", "main", "note", "fw", "figure"}
TERMINAL_PUNCT = tuple(".!?:;…\"'”’)")


def _line_from_parts(parts: list) -> list[str]:
    """Join the inline pieces of one block; a <br> (None) becomes a space inside a
    sentence that runs on in lower case, else a line break."""
    lines: list[str] = []
    current = ""
    pending_break = False
    for part in parts:
        if part is None:
            pending_break = True
            continue
        if pending_break:
            pending_break = False
            left, right = current.rstrip(), part.lstrip()
            if left and right and (left.endswith(TERMINAL_PUNCT) or not right[0].islower()):
                lines.append(current)
                current = ""
            else:
                current += " "
        current += part
    lines.append(current)
    return [line for line in (_clean(x) for x in lines) if line]


def render_body(body) -> list[str]:
    """trafilatura's XML body -> one line per paragraph, heading, list item, quote or table row."""
    lines: list[str] = []

    def inline(el, parts: list):
        # text of an element whose children are inline; nested blocks are emitted separately
        if el.text:
            parts.append(el.text)
        for child in el:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag == "lb":
                parts.append(None)
            elif tag in ("list", "table", "p", "head", "quote") or (
                    tag == "code" and ("\n" in (child.text or "") or child.find("lb") is not None)):
                flush(parts)
                block(child)
                parts.clear()
            elif tag == "graphic":
                pass
            else:
                inline(child, parts)
            if child.tail:
                parts.append(child.tail)

    def flush(parts: list):
        lines.extend(_line_from_parts(parts))

    def block(el):
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "table":
            lines.extend(render_table(el))
        elif tag == "list":
            for child in el:
                if isinstance(child.tag, str) and child.tag != "lb":
                    block(child)
        elif tag in ("doc", "body", "div", "section", "article", "main") or (
            tag == "quote" and any(isinstance(c.tag, str) and c.tag in BLOCK_TAGS for c in el)
        ):
            parts: list = []
            if el.text and el.text.strip():
                parts.append(el.text)
            for child in el:
                ctag = child.tag if isinstance(child.tag, str) else ""
                if ctag in BLOCK_TAGS:
                    flush(parts)
                    parts = []
                    block(child)
                elif ctag == "lb":
                    parts.append(None)
                elif ctag != "graphic":
                    inline(child, parts)
                if child.tail and child.tail.strip():
                    parts.append(child.tail)
            flush(parts)
        elif tag == "graphic":
            return
        else:  # p, head, item, quote, code, cell and anything unknown: one block
            parts = []
            inline(el, parts)
            flush(parts)

    block(body)
    out: list[str] = []
    for line in lines:
        if not out or out[-1] != line:
            out.append(line)
    return out


def _cell_text(cell) -> str:
    text = _clean(" ".join(t for t in cell.itertext()))
    return text.replace("|", "/")


def render_table(table) -> list[str]:
    """Rows as `| a | b |`, the header row first; a row with a single filled cell in a
    wider table (caption, section label) becomes a plain line."""
    rows = []
    for row in table.iter("row"):
        cells = [c for c in row if c.tag == "cell"]
        texts = [_cell_text(c) for c in cells]
        filled = sum(1 for t in texts if t)
        if not filled:
            continue
        is_head = filled >= 2 and all(c.get("role") == "head" for c, t in zip(cells, texts) if t)
        rows.append((texts, filled, is_head))
    width = max((len(t) for t, _, _ in rows), default=0)
    head = next((i for i, r in enumerate(rows) if r[2]), None)
    if head:  # a header row below data rows moves up, after any leading caption lines
        lead = 0
        while lead < head and rows[lead][1] < 2:
            lead += 1
        rows.insert(lead, rows.pop(head))
    lines = []
    for texts, filled, _ in rows:
        if width > 1 and filled == 1:
            lines.append(next(t for t in texts if t))
        else:
            lines.append("| " + " | ".join(texts) + " |")
    return lines


_EXTRACTOR = None  # trafilatura's settings, built once (reading its config costs per call)


def trafilatura_body(root, url: str | None):
    """trafilatura's main-content XML body for a parsed page, or None.

    Fast mode (no comparison with readability/jusText), comments, images and links off,
    tables on; `output_format="txt"` only skips its own text rendering, ours is
    `render_body`."""
    global _EXTRACTOR
    import trafilatura
    from trafilatura.settings import Extractor

    if _EXTRACTOR is None:
        _EXTRACTOR = Extractor(output_format="txt", fast=True, comments=False, tables=True,
                               images=False, links=False, formatting=False, dedup=False)
    options = copy(_EXTRACTOR)
    options.url = options.source = url
    result = trafilatura.bare_extraction(root, options=options)
    return None if result is None else result.body


# elements and class/id words that are never main text in the fallback walker
FALLBACK_DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form",
                      "iframe", "svg", "button", "select", "template", "dialog", "menu")
FALLBACK_DROP_RE = re.compile(
    r"cookie|consent|gdpr|share|social|related|newsletter|subscribe|comment|footer|sidebar|"
    r"advert|\bads?\b|promo|sponsor|breadcrumb|\bnav|menu|popup|modal|banner|signup|paywall",
    re.IGNORECASE,
)
FALLBACK_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "blockquote",
                   "pre", "figcaption", "caption", "summary", "td", "th"}


def fallback_blocks(root, container=None) -> list[str]:
    """Main text by plain lxml rules, for pages trafilatura gives up on (a lone table,
    a short note, odd markup): drop page furniture, then one line per block element,
    tables as pipe rows. Walks `container` (kept even if its class looks like
    furniture) or else the whole <body>."""
    body = container if container is not None else root.find("body")
    if body is None:
        body = root
    body = deepcopy(body)
    for el in list(body.iter(*FALLBACK_DROP_TAGS)):
        if el.getparent() is not None:
            el.drop_tree()
    for el in list(body.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        marker = f"{el.get('class', '')} {el.get('id', '')} {el.get('role', '')}"
        if marker.strip() and FALLBACK_DROP_RE.search(marker) and el.tag not in ("body", "main", "article"):
            el.drop_tree()
    lines: list[str] = []

    def walk(el):
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "table":
            caption = el.find("caption")
            if caption is not None and _clean(caption.text_content()):
                lines.append(_clean(caption.text_content()))
            for tr in el.iter("tr"):
                cells = [_clean(c.text_content()).replace("|", "/") for c in tr if c.tag in ("td", "th")]
                filled = [c for c in cells if c]
                if len(filled) == 1 and len(cells) > 1:
                    lines.append(filled[0])
                elif filled:
                    lines.append("| " + " | ".join(cells) + " |")
            return
        if tag in FALLBACK_BLOCKS:
            parts: list = []
            _collect(el, parts)
            lines.extend(_line_from_parts(parts))
            return
        # a container: its own loose text and tails count as blocks, its children recurse
        parts = [el.text] if el.text and el.text.strip() else []
        for child in el:
            if isinstance(child.tag, str) and (child.tag in FALLBACK_BLOCKS or child.tag in (
                    "table", "div", "section", "article", "main", "ul", "ol", "dl", "figure")):
                lines.extend(_line_from_parts(parts))
                parts = []
                walk(child)
            elif child.tag == "br":
                parts.append(None)
            else:
                _collect(child, parts)
            if child.tail and child.tail.strip():
                parts.append(child.tail)
        lines.extend(_line_from_parts(parts))

    walk(body)
    out: list[str] = []
    for line in lines:
        if not out or out[-1] != line:
            out.append(line)
    return out


def _collect(el, parts: list):
    """Inline text of an element with <br> marked as None."""
    if el.tag == "br":
        parts.append(None)
        return
    if el.text:
        parts.append(el.text)
    for child in el:
        if isinstance(child.tag, str):
            if child.tag in ("script", "style"):
                pass
            elif child.tag in FALLBACK_BLOCKS or child.tag in ("div", "ul", "ol", "table"):
                parts.append(None)
                parts.append(" ")
                _collect(child, parts)
                parts.append(None)
            else:
                _collect(child, parts)
        if child.tail:
            parts.append(child.tail)


STRUCTURE_TAGS = ("h2", "h3", "h4", "h5", "h6", "li", "tr", "dt", "dd")


def main_container(root, lines: list[str]):
    """The deepest element holding at least 80% of the text of the paragraphs
    trafilatura returned: where the article lives in the page."""
    wanted = set(lines)
    weight: dict = {}
    total = 0
    for p in root.iter("p"):
        text = _clean(p.text_content())
        if text in wanted:
            total += len(text)
            for ancestor in p.iterancestors():
                weight[ancestor] = weight.get(ancestor, 0) + len(text)
    best, best_depth = None, -1
    for el, chars in weight.items():
        if chars >= 0.8 * total:
            depth = sum(1 for _ in el.iterancestors())
            if depth > best_depth:
                best, best_depth = el, depth
    return best if total else None


def _furniture(el, container) -> bool:
    """Inside `container`, is `el` page furniture by the fallback rules (tag, class/id,
    or a list item that is mostly a link)?"""
    node = el
    while node is not None and node is not container:
        if node.tag in FALLBACK_DROP_TAGS:
            return True
        marker = f"{node.get('class', '')} {node.get('id', '')} {node.get('role', '')}"
        if marker.strip() and FALLBACK_DROP_RE.search(marker):
            return True
        node = node.getparent()
    if el.tag == "li":
        text = len(_clean(el.text_content()))
        linked = sum(len(_clean(a.text_content())) for a in el.iter("a"))
        return text == 0 or linked > 0.5 * text
    return False


def missing_structure(container, lines: list[str]) -> int:
    """How many headings, list items, table rows and FAQ entries of the container are
    not among the extracted lines (page furniture aside)."""
    present = set(lines)
    missing = 0
    for el in container.iter(*STRUCTURE_TAGS):
        if el.tag == "li" and (el.find(".//ul") is not None or el.find(".//ol") is not None):
            continue  # its text is split over nested items
        if el.tag == "tr":
            cells = [_clean(c.text_content()).replace("|", "/") for c in el if c.tag in ("td", "th")]
            text = "| " + " | ".join(cells) + " |" if sum(1 for c in cells if c) > 1 else ""
        else:
            text = _clean(el.text_content())
        if text and text not in present and not _furniture(el, container):
            missing += 1
    return missing


def recover_structure(root, lines: list[str]) -> list[str]:
    """Named rule "structure_recovery": when trafilatura kept an article's paragraphs
    but lost its headings, lists or tables (it can discard the real container and
    recover only loose paragraphs), read the container with the fallback walker, as
    long as that keeps nearly all of trafilatura's lines."""
    container = main_container(root, lines)
    if container is None or missing_structure(container, lines) < 2:
        return lines
    walked = fallback_blocks(root, container)
    inside = [line for line in lines if line in set(walked)]
    container_text = _clean(container.text_content())
    expected = [line for line in lines if line in container_text]
    if expected and len(inside) >= 0.9 * len(expected):
        return walked
    return lines


FURNITURE_LINE_RE = re.compile(
    r"^(?:[\d.,]+\s*[km]?\s+(?:views?|comments?|replies|repl(?:y|ies)|shares?|likes?|reads?)"
    r"|\d+\s*(?:-\s*)?min(?:ute)?s?\s+read|read\s+time:?\s*\d+\s*min(?:ute)?s?)$",
    re.IGNORECASE,
)


def headline(root, title: str | None, site: str | None = None) -> str | None:
    """The visible headline: the <h1> that matches the page title, else the first
    headline-like <h1> (not in navigation, not the site name); None without one.
    (The <title> alone is not prepended: it often is not shown on the page.)"""
    candidates = []
    for h in root.iter("h1"):
        text = _clean(h.text_content())
        if not text or h.xpath("ancestor::nav"):
            continue
        if site and text.lower() == site.lower():
            continue
        candidates.append(text)
    if title:
        low = title.lower()
        for text in candidates:
            if text.lower() in low or low in text.lower():
                return text
    for text in candidates:
        if len(text.split()) >= 3:
            return text
    return None


def _key(line: str) -> str:
    return re.sub(r"\W+", "", line).lower()


def main_text(root, url: str | None = None, title: str | None = None,
              site: str | None = None) -> str:
    """The page's main text, one block per line; the headline is put first when the
    article body left it out. Empty string when the page has no text.

    trafilatura decides what the main content is. When its result is short, the
    `fallback_blocks` walker also runs, and wins when trafilatura found nothing, gave a
    flat one-line dump of the page, or lost a table the walker kept (a leaderboard page).
    A short result made only of text the walker rejects as furniture counts as no text.
    """
    body = trafilatura_body(root, url)
    lines = render_body(body) if body is not None else []
    if lines:
        lines = recover_structure(root, lines)
    lines = [line for line in lines if not FURNITURE_LINE_RE.match(line)]
    size = sum(len(line) for line in lines)
    if size < SHORT_TEXT:
        fallback = fallback_blocks(root)
        fallback_size = sum(len(line) for line in fallback)
        flat_dump = len(lines) <= 1 and len(fallback) >= 2
        lost_table = any(x.startswith("| ") for x in fallback) and not any(
            x.startswith("| ") for x in lines)
        if fallback and fallback_size >= 0.5 * size and (not lines or flat_dump or lost_table):
            lines = fallback
        elif not fallback and size < FURNITURE_ONLY:
            lines = []  # only page furniture (a menu, a logo) was left
    if not lines:
        return ""
    head = headline(root, title, site)
    if head:
        key = _key(head)
        if key and not any(key == _key(line) or (len(key) > 20 and key in _key(line))
                           for line in lines[:5]):
            lines.insert(0, head)
    return "\n".join(lines)


SHORT_TEXT = 500  # characters: below this, trafilatura's result is checked against the fallback
FURNITURE_ONLY = 100  # characters: below this, text the fallback rules reject is not content
