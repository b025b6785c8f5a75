"""A claim page in a real headless browser, served by a real Datasette process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
QB = "https://quantumbit.example/doubao-30-trillion"

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed (apt-get install chromium)"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(kb_file):
    path, ids = kb_file
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "kb.publish", str(path), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env=dict(os.environ, PYTHONUNBUFFERED="1"),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(base + "/-/versions.json", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"Datasette did not start: {proc.stdout.read()}")
                time.sleep(0.1)
        yield base, ids
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_claim_page_in_chromium(server, tmp_path):
    from playwright.sync_api import sync_playwright

    base, ids = server
    claim_id = ids["claims"][(QB, "30 trillion tokens per day")]
    external = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            page.on("request", lambda req: None if req.url.startswith(base) else external.append(req.url))
            dialogs = []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            response = page.goto(f"{base}/-/claim/{claim_id}")
            assert response.status == 200
            mark = page.locator("mark.cw-quote")
            assert mark.is_visible()
            assert mark.inner_text() == "30 trillion tokens per day"
            # highlighted: the mark has a background colour of its own
            bg = mark.evaluate("el => getComputedStyle(el).backgroundColor")
            assert bg not in ("rgba(0, 0, 0, 0)", "transparent")
            link = page.locator("a.cw-source-url")
            assert link.is_visible()
            assert link.get_attribute("href") == QB
            assert page.locator("a.cw-snapshot").is_visible()
            assert page.get_by_text("Reported by 2 documents from 2 independent sources").is_visible()
            page.screenshot(path=str(tmp_path / "claim.png"), full_page=True)
            # the page with the scraped payloads runs none of them
            evil = ids["claims"][("https://evil.example/xss", "12% growth")]
            page.goto(f"{base}/-/claim/{evil}")
            page.goto(f"{base}/any-name/claims")
            page.goto(f"{base}/-/charts")
            page.screenshot(path=str(tmp_path / "charts.png"), full_page=True)
            assert page.locator("svg.cw-chart").count() == 2
            assert dialogs == []
        finally:
            browser.close()
    assert (tmp_path / "claim.png").stat().st_size > 10_000
    assert external == []  # everything is served locally: no CDN
