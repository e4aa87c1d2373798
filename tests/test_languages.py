import pytest

from syndicate.errors import UsageError
from syndicate.languages import get_language, parse_targets


@pytest.mark.parametrize(
    "name, tag",
    [("prs", "fa-AF"), ("Dari", "fa-AF"), ("fa_af", "fa-AF"), ("tajik", "tg"), ("TG", "tg"), ("ru", "ru"), ("ar", "ar")],
)
def test_aliases_resolve_to_output_tags(name, tag):
    assert get_language(name).tag == tag


def test_rtl_languages():
    assert [lang.tag for lang in parse_targets("ar,fa-AF,tg,ru") if lang.rtl] == ["ar", "fa-AF"]


def test_dari_and_tajik_share_the_persian_model():
    assert get_language("dari").model_pair == get_language("tajik").model_pair == ("en", "fa")


def test_targets_keep_order_and_drop_repeats():
    assert [lang.tag for lang in parse_targets(["ru,prs", "fa-AF", "ar"])] == ["ru", "fa-AF", "ar"]


def test_unknown_language_names_the_choices():
    with pytest.raises(UsageError) as error:
        get_language("klingon")
    assert "klingon" in error.value.message
    assert "fa-AF" in error.value.hint


def test_empty_target_list_is_refused():
    with pytest.raises(UsageError):
        parse_targets(" , ")
