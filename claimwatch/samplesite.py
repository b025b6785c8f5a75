"""Serve the bundled sample site (sample/site/) from a local HTTP server.

Sits at the very start of the flow, in place of the internet: ``claimwatch demo``,
the end-to-end tests and anyone without a network point the crawler at this server.
Files are served as a static site would serve them, plus what a crawler needs to be
exercised properly (documented in sample/README.md):

- ``{{BASE}}`` in any text file is replaced by the server's own base URL, so feeds,
  sitemaps, canonical links and API ``links.next`` point back to this server;
- Content-Type per file (HTML with the charset its ``<meta>`` declares, RSS/XML,
  JSON for extension-less API paths, PDF, CSV, plain-text robots.txt);
- strong ``ETag`` (content hash) and ``Last-Modified`` (file mtime), answered with
  304 on ``If-None-Match`` / ``If-Modified-Since``; HEAD; 404; 301 to add a
  directory's trailing slash;
- query strings map to files: ``/p/name?b=2&a=1`` is served from ``p/name@a=1&b=2.ext``
  (parameters sorted) when that file exists, and from ``p/name.ext`` otherwise;
- every request is logged in memory (``SampleSite.requests``) for tests to inspect.

    with serve() as site:          # a free port on 127.0.0.1
        fetch(site.url + "/feed.xml")
        assert ("GET", "/feed.xml", 200, ...) in site.requests

Command line: ``python -m claimwatch.samplesite [--port N]``.
"""

from __future__ import annotations

import argparse
import hashlib
import posixpath
import re
import sys
import threading
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

SITE_ROOT = Path(__file__).resolve().parents[1] / "sample" / "site"
PLACEHOLDER = b"{{BASE}}"

# Content types by file suffix; text types get a charset parameter.
TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".xml": "application/xml",
    ".json": "application/json",
    ".csv": "text/csv",
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".css": "text/css",
    ".js": "text/javascript",
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".svg": "image/svg+xml",
}
TEXT_TYPES = {"application/xml", "application/json", "application/rss+xml",
              "application/atom+xml", "image/svg+xml"}
XML_ROOTS = {b"rss": "application/rss+xml", b"feed": "application/atom+xml"}

_HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")
_XML_ROOT = re.compile(rb"<(?![?!])([A-Za-z_][\w.-]*)")


def is_text(content_type: str) -> bool:
    """True for the types whose files get ``{{BASE}}`` substituted."""
    base = content_type.split(";")[0].strip()
    return base.startswith("text/") or base in TEXT_TYPES


def content_type_for(path: Path, body: bytes) -> str:
    """The Content-Type header for a file, from its suffix and (HTML/XML) its head."""
    base = TYPES.get(path.suffix.lower(), "application/octet-stream")
    head = body[:2048]
    if base == "text/html":
        m = _HTML_CHARSET.search(head)
        return f"text/html; charset={(m.group(1).decode('ascii') if m else 'utf-8').lower()}"
    if base == "application/xml":
        m = _XML_ROOT.search(head)
        base = XML_ROOTS.get(m.group(1), base) if m else base
        enc = _XML_ENCODING.match(head)
        return f"{base}; charset={(enc.group(1).decode('ascii') if enc else 'utf-8').lower()}"
    if is_text(base):
        return f"{base}; charset=utf-8"
    return base


