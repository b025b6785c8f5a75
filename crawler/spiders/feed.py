"""``feed`` sources: an RSS 2.0, RSS 1.0 (RDF) or Atom feed and the articles it lists.

The feed is stored as a listing; each entry's link is followed (as an entry:
skipped when already stored and not updated since) unless the source's
include/exclude patterns or date window rule it out.  A feed whose XML is
broken is recorded as a failure of the feed URL, and the entries that can
still be read from it are followed all the same.  An HTML page given as a
feed URL is searched for its ``<link rel="alternate">`` feeds.
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator
from urllib.parse import urljoin

from lxml import etree

from crawler.content import parse_date, sniff_format
from crawler.items import failure_item, requested_url
from crawler.spiders.base import SourceSpider, as_html

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
_RECOVER = etree.XMLParser(resolve_entities=False, no_network=True, recover=True)
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json", "application/rdf+xml")


def _local(tag: Any) -> str:
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def _child_text(el: Any, *names: str) -> str | None:
    for child in el:
        if _local(child.tag) in names and (child.text or "").strip():
            return child.text.strip()
    return None


def _entry_link(el: Any) -> str | None:
    """An entry's article link: Atom alternate link, RSS <link>, or a permalink guid."""
    atom_links = [c for c in el if _local(c.tag) == "link" and c.get("href")]
    for c in atom_links:
        if c.get("rel", "alternate") == "alternate":
            return c.get("href").strip()
    if atom_links:
        return atom_links[0].get("href").strip()
    link = _child_text(el, "link")
    if link:
        return link
    for c in el:
        if _local(c.tag) == "guid" and (c.text or "").startswith("http") and c.get("isPermaLink", "true") != "false":
            return c.text.strip()
    return None


def feed_entries(root: Any) -> Iterator[dict]:
    """``{"url", "published", "updated"}`` for each item/entry of a parsed feed."""
    for el in root.iter():
        if _local(el.tag) not in ("item", "entry"):
            continue
        link = _entry_link(el)
        if not link:
            continue
        published = parse_date(_child_text(el, "pubdate", "published", "issued", "date", "created"))
        updated = parse_date(_child_text(el, "updated", "modified")) or published
        yield {"url": link, "published": published, "updated": updated}


class FeedSpider(SourceSpider):
    name = "feed"
    kind = "feed"

    def parse_start(self, response: Any) -> Iterable[Any]:
        yield self.listing(response)
        body = response.body
        ctype = response.headers.get(b"Content-Type", b"").decode("latin-1")
        if sniff_format(ctype, body) == "html":
            yield from self._discover(response)
            return
        try:
            root = etree.fromstring(body, _PARSER)
        except etree.XMLSyntaxError as exc:
            yield failure_item(
                self.source["name"], requested_url(response),
                f"broken feed XML ({str(exc).splitlines()[0]})", response.status,
            )
            try:
                root = etree.fromstring(body, _RECOVER)
            except etree.XMLSyntaxError:
                root = None
            if root is None:
                return
        if _local(root.tag) not in ("rss", "feed", "rdf"):
            yield failure_item(
                self.source["name"], requested_url(response),
                f"not an RSS or Atom feed (root element <{_local(root.tag)}>)", response.status,
            )
            return
        base = response.url
        for entry in feed_entries(root):
            url = urljoin(base, entry["url"])
            if not url.startswith(("http://", "https://")) or not self.wanted(url):
                continue
            if not self.in_window(entry["published"]):
                continue
            if not entry["published"] and not self.in_window(entry["updated"], updated_only=True):
                continue
            yield self.request(
                url, self.parse_document, entry=True, lastmod=entry["updated"],
                cw_dated=bool(entry["published"]),
            )

    def _discover(self, response: Any) -> Iterable[Any]:
        """An HTML page: follow the feeds it announces, or fail the source."""
        html = as_html(response)
        links = [
            html.urljoin(href)
            for t in _FEED_TYPES
            for href in html.xpath(f'//link[@rel="alternate"][@type="{t}"]/@href').getall()
        ]
        if not links:
            yield failure_item(
                self.source["name"], requested_url(response),
                "not an RSS or Atom feed (an HTML page announcing no feed)", response.status,
            )
        for url in dict.fromkeys(links):
            yield self.request(url, self.parse_start)
