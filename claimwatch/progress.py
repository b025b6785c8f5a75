"""Run progress for people and for cron.

On a terminal, :class:`Progress` redraws one status line on stderr (pages
fetched and queued, documents extracted, claims, errors).  Without a
terminal (cron, a pipe) it writes a plain log line at most every
``interval`` seconds instead, so logs stay readable.
"""

from __future__ import annotations

import logging
import sys
import time
from logging.handlers import RotatingFileHandler
from pathlib import Path

log = logging.getLogger("claimwatch")

LOG_MAX_BYTES = 5 * 1024 * 1024
LOG_BACKUPS = 5


class OneLineFormatter(logging.Formatter):
    """A log line without the traceback (that stays in the log file)."""

    def format(self, record: logging.LogRecord) -> str:
        saved = record.exc_info, record.exc_text, record.stack_info
        record.exc_info = record.exc_text = record.stack_info = None
        try:
            return super().format(record)
        finally:
            record.exc_info, record.exc_text, record.stack_info = saved


def setup_logging(log_file: str | Path | None) -> None:
    """Log INFO and up to ``log_file`` (rotated at 5 MB, 5 kept, with tracebacks),
    and one line per warning or error to stderr (plus progress lines without a terminal)."""
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    if log_file:
        fh = RotatingFileHandler(log_file, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8")
        fh.setFormatter(fmt)
        root.addHandler(fh)
    sh = logging.StreamHandler(sys.stderr)
    sh.setFormatter(OneLineFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    if sys.stderr.isatty():  # the progress line is drawn on the terminal instead
        sh.setLevel(logging.WARNING)
        root.addHandler(sh)
    else:
        sh.setLevel(logging.INFO)
        # progress lines and warnings; the summary line is on stdout already
        sh.addFilter(lambda r: (r.name.startswith("claimwatch") and r.name != "claimwatch.summary")
                     or r.levelno >= logging.WARNING)
        root.addHandler(sh)


class Progress:
    def __init__(self, label: str, *, stream=None, interval: float = 5.0):
        self.label = label
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.interval = interval if not self.tty else 0.1
        self._last = 0.0
        self.counts: dict[str, int] = {}

    def update(self, **counts: int) -> None:
        self.counts.update(counts)
        now = time.monotonic()
        if now - self._last < self.interval:
            return
        self._last = now
        text = ", ".join(f"{v} {k}" for k, v in self.counts.items())
        if self.tty:
            self.stream.write(f"\r{self.label}: {text}\x1b[K")
            self.stream.flush()
        else:
            log.info("%s: %s", self.label, text)

    def close(self) -> None:
        if self.tty and self._last:
            self.stream.write("\n")
            self.stream.flush()
