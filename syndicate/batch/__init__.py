"""Batch syndication runs: many sources, a ledger that makes re-runs resumable, worker pools."""
