"""The Persian→Tajik converter on real lines (ParsTranslit dev) and on the cases editors rely on."""

import importlib.util
import re
import shutil
import sys
from pathlib import Path

import pytest

from syndicate.translate.routes.tajik import load_converter
from syndicate.translate.routes.tajik.converter import BuiltinConverter
from syndicate.translate.routes.tajik.evaluation import character_error_rate, chrf, levenshtein
from syndicate.translate.routes.tajik.lexicon import load_lexicon

ROOT = Path(__file__).resolve().parent.parent

# Measured 0.1310 CER / 78.1 chrF on dev (bench/tajik.py); letter rules alone give 0.275 / 38.
DEV_CER_BAR = 0.135
DEV_CHRF_BAR = 77.5


@pytest.fixture(scope="module")
def converter():
    return load_converter()


@pytest.fixture(scope="module")
def dev(corpus):
    folder = corpus / "fa-tg"
    return (folder / "dev.fa").read_text(encoding="utf-8").splitlines(), (
        folder / "dev.tj"
    ).read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def build_script():
    spec = importlib.util.spec_from_file_location("build_tajik_lexicon", ROOT / "scripts" / "build_tajik_lexicon.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


def same(converted: str, expected: str) -> bool:
    return converted.casefold() == expected.casefold()


def test_dev_character_error_rate_and_chrf(converter, dev):
    sources, references = dev
    hypotheses = converter.convert_lines(sources)
    assert len(hypotheses) == len(sources) == 1764
    assert character_error_rate(hypotheses, references) < DEV_CER_BAR
    assert chrf(hypotheses, references) > DEV_CHRF_BAR
    letters_only = BuiltinConverter(converter.lexicon, use_lexicon=False).convert_lines(sources)
    assert character_error_rate(letters_only, references) > 0.2  # the lexicon is what earns the bar


def test_dev_lines_never_reach_the_lexicon_builder(build_script, dev, corpus):
    sources, references = dev
    letters = build_script._letters_only
    held_out = {letters(line) for line in sources + references}
    pairs = build_script.training_pairs(corpus / "fa-tg")
    assert len(pairs) > 1000
    assert not [pair for pair in pairs if letters(pair[0]) in held_out or letters(pair[1]) in held_out]
    # ParsTranslit's train split does contain dev: the filter is what keeps it out.
    train = (corpus / "fa-tg" / "train.fa").read_text(encoding="utf-8").splitlines()
    assert sum(letters(line) in held_out for line in train) > 1000


def test_shipped_lexicon_is_rebuilt_from_the_clean_train_lines(build_script, corpus, tmp_path):
    learned = build_script.learn_from_pairs(build_script.training_pairs(corpus / "fa-tg"))
    shipped = ROOT / "syndicate" / "data" / "tajik"
    build_script.write_training_tables(learned, load_lexicon(shipped).pos, tmp_path)
    for name in ("words.tsv", "context.tsv"):
        assert (tmp_path / name).read_bytes() == (shipped / name).read_bytes(), name


@pytest.mark.parametrize("text", [
    "ZXQ0 در ZXQ1 است",
    "حزب NRF و Ahmad Massoud در https://example.org/a?b=1&c=2 گفتند: «صلح» (2024)",
    "ایمیل info@example.com را بفرستید; ZXQ12!",
])
def test_ascii_and_placeholders_pass_through(converter, text):
    converted = converter.convert(text)
    for ascii_run in re.findall(r"[\x21-\x7e]+(?: [\x21-\x7e]+)*", text):
        assert ascii_run in converted
    assert not re.search(r"[\u0600-\u06ff]", converted)


def test_placeholders_keep_their_persian_suffixes_joined(converter):
    assert converter.convert("ZXQ0\u200cها را دیدم") == "ZXQ0ҳоро дидам"
    assert converter.convert("ZXQ0را") == "ZXQ0ро"
    assert converter.convert("\u200cZXQ0\u200c") == "ZXQ0"


def test_persian_digits_and_punctuation_become_tajik_conventions(converter):
    converted = converter.convert("سال ۱۳۶۸، «کتاب» چیست؟ ١٩٨٩؛")
    assert "1368," in converted and "1989;" in converted and converted.endswith(";")
    assert "«" in converted and "»" in converted and "?" in converted


def test_non_persian_text_is_unchanged(converter):
    for text in ["", "   ", "Hello, world!", "Душанбе 2024", "ZXQ0ZXQ1"]:
        assert converter.convert(text) == text


def test_letter_variants_and_zwnj(converter):
    assert converter.convert("كتاب يك") == converter.convert("کتاب یک")
    assert same(converter.convert("مي‌گويند"), "мегӯянд")
    assert converter.convert("می‌گویند") == converter.convert("می گویند") == converter.convert("می\u200c\u200cگویند")
    assert same(converter.convert("کتاب‌ها"), "китобҳо")
    assert converter.convert("کتاب‌ها") == converter.convert("کتاب ها") == converter.convert("کتابها")


@pytest.mark.parametrize("persian, tajik", [
    ("کتاب‌ها", "китобҳо"),
    ("دانشجویان", "донишҷӯён"),
    ("نمی‌دانم", "намедонам"),
    ("می‌خواهد", "мехоҳад"),
    ("نرفت", "нарафт"),
    ("بزرگ‌ترین", "бузургтарин"),
    ("خانه‌ام", "хонаам"),
    ("شده است", "шудааст"),
    ("کرده‌اند", "кардаанд"),
])
def test_morphology(converter, persian, tajik):
    assert same(converter.convert(persian), tajik)


@pytest.mark.parametrize("persian, tajik", [
    ("کتاب من", "китоби ман"),  # ezafe decided from context
    ("لانۀ ما", "лонаи мо"),  # ezafe written in Persian with ۀ
    ("خانه‌ی ما", "хонаи мо"),  # ... or with ه‌ی
    ("دولت افغانستان", "давлати афғонистон"),
    ("آنها را", "онҳоро"),  # the object marker joins the word
    ("من و تو", "ману ту"),  # "و" joined in a close pair
    ("کتاب من است", "китоби ман аст"),  # no ezafe before a verb / at the end
])
def test_ezafe_object_marker_and_conjunction(converter, persian, tajik):
    assert same(converter.convert(persian), tajik)


def test_sentence_starts_are_capitalised_and_lines_kept(converter):
    converted = converter.convert("این کتاب است. آن خانه است\nمن")
    assert converted == "Ин китоб аст. Он хона аст\nМан"
    assert converter.convert_lines(["من", "", "ZXQ0"]) == ["Ман", "", "ZXQ0"]


def test_version_follows_the_data(converter, tmp_path):
    shipped = ROOT / "syndicate" / "data" / "tajik"
    for name in ("words.tsv", "context.tsv", "tajiknlp.tsv"):
        shutil.copy(shipped / name, tmp_path / name)
    assert BuiltinConverter(load_lexicon(tmp_path)).version == converter.version
    with (tmp_path / "words.tsv").open("a", encoding="utf-8") as handle:
        handle.write("زززز\tзззз\t1\n")
    changed = BuiltinConverter(load_lexicon(tmp_path))
    assert changed.version != converter.version
    assert changed.convert("زززز") == "Зззз"


def test_broken_lexicon_is_a_model_error(tmp_path):
    from syndicate.errors import ModelError

    with pytest.raises(ModelError, match="Tajik lexicon"):
        load_lexicon(tmp_path)


def test_levenshtein_matches_the_textbook_table():
    def table(a, b):
        previous = list(range(len(b) + 1))
        for i, char_a in enumerate(a, 1):
            current = [i]
            for j, char_b in enumerate(b, 1):
                current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
            previous = current
        return previous[-1]

    words = ["", "китоб", "китобҳо", "кутуб", "ҷони худ", "ҷон", "хабаре дар роҳ аст", "abc", "мехурд"]
    for a in words:
        for b in words:
            assert levenshtein(a, b) == table(a, b)


def test_tajik_is_a_route_post_processor(converter):
    from syndicate.translate.routes import load_postprocessor

    step = load_postprocessor("tajik")
    assert step.route_id == f"tajik:{converter.version}"  # the id routes and memory rows used before
    assert step.process(["من", "", "ZXQ0"]) == converter.convert_lines(["من", "", "ZXQ0"])
