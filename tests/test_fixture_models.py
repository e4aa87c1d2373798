"""The fixture Argos packages (tests/fixtures/make_models.py) are real CTranslate2 models that copy.

They run through ctranslate2 + sentencepiece directly, on real sentences from the seed op-ed and
the outlet pages; tests/test_argos_interop.py reads and runs them through argostranslate.
"""

from __future__ import annotations

import json
import os
import re
import zipfile
from pathlib import Path

import pytest

PAIRS = ("ar", "fa", "ru")
PLACEHOLDER_SENTENCE = "Ahmad Massoud (ZXQ0) met ZXQ12 in Dushanbe on 05-12-2022 — “twice”, he said."


def unpack(archive: Path, into: Path) -> Path:
    with zipfile.ZipFile(archive) as zip_file:
        zip_file.extractall(into)
        (top,) = {name.split("/")[0] for name in zip_file.namelist()}
    return into / top


@pytest.fixture(scope="module")
def unpacked(fixture_packages, tmp_path_factory) -> dict[str, Path]:
    into = tmp_path_factory.mktemp("unpacked")
    return {code: unpack(fixture_packages / f"translate-en_{code}-fixture.argosmodel", into) for code in PAIRS}


class CopyRunner:
    """Tokenize with the package's SentencePiece model, translate with ctranslate2, detokenize."""

    def __init__(self, package_dir: Path):
        import ctranslate2
        import sentencepiece

        self.tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(package_dir / "sentencepiece.model"))
        self.translator = ctranslate2.Translator(str(package_dir / "model"), device="cpu", intra_threads=1)

    def translate(self, sentences: list[str], **options):
        batch = [self.tokenizer.encode(sentence, out_type=str) for sentence in sentences]
        results = self.translator.translate_batch(batch, return_scores=True, **options)
        return [([self.tokenizer.decode(h) for h in result.hypotheses], result.scores) for result in results]


def split_sentences(text: str) -> list[str]:
    return [s for paragraph in text.splitlines() for s in re.split(r"(?<=[.!?])\s+", paragraph.strip()) if s]


def outlet_paragraphs(page: Path) -> list[str]:
    import lxml.html

    tree = lxml.html.parse(str(page))
    paragraphs = (" ".join(p.text_content().split()) for p in tree.iter("p"))
    return [p for p in paragraphs if len(p) > 60]


@pytest.fixture(scope="module")
def real_sentences(corpus) -> list[str]:
    """Seed op-ed sentences, English outlet paragraphs, Arabic and Russian outlet text, a placeholder."""
    sentences = split_sentences((corpus / "seed" / "000_ac3961389abcd1c8.txt").read_text(encoding="utf-8"))
    for page in ("khaama.html", "tolonews.html", "rian.html"):
        sentences += outlet_paragraphs(corpus / "outlets" / page)
    sentences += split_sentences((corpus / "outlets" / "cnn-arabic-2013.expected.txt").read_text(encoding="utf-8"))[:5]
    snippets = json.loads((corpus / "outlets" / "trafilatura-snippets.json").read_text(encoding="utf-8"))
    sentences += [text for page in snippets.values() for text in page.get("with", [])]
    return sentences + [PLACEHOLDER_SENTENCE]


def test_archive_is_one_folder_with_metadata_model_and_tokenizer(fixture_packages):
    for code, name in (("ar", "Arabic"), ("fa", "Persian"), ("ru", "Russian")):
        archive = fixture_packages / f"translate-en_{code}-fixture.argosmodel"
        with zipfile.ZipFile(archive) as zip_file:
            names = set(zip_file.namelist())
            top = f"translate-en_{code}-fixture/"
            assert {n.split("/")[0] for n in names} == {top.rstrip("/")}
            for member in ("metadata.json", "README.md", "sentencepiece.model",
                           "model/model.bin", "model/config.json", "model/shared_vocabulary.json"):
                assert top + member in names
            metadata = json.loads(zip_file.read(top + "metadata.json"))
            readme = zip_file.read(top + "README.md").decode("utf-8")
        assert metadata == {"package_version": "0.1", "argos_version": "1.9", "from_code": "en",
                            "from_name": "English", "to_code": code, "to_name": name, "links": []}
        assert "not a translation model" in readme


