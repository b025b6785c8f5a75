"""Reading while writing: Datasette stays usable during `claimwatch update`.

A real Datasette server (``claimwatch serve``, read-only, not immutable) and
a real update over the sample site run at the same time; reader threads keep
querying until the update is over and at least 200 queries were answered
while it ran.  No query may fail, and every answer must show a consistent
database (claims only for documents whose extraction committed, counts that
never go backwards).
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from claimwatch.samplesite import serve as serve_sample
from kb import open_db

ROOT = Path(__file__).resolve().parents[1]

CONSISTENCY_SQL = """
select
  (select count(*) from claims) as claims,
  (select count(*) from claims c join documents d on d.id = c.document_id
     where d.extracted_snapshot_id is not null) as claims_of_extracted,
  (select count(*) from documents) as documents,
  (select count(*) from documents d where d.snapshot_id is not null
     and not exists (select 1 from snapshots s where s.id = d.snapshot_id)) as dangling
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def test_two_hundred_queries_during_an_update(tmp_path):
    db = tmp_path / "kb.db"
    open_db(db).conn.close()  # an empty, current schema to serve from the start
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "claimwatch", "serve", "--db", str(db), "--port", str(port), "--allow-sql"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if get(f"{base}/-/versions.json")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("Datasette did not start: " + server.stderr.read())

        sql_url = f"{base}/kb.json?" + urllib.parse.urlencode({"sql": CONSISTENCY_SQL, "_shape": "array"})
        urls = [sql_url, f"{base}/kb/claims.json?_size=50", f"{base}/kb/claims",
                f"{base}/kb/documents.json?_shape=array", f"{base}/kb"]
        failures: list[str] = []
        answered_during: list[int] = [0]
        stop = threading.Event()
        update_running = threading.Event()
        lock = threading.Lock()

        def reader(k: int) -> None:
            last_claims = 0
            i = k
            while not stop.is_set():
                url = urls[i % len(urls)]
                i += 1
                try:
                    status, body = get(url)
                except OSError as exc:
                    failures.append(f"{url}: {exc}")
                    continue
                if status != 200:
                    failures.append(f"{url}: HTTP {status}: {body[:200]!r}")
                    continue
                if url == sql_url:
                    row = json.loads(body)[0]
                    if row["claims"] != row["claims_of_extracted"] or row["dangling"]:
                        failures.append(f"inconsistent: {row}")
                    if row["claims"] < last_claims:
                        failures.append(f"claims went backwards: {last_claims} -> {row['claims']}")
                    last_claims = row["claims"]
                if update_running.is_set():
                    with lock:
                        answered_during[0] += 1

        with serve_sample() as site:
            sources = tmp_path / "slow.toml"
            # the sample's sources, slowed down so the update lasts a few seconds
            text = (ROOT / "sources.sample.toml").read_text()
            text = re.sub(r"(?m)^delay = 0\b.*$", "delay = 0.1", text)
            text = re.sub(r"(?m)^concurrency = \d+", "concurrency = 1", text)
            sources.write_text(text)
            threads = [threading.Thread(target=reader, args=(k,)) for k in range(4)]
            for t in threads:
                t.start()
            update_running.set()
            update = subprocess.Popen(
                [sys.executable, "-m", "claimwatch", "update", "--sources", str(sources), "--db", str(db)],
                cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                env={**os.environ, "CLAIMWATCH_SAMPLE_URL": site.url},
            )
            # keep the update busy until the readers have asked enough
            out, err = update.communicate(timeout=300)
            update_running.clear()
            stop.set()
            for t in threads:
                t.join()
        assert update.returncode == 0, out + err
        assert not failures, failures[:10]
        assert answered_during[0] >= 200, f"only {answered_during[0]} queries overlapped the update"
        # the finished update is visible to the running server
        status, body = get(sql_url)
        final = json.loads(body)[0]
        assert final["claims"] > 100 and final["claims"] == final["claims_of_extracted"]
    finally:
        server.terminate()
        server.wait(timeout=10)
