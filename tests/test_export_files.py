"""Writing output: atomic replaces, ExportError naming the path, nothing half-written."""

from __future__ import annotations

import os
from dataclasses import replace

import pytest

from plugin_export import publish
from syndicate.errors import ExportError, UsageError
from syndicate.export import export_article
from syndicate.export.files import write_atomic


def test_write_atomic_replaces_whole_files_and_leaves_no_temp(tmp_path):
    target = tmp_path / "ar.html"
    target.write_text("old", encoding="utf-8")
    write_atomic(target, "جديد")
    assert target.read_text(encoding="utf-8") == "جديد"
    assert [p.name for p in tmp_path.iterdir()] == ["ar.html"]
    assert oct(target.stat().st_mode & 0o777) == oct(0o644)


def test_the_temp_file_is_made_next_to_its_target_and_what_a_killed_run_left_is_cleaned(tmp_path, monkeypatch):
    """Renaming stays atomic only on one filesystem: the temp file lives in the target's folder
    for the rename, and remove_stale_temp_files (under the lock) deletes what a killed run left."""
    from syndicate.export.lock import remove_stale_temp_files

    renames = []
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", lambda src, dst: renames.append((src, dst)) or real_replace(src, dst))
    (tmp_path / "feeds").mkdir()
    write_atomic(tmp_path / "feeds" / "ar.xml", "<rss/>")
    ((temp, target),) = renames
    assert os.path.dirname(temp) == str(tmp_path / "feeds") and target == tmp_path / "feeds" / "ar.xml"
    assert os.path.basename(temp).startswith(".ar.xml.") and temp.endswith(".tmp")
    left = [tmp_path / ".index.html.a1b2.tmp", tmp_path / "feeds" / ".ru.xml.c3d4.tmp"]
    for path in left:
        path.write_text("half")
    assert sorted(remove_stale_temp_files(tmp_path)) == sorted(left)
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["ar.xml", "feeds"]


def test_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "ru.xml"
    target.write_text("<rss/>", encoding="utf-8")

    def broken_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(ExportError) as raised:
        write_atomic(target, "<rss>new</rss>")
    assert str(target) in raised.value.message and "No space left" in raised.value.message
    assert target.read_text(encoding="utf-8") == "<rss/>"
    assert [p.name for p in tmp_path.iterdir()] == ["ru.xml"]


def test_output_folder_under_a_file_is_an_export_error_naming_it(tmp_path, seed_article, seed_translations,
                                                                 export_settings, export_now):
    blocker = tmp_path / "output"
    blocker.write_text("a file where the output folder should be", encoding="utf-8")
    with pytest.raises(ExportError) as raised:
        publish(blocker / "site", seed_article, seed_translations, export_settings, now=export_now)
    assert str(blocker / "site") in raised.value.message
    assert raised.value.hint and raised.value.exit_code == 7
    assert blocker.read_text(encoding="utf-8") == "a file where the output folder should be"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_read_only_output_folder_writes_nothing(tmp_path, seed_article, seed_translations, export_settings,
                                                export_now):
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(ExportError):
            publish(tmp_path, seed_article, seed_translations, export_settings, now=export_now)
        assert list(tmp_path.iterdir()) == []
    finally:
        tmp_path.chmod(0o700)


def test_unwritable_feed_folder_fails_before_any_file_is_written(tmp_path, seed_article, seed_translations,
                                                                  export_settings, export_now):
    (tmp_path / "feeds").write_text("not a folder", encoding="utf-8")
    with pytest.raises(ExportError) as raised:
        publish(tmp_path, seed_article, seed_translations, export_settings, now=export_now)
    assert str(tmp_path / "feeds") in raised.value.message
    assert [p.name for p in tmp_path.iterdir()] == ["feeds"]


def test_naive_now_and_unknown_or_repeated_languages_are_refused(tmp_path, seed_article, seed_translations,
                                                                 export_settings, export_now):
    with pytest.raises(ValueError, match="timezone"):
        export_article(seed_article, seed_translations, tmp_path, export_settings, slug="a", versions={},
                       now=export_now.replace(tzinfo=None))
    with pytest.raises(UsageError):
        export_article(seed_article, [seed_translations[0], seed_translations[0]], tmp_path, export_settings,
                       slug="a", versions={}, now=export_now)
    with pytest.raises(UsageError):
        export_article(seed_article, [replace(seed_translations[0], language="../ar")], tmp_path,
                       export_settings, slug="a", versions={}, now=export_now)
    assert list(tmp_path.iterdir()) == []
