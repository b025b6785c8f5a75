"""The knowledge base schema, as an ordered set of sqlite-utils migrations.

Every table of ``kb.db`` is created here and only here.  A database made by
an older claimwatch is upgraded in place by applying the migrations it has
not seen yet (``MIGRATIONS.apply(db)``, done by :func:`kb.db.open_db`); a
migration never drops rows.  To change the schema, append a new migration:
never edit one that has shipped.

Tables, in the order data flows through them::

    sources ─┬─> pages (one per URL: frontier + conditional-request state)
             ├─> snapshots (one per fetch whose content changed, body zlib'd)
             ├─> fetch_errors (one per failed fetch)
             ├─> documents (one per canonical article/report) ─> claims
             └─> observations (leaderboard data points) ─> entities
    crawl_runs: one per run of crawl/extract/update
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.db import ForeignKey
from sqlite_utils.migrations import Migrations

MIGRATIONS = Migrations("claimwatch")


@MIGRATIONS()
def m001_initial(db: Database) -> None:
    db["sources"].create(
        {
            "id": int,
            "name": str,
            "kind": str,
            "url": str,
            "format": str,
            "licence": str,
            "attribution": str,
            "config": str,  # the source's TOML table, as JSON
            "added_at": str,
            "last_success": str,
            "last_failure": str,
            "last_error": str,
        },
        pk="id",
        not_null={"name", "kind", "url"},
    )
    db["sources"].create_index(["name"], unique=True)

    db["crawl_runs"].create(
        {
            "id": int,
            "command": str,
            "started_at": str,
            "finished_at": str,
            "status": str,  # running, ok, failed, interrupted
            "fetched": int,
            "new": int,
            "changed": int,
            "unchanged": int,
            "failed": int,
            "documents_extracted": int,
            "claims_added": int,
            "observations_added": int,
            "errors": int,
            "per_source": str,  # JSON {source: {fetched, new, changed, failed}}
            "message": str,
        },
        pk="id",
    )

    db["snapshots"].create(
        {
            "id": int,
            "source_id": int,
            "run_id": int,
            "url": str,
            "fetched_at": str,
            "status": int,
            "content_type": str,
            "etag": str,
            "last_modified": str,
            "content_hash": str,
            "size": int,
            "body": bytes,  # zlib-compressed response body
        },
        pk="id",
        foreign_keys=[("source_id", "sources", "id"), ("run_id", "crawl_runs", "id")],
        not_null={"url", "fetched_at", "content_hash"},
    )
    db["snapshots"].create_index(["url", "fetched_at"])
    db["snapshots"].create_index(["content_hash"])

    db["pages"].create(
        {
            "url": str,
            "source_id": int,
            "first_seen": str,
            "last_fetched": str,
            "last_status": int,
            "etag": str,
            "last_modified": str,
            "content_hash": str,
            "snapshot_id": int,
            "fetch_count": int,
            "failures": int,
            "last_error": str,
        },
        pk="url",
        foreign_keys=[("source_id", "sources", "id"), ("snapshot_id", "snapshots", "id")],
    )

    db["fetch_errors"].create(
        {
            "id": int,
            "run_id": int,
            "source_id": int,
            "url": str,
            "at": str,
            "status": int,
            "reason": str,
        },
        pk="id",
        foreign_keys=[("source_id", "sources", "id"), ("run_id", "crawl_runs", "id")],
    )
    db["fetch_errors"].create_index(["url"])

    db["entities"].create(
        {
            "id": int,
            "name": str,
            "kind": str,  # model, provider, platform, country, aggregate
            "parent_id": int,  # model -> provider, product -> company
            "country": str,
            "url": str,
            "notes": str,
        },
        pk="id",
        foreign_keys=[("parent_id", "entities", "id")],
        not_null={"name", "kind"},
    )
    db["entities"].create_index(["kind", "name"], unique=True)
    db["entity_aliases"].create(
        {"alias": str, "entity_id": int, "origin": str},
        pk="alias",
        foreign_keys=[("entity_id", "entities", "id")],
    )
    db["entity_aliases"].create_index(["entity_id"])

    db["documents"].create(
        {
            "id": int,
            "url": str,  # the canonical URL: one row per article
            "fetched_url": str,  # the URL it was last fetched from
            "source_id": int,
            "snapshot_id": int,
            "kind": str,  # html, pdf, text
            "title": str,
            "author": str,
            "published_at": str,
            "site_name": str,
            "language": str,
            "text": str,
            "pages": str,  # JSON list of page start offsets (PDF)
            "words": int,
            "fetched_at": str,
            "first_seen": str,
            "extractor_version": str,
            "extracted_snapshot_id": int,
            "extracted_at": str,
            "extract_error": str,
        },
        pk="id",
        foreign_keys=[("source_id", "sources", "id"), ("snapshot_id", "snapshots", "id")],
        not_null={"url"},
    )
    db["documents"].create_index(["url"], unique=True)
    db["documents"].create_index(["published_at"])

    db["claims"].create(
        {
            "id": int,
            "document_id": int,
            "sentence": str,
            "quote": str,
            "metric": str,
            "value": float,
            "unit": str,
            "per": str,
            "token_kind": str,
            "qualifier": str,
            "subject": str,
            "entity_id": int,
            "as_of": str,
            "period": str,  # as_of normalised: 2026-05, 2026-W11, 2026-Q3, 2024-H1
            "attributed_to": str,
            "char_start": int,
            "char_end": int,
            "sentence_start": int,
            "page": int,
            "extractor_version": str,
        },
        pk="id",
        foreign_keys=[("document_id", "documents", "id"), ("entity_id", "entities", "id")],
        not_null={"document_id", "sentence", "quote", "metric"},
    )
    for cols in (["document_id"], ["metric", "unit"], ["entity_id"], ["period"]):
        db["claims"].create_index(cols)

    db["observations"].create(
        {
            "id": int,
            "source_id": int,
            "entity_id": int,
            "metric": str,
            "value": float,
            "unit": str,
            "per": str,
            "token_kind": str,
            "period": str,  # the day, week or date the value holds for
            "partial": int,  # 1 when the period was still running at fetch time
            "snapshot_id": int,
            "fetched_at": str,
            "raw_name": str,  # the entity as the source spells it
            "extra": str,  # JSON of source-specific fields
        },
        pk="id",
        foreign_keys=[
            ("source_id", "sources", "id"),
            ("entity_id", "entities", "id"),
            ("snapshot_id", "snapshots", "id"),
        ],
        not_null={"source_id", "metric", "value"},
    )
    db["observations"].create_index(
        ["source_id", "entity_id", "metric", "token_kind", "period"]
    )


@MIGRATIONS()
def m002_claims_browse(db: Database) -> None:
    """Facet columns on claims: the document's source and the claim's year.

    ``claims.source_id`` copies ``documents.source_id`` and ``claims.year``
    is the year of ``claims.period`` (else of the document's
    ``published_at``), so Datasette can facet a million claims by source and
    year without a join.  Triggers keep both right whoever writes the rows.
    """
    db.execute("ALTER TABLE claims ADD COLUMN source_id INTEGER REFERENCES sources(id)")
    db.execute("ALTER TABLE claims ADD COLUMN year INTEGER")
    year_of = (
        "coalesce("
        "  case when {period} glob '[12][0-9][0-9][0-9]*'"
        "       then cast(substr({period}, 1, 4) as integer) end,"
        "  (select case when d.published_at glob '[12][0-9][0-9][0-9]*'"
        "               then cast(substr(d.published_at, 1, 4) as integer) end"
        "     from documents d where d.id = {doc}))"
    )
    db.execute(
        "update claims set"
        " source_id = (select d.source_id from documents d where d.id = claims.document_id),"
        f" year = {year_of.format(period='claims.period', doc='claims.document_id')}"
    )
    db.executescript(
        f"""
        CREATE TRIGGER claims_browse_ai AFTER INSERT ON claims BEGIN
          UPDATE claims SET
            source_id = (select d.source_id from documents d where d.id = new.document_id),
            year = {year_of.format(period='new.period', doc='new.document_id')}
          WHERE id = new.id;
        END;
        CREATE TRIGGER claims_browse_au AFTER UPDATE OF period, document_id ON claims BEGIN
          UPDATE claims SET
            source_id = (select d.source_id from documents d where d.id = new.document_id),
            year = {year_of.format(period='new.period', doc='new.document_id')}
          WHERE id = new.id;
        END;
        CREATE TRIGGER documents_browse_au AFTER UPDATE OF published_at, source_id ON documents BEGIN
          UPDATE claims SET
            source_id = new.source_id,
            year = {year_of.format(period='claims.period', doc='new.id')}
          WHERE document_id = new.id;
        END;
        """
    )
    for cols in (["source_id"], ["year"], ["unit"], ["qualifier"]):
        db["claims"].create_index(cols)


def _fk(table: str, column: str, other: str, on_delete: str) -> ForeignKey:
    """A foreign key to ``other.id`` with an ON DELETE action."""
    return ForeignKey(table=table, column=column, other_table=other, other_column="id",
                      on_delete=on_delete)


@MIGRATIONS()
def m003_lineage(db: Database) -> None:
    """Full-text search on documents and claims; clusters and disagreements.

    The FTS5 indexes are kept current by triggers.  ``clusters``,
    ``cluster_claims`` and ``disagreements`` are derived from the claims and
    recomputed by :func:`kb.lineage.refresh` after each extraction.  Their
    references to claims and documents cascade (or go null) on delete, so
    re-extracting a document (which replaces its claims) is never blocked by
    them; the next refresh rebuilds them.
    """
    db["documents"].enable_fts(["title", "text"], create_triggers=True, tokenize="porter")
    db["claims"].enable_fts(["sentence"], create_triggers=True, tokenize="porter")
    # sqlite-utils re-indexes a row on any update; only text changes matter
    # (documents are updated at every fetch, claims by the facet triggers).
    db.executescript(
        """
        DROP TRIGGER "documents_au";
        CREATE TRIGGER "documents_au" AFTER UPDATE OF "title", "text" ON "documents" BEGIN
          INSERT INTO "documents_fts" ("documents_fts", rowid, "title", "text")
            VALUES('delete', old.rowid, old."title", old."text");
          INSERT INTO "documents_fts" (rowid, "title", "text") VALUES (new.rowid, new."title", new."text");
        END;
        DROP TRIGGER "claims_au";
        CREATE TRIGGER "claims_au" AFTER UPDATE OF "sentence" ON "claims" BEGIN
          INSERT INTO "claims_fts" ("claims_fts", rowid, "sentence") VALUES('delete', old.rowid, old."sentence");
          INSERT INTO "claims_fts" (rowid, "sentence") VALUES (new.rowid, new."sentence");
        END;
        """
    )
    db["clusters"].create(
        {
            "id": int,  # the id of the cluster's first claim, so its URL stays put
            "label": str,
            "subject": str,
            "entity_id": int,
            "metric": str,
            "value": float,
            "unit": str,
            "per": str,
            "token_kind": str,
            "period": str,
            "min_value": float,
            "max_value": float,
            "claims": int,
            "documents": int,
            "sources": int,  # independent sources: distinct sites
            "first_claim_id": int,
            "first_document_id": int,
            "first_seen": str,
            "last_seen": str,
            "attributed_to": str,
        },
        pk="id",
        foreign_keys=[
            _fk("clusters", "entity_id", "entities", "SET NULL"),
            _fk("clusters", "first_claim_id", "claims", "SET NULL"),
            _fk("clusters", "first_document_id", "documents", "SET NULL"),
        ],
    )
    for cols in (["metric", "unit"], ["entity_id"], ["sources"], ["first_seen"],
                 ["first_claim_id"], ["first_document_id"]):
        db["clusters"].create_index(cols)
    db["cluster_claims"].create(
        {
            "claim_id": int,
            "cluster_id": int,
            "document_id": int,
            "site": str,
            "seen_at": str,
            "is_first": int,
            "cites_document_id": int,
        },
        pk="claim_id",
        foreign_keys=[
            _fk("cluster_claims", "claim_id", "claims", "CASCADE"),
            _fk("cluster_claims", "cluster_id", "clusters", "CASCADE"),
            _fk("cluster_claims", "document_id", "documents", "CASCADE"),
            _fk("cluster_claims", "cites_document_id", "documents", "SET NULL"),
        ],
    )
    for cols in (["cluster_id", "seen_at"], ["document_id"], ["cites_document_id"]):
        db["cluster_claims"].create_index(cols)
    db["disagreements"].create(
        {
            "id": int,
            "label": str,
            "subject": str,
            "entity_id": int,
            "metric": str,
            "unit": str,
            "per": str,
            "token_kind": str,
            "period": str,
            "claim_a": int,
            "claim_b": int,
            "quote_a": str,
            "quote_b": str,
            "value_a": float,
            "value_b": float,
            "ratio": float,
            "reports_a": int,
            "reports_b": int,
            "site_a": str,
            "site_b": str,
            "cluster_a": int,
            "cluster_b": int,
            "detected_at": str,  # when the later of the two reports was first fetched
        },
        pk="id",
        foreign_keys=[
            _fk("disagreements", "entity_id", "entities", "SET NULL"),
            _fk("disagreements", "claim_a", "claims", "CASCADE"),
            _fk("disagreements", "claim_b", "claims", "CASCADE"),
        ],
    )
    for cols in (["claim_a"], ["claim_b"], ["cluster_a"], ["cluster_b"], ["detected_at"],
                 ["metric", "unit"]):
        db["disagreements"].create_index(cols)


@MIGRATIONS()
def m004_observation_variants(db: Database) -> None:
    """``observations.variant``: the part of an observation's identity the claim
    vocabulary has no field for (``cache_read``, ``above_200000_tokens``,
    ``context_length``, ``arena:text:overall``, ``eci``...; null for the plain
    measure), and the indexes :mod:`kb.observations` reads by: a series'
    latest row, and an entity's values for claim checks."""
    db["observations"].add_column("variant", str)
    db["observations"].create_index(
        ["source_id", "raw_name", "metric", "variant", "token_kind", "period"],
        index_name="idx_observations_series",
    )
    db["observations"].create_index(
        ["entity_id", "metric", "period"], index_name="idx_observations_entity_metric_period"
    )


