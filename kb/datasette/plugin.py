"""The claimwatch Datasette plugin: links from claims to their evidence.

Registered by :func:`kb.publish.register_plugin`.  Every hook acts only on
the database named in the ``claimwatch`` plugin configuration, so other
Datasette instances in the same process are left alone.

Scraped text never becomes markup here: every value is escaped (through
``Markup.format`` and the templates' autoescaping) and only http(s) URLs
become links.
"""

from __future__ import annotations

from markupsafe import Markup

from datasette import hookimpl


def our_database(datasette) -> str | None:
    """The database this plugin serves, or None on a foreign instance.

    Cached on the instance: render_cell asks once per cell, and Datasette
    merges the whole metadata on every ``plugin_config`` call.
    """
    try:
        return datasette._claimwatch_database
    except AttributeError:
        config = datasette.plugin_config("claimwatch") or {}
        datasette._claimwatch_database = config.get("database")
        return datasette._claimwatch_database


#: Most documents whose (title, url) a Datasette instance keeps in memory.
DOCUMENT_CACHE_SIZE = 20_000


async def document_title_url(datasette, database: str, doc_id: int):
    """(title, url) of a document; cached when the database is immutable."""
    db = datasette.get_database(database)
    cache = None
    if not db.is_mutable:
        cache = datasette.__dict__.setdefault("_claimwatch_documents", {})
        if doc_id in cache:
            return cache[doc_id]
    # link to the URL actually fetched (the bytes of the snapshot); the
    # canonical URL is the dedupe key and may differ in scheme or parameters
    rows = await db.execute(
        "select title, coalesce(fetched_url, url) as url from documents where id = ?", [doc_id]
    )
    first = rows.first()
    found = (first["title"], first["url"]) if first else None
    if cache is not None:
        if len(cache) >= DOCUMENT_CACHE_SIZE:
            cache.clear()
        cache[doc_id] = found
    return found


def safe_url(url) -> str | None:
    """``url`` if it is an http(s) URL (never ``javascript:`` and the like)."""
    if isinstance(url, str) and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def claim_url(datasette, claim_id) -> str:
    return datasette.urls.path(f"/-/claim/{int(claim_id)}")


def snapshot_url(datasette, snapshot_id) -> str:
    return datasette.urls.path(f"/-/snapshot/{int(snapshot_id)}")


def document_links(datasette, database: str, doc_id, title, url) -> Markup:
    """Title linking to the document's row, then a link to its source URL."""
    row_url = datasette.urls.row(database, "documents", str(int(doc_id)))
    label = title or f"document {int(doc_id)}"
    html = Markup('<a href="{}">{}</a>').format(row_url, label)
    source = safe_url(url)
    if source:
        html += Markup(' <a class="cw-source" href="{}" rel="noopener noreferrer nofollow">source&nbsp;↗</a>').format(source)
    return html


#: Columns of canned query results holding a claim id (links to its page).
QUERY_CLAIM_COLUMNS = {"claim_id", "claim_a", "claim_b"}

#: Columns holding a claim id, rendered as a link to the claim's page.
CLAIM_LINK_COLUMNS = {
    ("clusters", "first_claim_id"), ("cluster_claims", "claim_id"),
    ("disagreements", "claim_a"), ("disagreements", "claim_b"),
}


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if database != our_database(datasette) or value is None:
        return None
    if table == "claims" and column == "document_id":
        doc_id = value["value"] if isinstance(value, dict) else value

        async def document_cell():
            found = await document_title_url(datasette, database, doc_id)
            if found is None:
                return None
            return document_links(datasette, database, doc_id, *found)

        return document_cell
    if table == "claims" and column == "quote":
        return Markup('<a class="cw-claim" href="{}">{}</a>').format(
            claim_url(datasette, row["id"]), value
        )
    if table is None and column in QUERY_CLAIM_COLUMNS and str(value).isdigit():
        # the canned queries' columns holding a claim id
        return Markup('<a class="cw-claim" href="{}">{}</a>').format(
            claim_url(datasette, value), value
        )
    if table == "clusters" and column == "label":
        return Markup('<a class="cw-cluster" href="{}">{}</a>').format(
            datasette.urls.path(f"/-/cluster/{int(row['id'])}"), value
        )
    if (table, column) in CLAIM_LINK_COLUMNS:
        claim = value["value"] if isinstance(value, dict) else value
        label = value.get("label") if isinstance(value, dict) else None
        return Markup('<a class="cw-claim" href="{}">{}</a>').format(
            claim_url(datasette, claim), label or claim
        )
    if table in ("documents", "pages") and column == "snapshot_id":
        snap = value["value"] if isinstance(value, dict) else value
        return Markup('<a href="{}">snapshot {}</a>').format(snapshot_url(datasette, snap), snap)
    return None


