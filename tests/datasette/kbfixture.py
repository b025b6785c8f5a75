"""A small real knowledge base for the Datasette tests, and helpers.

The database is written with the project's own store functions
(``kb.crawlstore``, ``kb.documents``), as the crawler and the extractor do.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from kb import crawlstore, documents
from kb.db import open_db

XSS_TITLE = "<script>alert('title')</script> Evil & Co report"
XSS_IMG = '<img src=x onerror="alert(1)">'
XSS_SCRIPT = "<script>alert('body')</script>"
XSS_MODEL = "<img src=x onerror=alert(3)> Model"

#: url -> (source, title, site, published_at, text, [(quote, claim fields...)])
ARTICLES = [
    {
        "source": "quantumbit",
        "url": "https://quantumbit.example/doubao-30-trillion",
        "title": "Doubao passes 30 trillion tokens a day",
        "site_name": "QuantumBit",
        "published_at": "2026-05-20",
        "text": (
            "Doubao passes 30 trillion tokens a day. "
            "ByteDance's Doubao platform processed 30 trillion tokens per day in May 2026. "
            "DeepSeek V3.2 costs $0.42 per million output tokens."
        ),
        "claims": [
            dict(quote="30 trillion tokens per day", metric="token_volume", value=3.0e13,
                 unit="tokens", per="day", qualifier="exact", subject="ByteDance's Doubao platform",
                 as_of="May 2026", as_of_norm="2026-05", sentence_no=1),
            dict(quote="$0.42 per million output tokens", metric="price", value=0.42, unit="USD",
                 per="1M tokens", token_kind="output", qualifier="exact", subject="DeepSeek V3.2",
                 as_of=None, as_of_norm="2026-05", sentence_no=2),
        ],
    },
    {
        "source": "wire",
        "url": "https://wire.example/ai/doubao-volume",
        "title": "China's token boom",
        "site_name": "Wire Daily",
        "published_at": "2026-05-24",
        "text": (
            "China's token boom. "
            "According to QuantumBit, Doubao handled about 30 trillion tokens per day in May 2026. "
            "GPT-5.5 Pro costs $72 per million output tokens."
        ),
        "claims": [
            dict(quote="about 30 trillion tokens per day", metric="token_volume", value=3.0e13,
                 unit="tokens", per="day", qualifier="approx", subject="Doubao",
                 as_of="May 2026", as_of_norm="2026-05", attributed_to="QuantumBit", sentence_no=1),
            dict(quote="$72 per million output tokens", metric="price", value=72.0, unit="USD",
                 per="1M tokens", token_kind="output", qualifier="exact", subject="GPT-5.5 Pro",
                 as_of=None, as_of_norm="2026-05", sentence_no=2),
        ],
    },
    {
        "source": "wire",
        "url": "https://wire.example/ai/doubao-lower",
        "title": "A lower count for Doubao",
        "site_name": "Wire Daily",
        "published_at": "2026-06-02",
        "text": (
            "A lower count for Doubao. "
            "Doubao served 16.4 trillion tokens per day in May 2026, an analyst says."
        ),
        "claims": [
            dict(quote="16.4 trillion tokens per day", metric="token_volume", value=1.64e13,
                 unit="tokens", per="day", qualifier="exact", subject="Doubao",
                 as_of="May 2026", as_of_norm="2026-05", sentence_no=1),
        ],
    },
    {
        "source": "evil",
        "url": "https://evil.example/xss",
        "title": XSS_TITLE,
        "site_name": "Evil <b>site</b>",
        "published_at": "2026-04-01",
        "text": (
            f"Intro {XSS_SCRIPT} here. "
            f"The {XSS_IMG} platform saw 12% growth in April 2026 {XSS_SCRIPT}."
        ),
        "claims": [
            dict(quote="12% growth", metric="growth", value=12.0, unit="%", per=None,
                 qualifier="exact", subject=f"The {XSS_IMG} platform", as_of="April 2026",
                 as_of_norm="2026-04", attributed_to=XSS_SCRIPT, sentence_no=1),
        ],
    },
]

SOURCES = [
    {"name": "quantumbit", "kind": "feed", "url": "https://quantumbit.example/feed.xml",
     "licence": "All rights reserved", "attribution": "QuantumBit"},
    {"name": "wire", "kind": "sitemap", "url": "https://wire.example/sitemap.xml"},
    {"name": "evil", "kind": "site", "url": "https://evil.example/"},
]


def split_sentences(text: str) -> list[tuple[int, str]]:
    """(start, sentence) for the '. '-separated sentences of the fixture texts."""
    out, start = [], 0
    while start < len(text):
        end = text.find(". ", start)
        end = len(text) if end < 0 else end + 1
        out.append((start, text[start:end]))
        start = end + 1 if end < len(text) else end
    return out


def page_html(article: dict) -> bytes:
    """The page as a site would serve it (with the payloads left raw)."""
    return (
        f"<html><head><title>{article['title']}</title></head>"
        f"<body><h1>{article['title']}</h1><p>{article['text']}</p>"
        f"{XSS_SCRIPT}<img src=x onerror=alert(2)></body></html>"
    ).encode()


PRICE_OUT = ("price", "USD", "1M tokens", "output")
VOLUME_DAY = ("token_volume", "tokens", "day", None)
#: (entity, (metric, unit, per, token_kind), value, period, fetched_at) from a leaderboard
OBSERVATIONS = [
    ("DeepSeek V3.2", PRICE_OUT, 0.48, "2026-04-01", "2026-04-01T06:00:00+00:00"),
    ("DeepSeek V3.2", PRICE_OUT, 0.42, "2026-05-01", "2026-05-01T06:00:00+00:00"),
    ("GPT-5.5 Pro", PRICE_OUT, 75.0, "2026-05-01", "2026-05-01T06:00:00+00:00"),
    (XSS_MODEL, PRICE_OUT, 3.0, "2026-05-01", "2026-05-01T06:00:00+00:00"),
    ("Doubao", VOLUME_DAY, 2.5e13, "2026-04-15", "2026-04-16T06:00:00+00:00"),
    ("Doubao", VOLUME_DAY, 2.9e13, "2026-05-15", "2026-05-16T06:00:00+00:00"),
]

ENTITIES = [("Doubao", "platform"), ("DeepSeek V3.2", "model"), ("GPT-5.5 Pro", "model"),
            (XSS_MODEL, "model")]


def build_kb(path: Path) -> dict:
    """Write the fixture knowledge base at ``path``; returns ids by name."""
    db = open_db(path)
    source_ids = crawlstore.sync_sources(db, SOURCES)
    entity_ids = {
        name: db["entities"].insert({"name": name, "kind": kind}).last_pk
        for name, kind in ENTITIES
    }

    def resolver(subject):
        return next((i for n, i in entity_ids.items() if subject and n in subject), None)
    ids = {"sources": source_ids, "entities": entity_ids, "documents": {}, "claims": {}, "snapshots": {}}
    for art in ARTICLES:
        fetched = crawlstore.store_fetch(
            db, url=art["url"], body=page_html(art), status=200,
            headers={"Content-Type": "text/html; charset=utf-8"},
            source_id=source_ids[art["source"]],
        )
        doc_id, _ = documents.register_document(
            db, url=art["url"], fetched_url=art["url"], source_id=source_ids[art["source"]],
            snapshot_id=fetched.snapshot_id, kind="html",
        )
        sentences = split_sentences(art["text"])
        claims = []
        for c in art["claims"]:
            c = dict(c)
            s_start, sentence = sentences[c.pop("sentence_no")]
            offset = sentence.index(c["quote"])
            claims.append(dict(c, sentence=sentence, sentence_start=s_start,
                               start=s_start + offset, end=s_start + offset + len(c["quote"])))
        documents.save_extraction(
            db, doc_id, snapshot_id=fetched.snapshot_id, version="test-1",
            meta={"text": art["text"], "title": art["title"], "site_name": art["site_name"],
                  "published_at": art["published_at"], "language": "en", "kind": "html"},
            claims=claims,
            entity_resolver=resolver,
        )
        ids["documents"][art["url"]] = doc_id
        ids["snapshots"][art["url"]] = fetched.snapshot_id
        for row in db.query(
            "select id, quote from claims where document_id = ? order by id", [doc_id]
        ):
            ids["claims"][(art["url"], row["quote"])] = row["id"]
    board = crawlstore.sync_sources(db, [{"name": "openrouter", "kind": "leaderboard",
                                          "url": "https://openrouter.example/api/models"}])["openrouter"]
    ids["sources"]["openrouter"] = board
    for entity, kind, value, period, fetched in OBSERVATIONS:
        db["observations"].insert({
            "source_id": board, "entity_id": entity_ids[entity], "raw_name": entity,
            "metric": kind[0], "value": value, "unit": kind[1], "per": kind[2],
            "token_kind": kind[3], "period": period, "partial": 0, "fetched_at": fetched,
        })
    from kb import lineage, observations

    observations.create_views(db)
    lineage.refresh(db)
    db.conn.close()
    return ids


def assert_escaped(text: str, *payloads: str) -> None:
    """Each payload is in ``text`` escaped, and nowhere raw."""
    import html

    import markupsafe

    for payload in payloads:
        assert payload not in text, f"raw markup served: {payload!r}"
        escaped = {html.escape(payload, quote=q) for q in (True, False)}
        escaped.add(str(markupsafe.escape(payload)))
        assert any(e in text for e in escaped), f"payload not shown at all: {payload!r}"


class Client:
    """Datasette's ASGI test client, driven from synchronous tests."""

    def __init__(self, ds):
        self.ds = ds
        self.loop = asyncio.new_event_loop()

    def get(self, path: str, **kw):
        return self.loop.run_until_complete(self.ds.client.get(path, **kw))

    def close(self):
        self.loop.close()
