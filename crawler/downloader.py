"""Scrapy's downloader with the per-site concurrency limit actually enforced.

In Scrapy 2.19 under the asyncio reactor, ``Downloader._process_queue``
schedules each download as an asyncio task and only counts it as
transferring once the task starts running, i.e. after the loop that checks
``free_transfer_slots()`` is over.  With no download delay, a slot therefore
sends its whole queue at once, whatever ``CONCURRENT_REQUESTS_PER_DOMAIN``
(or a source's ``concurrency``) says.  This subclass counts a request as
transferring the moment it leaves the queue.  Wired by the ``DOWNLOADER``
setting; ``tests/crawler/test_crawl_politeness.py`` checks the limit holds.
"""

from __future__ import annotations

from time import monotonic
from typing import Any

from scrapy.core.downloader import Downloader
from scrapy.utils.asyncio import call_later
from scrapy.utils.defer import _schedule_coro


class SlotLimitedDownloader(Downloader):
    def _process_queue(self, slot: Any) -> None:
        if slot.latercall:
            return  # a delayed call will process the queue
        now = monotonic()
        delay = slot.download_delay()
        if delay:
            penalty = delay - now + slot.lastseen
            if penalty > 0:
                slot.latercall = call_later(penalty, self._latercall, slot)
                return
        while slot.queue and slot.free_transfer_slots() > 0:
            slot.lastseen = now
            request, queue_dfd = slot.queue.popleft()
            slot.transferring.add(request)  # counted now, not when the task first runs
            _schedule_coro(self._wait_for_download(slot, request, queue_dfd))
            if delay:  # one request per delay
                self._process_queue(slot)
                break
