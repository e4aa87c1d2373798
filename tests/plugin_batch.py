"""Fixtures for the batch tests: real WCXB article pages to serve, and checks of an output folder.

``wcxb_pages``
    Session-scoped: ``{page id: html bytes}`` for a few short English article pages of
    tests/corpus/wcxb-dev-articles (decompressed), so translating them with the fixture
    models takes well under a second each.
``batch_env``
    Environment for a ``syndicate batch`` subprocess: the fixture models and a private cache.

``check_output_folder(out_dir, expected_articles, languages)`` asserts what a finished batch
must leave whatever happened on the way (see tests/test_batch_crash.py), and returns the slugs.
``workspace_of(out_dir)`` is the default workspace of an output folder (ledger, lock, reviews).
"""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import feedparser
import pytest

from syndicate.settings import Settings
from syndicate.workspace import Workspace

# Short English articles (120-250 words of body) that extract cleanly.
WCXB_IDS = ("0442", "0079", "0781", "0285", "4104", "0351", "4349", "0081", "4759", "0339", "0107", "0392")


@pytest.fixture(scope="session")
def wcxb_pages(corpus) -> dict[str, bytes]:
    html_dir = corpus / "wcxb-dev-articles" / "html"
    return {page_id: gzip.decompress((html_dir / f"{page_id}.html.gz").read_bytes()) for page_id in WCXB_IDS}


@pytest.fixture
def batch_env(installed_models_dir, tmp_path) -> dict[str, str]:
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(installed_models_dir), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    for name in ("SYNDICATE_CACHE", "SYNDICATE_MODELS_DIR", "SYNDICATE_OUTPUT", "SYNDICATE_WORKSPACE"):
        env.pop(name, None)
    return env


def workspace_of(out_dir: Path) -> Workspace:
    return Workspace.of(Settings(output_dir=str(out_dir)))


def private_files(out_dir: Path) -> list[str]:
    """Files under ``out_dir`` that must not be published: dot-files (ledger, lock, temp files),
    SQLite databases, locks and review pages."""
    return sorted(str(path.relative_to(out_dir)) for path in out_dir.rglob("*")
                  if any(part.startswith(".") for part in path.relative_to(out_dir).parts)
                  or path.name.endswith((".sqlite3", ".sqlite3-wal", ".sqlite3-shm", ".lock"))
                  or path.name == "review.html")


def check_output_folder(out_dir: Path, expected_articles: int, languages: tuple[str, ...]) -> list[str]:
    """One folder with a valid article.json per article, one feed item per article and language
    (unique guids, parsing), every JSON file parsing, no temp file and no private file (ledger,
    lock, review page) in it, the ledger in the workspace; returns the slugs."""
    records = sorted(out_dir.glob("*/article.json"))
    slugs = [path.parent.name for path in records if path.parent.name != "feeds"]
    assert len(slugs) == expected_articles, slugs
    sources = set()
    for path in records:
        record = json.loads(path.read_text(encoding="utf-8"))
        assert record["slug"] == path.parent.name
        assert sorted(t["language"] for t in record["translations"]) == sorted(languages)
        sources.add(record["source"]["url"])
    assert len(sources) == expected_articles  # no article exported twice under two names
    for path in out_dir.rglob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))
    for tag in languages:
        feed = feedparser.parse((out_dir / "feeds" / f"{tag}.xml").read_bytes())
        assert not feed.bozo, feed.get("bozo_exception")
        guids = [entry.id for entry in feed.entries]
        assert len(guids) == len(set(guids)) == expected_articles, (tag, guids)
    leftovers = [str(path) for path in out_dir.rglob("*") if path.name.endswith(".tmp")]
    assert leftovers == []
    assert private_files(out_dir) == []
    assert workspace_of(out_dir).ledger.is_file()
    index = (out_dir / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{slug}/' in index for slug in slugs), "index.html lists every article"
    return slugs
