"""Fixtures for the review tests: one real export of the Ammon News op-ed, headless Chromium, PNG decoding.

``review_export`` runs the pipeline on tests/fixtures/ammon-news.html once per session on the
fixture models with the glossary checked but not enforced (they copy English, so many non-name
terms are misses: real QA data), publishes the blocked editions with an override, and returns
the article folder. ``write_record_copy`` writes an edited copy of its article.json for
the cases the real run can't produce (forbidden forms, leftover placeholders, hostile text).
``write_review(folder)`` writes the review pages of an article folder or export root into its
default workspace and returns their paths.
"""

from __future__ import annotations

import copy
import json
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from requires import missing

ROOT = Path(__file__).resolve().parent.parent
AMMON = ROOT / "tests" / "fixtures" / "ammon-news.html"
REVIEW_LANGS = ("ar", "fa-AF", "tg", "ru")
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--no-first-run")


def write_review(folder: Path, blocking_checks=None) -> tuple[Path, ...]:
    from syndicate.job.output import editorial_database
    from syndicate.review.page import export_target, write_review_pages
    from syndicate.settings import Settings
    from syndicate.workspace import Workspace

    root, slug = export_target(folder)
    settings = Settings(output_dir=str(root))
    with editorial_database(settings) as store:
        return write_review_pages(store, Workspace.of(settings), slug, blocking_checks).written


def checks_only_hook(paths):
    """The glossary hook with enforcement's retry pass switched off: names are still protected,
    other terms are only checked, so the copy models' English output gives real misses."""
    from syndicate.glossary.hook import GlossaryHook
    from syndicate.glossary.tsv import load_glossary

    class ChecksOnlyHook(GlossaryHook):
        def retry(self, text, prepared):
            return None

    return ChecksOnlyHook(load_glossary(paths))


@pytest.fixture(scope="session")
def review_export(_installed_fixture_models, tmp_path_factory) -> Path:
    """The article folder of one real pipeline run of the Ammon News op-ed on the fixture models
    (ar, fa-AF, tg, ru) with the project's glossary checked but not enforced (see checks_only_hook)."""
    from syndicate.translate.engine import Engine
    from syndicate.glossary.files import default_glossary_paths
    from syndicate.languages import parse_targets
    from syndicate.job import OutputFolder, run
    from syndicate.settings import Settings, load_settings

    work = tmp_path_factory.mktemp("review_export")
    glossaries = default_glossary_paths(Settings(config_path=str(ROOT / "syndicate.toml")))
    assert glossaries
    settings = load_settings(None, output_dir=str(work / "out"), base_url="https://partner.example/",
                             models_dir=str(_installed_fixture_models), cache_path=str(work / "memory.sqlite3"))
    hook = checks_only_hook(glossaries)
    with Engine.from_settings(settings) as engine:
        result = run(str(AMMON), parse_targets(REVIEW_LANGS), settings, engine=engine, hook=hook)
    assert result.exported == REVIEW_LANGS, result.failed
    # The misses block publication: an editor publishes them anyway, so article.json holds them.
    assert {o.language for o in result.blocked} == set(REVIEW_LANGS)
    with OutputFolder(settings) as output:
        for tag in REVIEW_LANGS:
            output.approve(slug=result.slug, language=tag, editor="QA Fixture", override=True,
                           reason="test data: the copy models miss terms")
    return result.folder


@pytest.fixture(scope="session")
def review_record(review_export) -> dict:
    """The export's article.json, parsed (tests must not modify it: copy.deepcopy first)."""
    return json.loads((review_export / "article.json").read_text(encoding="utf-8"))


def write_record_copy(source_folder: Path, dest_root: Path, slug: str, edit=None) -> Path:
    """Copy ``source_folder``'s article.json to ``dest_root/slug/``, passing the record through ``edit``."""
    record = json.loads((source_folder / "article.json").read_text(encoding="utf-8"))
    record = copy.deepcopy(record)
    record["slug"] = slug
    if edit is not None:
        record = edit(record) or record
    folder = dest_root / slug
    folder.mkdir(parents=True)
    (folder / "article.json").write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def chromium() -> str:
    """Path of the chromium executable; skips (fails under CI) when it isn't installed."""
    for name in ("chromium", "chromium-browser"):
        if path := shutil.which(name):
            return path
    missing("chromium is not installed: run scripts/setup.sh")


def run_chromium(exe: str, page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess:
    """Headless Chromium on ``file://page`` with its own profile folder and no network chatter."""
    command = [exe, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args, page.resolve().as_uri()]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def decode_png(data: bytes):
    """An 8-bit, non-interlaced RGB(A) PNG as a numpy array (height, width, channels); checks every CRC."""
    import numpy as np

    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, idat, header = 8, [], None
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        (crc,) = struct.unpack(">I", data[position + 8 + length:position + 12 + length])
        assert zlib.crc32(kind + body) == crc, f"bad CRC in {kind!r}"
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        position += 12 + length
    width, height, depth, color_type, _, _, interlace = header
    assert depth == 8 and interlace == 0 and color_type in (2, 6), header
    channels = 3 if color_type == 2 else 4
    raw = np.frombuffer(zlib.decompress(b"".join(idat)), dtype=np.uint8).reshape(height, 1 + width * channels)
    pixels = np.zeros((height, width * channels), dtype=np.uint8)
    previous = np.zeros(width * channels, dtype=np.int32)
    for y in range(height):
        kind, line = int(raw[y, 0]), raw[y, 1:].astype(np.int32)
        if kind == 0:
            row = line
        elif kind == 1:  # Sub: a running sum along each channel
            row = np.cumsum(line.reshape(width, channels), axis=0).reshape(-1) % 256
        elif kind == 2:  # Up
            row = (line + previous) % 256
        else:  # Average and Paeth depend on the pixel just decoded: byte by byte
            row = _unfilter_sequential(kind, line.tolist(), previous.tolist(), channels)
            row = np.array(row, dtype=np.int32)
        pixels[y] = row
        previous = row.astype(np.int32)
    return pixels.reshape(height, width, channels)


def _unfilter_sequential(kind: int, row: list[int], up: list[int], step: int) -> list[int]:
    for x in range(len(row)):
        left = row[x - step] if x >= step else 0
        if kind == 3:
            row[x] = (row[x] + (left + up[x]) // 2) & 255
            continue
        upper_left = up[x - step] if x >= step else 0
        estimate = left + up[x] - upper_left
        distances = (abs(estimate - left), abs(estimate - up[x]), abs(estimate - upper_left))
        if distances[0] <= distances[1] and distances[0] <= distances[2]:
            row[x] = (row[x] + left) & 255
        elif distances[1] <= distances[2]:
            row[x] = (row[x] + up[x]) & 255
        else:
            row[x] = (row[x] + upper_left) & 255
    return row
