"""Shared fixtures: the real leaderboard samples, read in place (never copied).

Imported by the test modules (``from lbsamples import sample, samples``; linters
see the names as unused imports, pytest uses them as fixtures).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

#: ../shared beside the checkout (as on the developers' machines and in CI)
SAMPLES = Path(os.environ.get("CLAIMWATCH_LEADERBOARD_SAMPLES",
                             Path(__file__).resolve().parents[2].parent / "shared" / "samples" / "leaderboards"))


@pytest.fixture(scope="session")
def samples() -> Path:
    if not (SAMPLES / "openrouter").is_dir():
        pytest.skip(f"leaderboard samples not found at {SAMPLES} (set CLAIMWATCH_LEADERBOARD_SAMPLES)")
    return SAMPLES


@pytest.fixture(scope="session")
def sample(samples):
    def read(rel: str) -> bytes:
        return (samples / rel).read_bytes()

    return read
