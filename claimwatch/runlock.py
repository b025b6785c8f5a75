"""One run at a time per database: an advisory lock beside the database file.

``claimwatch update`` (and ``crawl``/``extract``) take ``<db>.lock`` with
``fcntl.flock`` before writing.  The kernel drops the lock when the process
dies, even on SIGKILL, so a killed run never leaves a stale lock behind; the
file itself records the holder's PID and start time for the message a second
run prints.
"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path


class LockBusy(Exception):
    """Another run holds the lock; the message names it."""


class RunLock:
    def __init__(self, db_path: str | Path):
        self.path = Path(f"{db_path}.lock")
        self._fh = None

    def acquire(self) -> "RunLock":
        fh = open(self.path, "a+")
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            fh.close()
            raise LockBusy(f"{self.path}: another claimwatch run holds the lock ({holder})") from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()} since {time.strftime('%Y-%m-%dT%H:%M:%S%z')}\n")
        fh.flush()
        self._fh = fh
        return self

    def release(self) -> None:
        if self._fh:
            fcntl.flock(self._fh, fcntl.LOCK_UN)
            self._fh.close()
            self._fh = None

    def __enter__(self) -> "RunLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()
