"""The suite stands alone: the committed corpus, fixture models built from committed text only,
and tools that scripts/setup.sh installs required (not skipped) under CI."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from plugin_models import load_make_models
from requires import import_or_missing, in_ci, missing

TESTS = Path(__file__).resolve().parent
LICENCES = ("outlets/LICENSE-crux-Apache-2.0.txt", "outlets/LICENSE-newspaper4k-MIT.txt",
            "outlets/LICENSE-trafilatura-Apache-2.0.txt", "fa-tg/LICENSE", "wcxb-dev-articles/LICENSE")


def test_the_corpus_is_committed_small_licensed_and_documented(corpus):
    assert corpus == TESTS / "corpus"
    files = [path for path in corpus.rglob("*") if path.is_file()]
    assert sum(path.stat().st_size for path in files) <= 10_000_000
    assert all((corpus / licence).is_file() for licence in LICENCES)
    readme = (corpus / "README.md").read_text(encoding="utf-8")
    # WCXB files are listed by page id, the others by name.
    undocumented = [str(path.relative_to(corpus)) for path in files
                    if path.name.split(".")[0] not in readme and path.name not in readme]
    assert undocumented == []


def sentencepiece_model(folder: Path) -> bytes:
    with zipfile.ZipFile(folder / "translate-en_ar-fixture.argosmodel") as archive:
        return archive.read("translate-en_ar-fixture/sentencepiece.model")


def test_fixture_vocabulary_never_depends_on_the_shared_corpus(fixture_packages, tmp_path):
    import sentencepiece

    make_models = load_make_models()
    assert make_models.TEST_CORPUS == TESTS / "corpus"
    make_models.SHARED_CORPUS = tmp_path / "no-shared-corpus"  # as on a fresh clone
    make_models.build_fixture_packages(tmp_path / "built")
    assert sentencepiece_model(tmp_path / "built") == sentencepiece_model(fixture_packages)
    processor = sentencepiece.SentencePieceProcessor(model_proto=sentencepiece_model(fixture_packages))
    assert processor.get_piece_size() == make_models.FIXTURE_VOCAB_SIZE


@pytest.mark.parametrize(("value", "expected"), [
    (None, False), ("", False), ("0", False), ("false", False), ("no", False),
    ("true", True), ("1", True), ("yes", True),
])
def test_ci_is_read_from_the_environment(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", value)
    assert in_ci() is expected


def test_a_missing_dependency_skips_locally_and_fails_under_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="^chromium is not installed: run scripts/setup.sh$"):
        missing("chromium is not installed: run scripts/setup.sh")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="^chromium is not installed: run scripts/setup.sh .CI is set"):
        missing("chromium is not installed: run scripts/setup.sh")
    with pytest.raises(pytest.fail.Exception, match="^no_such_module_here is not installed: pip install x"):
        import_or_missing("no_such_module_here", "pip install x")
    assert import_or_missing("json", "stdlib").dumps([]) == "[]"
