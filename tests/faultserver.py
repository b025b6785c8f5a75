"""A local HTTP server for the crawler tests: good pages, and faults on purpose.

    with FaultServer() as srv:
        srv.page("/news/a.html", "<html>...</html>")          # ETag + Last-Modified, 304s
        srv.fault("/boom", "status", status=500)
        srv.fault("/slow-down", "retry_after", seconds=1)      # 429 until 1 s has passed
        srv.url + "/news/a.html"
        srv.hits("/boom")                                      # requests received

Faults (``srv.fault(path, kind, **options)``):

``status``        always answer ``status`` (500, 503, 404, ...)
``flaky``         answer ``status`` (503) ``times`` times, then the page ``body``
``retry_after``   429 with ``Retry-After: seconds``; a request sooner than that
                  after the last 429 gets 429 again; ``times`` 429s are owed
``hang``          send the headers and part of the body, then never finish
``silent``        accept the connection and never answer
``redirect_loop`` 302 to ``to``, which redirects back here
``truncated``     a Content-Length larger than the body, then close
``gzip_bomb``     ``Content-Encoding: gzip`` of ``size`` bytes of zeros
``raw``           the ``body`` bytes with the given ``content_type`` (wrong
                  types, legacy charsets, malformed HTML, broken XML)

Every page may be given a ``delay`` (seconds before answering).  Pages can
be replaced or removed while the server runs (``srv.page``, ``srv.remove``)
to simulate a site changing between two crawls.
"""

from __future__ import annotations

import gzip
import hashlib
import http.server
import io
import socket
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from typing import Any

ROBOTS = b"User-agent: *\nDisallow: /private/\n"


@dataclass
class Route:
    kind: str
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    last_modified: str = field(default_factory=lambda: formatdate(usegmt=True))
    state: dict[str, Any] = field(default_factory=dict)

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest()[:16] + '"'


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: "_Server"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        owner = self.server.owner
        path = self.path.split("#", 1)[0]
        now = time.monotonic()
        with owner.lock:
            owner.log.append((now, path, dict(self.headers.items())))
            route = owner.routes.get(path) or owner.routes.get(path.split("?", 1)[0])
        if route is None and path == "/robots.txt":
            route = Route("raw", ROBOTS, "text/plain")
        if route is None:
            return self._send(404, b"<html><body>not found</body></html>")
        with owner.lock:
            owner.in_flight += 1
            owner.max_in_flight = max(owner.max_in_flight, owner.in_flight)
        try:
            if route.delay:
                time.sleep(route.delay)
            getattr(self, "_fault_" + route.kind)(route)
        finally:
            with owner.lock:
                owner.in_flight -= 1

    # -- helpers ------------------------------------------------------------------

    def _send(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8",
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    # -- good pages -----------------------------------------------------------------

    def _fault_page(self, r: Route) -> None:
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        validators = {"ETag": r.etag, "Last-Modified": r.last_modified}
        if (inm and inm == r.etag) or (not inm and ims and ims == r.last_modified):
            self.send_response(304)
            for k, v in validators.items():
                self.send_header(k, v)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self._send(r.status, r.body, r.content_type, {**validators, **r.headers})

    def _fault_raw(self, r: Route) -> None:
        self._send(r.status, r.body, r.content_type, r.headers)

    # -- faults ---------------------------------------------------------------------

    def _fault_status(self, r: Route) -> None:
        self._send(r.options.get("status", 500), b"<html><body>error</body></html>")

    def _fault_flaky(self, r: Route) -> None:
        with self.server.owner.lock:
            left = r.state.setdefault("left", r.options.get("times", 1))
            r.state["left"] = left - 1
        if left > 0:
            return self._send(r.options.get("status", 503), b"busy")
        self._send(200, r.body, r.content_type)

    def _fault_retry_after(self, r: Route) -> None:
        seconds = r.options.get("seconds", 1)
        now = time.monotonic()
        with self.server.owner.lock:
            owed = r.state.setdefault("owed", r.options.get("times", 1))
            last = r.state.get("last_429")
            too_soon = last is not None and now - last < seconds
            if owed > 0 or too_soon:
                r.state["owed"] = owed - 1
                r.state["last_429"] = now
                r.state["refused"] = r.state.get("refused", 0) + 1
                if too_soon:
                    r.state["too_soon"] = r.state.get("too_soon", 0) + 1
                refuse = True
            else:
                refuse = False
        if refuse:
            return self._send(429, b"slow down", headers={"Retry-After": str(seconds)})
        self._send(200, r.body, r.content_type)

    def _fault_hang(self, r: Route) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        self.wfile.write(b"<html><body>never ending")
        self.wfile.flush()
        self.server.owner.stopping.wait(r.options.get("for", 60))
        self.close_connection = True

    def _fault_silent(self, r: Route) -> None:
        self.server.owner.stopping.wait(r.options.get("for", 60))
        self.close_connection = True

    def _fault_redirect_loop(self, r: Route) -> None:
        self.send_response(302)
        self.send_header("Location", r.options["to"])
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _fault_truncated(self, r: Route) -> None:
        self.send_response(200)
        self.send_header("Content-Type", r.content_type)
        self.send_header("Content-Length", str(len(r.body) + 5000))
        self.end_headers()
        self.wfile.write(r.body)
        self.wfile.flush()
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _fault_gzip_bomb(self, r: Route) -> None:
        self._send(200, r.state["bomb"], "text/html", {"Content-Encoding": "gzip"})


def gzip_bomb(size: int) -> bytes:
    """``size`` bytes of zeros, gzipped (about 1/1000 of that on the wire)."""
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9) as gz:
        chunk = b"\0" * (1 << 20)
        for _ in range(max(1, size >> 20)):
            gz.write(chunk)
    return buf.getvalue()


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128
    owner: "FaultServer"

    def handle_error(self, request: Any, client_address: Any) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)  # a client hanging up is no news


class FaultServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[tuple[float, str, dict]] = []
        self.lock = threading.Lock()
        self.in_flight = 0
        self.max_in_flight = 0  # most requests answered at the same time
        self.stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- content ------------------------------------------------------------------------

    def page(self, path: str, body: str | bytes, content_type: str = "text/html; charset=utf-8",
             *, delay: float = 0.0, status: int = 200, **headers: str) -> Route:
        """A good page (ETag, Last-Modified, 304 on a matching conditional request)."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        with self.lock:
            old = self.routes.get(path)
            route = Route("page", data, content_type, status, delay, dict(headers))
            if old is not None and old.body == data:
                route.last_modified = old.last_modified
            self.routes[path] = route
        return route

    def fault(self, path: str, kind: str, *, body: str | bytes = b"",
              content_type: str = "text/html; charset=utf-8", delay: float = 0.0,
              **options: Any) -> Route:
        data = body.encode("utf-8") if isinstance(body, str) else body
        route = Route(kind, data, content_type, options.pop("status_code", 200), delay,
                      options.pop("headers", {}), options)
        if kind == "gzip_bomb":
            route.state["bomb"] = gzip_bomb(options.get("size", 64 << 20))
        with self.lock:
            self.routes[path] = route
        return route

    def remove(self, path: str) -> None:
        with self.lock:
            self.routes.pop(path, None)

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> "FaultServer":
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.owner = self
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> "FaultServer":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    # -- what happened ------------------------------------------------------------------------

    def times(self, path: str) -> list[float]:
        """When each request for ``path`` arrived (monotonic seconds)."""
        with self.lock:
            return [t for t, p, _ in self.log if p == path]

    def hits(self, path: str) -> int:
        with self.lock:
            return sum(1 for _, p, _ in self.log if p == path)

    def requests(self, path: str) -> list[dict]:
        """The headers of every request for ``path``."""
        with self.lock:
            return [h for _, p, h in self.log if p == path]

    def paths(self) -> list[str]:
        with self.lock:
            return [p for _, p, _ in self.log]


def serve_forever() -> None:  # pragma: no cover - a manual check: python tests/faultserver.py
    with FaultServer() as srv:
        srv.page("/", "<html><body><a href='/a.html'>a</a></body></html>")
        srv.page("/a.html", "<html><head><title>A</title></head><body>A</body></html>")
        print(srv.url, flush=True)
        srv.stopping.wait()


if __name__ == "__main__":  # pragma: no cover
    serve_forever()
