"""Datasette speed on a large knowledge base.

Generates (once, then reuses) a kb.db with 1,000,000 claims over 100,000
documents, 2,000 entities and 60,000 leaderboard observations, written
through the project's schema (migrations, triggers, FTS) with executemany in
one transaction; refreshes the lineage tables; then serves it with
``claimwatch``'s Datasette (``python -m kb.publish``, a real uvicorn server on
a free loopback port) and times the HTML pages people open: the claims table
with its facets, full-text searches, every canned query, a claim page, the
charts and the feed.  Prints median and p95 per page and the database size.

    python bench/bench_datasette.py [--db PATH] [--claims N] [--docs N] [--runs N] [--fresh]

Target: p95 under 200 ms for every page.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb import lineage  # noqa: E402
from kb.db import open_db  # noqa: E402

TARGET_MS = 200
METRICS = [  # metric, unit, per, token_kind, typical value, weight
    ("token_volume", "tokens", "day", None, 1e13, 25),
    ("price", "USD", "1M tokens", "output", 5.0, 15),
    ("price", "USD", "1M tokens", "input", 1.0, 12),
    ("price", "CNY", "1M tokens", "output", 8.0, 3),
    ("growth", "%", "month", None, 30.0, 15),
    ("share", "%", None, None, 20.0, 10),
    ("count", "developer", None, None, 1e6, 8),
    ("money", "USD", None, None, 1e9, 7),
    ("ratio", "x", None, None, 10.0, 3),
    ("other", "token", None, None, 128000.0, 2),
]
QUALIFIERS = ["exact"] * 6 + ["approx"] * 2 + ["at_least", "at_most"]
OUTLETS = ["QuantumBit", "Wire Daily", "TechNode", "Sina Tech", "The Information", "Reuters",
           "36Kr", "SCMP", "Bloomberg", "CNBC", "VentureBeat", "The Verge", "Caixin", "Yicai"]
WORDS = ("model tokens platform inference price market growth developers cloud api compute "
         "usage revenue chinese open source frontier agents enterprise demand cost report "
         "quarter weekly daily ranking leaderboard provider throughput context window").split()


def vocabulary(rng: random.Random, size: int = 4000) -> tuple[list[str], list[float]]:
    """Pseudo-words with Zipf-like frequencies, so a searched word matches a few
    percent of the texts (as real words do), not all of them."""
    syllables = ["ka", "lo", "mi", "ten", "sor", "vi", "da", "pu", "rex", "no", "qua", "bel",
                 "tra", "zi", "mon", "fa", "gel", "hu", "sti", "wor"]
    words = list(WORDS)
    while len(words) < size:
        words.append("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    weights = [1 / (i + 10) for i in range(len(words))]
    total = 0.0
    cum = []
    for w in weights:
        total += w
        cum.append(total)
    return words, cum


def period_of(rng: random.Random) -> str:
    year = rng.choice([2024, 2025, 2025, 2026, 2026, 2026])
    kind = rng.random()
    if kind < 0.6:
        return f"{year}-{rng.randint(1, 12):02d}"
    if kind < 0.75:
        return f"{year}-Q{rng.randint(1, 4)}"
    if kind < 0.85:
        return f"{year}-W{rng.randint(1, 52):02d}"
    return str(year)


def generate(path: Path, n_claims: int, n_docs: int, seed: int = 7) -> dict:
    """Write the synthetic knowledge base at ``path``; returns timings."""
    rng = random.Random(seed)
    started = time.perf_counter()
    db = open_db(path)
    n_sources, n_entities = 200, 2000
    db["sources"].insert_all(
        {"id": i, "name": f"source-{i}", "kind": rng.choice(["feed", "sitemap", "site", "report"]),
         "url": f"https://s{i}.example/feed.xml"}
        for i in range(1, n_sources + 1)
    )
    board = db["sources"].insert({"name": "leaderboard", "kind": "leaderboard",
                                  "url": "https://board.example/api"}).last_pk
    kinds = ["model"] * 8 + ["provider", "platform"]
    entities = [(i, f"Model {i}" if i > 40 else f"Platform {i}") for i in range(1, n_entities + 1)]
    db["entities"].insert_all(
        {"id": i, "name": name, "kind": "platform" if i <= 40 else rng.choice(kinds)}
        for i, name in entities
    )
    weights = [1 / (i ** 0.8) for i in range(1, n_entities + 1)]  # a few entities get most claims
    vocab, vocab_cum = vocabulary(rng)

    def words(k: int) -> str:
        return " ".join(rng.choices(vocab, cum_weights=vocab_cum, k=k))

    metric_weights = [m[-1] for m in METRICS]
    conn = db.conn
    with db.atomic():
        conn.executemany(
            "insert into snapshots (id, source_id, url, fetched_at, status, content_type,"
            " content_hash, size, body) values (?, ?, ?, ?, 200, 'text/html', ?, 0, x'789c030000000001')",
            ((d, 1 + d % n_sources, f"https://site{d % 300}.example/a/{d}",
              f"2026-{1 + d % 11:02d}-{1 + d % 28:02d}T06:00:00+00:00", f"{d:064x}")
             for d in range(1, n_docs + 1)),
        )
        docs = []
        for d in range(1, n_docs + 1):
            month = 1 + d % 11
            text = words(80)
            docs.append((
                d, f"https://site{d % 300}.example/a/{d}", 1 + d % n_sources, d, "html",
                f"Report {d}: {words(4)}", f"2026-{month:02d}-{1 + d % 28:02d}",
                OUTLETS[d % len(OUTLETS)], "en", text, 80, f"2026-{month:02d}-{1 + d % 28:02d}T07:00:00+00:00",
            ))
        conn.executemany(
            "insert into documents (id, url, source_id, snapshot_id, kind, title, published_at,"
            " site_name, language, text, words, first_seen, fetched_url, fetched_at,"
            " extractor_version, extracted_snapshot_id)"
            " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?2, ?12, 'bench', ?4)",
            docs,
        )
        del docs
        per_doc = max(1, n_claims // n_docs)

        def claims():
            cid = 0
            for d in range(1, n_docs + 1):
                for k in range(per_doc):
                    cid += 1
                    if cid > n_claims:
                        return
                    metric, unit, per, token_kind, typical, _ = rng.choices(METRICS, metric_weights)[0]
                    ent_id = rng.choices(range(1, n_entities + 1), weights)[0] if rng.random() < 0.8 else None
                    subject = entities[ent_id - 1][1] if ent_id else words(2)
                    # values cluster around a few "true" figures per entity so clusters form
                    value = round(typical * (1 + (ent_id or 7) % 9) * rng.choice([1, 1, 1, 1.02, 0.55, 1.8]), 4)
                    quote = f"{value:g} {unit}" + (f" per {per}" if per else "")
                    sentence = (f"{subject} reached {quote} in {words(6)}, "
                                f"according to {OUTLETS[cid % 5]}.")
                    period = period_of(rng) if rng.random() < 0.7 else None
                    yield (cid, d, sentence, quote, metric, value, unit, per, token_kind,
                           rng.choice(QUALIFIERS), subject, ent_id, period, period,
                           OUTLETS[cid % 5] if rng.random() < 0.2 else None,
                           k * 40 + len(subject) + 9, k * 40 + len(subject) + 9 + len(quote), k * 40, "bench")

        conn.executemany(
            "insert into claims (id, document_id, sentence, quote, metric, value, unit, per,"
            " token_kind, qualifier, subject, entity_id, as_of, period, attributed_to,"
            " char_start, char_end, sentence_start, extractor_version)"
            " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            claims(),
        )
        observations = []
        for e in range(1, 501):
            for w in range(60):
                day = f"2026-{1 + w // 6:02d}-{1 + (w % 6) * 4:02d}"
                if e <= 40:
                    observations.append((board, e, "token_volume", 1e12 * e * (1 + w / 20), "tokens",
                                         "day", None, day))
                else:
                    price = round(0.1 * (e % 50 + 1) * (1 - w / 200), 4)
                    observations.append((board, e, "price", price, "USD", "1M tokens", "output", day))
        conn.executemany(
            "insert into observations (source_id, entity_id, metric, value, unit, per, token_kind,"
            " period, partial, fetched_at, raw_name) values (?, ?, ?, ?, ?, ?, ?, ?, 0, ?8 || 'T06:00:00+00:00', 'e' || ?2)",
            observations,
        )
    loaded = time.perf_counter() - started
    refreshed = lineage.refresh(db)
    db.execute("ANALYZE")
    db.conn.close()
    return {"load_s": round(loaded, 1), "refresh": refreshed}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[float, int, int]:
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            body = r.read()
            status = r.status
    except urllib.error.HTTPError as e:
        body, status = e.read(), e.code
    return (time.perf_counter() - t0) * 1000, status, len(body)


def pages(name: str, claim_term: str, doc_term: str) -> list[tuple[str, str]]:
    q = urllib.parse.quote
    return [
        ("claims table + 6 facets", f"/{name}/claims"),
        ("claims filtered metric=price", f"/{name}/claims?metric=price"),
        ("claims full-text search", f"/{name}/claims?_search=" + q(claim_term)),
        ("documents full-text search", f"/{name}/documents?_search=" + q(doc_term)),
        ("claims search, common word", f"/{name}/claims?_search=" + q("according")),
        ("claim page", "/-/claim/{claim}"),
        ("cluster page", None),
        ("canned: claims_about_entity", f"/{name}/claims_about_entity?entity=" + q("Model 77")),
        ("canned: price_comparison", f"/{name}/price_comparison?model_a=" + q("Model 41")
         + "&model_b=" + q("Model 90") + "&token_kind="),
        ("canned: token_volume_over_time", f"/{name}/token_volume_over_time?entity=" + q("Platform 3")),
        ("canned: figure_lineage", f"/{name}/figure_lineage?subject=" + q("Model 77")),
        ("canned: claims_that_disagree", f"/{name}/claims_that_disagree?subject=" + q("Model 77")),
        ("canned: claims_that_disagree (all)", f"/{name}/claims_that_disagree?subject="),
        ("canned: token_volume_chart", f"/{name}/token_volume_chart?entity="),
        ("canned: price_by_model", f"/{name}/price_by_model"),
        ("canned: feed", f"/{name}/feed"),
        ("charts page", "/-/charts"),
        ("Atom feed", "/-/feed.atom"),
    ]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", default=os.environ.get("BENCH_DB", "/tmp/claimwatch-bench/kb.db"))
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--fresh", action="store_true", help="regenerate the database")
    ap.add_argument("--refresh", action="store_true", help="recompute lineage on a reused database")
    ap.add_argument("--mode", choices=("mutable", "immutable", "both"), default="both",
                    help="how Datasette opens the file (claimwatch serve's default is mutable)")
    args = ap.parse_args(argv)
    path = Path(args.db)
    path.parent.mkdir(parents=True, exist_ok=True)
    marker = path.with_suffix(f".{args.claims}-{args.docs}.ok")
    if args.fresh or not marker.exists():
        for p in (path, Path(str(path) + "-wal"), Path(str(path) + "-shm"), marker):
            p.unlink(missing_ok=True)
        print(f"generating {args.claims:,} claims over {args.docs:,} documents in {path} ...", flush=True)
        info = generate(path, args.claims, args.docs)
        marker.write_text("ok\n")
        print(f"  loaded in {info['load_s']} s; lineage refresh: {info['refresh']}", flush=True)
    else:
        db = open_db(path)  # applies any newer migration
        if args.refresh:
            print(f"lineage refresh: {lineage.refresh(db)}", flush=True)
        db.conn.close()
        print(f"reusing {path}", flush=True)
    size = path.stat().st_size
    db = open_db(path)
    counts = {t: db[t].count for t in ("documents", "claims", "observations", "clusters", "disagreements")}
    cluster_id = db.execute("select id from clusters order by sources desc limit 1").fetchone()
    # searches for words as frequent as real ones: in 0.5-3% of the rows
    claim_term = (lineage.fts_terms(db, "claims_fts", counts["claims"] // 200, counts["claims"] // 33) or ["model"])[0]
    doc_term = (lineage.fts_terms(db, "documents_fts", counts["documents"] // 200, counts["documents"] // 33) or ["model"])[0]
    db.conn.close()
    print(f"searching claims for {claim_term!r}, documents for {doc_term!r}")
    print(f"database: {size / 1e6:,.0f} MB; " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))

    modes = ("mutable", "immutable") if args.mode == "both" else (args.mode,)
    for mode in modes:
        print(f"\n== Datasette serving the file {mode} "
              + ("(claimwatch serve: sees cron updates)" if mode == "mutable" else "(claimwatch serve --immutable)"))
        serve_and_time(args, path, mode, counts, cluster_id, claim_term, doc_term)
    return 0


def serve_and_time(args, path, mode, counts, cluster_id, claim_term, doc_term) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-m", "kb.publish", str(path), "--port", str(port)]
                            + (["--mutable"] if mode == "mutable" else []),
                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, cwd=ROOT)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                fetch(base + "/-/versions.json")
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    print("Datasette did not start", file=sys.stderr)
                    return
                time.sleep(0.2)
        name = path.stem
        failed = []
        print(f"\n{'page':38} {'median ms':>9} {'p95 ms':>8} {'status':>6} {'KB':>6}")
        for label, url in pages(name, claim_term, doc_term):
            if url is None:
                url = f"/-/cluster/{cluster_id[0]}" if cluster_id else "/-/charts"
            url = url.replace("{claim}", str(counts["claims"] // 2 + 1))
            for _ in range(2):  # warm the page cache and Datasette's schema caches
                fetch(base + url)
            times = []
            for _ in range(args.runs):
                ms, status, size_b = fetch(base + url)
                times.append(ms)
            times.sort()
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            med = statistics.median(times)
            flag = "" if (p95 < TARGET_MS and status == 200) else "  <-- over target" if status == 200 else "  <-- error"
            if flag:
                failed.append(label)
            print(f"{label:38} {med:9.1f} {p95:8.1f} {status:6} {size_b / 1024:6.0f}{flag}", flush=True)
        print(f"\n{len(failed)} of {len(pages(name, claim_term, doc_term))} pages over {TARGET_MS} ms p95 (or failing)"
              + (": " + ", ".join(failed) if failed else ""))
    finally:
        proc.terminate()
        proc.wait(timeout=20)


if __name__ == "__main__":
    sys.exit(main())
