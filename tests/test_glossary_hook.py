"""The glossary SentenceHook against fake models: protection, choice, insertion and every check."""

import re

import pytest

from syndicate.glossary.hook import GlossaryHook, run_sentence
from syndicate.glossary.tsv import load_glossary
from syndicate.languages import get_language

PLACEHOLDER = re.compile(r"ZQ\d+X")


def statuses(checks):
    return [(check.term, check.status) for check in checks]


@pytest.fixture(scope="module")
def hook(shipped_glossary):
    return GlossaryHook(shipped_glossary)


def test_placeholders_are_ascii_letters_and_digits(hook):
    prepared = hook.prepare("Ahmad Massoud met Karen Decker in Dushanbe.", get_language("ru"))
    assert prepared.text == "ZQ1X met ZQ2X in ZQ3X."
    assert prepared.text.isascii()


def test_mangling_russian_model_every_miss_is_caught(hook):
    sentence = "Ahmad Massoud met Karen Decker in Dushanbe and Doha, then flew to Kabul."

    def model(text):
        massoud, decker, dushanbe, doha, kabul = PLACEHOLDER.findall(text)
        # reorders, duplicates Decker, inflects Massoud itself, drops Doha, mangles Kabul
        return [f"В {dushanbe} {decker} встретилась с Ахмадом Масудом, затем {decker} улетела в {kabul[:-1]}."]

    text, checks = run_sentence(hook, model, sentence, get_language("ru"))
    assert statuses(checks) == [
        ("Ahmad Massoud", "hit"), ("Karen Decker", "hit"), ("Dushanbe", "hit"),
        ("Doha", "miss"), ("Kabul", "placeholder"),
    ]
    assert checks[0].found == "Ахмадом Масудом"
    assert text == "В Душанбе Карен Декер встретилась с Ахмадом Масудом, затем Карен Декер улетела в ZQ5."


def test_a_dropped_placeholder_is_not_hidden_by_a_duplicated_one(hook):
    def model(text):
        first, _second = PLACEHOLDER.findall(text)
        return [f"{first} и снова {first}"]

    _, checks = run_sentence(hook, model, "Kabul and Kabul", get_language("ru"))
    assert statuses(checks) == [("Kabul", "hit"), ("Kabul", "miss")]


def test_arabic_model_choice_and_clitics(hook):
    sentence = "Al-Qaeda and the Taliban met in Kabul and Doha."
    seen = []

    def model(text):
        seen.append(text)
        kabul, doha = PLACEHOLDER.findall(text)
        return [
            f"اجتمع التنظيم والحركة في {kabul} و {doha}.",  # best-ranked, but without the terms
            f"اجتمعت القاعدة وطالبان في {kabul} و{doha}.",
        ]

    text, checks = run_sentence(hook, model, sentence, get_language("ar"))
    assert seen == ["Al-Qaeda and the Taliban met in ZQ1X and ZQ2X."]  # no retry needed
    assert text == "اجتمعت القاعدة وطالبان في كابول والدوحة."
    assert statuses(checks) == [("Al-Qaeda", "hit"), ("Taliban", "hit"), ("Kabul", "hit"), ("Doha", "hit")]
    assert checks[1].found == "وطالبان"


@pytest.mark.parametrize("glued, expected", [
    ("الZQ1X", "الدوحة"), ("لZQ1X", "للدوحة"), ("بالZQ1X", "بالدوحة"), ("وZQ1X", "والدوحة"),
])
def test_arabic_clitics_glued_to_a_placeholder(hook, glued, expected):
    text, checks = run_sentence(hook, lambda text: [glued], "Doha", get_language("ar"))
    assert (text, statuses(checks)) == (expected, [("Doha", "hit")])


def test_terms_fall_back_to_protected_substitution(hook):
    calls = []

    def model(text):
        calls.append(text)
        return [text.replace("Taliban", "движение").replace("leaders", "лидеры")]

    text, checks = run_sentence(hook, model, "Taliban leaders", get_language("ru"))
    assert calls == ["Taliban leaders", "ZQ1X leaders"]
    assert text == "Талибан лидеры"
    assert statuses(checks) == [("Taliban", "hit")]


