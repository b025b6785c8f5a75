"""Publishing the knowledge base with Datasette.

``make_datasette(path)`` builds the Datasette instance ``claimwatch serve``
runs: the project's metadata (``kb/datasette/metadata.yml``, applied to
whatever the database file is called), templates, static files, the
claimwatch plugin (``kb/datasette/plugin.py``: claim and snapshot pages,
charts, the Atom feed, links from claims to their documents) and locked-down
settings: the file opened read-only (``immutable`` only for a finished file,
so a running update's commits show), no arbitrary SQL, a SQL time limit, no
database download.  ``serve(path)`` runs it with uvicorn.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path
from typing import Any

import yaml
from datasette.app import Datasette
from datasette.utils import tilde_encode

from kb.db import KBError, open_db

HERE = Path(__file__).parent / "datasette"
METADATA_FILE = HERE / "metadata.yml"
TEMPLATES_DIR = HERE / "templates"
STATIC_DIR = HERE / "static"
#: The database key used in metadata.yml, replaced by the served file's name.
METADATA_DB_KEY = "kb"
#: URL prefix of the project's static files (CSS, chart script).
STATIC_MOUNT = "claimwatch-static"

#: Datasette settings of a published instance.  Arbitrary SQL is off (canned
#: queries, table filters, facets and full-text search still work), every
#: query has a time limit, the database file cannot be downloaded (it holds
#: the stored pages of third parties), facet suggestions are off (they run
#: one query per column on every table page).
SETTINGS: dict[str, Any] = {
    "default_allow_sql": False,
    "sql_time_limit_ms": 1000,
    "facet_time_limit_ms": 500,
    "facet_suggest_time_limit_ms": 50,
    "suggest_facets": False,
    "allow_download": False,
    "allow_facet": True,
    "max_returned_rows": 1000,
    "default_page_size": 50,
    "truncate_cells_html": 400,
    "num_sql_threads": 3,
}


def database_name(db_path: str | Path) -> str:
    """The name Datasette gives the database file (its stem)."""
    return Path(db_path).stem


def load_metadata(db_name: str) -> dict:
    """metadata.yml with its database section keyed by ``db_name``."""
    meta = yaml.safe_load(METADATA_FILE.read_text(encoding="utf-8"))
    meta = _substitute(meta, "{database}", tilde_encode(db_name))
    databases = meta.get("databases") or {}
    if METADATA_DB_KEY in databases and db_name != METADATA_DB_KEY:
        databases[db_name] = databases.pop(METADATA_DB_KEY)
    meta.setdefault("plugins", {}).setdefault("claimwatch", {})["database"] = db_name
    return meta


def _substitute(value: Any, token: str, replacement: str) -> Any:
    if isinstance(value, str):
        return value.replace(token, replacement)
    if isinstance(value, dict):
        return {k: _substitute(v, token, replacement) for k, v in value.items()}
    if isinstance(value, list):
        return [_substitute(v, token, replacement) for v in value]
    return value


def prepare_database(db_path: str | Path) -> None:
    """Upgrade the schema and fold the WAL into the file before serving it.

    An immutable SQLite connection ignores the ``-wal`` file, so whatever a
    crawl committed there must be checkpointed into the main file first.
    """
    db = open_db(db_path)
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.DatabaseError:
        pass  # a writer holds the WAL: serve what is in the file
    finally:
        db.conn.close()


def inspect_data(db_path: str | Path, name: str) -> dict:
    """Row counts of every table, in Datasette's ``inspect`` format.

    Given to an immutable instance, they spare the unfiltered table pages a
    ``count(*)`` over a million claims on every view.
    """
    path = Path(db_path)
    stat = path.stat()
    conn = sqlite3.connect(f"file:{path.resolve()}?immutable=1", uri=True)
    try:
        tables = [
            r[0] for r in conn.execute(
                "select name from sqlite_master where type = 'table'"
                " and sql not like 'CREATE VIRTUAL TABLE%'"
            )
        ]
        counts = {t: conn.execute(f'select count(*) from "{t}"').fetchone()[0] for t in tables}
    finally:
        conn.close()
    return {
        name: {
            "hash": f"{stat.st_size:x}-{stat.st_mtime_ns:x}",
            "size": stat.st_size,
            "file": path.name,
            "tables": {t: {"count": n} for t, n in counts.items()},
        }
    }


def register_plugin() -> None:
    """Register the claimwatch Datasette plugin (once per process)."""
    from datasette.plugins import pm

    from kb.datasette import plugin

    if not pm.is_registered(plugin):
        pm.register(plugin, name="claimwatch")


def make_datasette(
    db_path: str | Path,
    *,
    immutable: bool = True,
    allow_sql: bool = False,
    settings: dict[str, Any] | None = None,
) -> Datasette:
    """A Datasette instance over ``db_path`` with the project's configuration.

    ``immutable=True`` (publishing a finished file) opens it with SQLite's
    ``immutable=1``: fastest, and nothing can change it.  ``immutable=False``
    serves a file that ``claimwatch update`` may still write to (cron); reads
    stay read-only since no canned query writes.  ``allow_sql=True`` turns
    arbitrary read-only SQL on for a private instance.
    """
    path = Path(db_path)
    if not path.is_file():
        raise KBError(f"{path}: no such database")
    prepare_database(path)
    register_plugin()
    name = database_name(path)
    merged = dict(SETTINGS, default_allow_sql=allow_sql, **(settings or {}))
    ds = Datasette(
        files=[] if immutable else [str(path)],
        immutables=[str(path)] if immutable else [],
        metadata=load_metadata(name),
        template_dir=str(TEMPLATES_DIR),
        static_mounts=[(STATIC_MOUNT, str(STATIC_DIR))],
        settings=merged,
        cors=False,
        inspect_data=inspect_data(path, name) if immutable else None,
    )
    if name not in ds.databases:  # pragma: no cover - Datasette renamed it
        raise KBError(f"{path}: Datasette named the database {list(ds.databases)}")
    return ds


def serve(
    db_path: str | Path,
    host: str = "127.0.0.1",
    port: int = 8001,
    *,
    immutable: bool = True,
    allow_sql: bool = False,
) -> None:
    """Serve ``db_path`` with Datasette until Ctrl-C; prints the URL first."""
    import uvicorn

    ds = make_datasette(db_path, immutable=immutable, allow_sql=allow_sql)
    name = database_name(db_path)
    url = f"http://{host}:{port}/"
    print(
        f"Datasette serving {db_path} at {url} (claims: {url}{tilde_encode(name)}/claims)"
        " - Ctrl-C stops it",
        flush=True,
    )
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning")


def main(argv: list[str] | None = None) -> int:
    """``python -m kb.publish DB [--host H] [--port N] [--mutable] [--allow-sql]``"""
    parser = argparse.ArgumentParser(prog="python -m kb.publish", description=__doc__.split("\n")[0])
    parser.add_argument("db")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--mutable", action="store_true", help="serve a file that is still being written")
    parser.add_argument("--allow-sql", action="store_true", help="allow arbitrary read-only SQL")
    args = parser.parse_args(argv)
    try:
        serve(args.db, args.host, args.port, immutable=not args.mutable, allow_sql=args.allow_sql)
    except KBError as exc:
        print(f"kb.publish: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
