"""Fixtures for the glossary tests: the shipped glossary and the seed op-ed."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_GLOSSARY = ROOT / "glossaries" / "afghanistan-region.tsv"


@pytest.fixture(scope="session")
def shipped_glossary_path() -> Path:
    return SHIPPED_GLOSSARY


@pytest.fixture(scope="session")
def shipped_glossary():
    from syndicate.glossary.tsv import load_glossary

    return load_glossary([SHIPPED_GLOSSARY])


@pytest.fixture(scope="session")
def seed_path(corpus) -> Path:
    return corpus / "seed" / "000_ac3961389abcd1c8.txt"


@pytest.fixture(scope="session")
def seed_sentences(seed_path) -> list[str]:
    """The seed op-ed's sentences, split as the engine splits them."""
    from syndicate.translate.segment import split_sentences

    return [s.text for s in split_sentences(seed_path.read_text(encoding="utf-8"))]


@pytest.fixture
def write_glossary(tmp_path):
    """Write glossary rows (lists of cells in tsv.COLUMNS order) to a TSV file; returns its path."""
    from syndicate.glossary.tsv import COLUMNS

    def write(rows, name="test.tsv", header=COLUMNS):
        path = tmp_path / name
        lines = ["\t".join(header)] + ["\t".join(row) for row in rows]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    return write