# -- pages ---------------------------------------------------------------------

#: Headers on every response of a claimwatch instance: nothing is loaded from
#: another origin (no CDN: the site works offline), nothing is sniffed.
SECURITY_HEADERS = [
    (b"content-security-policy",
     b"default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
     b"img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; "
     b"frame-ancestors 'self'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
]

#: Stricter headers for stored third-party bodies: no script, no plugin, no
#: same-origin access even if a browser were talked into rendering them.
SNAPSHOT_HEADERS = {
    "Content-Security-Policy": "sandbox; default-src 'none'",
    "X-Content-Type-Options": "nosniff",
}

#: Longest snapshot text shown inline on a snapshot page (characters).
SNAPSHOT_PAGE_CHARS = 400_000


@hookimpl
def asgi_wrapper(datasette):
    if our_database(datasette) is None:
        return None

    def wrap(app):
        async def with_headers(scope, receive, send):
            async def send_with_headers(message):
                if message["type"] == "http.response.start":
                    present = {k.lower() for k, _ in message.get("headers", [])}
                    extra = [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                    message = dict(message, headers=list(message.get("headers", [])) + extra)
                await send(message)

            await app(scope, receive, send_with_headers)

        return with_headers

    return wrap


@hookimpl
def register_routes(datasette):
    if our_database(datasette) is None:
        return None
    return [
        (r"^/-/claim/(?P<id>[0-9]{1,18})$", claim_page),
        (r"^/-/cluster/(?P<id>[0-9]{1,18})$", cluster_page),
        (r"^/-/snapshot/(?P<id>[0-9]{1,18})$", snapshot_page),
        (r"^/-/snapshot/(?P<id>[0-9]{1,18})/raw$", snapshot_raw),
        (r"^/-/feed\.atom$", feed_route),
        (r"^/-/charts$", charts_page),
    ]


def highlight(sentence: str, quote: str | None, char_start, char_end, sentence_start):
    """Split ``sentence`` into (before, quote, after) around the quoted number.

    Uses the stored offsets (``char_start`` in the document text, relative to
    ``sentence_start``) when they point at the quote, else finds the quote
    in the sentence.  Returns ``(sentence, "", "")`` when it is not there.
    """
    sentence = sentence or ""
    if isinstance(char_start, int) and isinstance(sentence_start, int):
        offset = char_start - sentence_start
        length = (char_end - char_start) if isinstance(char_end, int) else len(quote or "")
        if 0 <= offset and length > 0 and offset + length <= len(sentence):
            span = sentence[offset : offset + length]
            if not quote or " ".join(span.split()) == " ".join(quote.split()):
                return sentence[:offset], span, sentence[offset + length :]
    if quote:
        at = sentence.find(quote)
        if at < 0:
            at = sentence.lower().find(quote.lower())
        if at >= 0:
            return sentence[:at], sentence[at : at + len(quote)], sentence[at + len(quote) :]
    return sentence, "", ""


async def _rows(db, sql: str, params=None) -> list[dict]:
    return [dict(r) for r in (await db.execute(sql, params or [])).rows]


async def _has_table(db, name: str) -> bool:
    return bool(await _rows(db, "select 1 from sqlite_master where name = ?", [name]))


CLAIM_SQL = """
select c.*, d.title, coalesce(d.fetched_url, d.url) as url, d.url as canonical_url,
       d.published_at, d.site_name, d.first_seen as document_first_seen,
       coalesce(d.extracted_snapshot_id, d.snapshot_id) as evidence_snapshot_id,
       d.kind as document_kind, s.name as source_name, e.name as entity_name
from claims c
join documents d on d.id = c.document_id
left join sources s on s.id = d.source_id
left join entities e on e.id = c.entity_id
where c.id = ?
"""

CLUSTER_MEMBERS_SQL = """
select m.claim_id, m.is_first, m.seen_at, m.site, m.cites_document_id,
       c.quote, c.value, c.unit, c.qualifier, c.attributed_to, c.sentence,
       d.id as document_id, d.title, coalesce(d.fetched_url, d.url) as url, d.published_at,
       cd.title as cites_title, coalesce(cd.fetched_url, cd.url) as cites_url
from cluster_claims m
join claims c on c.id = m.claim_id
join documents d on d.id = c.document_id
left join documents cd on cd.id = m.cites_document_id
where m.cluster_id = ?
order by m.seen_at, m.claim_id
"""

DISAGREEMENTS_OF_CLUSTER_SQL = """
select * from disagreements where cluster_a = :cluster or cluster_b = :cluster
   or claim_a = :claim or claim_b = :claim
order by id limit 50
"""


class Missing(Exception):
    """A claim, cluster or snapshot that is not there (answered with a 404 page)."""


async def not_found(datasette, request, message: str):
    from datasette.utils.asgi import Response

    html = await datasette.render_template(
        "error.html", {"ok": False, "error": message, "status": 404, "title": "Not found"},
        request=request,
    )
    return Response.html(html, status=404)


def page(view):
    """Answer :class:`Missing` with a quiet 404 page (Datasette prints a traceback)."""
    import functools

    @functools.wraps(view)
    async def wrapper(datasette, request):
        try:
            return await view(datasette, request)
        except Missing as exc:
            return await not_found(datasette, request, str(exc))

    return wrapper


def _context(datasette, **extra) -> dict:
    db_name = our_database(datasette)
    return dict(database=db_name, database_url=datasette.urls.database(db_name), **extra)


@page
async def claim_page(datasette, request):
    from datasette.utils.asgi import Response

    db_name = our_database(datasette)
    db = datasette.get_database(db_name)
    claim_id = int(request.url_vars["id"])
    rows = await _rows(db, CLAIM_SQL, [claim_id])
    if not rows:
        raise Missing(f"No claim {claim_id}")
    claim = rows[0]
    before, quote, after = highlight(
        claim["sentence"], claim["quote"], claim["char_start"], claim["char_end"],
        claim["sentence_start"],
    )
    cluster, members, disagreements = None, [], []
    if await _has_table(db, "cluster_claims"):
        found = await _rows(
            db,
            "select k.* from cluster_claims m join clusters k on k.id = m.cluster_id"
            " where m.claim_id = ?",
            [claim_id],
        )
        if found:
            cluster = found[0]
            members = await _rows(db, CLUSTER_MEMBERS_SQL, [cluster["id"]])
        disagreements = await _rows(
            db, DISAGREEMENTS_OF_CLUSTER_SQL,
            {"cluster": cluster["id"] if cluster else -1, "claim": claim_id},
        )
    from kb.datasette.charts import human

    value = claim["value"]
    context = _context(
        datasette,
        claim=claim,
        value_human=(f"{value:,.10g}" + (f" ({human(value)})" if abs(value) >= 1e4 else ""))
        if isinstance(value, (int, float)) else value,
        before=before,
        quote=quote,
        after=after,
        source_url=safe_url(claim["url"]),
        document_url=datasette.urls.row(db_name, "documents", str(claim["document_id"])),
        snapshot_url=snapshot_url(datasette, claim["evidence_snapshot_id"])
        if claim["evidence_snapshot_id"] else None,
        cluster=cluster,
        members=[dict(m, source_url=safe_url(m["url"]), cites_url=safe_url(m["cites_url"]))
                 for m in members],
        disagreements=disagreements,
    )
    return Response.html(
        await datasette.render_template("claimwatch/claim.html", context, request=request)
    )


@page
async def cluster_page(datasette, request):
    from datasette.utils.asgi import Response

    db = datasette.get_database(our_database(datasette))
    cluster_id = int(request.url_vars["id"])
    if not await _has_table(db, "clusters"):
        raise Missing("No clusters in this database")
    found = await _rows(db, "select * from clusters where id = ?", [cluster_id])
    if not found:
        raise Missing(f"No cluster {cluster_id}")
    members = await _rows(db, CLUSTER_MEMBERS_SQL, [cluster_id])
    disagreements = await _rows(
        db, DISAGREEMENTS_OF_CLUSTER_SQL, {"cluster": cluster_id, "claim": -1}
    )
    context = _context(
        datasette,
        cluster=found[0],
        members=[dict(m, source_url=safe_url(m["url"]), cites_url=safe_url(m["cites_url"]))
                 for m in members],
        disagreements=disagreements,
    )
    return Response.html(
        await datasette.render_template("claimwatch/cluster.html", context, request=request)
    )


async def _snapshot(datasette, snapshot_id: int):
    import zlib

    db = datasette.get_database(our_database(datasette))
    rows = await _rows(
        db,
        "select s.id, s.url, s.fetched_at, s.status, s.content_type, s.content_hash, s.size,"
        " s.body, src.name as source_name from snapshots s"
        " left join sources src on src.id = s.source_id where s.id = ?",
        [snapshot_id],
    )
    if not rows:
        raise Missing(f"No snapshot {snapshot_id}")
    row = rows[0]
    body = zlib.decompress(row.pop("body")) if row["body"] is not None else b""
    return row, body


def _media_type(content_type: str | None) -> tuple[str, str]:
    """(media type, charset) of a Content-Type header."""
    media, _, params = (content_type or "").partition(";")
    charset = "utf-8"
    for param in params.split(";"):
        key, _, value = param.strip().partition("=")
        if key.lower() == "charset" and value:
            charset = value.strip().strip('"')
    return media.strip().lower(), charset


def _as_text(body: bytes, charset: str) -> str:
    try:
        return body.decode(charset, errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


def _is_text(media: str) -> bool:
    return media.startswith("text/") or media in (
        "", "application/xhtml+xml", "application/xml", "application/json",
        "application/rss+xml", "application/atom+xml",
    )


@page
async def snapshot_page(datasette, request):
    from datasette.utils.asgi import Response

    snapshot_id = int(request.url_vars["id"])
    row, body = await _snapshot(datasette, snapshot_id)
    media, charset = _media_type(row["content_type"])
    text = _as_text(body, charset) if _is_text(media) else None
    truncated = bool(text and len(text) > SNAPSHOT_PAGE_CHARS)
    db_name = our_database(datasette)
    docs = await _rows(
        datasette.get_database(db_name),
        "select id, title, url from documents where snapshot_id = ? or extracted_snapshot_id = ?",
        [snapshot_id, snapshot_id],
    )
    context = _context(
        datasette,
        snapshot=row,
        media=media,
        text=text[:SNAPSHOT_PAGE_CHARS] if text else None,
        truncated=truncated,
        raw_url=datasette.urls.path(f"/-/snapshot/{snapshot_id}/raw"),
        source_url=safe_url(row["url"]),
        documents=[dict(d, row_url=datasette.urls.row(db_name, "documents", str(d["id"])))
                   for d in docs],
    )
    return Response.html(
        await datasette.render_template("claimwatch/snapshot.html", context, request=request)
    )


@page
async def snapshot_raw(datasette, request):
    """The stored body: text as text/plain (never rendered), other types downloaded."""
    from datasette.utils.asgi import Response

    snapshot_id = int(request.url_vars["id"])
    row, body = await _snapshot(datasette, snapshot_id)
    media, charset = _media_type(row["content_type"])
    headers = dict(SNAPSHOT_HEADERS)
    if _is_text(media):
        return Response(
            _as_text(body, charset), headers=headers, content_type="text/plain; charset=utf-8"
        )
    extension = {"application/pdf": "pdf"}.get(media, "bin")
    headers["Content-Disposition"] = f'attachment; filename="snapshot-{snapshot_id}.{extension}"'
    return Response(
        body, headers=headers,
        content_type="application/pdf" if extension == "pdf" else "application/octet-stream",
    )


# -- Atom ----------------------------------------------------------------------

ATOM_NS = "http://www.w3.org/2005/Atom"
ATOM_COLUMNS = {"atom_id", "atom_title", "atom_updated"}


def _rfc3339(stamp) -> str:
    """An ISO date or timestamp as Atom wants it (a date becomes midnight UTC)."""
    s = str(stamp or "1970-01-01")
    if len(s) == 10:
        return s + "T00:00:00Z"
    if len(s) == 19:  # no zone: take it as UTC
        return s + "Z"
    return s


def atom_feed(*, title: str, feed_id: str, self_url: str, base_url: str, rows) -> str:
    """An Atom document from rows with atom_id, atom_title, atom_updated and
    optionally atom_link (absolute, or a path on this site) and atom_content
    (plain text: scraped text never becomes markup in a feed reader either)."""
    import xml.etree.ElementTree as ET

    ET.register_namespace("", ATOM_NS)

    def sub(parent, tag, text=None, **attrs):
        el = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
        if text is not None:
            el.text = str(text)
        return el

    rows = [dict(r) for r in rows]
    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    sub(feed, "title", title)
    sub(feed, "id", feed_id)
    sub(feed, "link", rel="self", href=self_url)
    sub(feed, "updated", max((_rfc3339(r["atom_updated"]) for r in rows), default=_rfc3339(None)))
    sub(sub(feed, "author"), "name", "claimwatch")
    for row in rows:
        entry = sub(feed, "entry")
        sub(entry, "id", f"{feed_id}:{row['atom_id']}")
        sub(entry, "title", row["atom_title"] or "")
        sub(entry, "updated", _rfc3339(row["atom_updated"]))
        link = row.get("atom_link")
        if link:
            if not safe_url(link):
                link = base_url.rstrip("/") + "/" + str(link).lstrip("/")
            sub(entry, "link", href=link)
        if row.get("atom_content"):
            sub(entry, "content", row["atom_content"], type="text")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode")


def _render_atom(datasette, request, database, query_name, columns, rows):
    from datasette.utils.asgi import Response

    title = datasette.metadata("title") or "claimwatch"
    name = query_name or "query"
    xml = atom_feed(
        title=f"{title}: {name}",
        feed_id=f"tag:claimwatch,2026:{database}/{name}",
        self_url=datasette.absolute_url(request, request.full_path),
        base_url=datasette.absolute_url(request, "/"),
        rows=[dict(zip(columns, r)) for r in rows],
    )
    return Response(xml, content_type="application/atom+xml; charset=utf-8")


@hookimpl
def register_output_renderer(datasette):
    if our_database(datasette) is None:
        return None
    return {
        "extension": "atom",
        "render": lambda datasette, request, database, query_name, columns, rows: _render_atom(
            datasette, request, database, query_name, columns, rows
        ),
        "can_render": lambda columns: ATOM_COLUMNS <= set(columns),
    }


@page
async def feed_route(datasette, request):
    """/-/feed.atom: the entries of the ``feed`` canned query."""
    db_name = our_database(datasette)
    query = await datasette.get_canned_query(db_name, "feed", request.actor)
    if query is None:
        raise Missing("No feed query configured")
    results = await datasette.get_database(db_name).execute(query["sql"])
    return _render_atom(datasette, request, db_name, "feed", list(results.columns), results.rows)


# -- charts --------------------------------------------------------------------


@page
async def charts_page(datasette, request):
    """/-/charts: each chart of the plugin configuration, drawn from its canned query."""
    from datasette.utils.asgi import Response

    from kb.datasette import charts as chartlib

    db_name = our_database(datasette)
    db = datasette.get_database(db_name)
    config = datasette.plugin_config("claimwatch") or {}
    drawn = []
    for spec in config.get("charts", []):
        query = await datasette.get_canned_query(db_name, spec["query"], request.actor)
        if query is None:
            continue
        params = {p: request.args.get(p, "") for p in spec.get("params", [])}
        results = await db.execute(query["sql"], params)
        rows = [dict(r) for r in results.rows]
        if spec["type"] == "line":
            chart = chartlib.line_chart(rows, x=spec["x"], y=spec["y"], series=spec["series"],
                                        log=spec.get("log", True))
        else:
            chart = chartlib.bar_chart(rows, label=spec["label"], y=spec["y"],
                                       series=spec.get("series"), log=spec.get("log", True))
        drawn.append({
            "spec": spec, "chart": chart, "params": params, "rows": len(rows),
            "query_url": datasette.urls.table(db_name, spec["query"]),
        })
    return Response.html(
        await datasette.render_template(
            "claimwatch/charts.html", _context(datasette, charts=drawn), request=request
        )
    )


# -- facets --------------------------------------------------------------------


#: A filtered claims page with more rows than this shows no live facet counts
#: (they would group that many rows once per facet on every view); narrowing
#: the filter brings them back.  The unfiltered page reads facet_counts.
LIVE_FACET_ROWS = 20_000


def _counted_facet_class():
    from datasette.facets import ColumnFacet
    from datasette.utils import path_with_added_args, path_with_removed_args

    class CountedFacet(ColumnFacet):
        """A column facet (``facets: [{counted: metric}]`` in metadata) that reads
        the whole-table counts from ``facet_counts`` (rebuilt by
        kb.lineage.refresh at the end of every update, so they are the counts
        of the last finished update) when the page is unfiltered, and counts
        with SQL like a column facet otherwise."""

        type = "counted"

        async def suggest(self):
            return []

        @staticmethod
        def _as_column(found):
            results, timed_out = found
            return [dict(r, type="column") for r in results], timed_out

        def _unfiltered(self) -> bool:
            tail = self.sql.lower().rsplit(" from ", 1)[-1]
            return not self.params and " where " not in f" {tail} "

        async def facet_results(self):
            db = self.ds.get_database(self.database)
            if not self.table or not self._unfiltered():
                if self.row_count is not None and self.row_count > LIVE_FACET_ROWS:
                    # too many rows to group on every view: say so, as for a time-out
                    return [], [
                        (c["config"].get("column") or c["config"]["simple"])
                        for c in self.get_configs()
                    ]
                return self._as_column(await super().facet_results())
            results = []
            facet_size = self.get_facet_size()
            qs_pairs = self.get_querystring_pairs()
            for source_and_config in self.get_configs():
                config = source_and_config["config"]
                column = config.get("column") or config["simple"]
                rows = (await db.execute(
                    "select value, count from facet_counts where table_name = ?"
                    " and column_name = ? order by count desc, value limit ?",
                    [self.table, column, facet_size + 1],
                )).rows
                if not rows:  # never counted (no refresh yet): count with SQL
                    return self._as_column(await super().facet_results())
                expanded = await self.ds.expand_foreign_keys(
                    self.database, self.table, column, [r["value"] for r in rows[:facet_size]]
                )
                values = []
                for row in rows[:facet_size]:
                    column_qs = f"{column}__exact" if column.startswith("_") else column
                    selected = (column_qs, str(row["value"])) in qs_pairs
                    toggle = (path_with_removed_args(self.request, {column_qs: str(row["value"])})
                              if selected else
                              path_with_added_args(self.request, {column_qs: row["value"]}))
                    values.append({
                        "value": row["value"],
                        "label": expanded.get((column, row["value"]), row["value"]),
                        "count": row["count"],
                        "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(toggle)),
                        "selected": selected,
                    })
                results.append({
                    "name": column,
                    "type": "column",  # shown as an ordinary column facet
                    "hideable": source_and_config["source"] != "metadata",
                    "toggle_url": self.ds.urls.path(
                        path_with_removed_args(self.request, {"_facet": column})
                    ),
                    "results": values,
                    "truncated": len(rows) > facet_size,
                })
            return results, []

    return CountedFacet


@hookimpl
def register_facet_classes():
    return [_counted_facet_class()]
