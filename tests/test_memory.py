"""Translation memory: hits and misses by key, editors' corrections, WAL mode, two processes at once."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from syndicate.errors import UsageError
from syndicate.translate.memory import Remembered, TranslationMemory

MODEL = "argos:en-fa@1.9"
OPTIONS = "beam=4;n=1;max=256;lp=0.2;decoder=1"
SENTENCE = "The Taliban leadership is divided."


@pytest.fixture
def memory(tmp_path):
    with TranslationMemory(tmp_path / "cache" / "memory.sqlite3") as memory:
        yield memory


def test_miss_then_hit(memory):
    assert memory.lookup([SENTENCE], MODEL, OPTIONS) == {}
    memory.store({SENTENCE: ["رهبری طالبان تقسیم شده است.", "رهبری طالبان منقسم است."]}, MODEL, OPTIONS)
    found = memory.lookup([SENTENCE, "Another sentence."], MODEL, OPTIONS)
    assert found == {SENTENCE: Remembered(("رهبری طالبان تقسیم شده است.", "رهبری طالبان منقسم است."))}


def test_key_is_input_model_and_options(memory):
    memory.store({SENTENCE: ["a"]}, MODEL, OPTIONS)
    assert memory.lookup([SENTENCE], "argos:en-fa@1.8", OPTIONS) == {}
    assert memory.lookup([SENTENCE], MODEL, OPTIONS.replace("beam=4", "beam=2")) == {}
    assert memory.lookup([SENTENCE + " "], MODEL, OPTIONS) == {}
    memory.store({SENTENCE: ["b"]}, MODEL, "other")
    assert memory.lookup([SENTENCE], MODEL, OPTIONS)[SENTENCE].hypotheses == ("a",)
    assert memory.count() == 2


def test_store_replaces_hypotheses(memory):
    memory.store({SENTENCE: ["old"]}, MODEL, OPTIONS)
    memory.store({SENTENCE: ["new"]}, MODEL, OPTIONS)
    assert memory.lookup([SENTENCE], MODEL, OPTIONS)[SENTENCE].hypotheses == ("new",)


def test_corrections_are_per_source_sentence_and_language_whatever_the_model(memory):
    memory.store({SENTENCE: ["model output"]}, MODEL, OPTIONS)
    memory.set_correction(SENTENCE, "fa-AF", "رهبری طالبان دو دسته شده است.", editor="R. Karimi",
                          at="2026-12-01T10:00:00Z")
    assert memory.corrections([SENTENCE, "Other."], "fa-AF") == {SENTENCE: "رهبری طالبان دو دسته شده است."}
    assert memory.corrections([SENTENCE], "tg") == {}  # Tajik shares the en→fa model, not the correction
    # the model's own output is still there, for other languages of the same model
    assert memory.lookup([SENTENCE], MODEL, OPTIONS)[SENTENCE].hypotheses == ("model output",)
    memory.set_correction(SENTENCE, "fa-AF", "دوم", editor="M. Rahimi", at="2026-12-02T10:00:00Z")
    assert memory.corrections([SENTENCE], "fa-AF") == {SENTENCE: "دوم"}
    memory.set_correction(SENTENCE, "fa-AF", None)
    assert memory.corrections([SENTENCE], "fa-AF") == {}


def test_many_corrections_in_one_lookup(memory):
    sources = [f"Sentence number {i}." for i in range(1200)]
    for source in sources[::100]:
        memory.set_correction(source, "ru", source.upper(), editor="x", at="2026-12-01T00:00:00Z")
    assert len(memory.corrections(sources, "ru")) == 12


def test_many_inputs_in_one_lookup(memory):
    inputs = [f"Sentence number {i}." for i in range(1200)]
    memory.store({text: [text.upper()] for text in inputs}, MODEL, OPTIONS)
    found = memory.lookup(inputs + ["missing"], MODEL, OPTIONS)
    assert len(found) == 1200 and found["Sentence number 1199."].hypotheses == ("SENTENCE NUMBER 1199.",)


def test_wal_mode(memory):
    memory.store({SENTENCE: ["x"]}, MODEL, OPTIONS)
    with sqlite3.connect(memory.path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


WRITER = """
import sys
from syndicate.translate.memory import TranslationMemory
with TranslationMemory(sys.argv[1]) as memory:
    for i in range(200):
        memory.store({f"{sys.argv[2]} {i}": ["t"]}, "m", "o")
"""


def test_two_processes_write_at_once(tmp_path):
    path = tmp_path / "memory.sqlite3"
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), name]) for name in ("first", "second")]
    assert [writer.wait(timeout=60) for writer in writers] == [0, 0]
    with TranslationMemory(path) as memory:
        assert memory.count() == 400


def test_unwritable_path_is_a_usage_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(UsageError) as caught:
        TranslationMemory(blocker / "memory.sqlite3").lookup([SENTENCE], MODEL, OPTIONS)
    assert "SYNDICATE_CACHE" in caught.value.hint


def test_truncation_flags_round_trip(memory):
    memory.store({SENTENCE: ["cut off", "whole"], "Other.": ["fine"]}, MODEL, OPTIONS,
                 {SENTENCE: [True, False], "Other.": [False]})
    found = memory.lookup([SENTENCE, "Other."], MODEL, OPTIONS)
    assert found[SENTENCE].truncated_flags == (True, False)
    assert found["Other."].truncated_flags == (False,)


def test_database_from_before_truncation_flags_is_upgraded(tmp_path):
    path = tmp_path / "memory.sqlite3"
    old = sqlite3.connect(path)
    old.execute("CREATE TABLE translations (input TEXT NOT NULL, model TEXT NOT NULL, options TEXT NOT NULL, "
                "hypotheses TEXT NOT NULL, correction TEXT, created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')), "
                "PRIMARY KEY (input, model, options))")
    old.execute("INSERT INTO translations (input, model, options, hypotheses) VALUES (?, ?, ?, ?)",
                (SENTENCE, MODEL, OPTIONS, '["old row"]'))
    old.commit()
    old.close()
    with TranslationMemory(path) as memory:
        assert memory.lookup([SENTENCE], MODEL, OPTIONS)[SENTENCE] == Remembered(("old row",))
        assert memory.lookup([SENTENCE], MODEL, OPTIONS)[SENTENCE].truncated_flags == (False,)
        memory.store({"New.": ["x"]}, MODEL, OPTIONS, {"New.": [True]})
        assert memory.lookup(["New."], MODEL, OPTIONS)["New."].truncated_flags == (True,)