def test_russian_inflected_terms_are_accepted_and_wrong_ones_are_misses(hook):
    language = get_language("ru")
    prepared = hook.prepare("The National Resistance Front fights the Taliban.", language)
    text, checks = hook.finish("Бойцы Фронта национального сопротивления воюют с талибами.", prepared)
    assert statuses(checks) == [("National Resistance Front", "hit"), ("Taliban", "hit")]
    assert [c.found for c in checks] == ["Фронта национального сопротивления", "талибами"]
    _, checks = hook.finish("Бойцы Национального фронта воюют с движением.", prepared)
    assert statuses(checks) == [("National Resistance Front", "miss"), ("Taliban", "miss")]


def test_tajik_forms_are_inserted_after_conversion(hook):
    def persian_model(text):
        return [f"کنفرانس در {PLACEHOLDER.findall(text)[0]} برگزار شد"]

    def to_tajik(text):  # stands in for the Persian→Tajik converter: ASCII passes through
        table = {"کنفرانس": "Конфронс", "در": "дар", "برگزار": "баргузор", "شد": "шуд"}
        return " ".join(table.get(word, word) for word in text.split())

    text, checks = run_sentence(hook, persian_model, "The conference was held in Dushanbe.",
                                get_language("tg"), postprocess=to_tajik)
    assert text == "Конфронс дар Душанбе баргузор шуд"
    assert statuses(checks) == [("Dushanbe", "hit")]


def test_dari_forms_match_through_normalisation(hook):
    prepared = hook.prepare("The Hazaras and the Taliban in Kabul.", get_language("fa-AF"))
    # Arabic ي/ك, a space for the ZWNJ, tatweel and a kasra: all the same words to an editor
    text, checks = hook.finish("هزاره ها و طالبـانِ در كابل", prepared)
    assert statuses(checks) == [("Hazaras", "hit"), ("Taliban", "hit"), ("Kabul", "hit")]


def test_eastern_digits_in_a_placeholder(hook):
    text, checks = run_sentence(hook, lambda text: ["در ZQ۱X"], "in Kabul", get_language("fa-AF"))
    assert (text, statuses(checks)) == ("در کابل", [("Kabul", "hit")])


def test_deprecated_and_forbidden_entries(write_glossary):
    path = write_glossary([
        ["Daesh", "داعش", "داعش", "ДОИШ", "ИГИЛ", "name", "approved", "", "no", "", "", "", "", "", ""],
        ["ISIS", "", "", "", "", "name", "deprecated", "", "yes", "Daesh", "", "", "", "", ""],
        ["Islamic State", "الدولة الإسلامية", "", "", "", "term", "forbidden", "", "no", "Daesh", "", "", "", "", ""],
        ["caliphate", "", "خلافت", "", "", "term", "forbidden", "", "no", "", "", "", "", "", ""],
        ["Kabul", "كابول", "کابل", "Кобул", "Кабул", "name", "approved", "", "no", "", "", "", "", "", ""],
    ])
    hook = GlossaryHook(load_glossary([path]))
    ar = get_language("ar")
    # a deprecated source term is enforced as its replacement
    prepared = hook.prepare("ISIS attacked Kabul.", ar)
    assert prepared.text == "ZQ1X attacked ZQ2X."
    text, checks = hook.finish("هاجم ZQ1X كابول.", prepared)
    assert text == "هاجم داعش كابول." and statuses(checks) == [("ISIS", "hit"), ("Kabul", "hit")]
    # a forbidden form is replaced by its replacement's form, clitics kept
    prepared = hook.prepare("An attack in Kabul.", ar)
    text, checks = hook.finish("هجوم لتنظيم والدولة الإسلامية في ZQ1X", prepared)
    assert text == "هجوم لتنظيم وداعش في كابول"
    assert statuses(checks) == [("Kabul", "hit")]
    # a forbidden form without replacement is flagged
    prepared = hook.prepare("In Kabul.", get_language("ru"))
    text, checks = hook.finish("В ZQ1X", prepared)
    assert statuses(checks) == [("Kabul", "hit")]
    prepared = hook.prepare("In Kabul.", get_language("fa-AF"))
    text, checks = hook.finish("خلافت در ZQ1X", prepared)
    assert statuses(checks) == [("Kabul", "hit"), ("caliphate", "forbidden")]