@MIGRATIONS()
def m005_source_runs(db: Database) -> None:
    """``source_runs``: one row per source per run (fetched/new/changed/failed,
    ok, the reason it failed), and the ``source_health`` view over it: each
    source's last success, last failure and reason, and how many runs in a row
    it has failed."""
    db["source_runs"].create(
        {
            "run_id": int,
            "source_id": int,
            "ok": int,
            "fetched": int,
            "new": int,
            "changed": int,
            "unchanged": int,
            "failed": int,
            "observations_added": int,
            "error": str,
        },
        pk=("run_id", "source_id"),
        foreign_keys=[("run_id", "crawl_runs", "id"), ("source_id", "sources", "id")],
    )
    db["source_runs"].create_index(["source_id", "run_id"])
    db.execute(
        """
        create view source_health as
        select s.id as source_id, s.name, s.kind, s.url,
               s.last_success, s.last_failure, s.last_error,
               last.run_id as last_run, last.ok as last_run_ok,
               last.fetched as last_fetched, last.new as last_new,
               last.changed as last_changed, last.failed as last_failed,
               (select count(*) from source_runs r
                 where r.source_id = s.id and r.ok = 0
                   and r.run_id > coalesce((select max(r2.run_id) from source_runs r2
                                             where r2.source_id = s.id and r2.ok = 1), 0)
               ) as failed_runs_in_a_row,
               case
                 when last.run_id is null then 'never run'
                 when last.ok = 1 then 'ok'
                 when (select count(*) from source_runs r
                        where r.source_id = s.id and r.ok = 0
                          and r.run_id > coalesce((select max(r2.run_id) from source_runs r2
                                                    where r2.source_id = s.id and r2.ok = 1), 0)) >= 3
                   then 'failing'
                 else 'failed last run'
               end as health
        from sources s
        left join source_runs last on last.source_id = s.id
          and last.run_id = (select max(run_id) from source_runs where source_id = s.id)
        """
    )


