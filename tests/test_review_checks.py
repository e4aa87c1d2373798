"""The reference-free sentence checks (syndicate.translate.checks) on hand-written translations,
their notes on the review page, and the ``blocking_checks`` setting at the publishing gate."""

from __future__ import annotations

import pytest

from syndicate.article import SentencePair, TermCheck
from syndicate.errors import UsageError
from syndicate.languages import get_language
from syndicate.translate.checks import (
    count_flags, flag_sentences, flags_of, latin_leftovers, length_out_of_band, missing_numbers, repetition,
    sentence_findings, untranslated,
)
from syndicate.review.page import target_cell
from syndicate.editions.gate import resolve_blocking_checks

AR, FA, TG, RU = (get_language(tag) for tag in ("ar", "fa-AF", "tg", "ru"))
SOURCE = "The army lost 1,300 soldiers, 45% of its force, in 2023."


@pytest.mark.parametrize("language, target", [
    (AR, "فقد الجيش 1,300 جندي، 45% من قوته، في عام 2023."),
    (AR, "فقد الجيش ١٬٣٠٠ جندي، ٤٥٪ من قوته، في عام ٢٠٢٣."),  # Eastern digits, Arabic separators
    (AR, "فقد الجيش ١٣٠٠ جندي، ٤٥ بالمئة من قوته، في عام ٢٠٢٣."),
    (FA, "ارتش ۱٬۳۰۰ سرباز، ۴۵٪ از نیروی خود را در سال ۲۰۲۳ از دست داد."),  # Persian digits
    (RU, "Армия потеряла 1 300 солдат, 45 % своих сил, в 2023 году."),
    (RU, "Армия потеряла 1\u00a0300 солдат, 45% своих сил, в 2023 году."),
    (TG, "Артиш 1300 сарбоз, 45 фоизи қувваашро дар соли 2023 аз даст дод."),
])
def test_numbers_written_any_way_the_language_does_pass(language, target):
    assert missing_numbers(SOURCE, target, language) is None


@pytest.mark.parametrize("language, target, missing", [
    (AR, "فقد الجيش جنودا، ٤٥٪ من قوته، في عام ٢٠٢٣.", "1,300 missing"),  # dropped
    (FA, "ارتش ۱٬۴۰۰ سرباز، ۴۵٪ از نیروی خود را در سال ۲۰۲۳ از دست داد.", "1,300 missing"),  # altered
    (RU, "Армия потеряла 1 300 солдат, 54 % своих сил, в 2022 году.", "45, 2023 missing"),
    (TG, "Артиш сарбозонро аз даст дод.", "1,300, 45, 2023 missing"),
])
def test_a_number_dropped_or_altered_is_flagged(language, target, missing):
    assert missing_numbers(SOURCE, target, language) == missing


@pytest.mark.parametrize("language, target, flagged", [
    (RU, "Рост составил 1,5 процента за 3 года.", False),  # decimal comma
    (AR, "بلغ النمو ١٫٥ في المئة خلال 3 سنوات.", False),  # Arabic decimal separator
    (RU, "Рост составил 1,5 процента за три года.", False),  # a small number as a word
    (TG, "Афзоиш дар се сол 1,5 фоиз буд.", False),
    (RU, "Рост составил 15 процентов за 3 года.", True),  # 1.5 became 15
    (RU, "Рост составил 1,5 процента за четыре года.", True),
])
def test_decimals_and_number_words(language, target, flagged):
    assert (missing_numbers("Growth was 1.5 percent over 3 years.", target, language) is not None) is flagged


@pytest.mark.parametrize("language", [AR, FA, TG, RU])
def test_the_source_copied_back_is_untranslated(language):
    assert untranslated("The talks ended on Monday.", "The  talks ended on monday. ", language) == \
        "the translation is the English source"
    assert sentence_findings("The talks ended on Monday.", "The talks ended on Monday.", language) == {
        "untranslated": "the translation is the English source"}  # not latin as well


