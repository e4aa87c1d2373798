"""The whole exported site for two fixed articles and a fixed ``now``, byte for byte.

Regenerate after an intended change (then read the diff):  UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_export_golden.py
"""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from plugin_export import SEED_URL, publish

GOLDEN_SITE = Path(__file__).parent / "golden" / "site"


def build_site(out: Path, article, translations, settings, now) -> None:
    publish(out, article, translations, settings, now=now)
    second = replace(article, url=f"{SEED_URL}-dushanbe", title="Tajikistan hosts Afghan opposition in Dushanbe",
                     is_opinion=False, section=None)
    titles = {"ar": "طاجيكستان تستضيف المعارضة الأفغانية في دوشنبه", "fa-AF": "تاجیکستان میزبان مخالفان افغان در دوشنبه"}
    publish(out, second, [replace(t, source=second, title=titles[t.language]) for t in translations[:2]], settings,
            now=now + timedelta(hours=1))


def site_files(root: Path) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def test_site_matches_golden_files(tmp_path, seed_article, seed_translations, export_settings, export_now):
    build_site(tmp_path, seed_article, seed_translations, export_settings, export_now)
    produced = site_files(tmp_path)
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN_SITE, ignore_errors=True)
        shutil.copytree(tmp_path, GOLDEN_SITE)
        pytest.skip("golden files rewritten: review `git diff tests/golden`")
    expected = site_files(GOLDEN_SITE)
    assert sorted(produced) == sorted(expected)
    for name in expected:
        assert produced[name].decode("utf-8") == expected[name].decode("utf-8"), name


def test_a_second_identical_run_changes_nothing(tmp_path, seed_article, seed_translations, export_settings,
                                                export_now):
    build_site(tmp_path / "one", seed_article, seed_translations, export_settings, export_now)
    build_site(tmp_path / "two", seed_article, seed_translations, export_settings, export_now)
    build_site(tmp_path / "two", seed_article, seed_translations, export_settings, export_now)
    assert site_files(tmp_path / "one") == site_files(tmp_path / "two")
