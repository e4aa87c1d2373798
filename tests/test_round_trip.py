"""Round-trip QA through real CTranslate2: sentences translated back by reverse (X→en) fixture
packages, scored with chrF against the source, flagged, remembered and shown to editors."""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import replace

from pathlib import Path

import ctranslate2
import pytest

from syndicate.errors import UsageError
from plugin_models import load_make_models

from syndicate.article import Article, Block
from syndicate.languages import get_language
from syndicate.translate.checks import ROUND_TRIP_MIN_SOURCE, back_translation_score
from syndicate.settings import Settings
from syndicate.translate.engine import Engine
from syndicate.translate.hooks import NoHook
from syndicate.translate.memory import TranslationMemory
from syndicate.translate.decoding import DecodingOptions
from syndicate.translate.packages import install_from_file

ARTICLE = Article(url="https://example.org/op-ed", title="The university and the province", blocks=(
    Block("paragraph", "The government closed the university in Herat province in 2021. "
                       "Police stood on every street near the hospital."),
    Block("paragraph", "Some 1,300 students lost 45% of their courses within 3 weeks. Nobody was told why."),
    Block("list_item", "Kabul"),
))


def fixture_sentencepiece(fixture_packages) -> bytes:
    with zipfile.ZipFile(fixture_packages / "translate-en_ru-fixture.argosmodel") as archive:
        return archive.read("translate-en_ru-fixture/sentencepiece.model")


def models_with_reverse(fixture_packages, tmp_path_factory, forward: list) -> Path:
    """A models folder with the ``forward`` archives and ar→en, fa→en, ru→en reverse copy models."""
    make_models = load_make_models()
    built = tmp_path_factory.mktemp("reverse_packages")
    models_dir = tmp_path_factory.mktemp("reverse_models")
    for archive in forward:
        install_from_file(archive, models_dir)
    for from_code in ("ar", "fa", "ru"):
        install_from_file(make_models.build_reverse_package(built, fixture_sentencepiece(fixture_packages), from_code),
                          models_dir)
    return models_dir


@pytest.fixture(scope="module")
def reverse_models_dir(fixture_packages, tmp_path_factory):
    return models_with_reverse(fixture_packages, tmp_path_factory, sorted(fixture_packages.glob("*.argosmodel")))


@pytest.fixture(scope="module")
def digitless_reverse_models_dir(fixture_packages, tmp_path_factory):
    built = tmp_path_factory.mktemp("digitless_forward")
    digitless = load_make_models().build_digitless_package(built, fixture_sentencepiece(fixture_packages))
    return models_with_reverse(fixture_packages, tmp_path_factory, [digitless])


@pytest.fixture
def counting(monkeypatch):
    """Records the inputs of every translate_batch call."""
    batches = []

    class CountingTranslator(ctranslate2.Translator):
        def translate_batch(self, source, *args, **kwargs):
            batches.append(source)
            return super().translate_batch(source, *args, **kwargs)

    monkeypatch.setattr(ctranslate2, "Translator", CountingTranslator)
    return batches


@pytest.mark.parametrize("tag", ["ar", "fa-AF", "tg", "ru"])
def test_copy_models_round_trip_perfectly(reverse_models_dir, tag):
    with Engine(reverse_models_dir, memory=None) as engine:
        translated = engine.translate(ARTICLE, get_language(tag))
    judged = [pair for pair in translated.sentences if len(pair.source.replace(" ", "")) >= ROUND_TRIP_MIN_SOURCE]
    assert len(judged) == 4 and all(back_translation_score(pair) == 100.0 for pair in judged)
    assert all(pair.back_translation.casefold() == pair.source.casefold() for pair in translated.sentences)
    assert not any("round_trip" in pair.flags for pair in translated.sentences)
    if tag == "tg":  # what went back is the Persian intermediate, not the Tajik text (which fa→en can't read)
        converted = [pair for pair in translated.sentences if pair.target.casefold() != pair.source.casefold()]
        assert converted and all(pair.back_translation.casefold() == pair.source.casefold() for pair in converted)


def test_the_round_trip_is_one_batch_call_and_remembered(reverse_models_dir, tmp_path, counting):
    path = tmp_path / "memory.sqlite3"
    with Engine(reverse_models_dir, memory=TranslationMemory(path)) as engine:
        first = engine.translate(ARTICLE, get_language("ru"))
    assert len(counting) == 2  # the forward call, then the reverse one
    assert len(counting[1]) == len({pair.target for pair in first.sentences})
    with TranslationMemory(path) as memory:  # remembered like forward translations, under the reverse model
        options = f"{DecodingOptions(beam_size=1).key};compute=auto"  # the round trip decodes greedily
        assert memory.lookup([first.sentences[1].target], "argos:ru-en@0.1", options)

    with Engine(reverse_models_dir, memory=TranslationMemory(path)) as engine:
        again = engine.translate(ARTICLE, get_language("ru"))
    assert len(counting) == 2  # no model call at all the second time
    assert again.sentences == tuple(replace(pair, cached=True) for pair in first.sentences)