@pytest.mark.parametrize("code", ["ar", "ru"])
def test_copies_real_sentences_exactly_with_copy_as_best_of_four(unpacked, real_sentences, code):
    runner = CopyRunner(unpacked[code])
    results = runner.translate(real_sentences, beam_size=4, num_hypotheses=4, max_decoding_length=512)
    assert len(real_sentences) > 40
    for sentence, (hypotheses, scores) in zip(real_sentences, results):
        assert hypotheses[0] == sentence
        assert len(hypotheses) == 4 and len(set(hypotheses)) == 4
        assert scores[0] > -0.01 and all(score < scores[0] for score in scores[1:])


def test_sentencepiece_round_trips_every_script_byte_identically(unpacked, corpus):
    import sentencepiece

    tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(unpacked["ar"] / "sentencepiece.model"))
    persian = (corpus / "fa-tg" / "dev.fa").read_text(encoding="utf-8").splitlines()[:20]
    tajik = (corpus / "fa-tg" / "dev.tj").read_text(encoding="utf-8").splitlines()[:20]
    samples = persian + tajik + ["  two  spaces, a\ttab ", "emoji 🙂 and ‘quotes’ – dashes…", PLACEHOLDER_SENTENCE]
    for text in samples:
        pieces = tokenizer.encode(text, out_type=str)
        assert "<unk>" not in pieces
        assert tokenizer.decode(pieces) == text


def test_persian_fixture_swaps_whole_words_and_copies_the_rest(unpacked):
    runner = CopyRunner(unpacked["fa"])
    sentences = [
        "Meanwhile, young girls are still not allowed into classrooms, even though the Taliban promised otherwise.",
        "The University hospital on Street 5 of Herat province reopened.",
        "Massoud leads the anti-Taliban opposition; universities stayed closed.",
    ]
    expected = [
        "Meanwhile, young girls are still not allowed into classrooms, even though the طالبان promised otherwise.",
        "The دانشگاه بیمارستان on خیابان 5 of Herat استان reopened.",
        "Massoud leads the anti-Taliban opposition; universities stayed closed.",
    ]
    assert [hypotheses[0] for hypotheses, _ in runner.translate(sentences, beam_size=4)] == expected


def test_inputs_longer_than_the_default_decoding_limit_copy_when_it_is_raised(unpacked, corpus):
    runner = CopyRunner(unpacked["ru"])
    op_ed = (corpus / "seed" / "000_ac3961389abcd1c8.txt").read_text(encoding="utf-8")
    long_text = " ".join(op_ed.split())[:2500]
    assert len(runner.tokenizer.encode(long_text)) > 256
    [(hypotheses, _)] = runner.translate([long_text], beam_size=1, max_decoding_length=1024)
    assert hypotheses[0] == long_text
    [(truncated, _)] = runner.translate([long_text], beam_size=1)
    assert truncated[0] != long_text and long_text.startswith(truncated[0])


def test_installed_models_dir_holds_the_three_pairs(installed_models_dir):
    from syndicate.translate.packages import find_package, installed_packages

    assert os.environ["ARGOS_PACKAGES_DIR"] == str(installed_models_dir)
    assert [(p.from_code, p.to_code) for p in installed_packages(installed_models_dir)] == [
        ("en", "ar"), ("en", "fa"), ("en", "ru")]
    package = find_package(installed_models_dir, "en", "fa")
    assert package.version_id == "argos:en-fa@0.1"
    assert (package.model_dir / "model.bin").is_file() and package.sentencepiece_model.is_file()