@pytest.mark.parametrize("language, target, flagged", [
    (AR, "The talks ended يوم Monday in Vienna.", True),  # wrong script
    (TG, "The talks ended рӯзи Monday.", True),
    (RU, "Переговоры в Vienna закончились в понедельник.", False),
    (AR, "انتهت المحادثات يوم الاثنين.", False),
    (FA, "گفتگوها روز دوشنبه پایان یافت.", False),
    (RU, "2023", False),  # nothing to translate
])
def test_wrong_script(language, target, flagged):
    source = "2023" if target == "2023" else "The talks ended on Monday in Vienna."
    assert (untranslated(source, target, language) is not None) is flagged


def test_latin_names_and_glossary_forms_may_stay_leftovers_may_not():
    source = "The leader of the NRF, Ahmad Massoud, spoke at the forum in Dushanbe."
    assert latin_leftovers(source, "Лидер NRF Ahmad Massoud выступил на форуме в Душанбе.", RU) is None
    assert latin_leftovers(source, "تحدث زعيم NRF أحمد مسعود في المنتدى في دوشنبه.", AR) is None
    assert latin_leftovers(source, "Лидер NRF Ахмад Масуд выступил на forum в Душанбе.", RU) == \
        "forum left in Latin letters"
    assert latin_leftovers("The leader spoke.", "The رهبر سخن گفت.", FA) == "The left in Latin letters"  # first word
    dnt = TermCheck("forum", ("forum",), "hit", "forum")
    assert latin_leftovers(source, "Лидер Ахмад Масуд выступил на forum в Душанбе.", RU, [dnt]) is None
    assert latin_leftovers(source, "Лидер выступил, см. https://example.org/forum", RU) is None


@pytest.mark.parametrize("language, target, flagged", [
    (RU, "Лидер выступил.", True),
    (RU, "Лидер Фронта национального сопротивления выступил в Вене в понедельник.", False),
    (AR, "تحدث زعيم الجبهة في فيينا يوم الاثنين.", False),
    (AR, "تحدث زعيم الجبهة في فيينا يوم الاثنين. " * 3, True),
    (TG, "Раҳбари фронт рӯзи душанбе дар Вена суханронӣ кард.", False),
    (FA, "رهبر.", True),
])
def test_length_outside_the_band(language, target, flagged):
    source = "The leader of the front spoke in Vienna on Monday."
    assert (length_out_of_band(source, target, language) is not None) is flagged


def test_short_sentences_have_no_length_band():
    assert length_out_of_band("Food or heat.", "Еда или тепло, или что-то совсем другое.", RU) is None


@pytest.mark.parametrize("target, found", [
    ("Лидер сказал, что в том числе и в том числе и в том числе и.", "“в том числе” 3 times"),
    ("قال قال قال قال الزعيم.", "“قال” 4+ times in a row"),
    ("Лидер сказал, что переговоры продолжатся, и переговоры продолжатся.", None),
])
def test_decoder_loops(target, found):
    assert repetition("The leader said the talks would go on.", target, RU) == found


def test_a_loop_the_source_has_is_not_the_models():
    source = "Very very very very few came."
    assert repetition(source, "Очень очень очень очень мало пришло.", RU) is None


def pair(source, target, **kwargs):
    return SentencePair(0, source, target, **kwargs)


def test_one_sentence_translated_two_ways_is_inconsistent():
    pairs = [pair("Food or heat.", "Еда или тепло."), pair("Other words here.", "Другие слова здесь."),
             pair("Food or heat.", "Пища или тепло."), pair("Other words here.", "другие  слова здесь.")]
    assert [p.flags for p in flag_sentences(pairs, (), RU)] == [("inconsistent",), (), ("inconsistent",), ()]


def test_flags_of_every_check_are_stored_in_order_and_counted():
    pairs = flag_sentences([pair(SOURCE, SOURCE, truncated=True),
                            pair("The army lost 1,300 soldiers in 2023.", "Армия потеряла солдат.")], (), RU)
    assert [p.flags for p in pairs] == [("cut_off", "untranslated"), ("numbers", "length")]
    assert count_flags(pairs) == {"cut_off": 1, "untranslated": 1, "numbers": 1, "length": 1}
    assert flags_of(pair("A.", "Б.", truncated=True)) == ("cut_off",)  # a record from before flags


