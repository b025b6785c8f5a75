"""Fixtures of the Datasette tests: a small real knowledge base and a Datasette over it."""

from __future__ import annotations

import pytest
from kbfixture import Client, build_kb


@pytest.fixture
def kb_file(tmp_path):
    """(path, ids) of a fresh fixture knowledge base named any-name.db."""
    path = tmp_path / "any-name.db"
    ids = build_kb(path)
    return path, ids


@pytest.fixture
def client(kb_file):
    from kb.publish import make_datasette

    path, _ = kb_file
    c = Client(make_datasette(path))
    yield c
    c.close()
