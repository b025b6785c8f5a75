"""Fixtures of the crawler tests: a local site served by the fault server.

The helpers (crawls, page builders) are in ``crawlkit.py``.
"""

from __future__ import annotations

import pytest

from crawlkit import FaultServer, build_site


@pytest.fixture
def server():
    with FaultServer() as srv:
        yield srv


@pytest.fixture
def site(server):
    build_site(server)
    return server
