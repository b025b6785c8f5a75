"""The ``claimwatch`` command: the whole job and each of its stages.

    claimwatch update  --sources FILE --db FILE   crawl + extract + refresh (for cron)
    claimwatch crawl   --sources FILE --db FILE   fetch and store only
    claimwatch crawl   --distributed redis://HOST:PORT/DB ...   one worker of a shared crawl
    claimwatch extract --db FILE [--all]          claims from stored documents
    claimwatch serve   --db FILE [--port N]       Datasette over the database
    claimwatch demo                               the bundled sample, end to end
    claimwatch stats   --db FILE                  row counts and the last runs
    claimwatch export  --db FILE --format csv|jsonl [--since DATE] [--output FILE]
    claimwatch backup  --db FILE OUT              a consistent copy, safe while in use
    claimwatch check-sources FILE                 validate a source list

Every stage prints a one-line summary and exits 0 only when it succeeded
(1 when some source or document failed, 2 for bad arguments or a bad source
list, 3 when another run holds the database's lock).  Errors are one line,
never a traceback.  The writing stages log to ``<db>.log`` (rotated) unless
``--log`` says otherwise.

``crawl``/``update --distributed REDIS_URL`` run one worker of a crawl shared
through Redis (:mod:`crawler.distributed`): any number of workers crawl into
the same database at once, so the crawl takes no run lock; ``<db>.lock`` is
taken (waiting for it, up to ``LOCK_WAIT`` seconds) only around what follows
the crawl (extraction, refresh), which must not run twice at once.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from claimwatch.progress import Progress, setup_logging
from claimwatch.runlock import LockBusy, RunLock
from crawler.sources import SourceError, load_sources
from kb import KBError, crawlstore, open_db

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_SOURCES = ROOT / "sources.sample.toml"
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_LOCKED = 0, 1, 2, 3
LOCK_WAIT = 1800.0  # seconds a distributed worker waits for <db>.lock to extract/refresh


class CLIError(Exception):
    """Stops the command with one line on stderr and exit status 2."""


def _say(msg: str) -> None:
    print(msg, flush=True)


def _err(msg: str) -> None:
    print(f"claimwatch: {msg}", file=sys.stderr, flush=True)


def _refresh(db) -> None:
    """Rebuild what is derived from claims and observations (views, clusters, facet counts)."""
    from kb import lineage, observations

    observations.create_views(db)
    lineage.refresh(db)


# -- stages -------------------------------------------------------------------


def do_crawl(sources: list[dict], db_path: str, run_id: int | None, *,
             distributed: str | None = None, idle_timeout: float | None = None):
    from crawler.run import crawl

    return crawl(sources, db_path, run_id=run_id, progress=sys.stderr.isatty(),
                 distributed=distributed, idle_timeout=idle_timeout)


def do_extract(db, *, everything: bool = False, workers: int = 1):
    from extract.stage import run_extract

    bar = Progress("extract")
    try:
        return run_extract(
            db,
            everything=everything,
            workers=workers,
            progress=lambda s: bar.update(documents=s.documents, claims=s.claims, unreadable=s.failed),
        )
    finally:
        bar.close()


def crawl_line(s) -> str:
    skipped = sum(1 for p in s.per_source.values() if isinstance(p, dict) and p.get("skipped"))
    return (
        f"{s.fetched} fetched ({s.new} new, {s.changed} changed, {s.unchanged} unchanged), "
        f"{s.failed} failed" + (f", {skipped} sources skipped" if skipped else "")
    )


def extract_line(s) -> str:
    return f"{s.documents} documents extracted, {s.claims} claims, {s.failed} unreadable"


class _Interrupted(Exception):
    pass


def _on_signal(signum, frame):
    raise _Interrupted(signal.Signals(signum).name)


def cmd_update(args) -> int:
    return _run_stages(args, crawl=True, extract=True, command="update")


def cmd_crawl(args) -> int:
    return _run_stages(args, crawl=True, extract=False, command="crawl")


def cmd_extract(args) -> int:
    return _run_stages(args, crawl=False, extract=True, command="extract")


@contextlib.contextmanager
def _waiting_lock(db_path: str, wait: float):
    """``<db>.lock``, waiting up to ``wait`` seconds for it (LockBusy after that)."""
    deadline = time.monotonic() + wait
    while True:
        try:
            lock = RunLock(db_path).acquire()
            break
        except LockBusy:
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.5)
    try:
        yield lock
    finally:
        lock.release()


def _run_stages(args, *, crawl: bool, extract: bool, command: str) -> int:
    # validated before any request or write
    sources = load_sources(args.sources, only=args.only) if crawl else None
    distributed = getattr(args, "distributed", None)
    if getattr(args, "idle_timeout", None) is not None and not distributed:
        raise CLIError(f"{command}: --idle-timeout applies to --distributed workers only")
    if distributed:
        # One worker among others crawling into the same database: no lock for the crawl,
        # <db>.lock (waited for) only around the stages that follow it.
        from crawler.distributed import DistributedError, connect

        try:
            connect(distributed).close()
        except DistributedError as exc:
            _err(f"{command}: {exc}")
            return EXIT_FAILED
        setup_logging(args.log if args.log is not None else f"{args.db}.log")
        try:
            return _locked_stages(args, sources, extract=extract, command=command,
                                  after_crawl=lambda: _waiting_lock(args.db, LOCK_WAIT))
        except DistributedError as exc:  # Redis went away between the check and the crawl
            _err(f"{command}: {exc}")
            return EXIT_FAILED
    try:
        lock = RunLock(args.db).acquire()
    except LockBusy as exc:
        _err(f"{command}: {exc}; not starting")
        return EXIT_LOCKED
    try:
        setup_logging(args.log if args.log is not None else f"{args.db}.log")
        return _locked_stages(args, sources, extract=extract, command=command)
    finally:
        lock.release()


def _locked_stages(args, sources: list[dict] | None, *, extract: bool, command: str,
                   after_crawl=None) -> int:
    """Crawl ``sources`` (None: no crawl), then extract and refresh, as one ``crawl_runs`` row."""
    db = open_db(args.db)
    run_id = crawlstore.start_run(db, command)
    counts: dict[str, int] = {}
    per_source = None
    parts: list[str] = []
    ok = True
    status = "failed"
    old = signal.signal(signal.SIGTERM, _on_signal)
    locked_out = False
    try:
        if sources is not None:
            distributed = getattr(args, "distributed", None)
            cs = do_crawl(sources, args.db, run_id, distributed=distributed,
                          idle_timeout=getattr(args, "idle_timeout", None))
            counts.update(
                fetched=cs.fetched, new=cs.new, changed=cs.changed, unchanged=cs.unchanged,
                failed=cs.failed, observations_added=cs.observations_added,
                errors=len(cs.errors),
            )
            per_source = cs.judged()  # distributed: the sources this worker judged
            parts.append(crawl_line(cs) + (f" as a worker of {cs.frontier}" if distributed else ""))
            ok = ok and cs.ok
            for e in cs.errors[:20]:
                _err(e)
        with after_crawl() if after_crawl else contextlib.nullcontext():
            if extract:
                es = do_extract(db, everything=getattr(args, "all", False), workers=args.workers)
                counts.update(documents_extracted=es.documents, claims_added=es.claims)
                counts["errors"] = counts.get("errors", 0) + es.failed
                parts.append(extract_line(es))
                ok = ok and es.ok
                for e in es.errors[:20]:
                    _err(e)
            _refresh(db)
        status = "ok" if ok else "failed"
    except LockBusy as exc:
        locked_out, ok, status = True, False, "failed"
        parts.append(f"not {'extracted' if extract else 'refreshed'}: {exc}")
    except (KeyboardInterrupt, _Interrupted) as exc:
        status = "interrupted"
        parts.append(f"interrupted ({exc or 'SIGINT'})")
        ok = False
    finally:
        signal.signal(signal.SIGTERM, old)
        crawlstore.finish_run(
            db, run_id, status=status, counts=counts, per_source=per_source,
            message="; ".join(parts),
        )
    line = f"{command}: " + "; ".join(parts) + f" [run {run_id}: {status}]"
    logging.getLogger("claimwatch.summary").info(line)
    _say(line)
    if locked_out:
        return EXIT_LOCKED
    return EXIT_OK if ok else EXIT_FAILED


def cmd_serve(args) -> int:
    from kb.publish import serve

    if not Path(args.db).exists():
        raise CLIError(f"{args.db}: no such database (run 'claimwatch update' first)")
    serve(args.db, host=args.host, port=args.port,
          immutable=getattr(args, "immutable", False), allow_sql=getattr(args, "allow_sql", False))
    return EXIT_OK


def cmd_demo(args) -> int:
    """Serve the sample site, run ``update`` on it in a child process, then serve."""
    from claimwatch.samplesite import serve as serve_sample

    try:  # a fixed port keeps the sample's URLs, so a second demo reuses kb.db
        site_cm = serve_sample(port=args.sample_port)
    except OSError:
        _err(f"demo: port {args.sample_port} is taken; the sample site gets another "
             "port, so its pages are stored again under new URLs")
        site_cm = serve_sample()
    with site_cm as site:
        _say(f"demo: sample site on {site.url}")
        env = dict(os.environ, CLAIMWATCH_SAMPLE_URL=site.url)
        cmd = [sys.executable, "-m", "claimwatch", "update",
               "--sources", str(SAMPLE_SOURCES), "--db", args.db]
        rc = subprocess.call(cmd, env=env)
    if rc not in (EXIT_OK, EXIT_FAILED):
        return rc
    _say(f"demo: serving {args.db} on http://{args.host}:{args.port}/ (Ctrl-C stops)")
    return cmd_serve(args)


def cmd_stats(args) -> int:
    from kb.stats import stats_lines

    if not Path(args.db).exists():
        raise CLIError(f"{args.db}: no such database")
    for line in stats_lines(open_db(args.db)):
        _say(line)
    return EXIT_OK


def cmd_export(args) -> int:
    from kb.export import export_claims

    if not Path(args.db).exists():
        raise CLIError(f"{args.db}: no such database")
    db = open_db(args.db)
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="") as out:
            n = export_claims(db, out, args.format, since=args.since)
        print(f"export: {n} claims written to {args.output}", file=sys.stderr)
    else:
        n = export_claims(db, sys.stdout, args.format, since=args.since)
        sys.stdout.flush()
    return EXIT_OK


def cmd_backup(args) -> int:
    from kb.export import backup

    if not Path(args.db).exists():
        raise CLIError(f"{args.db}: no such database")
    try:
        size = backup(args.db, args.out)
    except FileExistsError as exc:
        raise CLIError(str(exc)) from None
    except sqlite3.Error as exc:  # e.g. the copy's folder does not exist
        raise CLIError(f"{args.out}: cannot write the copy ({exc})") from None
    _say(f"backup: {args.db} copied to {args.out} ({size} bytes)")
    return EXIT_OK


def _iso_date(text: str) -> str:
    import datetime as dt

    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date like 2026-01-31: {text!r}") from None


def cmd_check_sources(args) -> int:
    sources = load_sources(args.file)
    kinds: dict[str, int] = {}
    for s in sources:
        kinds[s["kind"]] = kinds.get(s["kind"], 0) + 1
    _say(f"{args.file}: {len(sources)} sources ok (" + ", ".join(f"{v} {k}" for k, v in sorted(kinds.items())) + ")")
    return EXIT_OK


# -- argument parsing -----------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="claimwatch",
        description="Crawl AI-economy news, reports and leaderboards; extract numeric claims; publish them.",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def with_db(sp, default="kb.db"):
        sp.add_argument("--db", default=default, help=f"SQLite knowledge base (default: {default})")

    def with_log(sp):
        sp.add_argument("--log", default=None, help="log file, rotated (default: <db>.log; '' for none)")

    def with_workers(sp):
        sp.add_argument("--workers", type=int, default=1, metavar="N",
                        help="extract in N processes (default: 1)")

    def with_sources(sp):
        sp.add_argument("--sources", default="sources.toml", help="TOML source list (default: sources.toml)")
        sp.add_argument("--only", action="append", metavar="NAME", help="crawl only this source (repeatable)")
        sp.add_argument("--distributed", metavar="REDIS_URL",
                        help="be one worker of a crawl shared through Redis (redis://HOST:PORT/DB); "
                             "see README, 'Scaling out'")
        sp.add_argument("--idle-timeout", type=float, default=None, metavar="SECONDS",
                        help="with --distributed: stop once the shared queue has left this worker "
                             "idle this long (default: 30)")

    sp = sub.add_parser("update", help="crawl, extract and refresh: the cron job")
    with_sources(sp)
    with_db(sp)
    with_workers(sp)
    with_log(sp)
    sp.set_defaults(func=cmd_update, all=False)

    sp = sub.add_parser("crawl", help="fetch and store the sources only")
    with_sources(sp)
    with_db(sp)
    with_log(sp)
    sp.set_defaults(func=cmd_crawl, workers=1)

    sp = sub.add_parser("extract", help="extract claims from stored documents")
    with_db(sp)
    sp.add_argument("--all", action="store_true", help="re-extract every document, not only pending ones")
    with_workers(sp)
    with_log(sp)
    sp.set_defaults(func=cmd_extract)

    for name, func, helptext in (
        ("serve", cmd_serve, "browse the knowledge base in Datasette"),
        ("demo", cmd_demo, "crawl the bundled sample site and serve the result"),
    ):
        sp = sub.add_parser(name, help=helptext)
        with_db(sp)
        sp.add_argument("--host", default="127.0.0.1")
        sp.add_argument("--port", type=int, default=8001)
        sp.add_argument("--immutable", action="store_true",
                        help="publish a finished file (fastest; updates are not seen until restart)")
        sp.add_argument("--allow-sql", action="store_true",
                        help="allow arbitrary read-only SQL (a private instance)")
        if name == "demo":
            sp.add_argument("--sample-port", type=int, default=8765,
                            help="loopback port of the sample site (default: 8765)")
        sp.set_defaults(func=func)

    sp = sub.add_parser("stats", help="row counts and recent runs")
    with_db(sp)
    sp.set_defaults(func=cmd_stats)

    sp = sub.add_parser("export", help="claims with their document and source, as CSV or JSON lines")
    with_db(sp)
    sp.add_argument("--format", choices=("csv", "jsonl"), default="csv")
    sp.add_argument("--since", type=_iso_date, help="only documents first seen on or after this date")
    sp.add_argument("--output", "-o", help="write to this file instead of stdout")
    sp.set_defaults(func=cmd_export)

    sp = sub.add_parser("backup", help="a consistent copy of the database, safe while it is in use")
    with_db(sp)
    sp.add_argument("out", help="the copy's path (must not exist)")
    sp.set_defaults(func=cmd_backup)

    sp = sub.add_parser("check-sources", help="validate a source list without fetching")
    sp.add_argument("file")
    sp.set_defaults(func=cmd_check_sources)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (SourceError, KBError, CLIError) as exc:
        _err(str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except BrokenPipeError:  # `claimwatch export | head`
        sys.stderr.close()
        return EXIT_OK
    except OSError as exc:  # a path given that cannot be opened or written (lock, log, --output)
        _err(f"{exc.filename}: {exc.strerror}" if exc.filename and exc.strerror else str(exc))
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
