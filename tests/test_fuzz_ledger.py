"""Property-based fuzzing of the batch ledger: random sequences of add / start_attempt / mark /
fail / mark_exported / requeue against a plain-dict model. States and attempts match the model
after every step, counts add up, no source is lost, and a reopened ledger says the same."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule

from syndicate.batch.ledger import STATES, Ledger

SOURCES = st.one_of(
    st.sampled_from(["https://a.example/1", "https://a.example/1 ", "feed.xml", "-", "ا", "\x00", "'; DROP TABLE x"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30),
)
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)


class LedgerMachine(RuleBasedStateMachine):
    sources = Bundle("sources")

    def __init__(self):
        super().__init__()
        self.folder = tempfile.TemporaryDirectory()
        self.ledger = Ledger(Path(self.folder.name) / "ledger.sqlite3")
        self.model: dict[str, dict] = {}

    def teardown(self):
        self.ledger.close()
        self.folder.cleanup()

    @rule(target=sources, new=st.lists(SOURCES, min_size=1, max_size=4))
    def add(self, new):
        self.ledger.add(new)
        for source in new:
            self.model.setdefault(source, {"state": "queued", "attempts": 0})
        return new[0]

    @rule(source=sources)
    def start_attempt(self, source):
        self.ledger.start_attempt(source)
        self.model[source]["attempts"] += 1

    @rule(source=sources, state=st.sampled_from([s for s in STATES if s != "failed"]), content=st.none() | TEXT)
    def mark(self, source, state, content):
        self.ledger.mark(source, state, content_hash=content)
        self.model[source]["state"] = state

    @rule(source=sources, kind=TEXT, message=TEXT)
    def fail(self, source, kind, message):
        self.ledger.fail(source, kind, message)
        self.model[source]["state"] = "failed"

    @rule(source=sources, content=TEXT, key=TEXT, slug=TEXT)
    def mark_exported(self, source, content, key, slug):
        self.ledger.mark_exported(source, content_hash=content, run_key=key, slug=slug, timings={"t": 1.0},
                                  versions={"v": key})
        self.model[source]["state"] = "exported"
        assert self.ledger.get(source).is_done(content, key)

    @rule(chosen=st.lists(sources, max_size=3))
    def requeue(self, chosen):
        self.ledger.requeue(chosen)
        for source in chosen:
            if self.model[source]["state"] in ("fetched", "translated"):
                self.model[source]["state"] = "queued"

    @rule()
    def reopen(self):
        self.ledger.close()
        self.ledger = Ledger(Path(self.folder.name) / "ledger.sqlite3")

    @invariant()
    def matches_the_model(self):
        entries = {entry.source: entry for entry in self.ledger.entries()}
        assert set(entries) == set(self.model)
        for source, expected in self.model.items():
            assert (entries[source].state, entries[source].attempts) == (expected["state"], expected["attempts"])
        counts = self.ledger.counts()
        assert sum(counts.values()) == len(self.model)
        assert all(counts[state] == sum(1 for m in self.model.values() if m["state"] == state) for state in STATES)


TestLedgerSequences = LedgerMachine.TestCase
