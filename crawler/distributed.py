"""Distributed crawling: N crawler processes share one frontier in Redis (scrapy-redis).

    claimwatch crawl --distributed redis://127.0.0.1:6379/0 --sources F --db D   # on each worker
    crawl(sources, db, distributed="redis://...", idle_timeout=30)               # crawler.run

Built on scrapy-redis, not on a frontier of our own: each source's requests
go through ``scrapy_redis.scheduler.Scheduler`` (a shared priority queue)
and ``scrapy_redis.dupefilter.RFPDupeFilter`` (a shared fingerprint set),
so a URL one worker has scheduled is not scheduled again by any other, and
every worker pops from the same queues.  What claimwatch adds around it:

*Generations.*  The queues and fingerprints must outlive one worker (two
workers share them) but not the crawl (the next cron run must fetch again).
A worker joins the current *generation* in one atomic Redis script: if no
worker is alive (none has renewed its heartbeat in the last ``TTL`` seconds)
it starts a new one.  Keys are ``<prefix>:g<N>:...``; the last worker to
leave deletes its generation's keys, and a new generation deletes the keys
of dead ones (workers that were killed).  A heartbeat thread renews the
worker's membership every ``TTL/4`` seconds.

*Keys per source.*  Every worker runs one spider per source, as
``crawler.run`` does without Redis; a source's queue and fingerprints are
its own (``<prefix>:g<N>:<source>:requests`` / ``:dupefilter``) so that a
request is always parsed by the spider of its own source, whichever worker
pops it (callbacks travel by name: they are all spider methods).  Entries
listed by two sources (a feed and a sitemap) are claimed in a shared hash
(``<prefix>:g<N>:claims``) instead of the process-local claim, so they are
fetched once per crawl across all workers (:func:`claim`).

*Seeding.*  Each worker's spiders yield their start URLs as usual: the
first worker's go into the shared queue, the next workers' are dropped by
the shared duplicate filter, so seeding is idempotent.

*Closing.*  A worker whose source queue is empty keeps its spider open
(scrapy-redis's idle polling: the engine asks the scheduler, i.e. Redis,
again every 5 seconds) until it has had nothing to do for
``CLAIMWATCH_IDLE_TIMEOUT`` seconds (:class:`IdleCloser`).

*Serialisation.*  Requests are stored as JSON (this module's :func:`dumps`
/ :func:`loads`, ``SCHEDULER_SERIALIZER``), not pickled: whoever can write
to the Redis cannot make the workers run code.  The ``cw_state`` look-up
cached in ``meta`` is dropped on the way in (it may be stale by the time
another worker downloads the request; the downloader middlewares look it
up again).

The database is shared: every worker writes to the same SQLite file (WAL,
30 s busy timeout), so the workers must be on one machine or share a file
system where SQLite locking works (not NFS); see the README, "Scaling out".
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import re
import socket
import threading
import time
import uuid
import warnings
from typing import Any

from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured

log = logging.getLogger(__name__)

# scrapy-redis 0.9.1 still uses APIs Scrapy 2.13+ deprecates (``stats.inc_value(spider=)``,
# ``Spider.log``): its warnings, not ours, would fill every worker's log.
warnings.filterwarnings("ignore", message=r"(Passing a 'spider' argument|Spider\.log\(\) is deprecated)",
                        module=r"scrapy_redis\.")

DEFAULT_PREFIX = "claimwatch"
DEFAULT_IDLE_TIMEOUT = 30.0
TTL = 60.0  # seconds a worker stays a member of its generation without a heartbeat
SCHEMES = ("redis://", "rediss://", "unix://")


class DistributedError(Exception):
    """Redis unreachable or misconfigured: one line for the user."""


# -- requests as JSON ----------------------------------------------------------------

_TAGS = ("$b", "$t", "$d")


def _enc(obj: Any) -> Any:
    if obj is None or isinstance(obj, (str, bool, int, float)):
        return obj
    if isinstance(obj, (bytes, bytearray)):
        return {"$b": base64.b64encode(bytes(obj)).decode("ascii")}
    if isinstance(obj, tuple):
        return {"$t": [_enc(x) for x in obj]}
    if isinstance(obj, list):
        return [_enc(x) for x in obj]
    if isinstance(obj, dict):
        if all(isinstance(k, str) and not k.startswith("$") for k in obj):
            return {k: _enc(v) for k, v in obj.items()}
        return {"$d": [[_enc(k), _enc(v)] for k, v in obj.items()]}
    raise TypeError(f"{type(obj).__name__} in a request cannot go to the shared queue (JSON only)")


def _dec(obj: Any) -> Any:
    if isinstance(obj, list):
        return [_dec(x) for x in obj]
    if isinstance(obj, dict):
        if len(obj) == 1:
            (tag, value), = obj.items()
            if tag == "$b":
                return base64.b64decode(value)
            if tag == "$t":
                return tuple(_dec(x) for x in value)
            if tag == "$d":
                return {_dec(k): _dec(v) for k, v in value}
        return {k: _dec(v) for k, v in obj.items()}
    return obj


def dumps(request_dict: dict) -> bytes:
    """A request's ``to_dict()`` as JSON (scrapy-redis serializer interface)."""
    d = dict(request_dict)
    meta = d.get("meta")
    if meta and "cw_state" in meta:
        d["meta"] = {k: v for k, v in meta.items() if k != "cw_state"}
    return json.dumps(_enc(d), separators=(",", ":")).encode("utf-8")


