"""The claimwatch Datasette plugin: links from claims to their evidence.

Registered by :func:`kb.publish.register_plugin`.  Every hook acts only on
the database named in the ``claimwatch`` plugin configuration, so other
Datasette instances in the same process are left alone.

Scraped text never becomes markup here: every value is escaped with
``markupsafe.escape`` and only http(s) URLs become links.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from datasette import hookimpl


def our_database(datasette) -> str | None:
    """The database this plugin serves, or None on a foreign instance."""
    config = datasette.plugin_config("claimwatch") or {}
    return config.get("database")


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


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if database != our_database(datasette) or value is None:
        return None
    if table == "claims" and column == "document_id":
        doc_id = value["value"] if isinstance(value, dict) else value

        async def document_cell():
            rows = await datasette.get_database(database).execute(
                "select title, url from documents where id = ?", [doc_id]
            )
            first = rows.first()
            if first is None:
                return None
            return document_links(datasette, database, doc_id, first["title"], first["url"])

        return document_cell
    if table == "claims" and column == "quote":
        return Markup('<a class="cw-claim" href="{}">{}</a>').format(
            claim_url(datasette, row["id"]), value
        )
    if table is None and column == "claim_id" and str(value).isdigit():
        # canned queries name the claim's id column claim_id
        return Markup('<a class="cw-claim" href="{}">{}</a>').format(
            claim_url(datasette, value), value
        )
    if table in ("documents", "pages") and column == "snapshot_id":
        snap = value["value"] if isinstance(value, dict) else value
        return Markup('<a href="{}">snapshot {}</a>').format(snapshot_url(datasette, snap), snap)
    return None