def test_the_term_checks_of_the_sentence_exempt_glossary_forms():
    checks = [TermCheck("forum", ("forum",), "hit", "forum", sentence=1)]
    pairs = [pair("The forum met.", "Форум собрался."), pair("The forum met today.", "Сегодня собрался forum.")]
    assert [p.flags for p in flag_sentences(pairs, checks, RU)] == [(), ()]
    assert [p.flags for p in flag_sentences(pairs, (), RU)] == [(), ("latin",)]


def test_the_review_cell_has_a_note_per_flag():
    flagged = pair(SOURCE, "فقد الجيش جنودا، ٤٥٪ من قوته، في عام ٢٠٢٣.", flags=("numbers",))
    (note,) = target_cell(flagged, [], AR).notes
    assert note.text == "numbers: 1,300 missing" and note.css == "flag numbers" and note.term == "numbers"
    (blocking,) = target_cell(flagged, [], AR, frozenset({"numbers"})).notes
    assert blocking.css == "flag numbers blocking"
    (cut,) = target_cell(pair("A long one.", "Длинное", truncated=True), [], RU).notes
    assert cut.text == "cut_off: translation cut off at the model's length limit" and "blocking" in cut.css
    assert target_cell(pair("Hello.", "Привет."), [], RU).notes == ()


def test_blocking_checks_must_name_checks(monkeypatch, tmp_path):
    assert resolve_blocking_checks(["numbers", "cut_off"]) == {"numbers", "cut_off"}
    with pytest.raises(UsageError, match="unknown check 'number'"):
        resolve_blocking_checks(["number"])
    assert resolve_blocking_checks(None) == {"cut_off"}  # the setting's default
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SYNDICATE_BLOCKING_CHECKS", "latin,length")
    from syndicate.settings import load_settings

    assert resolve_blocking_checks(load_settings().blocking_checks) == {"latin", "length"}


def test_a_back_translation_far_from_the_source_is_flagged_round_trip():
    from syndicate.translate.checks import back_translation_score, flag_round_trips

    pairs = [pair(SOURCE, "…", flags=("numbers",)), pair(SOURCE, "…"), pair("Short one.", "…")]
    backs = [SOURCE, "The soldiers were paid in 1999 and nobody complained.", "Something else entirely."]
    flagged = flag_round_trips(pairs, backs, threshold=40.0)
    assert [p.back_translation for p in flagged] == backs
    assert [p.flags for p in flagged] == [("numbers",), ("round_trip",), ()]  # too short to judge
    assert back_translation_score(flagged[0]) == 100.0 and back_translation_score(flagged[1]) < 40
    assert back_translation_score(pairs[0]) is None
    assert count_flags(flag_round_trips([pair(SOURCE, "…", flags=("numbers",))], ["army"], 40.0)) == {
        "numbers": 1, "round_trip": 1}  # in CHECKS order
    assert resolve_blocking_checks(["round_trip"]) == {"round_trip"}


def test_the_review_cell_shows_the_back_translation_and_the_round_trip_score():
    from syndicate.translate.checks import flag_round_trips

    (flagged,) = flag_round_trips([pair(SOURCE, "Армия <b>")], ["The <b>army</b> & co."], threshold=40.0)
    flag, back = target_cell(flagged, [], RU).notes
    assert flag.text.startswith("round_trip: chrF ") and flag.text.endswith(" against the source")
    assert flag.css == "flag round_trip"
    assert back.text == "back: The <b>army</b> & co." and back.css == "back-translation"
    assert "blocking" in target_cell(flagged, [], RU, frozenset({"round_trip"})).notes[0].css


def test_a_record_without_back_translations_still_reads():
    from syndicate.article import Article, TranslatedArticle

    record = {"language": "ru", "title": "T", "summary": None, "blocks": [],
              "sentences": [{"block": -1, "source": "T", "target": "T", "flags": []}]}
    (sentence,) = TranslatedArticle.from_dict(record, Article(None, "T", ())).sentences
    assert sentence.back_translation is None