def query_variant(path: Path, query: str) -> Path:
    """The file that holds ``path`` as answered for ``query``: ``name@k=v&k2=v2.ext``."""
    pairs = sorted(parse_qsl(query, keep_blank_values=True))
    if not pairs:
        return path
    canonical = urlencode(pairs, quote_via=quote, safe="")
    return path.with_name(f"{path.stem}@{canonical}{path.suffix}")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "claimwatch-samplesite/1"
    server: "_Server"

    def log_message(self, format, *args):  # noqa: A002 - stdlib signature
        pass  # the in-memory log below replaces stderr noise

    def do_GET(self):
        self._answer(send_body=True)

    def do_HEAD(self):
        self._answer(send_body=False)

    # -- resolution ---------------------------------------------------------
    def _resolve(self, url_path: str):
        """(file, None) to serve, (None, location) to redirect, or (None, None): 404."""
        root = self.server.root
        clean = posixpath.normpath(unquote(url_path))
        if clean in (".", ""):
            clean = "/"
        rel = clean.lstrip("/")
        if any(part.startswith(".") for part in Path(rel).parts):
            return None, None
        candidate = (root / rel).resolve() if rel else root
        if candidate != root and root not in candidate.parents:
            return None, None
        if candidate.is_dir():
            if not url_path.endswith("/"):
                return None, url_path + "/"
            index = candidate / "index.html"
            return (index if index.is_file() else None), None
        if candidate.is_file():
            return candidate, None
        if not candidate.suffix and candidate.with_suffix(".json").is_file():
            return candidate.with_suffix(".json"), None  # extension-less API paths
        return None, None

    # -- response -----------------------------------------------------------
    def _answer(self, send_body: bool) -> None:
        split = urlsplit(self.path)
        status, headers, body = self._respond(split.path or "/", split.query)
        # logged before the response goes out, so a client that has its answer
        # always finds its request in the log
        self.server.record(self.command, self.path, status, dict(self.headers.items()))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body and body and status != 304:
            self.wfile.write(body)

    def _respond(self, url_path: str, query: str) -> tuple[int, dict, bytes]:
        path, location = self._resolve(url_path)
        if location is not None:
            if query:
                location += "?" + query
            return 301, {"Location": location}, b""
        if path is None:
            body = (b"<!DOCTYPE html><html lang=\"en\"><head><title>404 Not Found</title>"
                    b"</head><body><h1>Not Found</h1></body></html>\n")
            return 404, {"Content-Type": "text/html; charset=utf-8"}, body
        if query:
            variant = query_variant(path, query)
            if variant.is_file():
                path = variant
        body = path.read_bytes()
        ctype = content_type_for(path, body)
        if is_text(ctype):
            body = body.replace(PLACEHOLDER, self.server.base_url.encode("ascii"))
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        mtime = int(path.stat().st_mtime)
        headers = {
            "ETag": etag,
            "Last-Modified": formatdate(mtime, usegmt=True),
            "Cache-Control": "no-cache",
        }
        if self._not_modified(etag, mtime):
            return 304, headers, b""
        headers["Content-Type"] = ctype
        return 200, headers, body

    def _not_modified(self, etag: str, mtime: int) -> bool:
        inm = self.headers.get("If-None-Match")
        if inm is not None:  # RFC 9110: If-Modified-Since is ignored when this is present
            tags = [t.strip() for t in inm.split(",")]
            return "*" in tags or etag in tags or ("W/" + etag) in tags
        ims = self.headers.get("If-Modified-Since")
        if ims:
            try:
                since = parsedate_to_datetime(ims).timestamp()
            except (TypeError, ValueError, IndexError):
                return False
            return mtime <= since
        return False


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, root: Path):
        super().__init__(address, _Handler)
        self.root = root
        host = address[0] if address[0] not in ("", "0.0.0.0") else "127.0.0.1"
        self.base_url = f"http://{host}:{self.server_address[1]}"
        self.requests: list[tuple[str, str, int, dict]] = []
        self._lock = threading.Lock()

    def record(self, method: str, path: str, status: int, headers: dict) -> None:
        with self._lock:
            self.requests.append((method, path, status, headers))


class SampleSite:
    """A running sample-site server; stop it with ``stop()`` or a ``with`` block."""

    def __init__(self, server: _Server):
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever,
                                        kwargs={"poll_interval": 0.05},
                                        name=f"samplesite:{self.port}", daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        """Base URL without a trailing slash, e.g. ``http://127.0.0.1:50123``."""
        return self._server.base_url

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def root(self) -> Path:
        return self._server.root

    @property
    def requests(self) -> list[tuple[str, str, int, dict]]:
        """Requests served so far: (method, path with query, status, request headers)."""
        return self._server.requests

    def stop(self) -> None:
        if self._thread.is_alive():
            self._server.shutdown()
            self._thread.join(timeout=5)
        self._server.server_close()

    def __enter__(self) -> "SampleSite":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"<SampleSite {self.url} root={self.root}>"


def serve(root: Path | str | None = None, host: str = "127.0.0.1", port: int = 0) -> SampleSite:
    """Start serving ``root`` (default: the bundled sample/site) in a daemon thread.

    ``port=0`` picks a free port; read it back from ``.port`` / ``.url``.
    """
    root_path = Path(root).resolve() if root is not None else SITE_ROOT
    if not root_path.is_dir():
        raise FileNotFoundError(f"{root_path}: no such directory")
    return SampleSite(_Server((host, port), root_path))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m claimwatch.samplesite",
                                     description="Serve the bundled sample site until Ctrl-C.")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    parser.add_argument("--root", default=None, help="site directory (default: sample/site)")
    args = parser.parse_args(argv)
    site = serve(args.root, host=args.host, port=args.port)
    print(f"sample site: {site.url}/  (Ctrl-C stops)", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        site.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
