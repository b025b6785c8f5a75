"""Who a number is about, when, and according to whom (placeholder)."""
from __future__ import annotations


def assign_subjects(sents):
    pass


def assign_times(sents):
    pass


def assign_sources(sents):
    pass


def resolve_restated(sents):
    pass
