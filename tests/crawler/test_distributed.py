"""Distributed crawling: two worker processes, one frontier in a real Redis, one kb.db.

A real ``redis-server`` is started on a free loopback port (no disk: ``--save ""``,
no AOF) and stopped by its PID; the bundled sample site is served locally.  Two
``claimwatch crawl --distributed`` workers run at the same time against the same
Redis and the same database.  Every page must be fetched exactly once across both,
both must have fetched some, and the database must hold what a single-process crawl
of the same site stores.  A second round (a new generation of the frontier) must
crawl again, conditionally, instead of finding every URL "already seen".
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from crawlkit import REPO, rows, run_crawl

REDIS_SERVER = shutil.which("redis-server")
pytestmark = pytest.mark.skipif(
    REDIS_SERVER is None, reason="redis-server is not installed (make redis, or apt-get install redis-server)"
)
redis = pytest.importorskip("redis", reason="the distributed extra is not installed: pip install -e '.[distributed]'")
pytest.importorskip("scrapy_redis", reason="the distributed extra is not installed: pip install -e '.[distributed]'")
samplesite = pytest.importorskip("claimwatch.samplesite")

from crawler.distributed import dumps, loads  # noqa: E402

IDLE_TIMEOUT = "2"
DELAY = "0.5"  # per request and worker: the crawl lasts long enough for both workers to share it


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    """A real redis-server of our own on loopback, stopped by its PID afterwards."""
    tmp = tmp_path_factory.mktemp("redis")
    port = free_port()
    proc = subprocess.Popen(
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(tmp), "--daemonize", "no", "--logfile", str(tmp / "redis.log")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        url = f"redis://127.0.0.1:{port}/0"
        client = redis.Redis.from_url(url)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log = (tmp / "redis.log").read_text() if (tmp / "redis.log").exists() else ""
                    pytest.fail(f"redis-server did not start on port {port}: {log[-500:]}")
                time.sleep(0.05)
        client.close()
        yield url
    finally:
        proc.terminate()  # SIGTERM to the PID we started
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def slow_sources(path: Path) -> Path:
    """sources.sample.toml with a per-request delay and one request at a time per source."""
    text = (REPO / "sources.sample.toml").read_text(encoding="utf-8")
    text, n1 = re.subn(r"(?m)^delay\s*=.*$", f"delay = {DELAY}", text)
    text, n2 = re.subn(r"(?m)^concurrency\s*=.*$", "concurrency = 1", text)
    assert n1 == n2 == 1, "sources.sample.toml's [defaults] changed shape"
    path.write_text(text, encoding="utf-8")
    return path


def start_worker(sources: Path, db: Path, url: str, env: dict) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "claimwatch", "crawl", "--sources", str(sources), "--db", str(db),
           "--distributed", url, "--idle-timeout", IDLE_TIMEOUT, "--log", ""]
    return subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(procs: list[subprocess.Popen]) -> list[tuple[int, str, str]]:
    out = []
    for p in procs:
        try:
            stdout, stderr = p.communicate(timeout=90)
        except subprocess.TimeoutExpired:
            p.kill()
            stdout, stderr = p.communicate()
        out.append((p.returncode, stdout, stderr))
    return out


def pages(requests: list) -> list[str]:
    return [path for _, path, *_ in requests if path != "/robots.txt"]


@pytest.fixture(scope="module")
def rounds(redis_url, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("distributed")
    sources = slow_sources(tmp / "sources.toml")
    with samplesite.serve() as site:
        env = {**os.environ, "CLAIMWATCH_SAMPLE_URL": site.url, "PYTHONPATH": str(REPO)}
        os.environ["CLAIMWATCH_SAMPLE_URL"] = site.url
        try:
            # What one process stores for the same site (the reference).
            single = run_crawl(REPO / "sources.sample.toml", tmp / "single.db")
            n0 = len(site.requests)
            # Round 1: two workers at the same time, one Redis, one database.
            db = tmp / "kb.db"
            t0 = time.monotonic()
            first = finish([start_worker(sources, db, redis_url, env) for _ in range(2)])
            elapsed = time.monotonic() - t0
            n1 = len(site.requests)
            keys_after_first = sorted(k.decode() for k in redis.Redis.from_url(redis_url).keys("*"))
            fetch_counts = dict(rows(db, "select url, fetch_count from pages"))
            # Round 2: a new crawl (a new generation of the frontier) over the same database.
            second = finish([start_worker(sources, db, redis_url, env)])
            yield {
                "single": single, "single_requests": site.requests[:n0], "db": db, "single_db": tmp / "single.db",
                "first": first, "first_requests": site.requests[n0:n1], "elapsed": elapsed,
                "second": second, "second_requests": site.requests[n1:], "keys_after_first": keys_after_first,
                "fetch_counts": fetch_counts,
            }
        finally:
            os.environ.pop("CLAIMWATCH_SAMPLE_URL", None)


LINE = re.compile(r"^crawl: (\d+) fetched .* as a worker of (redis://\S+) generation (\d+) \[run (\d+): ok\]$", re.M)


def worker_lines(results: list[tuple[int, str, str]]) -> list[re.Match]:
    found = []
    for rc, out, err in results:
        assert rc == 0, f"worker exited {rc}: {out}\n{err[-3000:]}"
        m = LINE.search(out)
        assert m, out
        found.append(m)
    return found


def test_two_workers_fetch_every_page_exactly_once(rounds):
    assert rounds["single"].returncode == 0, rounds["single"].stderr
    expected = Counter(pages(rounds["single_requests"]))
    assert len(expected) >= 15 and set(expected.values()) == {1}
    got = Counter(pages(rounds["first_requests"]))
    twice = {p: n for p, n in got.items() if n > 1}
    assert not twice, f"fetched more than once across the workers: {twice}"
    assert set(got) == set(expected), (set(expected) - set(got), set(got) - set(expected))
    assert all(status == 200 for _, path, status, _ in rounds["first_requests"] if path != "/robots.txt")
    assert rounds["elapsed"] < 60


def test_both_workers_did_work_in_one_generation(rounds):
    lines = worker_lines(rounds["first"])
    assert len({m.group(3) for m in lines}) == 1, "the workers did not share one frontier generation"
    fetched = [int(m.group(1)) for m in lines]
    assert all(n > 0 for n in fetched), fetched
    assert sum(fetched) == len(pages(rounds["first_requests"]))
    # the database says the same: each worker's run stored some of the pages, each page once
    runs = {int(m.group(4)) for m in lines}
    per_run = dict(rows(rounds["db"], "select run_id, count(*) from snapshots group by run_id"))
    assert set(per_run) == runs and all(per_run[r] > 0 for r in runs), per_run
    assert rounds["fetch_counts"] and set(rounds["fetch_counts"].values()) == {1}, rounds["fetch_counts"]


def test_all_documents_land_in_the_shared_database(rounds):
    db, single = rounds["db"], rounds["single_db"]
    docs = set(rows(db, "select url, kind from documents"))
    assert docs and docs == set(rows(single, "select url, kind from documents"))
    assert set(rows(db, "select url from pages")) == set(rows(single, "select url from pages"))
    assert rows(db, "select count(*) from observations") == rows(single, "select count(*) from observations")
    assert rows(db, "select count(*) from observations")[0][0] > 0
    assert rows(db, "pragma integrity_check") == [("ok",)]
    # every source judged by exactly the worker that fetched its own URLs: all succeeded
    assert rows(db, "select count(*) from sources where last_success is null or last_failure is not null") \
        == [(0,)]
    assert rows(db, "select count(*) from crawl_runs where status != 'ok'") == [(0,)]


def test_last_worker_out_cleans_up_the_frontier(rounds):
    keys = rounds["keys_after_first"]
    assert "claimwatch:generation" in keys
    assert not [k for k in keys if re.match(r"claimwatch:g\d+:", k)], keys


def test_next_crawl_is_a_new_generation_and_asks_conditionally(rounds):
    (first_line, *_), (second_line,) = worker_lines(rounds["first"]), worker_lines(rounds["second"])
    assert int(second_line.group(3)) > int(first_line.group(3))
    asked = rounds["second_requests"]
    statuses = {path: status for _, path, status, _ in asked}
    # the listings are asked again (not "already seen" in a stale frontier), answered 304
    assert statuses.get("/feed.xml") == 304 and statuses.get("/sitemap.xml") == 304, statuses
    assert not any(p.startswith("/news/") and p != "/news/index.html" for p in pages(asked)), asked
    assert int(second_line.group(1)) > 0


def test_unreachable_redis_is_one_line_and_exit_1(tmp_path):
    port = free_port()  # nothing listens there
    proc = subprocess.run(
        [sys.executable, "-m", "claimwatch", "crawl", "--sources", str(REPO / "sources.sample.toml"),
         "--db", str(tmp_path / "kb.db"), "--distributed", f"redis://127.0.0.1:{port}/0", "--log", ""],
        cwd=REPO, capture_output=True, text=True, timeout=60,
        env={**os.environ, "CLAIMWATCH_SAMPLE_URL": "http://127.0.0.1:9", "PYTHONPATH": str(REPO)},
    )
    assert proc.returncode == 1, proc.stderr
    assert "cannot reach Redis" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "kb.db").exists()  # checked before anything is written


def test_requests_travel_as_json_and_come_back_whole():
    from scrapy import Request
    from scrapy.utils.request import request_from_dict

    req = Request("http://example.org/a?b=1", method="POST", body=b"\x00\xffbody",
                  headers={"If-None-Match": '"etag"', "X-Two": ["1", "2"]}, priority=3,
                  meta={"cw_entry": True, "cw_lastmod": None, "redirect_urls": ["http://example.org/x"],
                        "t": (1, "two"), "$odd": {"k": b"v"}, "cw_state": {"snapshot_id": 1}})
    data = dumps(req.to_dict())
    assert isinstance(data, bytes) and data.startswith(b"{")
    back = request_from_dict(loads(data))
    assert (back.url, back.method, back.body, back.priority) == (req.url, req.method, req.body, req.priority)
    assert back.headers.getlist("X-Two") == [b"1", b"2"] and back.headers[b"If-None-Match"] == b'"etag"'
    expected_meta = {k: v for k, v in req.meta.items() if k != "cw_state"}  # stale across workers: dropped
    assert back.meta == expected_meta
    with pytest.raises(TypeError):
        dumps(Request("http://example.org/", meta={"obj": object()}).to_dict())


def test_a_worker_crawls_without_the_run_lock_and_waits_for_it_only_to_refresh(redis_url, tmp_path):
    from claimwatch.runlock import RunLock

    db = tmp_path / "kb.db"
    with samplesite.serve() as site:
        env = {**os.environ, "CLAIMWATCH_SAMPLE_URL": site.url, "PYTHONPATH": str(REPO)}
        held = RunLock(db).acquire()  # another run (an update, a worker extracting) holds <db>.lock
        try:
            proc = subprocess.Popen(
                [sys.executable, "-m", "claimwatch", "crawl", "--sources", str(REPO / "sources.sample.toml"),
                 "--only", "sample-litellm", "--db", str(db), "--distributed", redis_url,
                 "--idle-timeout", "1", "--log", ""],
                cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            deadline = time.monotonic() + 30
            while not any(p.startswith("/litellm/") for p in pages(site.requests)):
                assert proc.poll() is None, proc.communicate()
                assert time.monotonic() < deadline, "the worker did not crawl while the lock was held"
                time.sleep(0.1)
            time.sleep(4)  # crawl done, idle timeout passed: the worker now waits for the lock
            assert proc.poll() is None, proc.communicate()
        finally:
            held.release()
        rc, out, err = finish([proc])[0]
    assert rc == 0, err
    assert re.search(r"crawl: 1 fetched .* as a worker of .*\[run \d+: ok\]", out), out