def test_dnt_terms_keep_their_english_form(write_glossary):
    path = write_glossary([["Arab News", "", "", "", "", "dnt", "approved", "", "yes", "", "", "", "", "", ""]])
    hook = GlossaryHook(load_glossary([path]))
    text, checks = run_sentence(hook, lambda text: [f"مقال في {text.split()[-1]}"], "An op-ed in Arab News",
                                get_language("ar"))
    assert text == "مقال في Arab News" and statuses(checks) == [("Arab News", "hit")]


def test_version_follows_the_glossary(write_glossary):
    first = GlossaryHook(load_glossary([write_glossary([["Kabul", "كابول", "", "", "", "name", "proposed", "", "no", "", "", "", "", "", ""]])]))
    second = GlossaryHook(load_glossary([write_glossary([["Kabul", "كابل", "", "", "", "name", "proposed", "", "no", "", "", "", "", "", ""]])]))
    assert first.version != second.version and first.version.startswith("glossary@")


@pytest.mark.parametrize("tag", ["ar", "fa-AF", "tg", "ru"])
def test_seed_op_ed_with_an_identity_model_hits_every_term(hook, shipped_glossary, seed_sentences, tag):
    from syndicate.glossary.matching import SourceMatcher

    language = get_language(tag)
    matcher = SourceMatcher(shipped_glossary.source_entries())
    expected = [m.entry.en for s in seed_sentences for m in matcher.find(s)
                if shipped_glossary.effective(m.entry).forms(tag)]
    outputs, checks = [], []
    for sentence in seed_sentences:
        text, sentence_checks = run_sentence(hook, lambda text: [text], sentence, language)
        outputs.append(text)
        checks.extend(sentence_checks)
    assert [c.term for c in checks] == expected
    assert len(checks) >= 70  # the op-ed is dense with glossary terms
    hit_rate = sum(c.status == "hit" for c in checks) / len(checks)
    assert hit_rate == 1.0, [c for c in checks if c.status != "hit"]
    assert not any("ZQ" in text for text in outputs)
    assert "chargé d'affaires" in [c.term for c in checks]  # written "charge d’affaires" in the op-ed


def test_a_leftover_fragment_is_reported_even_when_the_term_is_there(hook):
    text, checks = run_sentence(hook, lambda text: ["Кабул ZQ1"], "Kabul", get_language("ru"))
    assert statuses(checks) == [("Kabul", "hit"), ("ZQ1", "placeholder")]


def test_a_lower_case_form_opening_the_sentence_is_capitalised(hook):
    def model(text):
        return [text.replace("Hazaras", "люди").replace(" live in ", " живут в ").replace(", as do ", ", как и ")]

    text, checks = run_sentence(hook, model, "Hazaras live in Kabul, as do Hazaras", get_language("ru"))
    assert text == "Хазарейцы живут в Кабул, как и хазарейцы"  # names are inserted uninflected
    assert statuses(checks) == [("Hazaras", "hit"), ("Kabul", "hit"), ("Hazaras", "hit")]


def test_russian_place_names_take_the_case_of_their_preposition(hook):
    def model(text):
        decker, doha, kabul, daesh = PLACEHOLDER.findall(text)
        return [f"{decker} прилетела из {doha} к {kabul}, без {daesh}"]

    text, checks = run_sentence(hook, model, "Karen Decker flew from Doha to Kabul, without Daesh",
                                get_language("ru"))
    assert text == "Карен Декер прилетела из Дохи к Кабулу, без ИГИЛ"  # abbreviations stay as they are
    assert [c.found for c in checks] == ["Карен Декер", "Дохи", "Кабулу", "ИГИЛ"]
    assert {c.status for c in checks} == {"hit"}