def loads(data: bytes | str) -> dict:
    return _dec(json.loads(data))


# -- the frontier's generations ---------------------------------------------------------

_JOIN = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local fresh = 0
if redis.call('ZCARD', KEYS[1]) == 0 then
  redis.call('INCR', KEYS[2])
  fresh = 1
end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
return {tonumber(redis.call('GET', KEYS[2])), fresh, redis.call('ZCARD', KEYS[1])}
"""

_BEAT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
return redis.call('ZADD', KEYS[1], 'XX', 'CH', now + tonumber(ARGV[2]), ARGV[1])
"""

_LEAVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
return redis.call('ZCARD', KEYS[1])
"""


def _glob_escape(text: str) -> str:
    return re.sub(r"([*?\[\]\\])", r"\\\1", text)


def source_key(name: str) -> str:
    """A Redis-key-safe form of a source name (no ``%``: scrapy-redis %-formats its keys)."""
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", name)
    if safe != name:
        safe += "-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
    return safe


def redacted(url: str) -> str:
    """The Redis URL without its password, for messages."""
    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)


def connect(url: str) -> Any:
    """A client for ``url``, pinged; :class:`DistributedError` with one line when that fails."""
    if not url.startswith(SCHEMES):
        raise DistributedError(f"--distributed {url!r}: expected a Redis URL (redis://HOST:PORT/DB)")
    try:
        import redis
    except ImportError:
        raise DistributedError(
            "distributed mode needs scrapy-redis and redis: pip install 'claimwatch[distributed]'"
        ) from None
    try:
        client = redis.Redis.from_url(url, socket_timeout=30, socket_connect_timeout=10)
        client.ping()
    except redis.RedisError as exc:
        raise DistributedError(f"cannot reach Redis at {redacted(url)} ({exc})") from None
    return client


class Worker:
    """One crawler process's membership of the shared frontier (see the module docstring)."""

    def __init__(self, url: str, *, idle_timeout: float = DEFAULT_IDLE_TIMEOUT,
                 prefix: str = DEFAULT_PREFIX, ttl: float = TTL):
        self.url = url
        self.idle_timeout = float(idle_timeout)
        self.prefix = prefix
        self.ttl = ttl
        self.id = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.generation: int | None = None
        self.fresh = False
        self._redis = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # keys
    @property
    def members_key(self) -> str:
        return f"{self.prefix}:workers"

    def key(self, *parts: str) -> str:
        return ":".join([self.prefix, f"g{self.generation}", *parts])

    # membership
    def join(self) -> "Worker":
        self._redis = connect(self.url)
        gen, fresh, live = self._redis.eval(_JOIN, 2, self.members_key, f"{self.prefix}:generation",
                                            self.id, self.ttl)
        self.generation, self.fresh = int(gen), bool(fresh)
        log.info("distributed: worker %s joined generation %s at %s (%s live, %s)", self.id,
                 self.generation, redacted(self.url), live, "new" if fresh else "joined")
        if self.fresh:
            self._drop_dead_generations()
        self._thread = threading.Thread(target=self._beat, name="claimwatch-frontier-heartbeat", daemon=True)
        self._thread.start()
        return self

    def _beat(self) -> None:
        while not self._stop.wait(self.ttl / 4):
            try:
                if not self._redis.eval(_BEAT, 1, self.members_key, self.id, self.ttl) and not self._stop.is_set():
                    log.warning("distributed: worker %s was dropped from generation %s (no heartbeat "
                                "for %ss)", self.id, self.generation, self.ttl)
            except Exception as exc:  # noqa: BLE001 - a missed beat is retried; the crawl goes on
                log.warning("distributed: heartbeat failed (%s)", exc)

    def leave(self) -> bool:
        """Leave the generation; the last worker out deletes its keys.  True when it was the last."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self._redis is None or self.generation is None:
            return False
        try:
            live = self._redis.eval(_LEAVE, 1, self.members_key, self.id)
            if live == 0:
                self._delete(f"{_glob_escape(self.key())}:*")
                log.info("distributed: last worker out of generation %s; its keys deleted", self.generation)
            return live == 0
        except Exception as exc:  # noqa: BLE001 - the keys expire with the next generation anyway
            log.warning("distributed: could not leave generation %s cleanly (%s)", self.generation, exc)
            return False
        finally:
            self._redis.close()

    def _drop_dead_generations(self) -> None:
        mine = f"{self.prefix}:g{self.generation}:"
        for key in self._redis.scan_iter(match=f"{_glob_escape(self.prefix)}:g*:*", count=500):
            text = key.decode("utf-8", "replace") if isinstance(key, bytes) else key
            if re.match(re.escape(self.prefix) + r":g\d+:", text) and not text.startswith(mine):
                self._redis.unlink(key)

    def _delete(self, pattern: str) -> None:
        batch = []
        for key in self._redis.scan_iter(match=pattern, count=500):
            batch.append(key)
            if len(batch) >= 500:
                self._redis.unlink(*batch)
                batch = []
        if batch:
            self._redis.unlink(*batch)

    # settings
    def settings(self) -> dict[str, Any]:
        """The settings overlay of every crawler of this worker."""
        from crawler import settings as project

        return {
            "EXTENSIONS": {**project.EXTENSIONS, "crawler.distributed.IdleCloser": 510},
            "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
            "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
            "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
            "SCHEDULER_SERIALIZER": "crawler.distributed",
            "SCHEDULER_PERSIST": True,  # the queue outlives this worker; Worker.leave cleans up
            "SCHEDULER_FLUSH_ON_START": False,
            "REDIS_URL": self.url,
            "CLAIMWATCH_DISTRIBUTED": True,
            "CLAIMWATCH_IDLE_TIMEOUT": self.idle_timeout,
            "CLAIMWATCH_CLAIMS_KEY": self.key("claims"),
        }

    def configure(self, crawler: Any, source: dict) -> None:
        """One source's crawler: its own queue and fingerprints.

        (``CrawlerProcess.crawl`` lays the process settings over a crawler's
        own again, so only keys the process does not set may be set here.)
        """
        name = source_key(source["name"])
        s = crawler.settings
        s.set("SCHEDULER_QUEUE_KEY", self.key(name, "requests"), priority="cmdline")
        s.set("SCHEDULER_DUPEFILTER_KEY", self.key(name, "dupefilter"), priority="cmdline")
        # Take from the shared queue only what can be sent now: Scrapy would pop up to
        # CONCURRENT_REQUESTS (16) and hold them behind the site's delay while other
        # workers stay idle.  (A -s CONCURRENT_REQUESTS=N given to the worker still wins.)
        per_site = source.get("concurrency") or s.getint("CONCURRENT_REQUESTS_PER_DOMAIN") or 1
        s.set("CONCURRENT_REQUESTS", int(per_site), priority="cmdline")

    def describe(self) -> str:
        return f"{redacted(self.url)} generation {self.generation}"


# -- claims of entries across workers -----------------------------------------------------

_CLIENTS: dict[str, Any] = {}


def claim(crawler: Any, url: str) -> bool:
    """``crawler.context.claim`` across workers: the first source to ask for ``url`` has it."""
    settings = crawler.settings
    redis_url = settings.get("REDIS_URL")
    client = _CLIENTS.get(redis_url)
    if client is None:
        client = _CLIENTS[redis_url] = connect(redis_url)
    key = settings.get("CLAIMWATCH_CLAIMS_KEY")
    me = getattr(crawler.spider, "source", {}).get("name") or crawler.spider.name
    if client.hsetnx(key, url, me):
        return True
    owner = client.hget(key, url)
    return (owner.decode("utf-8") if isinstance(owner, bytes) else owner) == me


# -- closing when the shared queue stays empty ------------------------------------------------


class IdleCloser:
    """Keeps an idle spider open until it has had nothing to do for ``CLAIMWATCH_IDLE_TIMEOUT`` s.

    While it is open, the engine asks the scheduler (the shared Redis queue)
    for requests again: on its own every 5 seconds (Scrapy's engine
    heartbeat), and every ``CLAIMWATCH_IDLE_POLL`` seconds (default 1) when
    this extension can wake it, so work another worker queues is picked up
    soon.  Any request scheduled or answer received restarts the clock.
    """

    def __init__(self, crawler: Any):
        if not crawler.settings.getbool("CLAIMWATCH_DISTRIBUTED"):
            raise NotConfigured
        self.crawler = crawler
        self.timeout = crawler.settings.getfloat("CLAIMWATCH_IDLE_TIMEOUT", DEFAULT_IDLE_TIMEOUT)
        self.poll = crawler.settings.getfloat("CLAIMWATCH_IDLE_POLL", 1.0)
        self._wake_call: Any = None
        self.last_active = time.monotonic()
        for sig in (signals.request_scheduled, signals.response_received, signals.request_left_downloader,
                    signals.item_scraped):
            crawler.signals.connect(self.active, signal=sig)
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Any) -> "IdleCloser":
        return cls(crawler)

    def active(self, *args: Any, **kwargs: Any) -> None:
        self.last_active = time.monotonic()

    def spider_idle(self, spider: Any) -> None:
        if time.monotonic() - self.last_active < self.timeout:
            self._schedule_wake()
            raise DontCloseSpider

    def spider_closed(self, spider: Any) -> None:
        if self._wake_call is not None and self._wake_call.active():
            self._wake_call.cancel()

    def _schedule_wake(self) -> None:
        if self.poll <= 0 or (self._wake_call is not None and self._wake_call.active()):
            return
        from twisted.internet import reactor  # the installed one

        self._wake_call = reactor.callLater(self.poll, self._wake)

    def _wake(self) -> None:
        """Have the engine ask the scheduler again now (private engine API: without it, 5 s heartbeat)."""
        engine = getattr(self.crawler, "engine", None)
        nextcall = getattr(getattr(engine, "_slot", None), "nextcall", None)
        if nextcall is not None:
            nextcall.schedule()