def test_a_model_dropping_digits_fails_the_round_trip_of_sentences_with_numbers(digitless_reverse_models_dir,
                                                                                tmp_path):
    settings = Settings(models_dir=str(digitless_reverse_models_dir), cache_path=str(tmp_path / "m.sqlite3"),
                        round_trip_threshold=99.9)
    with Engine.from_settings(settings) as engine:
        translated = engine.translate(ARTICLE, get_language("ru"))
    flagged = {pair.source for pair in translated.sentences if "round_trip" in pair.flags}
    assert flagged == {"Some 1,300 students lost 45% of their courses within 3 weeks.",
                       "The government closed the university in Herat province in 2021."}
    assert all(back_translation_score(pair) == 100.0 for pair in translated.sentences
               if not re.search(r"\d", pair.source) and len(pair.source) >= ROUND_TRIP_MIN_SOURCE)
    with Engine(digitless_reverse_models_dir, memory=None) as engine:  # the default threshold: advice for worse
        assert not any("round_trip" in pair.flags for pair in engine.translate(ARTICLE, get_language("ru")).sentences)


def test_a_language_threshold_overrides_the_default_for_that_language_only(digitless_reverse_models_dir, tmp_path):
    from syndicate.settings import load_settings

    settings = load_settings(None, models_dir=str(digitless_reverse_models_dir), cache_path=str(tmp_path / "m.sqlite3"),
                             round_trip_thresholds="ru=99.9,ar=10")
    with Engine.from_settings(settings) as engine:
        assert (engine.round_trip_threshold_for("ru"), engine.round_trip_threshold_for("fa-AF")) == (99.9, 40.0)
        flagged = {pair.source for pair in engine.translate(ARTICLE, get_language("ru")).sentences
                   if "round_trip" in pair.flags}
    assert len(flagged) == 2  # as with round_trip_threshold=99.9 above
    with pytest.raises(UsageError, match="not TAG=NUMBER"):
        load_settings(None, round_trip_thresholds="ru:45").language_thresholds()
    with pytest.raises(UsageError, match="unknown language"):
        load_settings(None, round_trip_thresholds="xx=45").language_thresholds()


def test_without_reverse_models_there_is_no_round_trip_and_one_hint_per_language(installed_models_dir, tmp_path):
    from syndicate.job import translate_languages

    lines = []
    with Engine(installed_models_dir, memory=None) as engine:
        translations, outcomes = translate_languages(ARTICLE, [get_language("ar"), get_language("ru")], engine,
                                                     NoHook(), lines.append)
    assert all(outcome.ok and "round_trip" not in outcome.qa for outcome in outcomes)
    assert all(pair.back_translation is None for t in translations for pair in t.sentences)
    hints = [line for line in lines if line.startswith("round trip:")]
    assert hints == ["round trip: no ar→en model (`syndicate models install --with-qa ar`)",
                     "round trip: no ru→en model (`syndicate models install --with-qa ru`)"]


def test_back_translations_reach_article_json_and_the_review_page_escaped(reverse_models_dir, tmp_path):
    from plugin_review import write_review
    from syndicate.job import run

    source = tmp_path / "op-ed.txt"
    source.write_text("Army claims <b>victory</b> & peace\n\nThe army says it lost 1,300 soldiers & <b>won</b> "
                      "the war in 2023. Nobody in the capital believes a word of it.\n\n"
                      + "Reporters who visited the front saw burned villages, empty barracks and long queues "
                        "of families waiting for bread, water and any news of the men sent east.\n" * 3,
                      encoding="utf-8")
    settings = Settings(output_dir=str(tmp_path / "out"), base_url="https://partner.example/",
                        max_untranslated_share=1.0)  # the copy models publish English
    lines = []
    with Engine(reverse_models_dir, memory=None) as engine:
        result = run(str(source), [get_language("ru")], settings, engine=engine, hook=NoHook(),
                     progress=lines.append, allow_non_english=True)
    assert not any(line.startswith("round trip:") for line in lines)
    record = json.loads((result.folder / "article.json").read_text(encoding="utf-8"))
    sentences = record["translations"][0]["sentences"]
    assert sentences and all(s["back_translation"] == s["source"] for s in sentences)
    (page,) = write_review(tmp_path / "out")
    html = page.read_text(encoding="utf-8")
    assert "<bdi>back: The army says it lost 1,300 soldiers &amp; &lt;b&gt;won&lt;/b&gt; the war in 2023.</bdi>" in html
    assert "<b>won</b>" not in html