@MIGRATIONS()
def m006_facet_counts(db: Database) -> None:
    """``facet_counts``: whole-table value counts of the columns Datasette facets
    the claims by, computed by :func:`kb.lineage.refresh`, so the unfiltered
    claims page does not group a million rows six times per view."""
    db.execute(
        """
        CREATE TABLE facet_counts (
          table_name TEXT NOT NULL,
          column_name TEXT NOT NULL,
          value,  -- no affinity: integers stay integers, text stays text
          count INTEGER NOT NULL,
          PRIMARY KEY (table_name, column_name, value)
        )
        """
    )


@MIGRATIONS()
def m007_leaderboard_derived(db: Database) -> None:
    """Tables derived from observations and claims, rebuilt by
    :func:`kb.observations.refresh` (called by ``create_views``) so that the
    views over them answer fast on a large knowledge base:

    * ``weekly_tokens``: tokens per entity (as the source names it) per ISO
      week, from weekly feeds and from complete or partial sums of daily rows;
    * ``claim_check_results``: each token / price claim about a known entity,
      its verdict and the observation it was checked against.

    No foreign keys: both are rebuilt whole, and the views join them to the
    live tables, so a re-extracted claim never waits on them.
    """
    db["weekly_tokens"].create(
        {
            "source_id": int,
            "entity_id": int,
            "raw_name": str,
            "week": str,  # ISO week, 2026-W39
            "tokens": float,
            "partial": int,
            "days": int,  # daily rows summed (7 for a weekly feed's value)
            "basis": str,  # weekly | daily
        },
    )
    db["weekly_tokens"].create_index(["week", "source_id"])
    db["weekly_tokens"].create_index(["entity_id", "week"])
    db["claim_check_results"].create(
        {
            "claim_id": int,
            "verdict": str,  # agrees, disagrees, no data
            "observation_id": int,
            "source_id": int,
            "observed_value": float,
            "observed_period": str,
            "observed_as": str,
            "difference_pct": float,
            "candidates": int,
            "checked_at": str,
        },
        pk="claim_id",
    )
    db["claim_check_results"].create_index(["verdict"])
    db["claim_check_results"].create_index(["source_id"])


@MIGRATIONS()
def m008_browse_indexes(db: Database) -> None:
    """Indexes for what the Datasette pages filter and join on: the documents
    page's facets (site, source, kind, language) and an entity's claims of
    one metric (prices of a model, token volumes of a platform)."""
    for cols in (["site_name"], ["source_id"], ["kind"], ["language"]):
        db["documents"].create_index(cols, if_not_exists=True)
    db["claims"].create_index(["entity_id", "metric", "period"], if_not_exists=True)


@MIGRATIONS()
def m009_lineage_indexes(db: Database) -> None:
    """Disagreements by entity, and unlinked clusters and disagreements by subject."""
    db["disagreements"].create_index(["entity_id", "detected_at"], if_not_exists=True)
    db["disagreements"].create_index(["subject"], if_not_exists=True)
    db["clusters"].create_index(["subject"], if_not_exists=True)
