"""Article folder names: ASCII, stable, never a path, with a warning when the title can't give one."""

from __future__ import annotations

from dataclasses import replace

import pytest

from syndicate.article import Article
from syndicate.errors import ExportError
from syndicate.export.slug import article_slug, check_slug, slugify


def titled(title: str, url: str | None = "https://www.khaama.com/news/7421") -> Article:
    return Article(url=url, title=title, blocks=())


def test_seed_title_gives_a_readable_slug(seed_article):
    assert article_slug(seed_article) == ("world-must-show-its-support-for-afghan-opposition", None)


@pytest.mark.parametrize("title,slug", [
    ("Ça s’est passé à Zürich", "ca-sest-passe-a-zurich"),
    ("Łódź, Ærø and Straße: São Tomé’s “crisis”", "lodz-aero-and-strasse-sao-tomes-crisis"),
    ("Taliban  —  100 days in Kabul!", "taliban-100-days-in-kabul"),
])
def test_latin_accents_are_transliterated(title, slug):
    assert article_slug(titled(title)) == (slug, None)


@pytest.mark.parametrize("title", ["على العالم أن يُظهر دعمه للمعارضة الأفغانية",
                                   "Мир должен поддержать афганскую оппозицию", "???", ""])
def test_non_latin_or_empty_title_falls_back_to_a_stable_hash_with_a_warning(title):
    slug, warning = article_slug(titled(title))
    assert slug.startswith("article-") and check_slug(slug) == slug
    assert warning and "gives no ASCII slug" in warning and slug in warning
    # Stable: the same source gives the same slug; another source another one.
    assert article_slug(titled(title))[0] == slug
    assert article_slug(titled(title, url="https://www.khaama.com/news/7422"))[0] != slug


def test_url_words_are_preferred_to_a_hash():
    article = titled("طالبان", url="https://www.tolonews.com/afghanistan/taliban-close-girls-schools-again.html")
    slug, warning = article_slug(article)
    assert slug == "taliban-close-girls-schools-again"
    assert "from the URL" in warning


def test_without_url_the_title_hash_is_used():
    slug, warning = article_slug(titled("Мир", url=None))
    assert slug == article_slug(titled("Мир", url=None))[0] != article_slug(titled("Мор", url=None))[0]
    assert "hash of the title" in warning


@pytest.mark.parametrize("title", ["../../etc/passwd", "..", "/root/.ssh/authorized_keys", "a/../../b",
                                   "C:\\Windows\\system32", "%2e%2e%2f%2e%2e%2f", "\x00../x"])
def test_traversal_attempts_give_a_plain_folder_name(title):
    slug, _ = article_slug(titled(title))
    assert check_slug(slug) == slug
    assert "/" not in slug and "\\" not in slug and ".." not in slug and not slug.startswith("-")


@pytest.mark.parametrize("bad", ["..", "../x", "a/b", "", "-a", "A", "a--b", "a\x00", "x" * 200, "feeds", "static"])
def test_check_slug_refuses_anything_but_ascii_words(bad):
    with pytest.raises(ExportError):
        check_slug(bad)


def test_long_titles_are_cut_at_a_word():
    slug = slugify("Afghanistan " * 20)
    assert len(slug) <= 80 and slug.endswith("afghanistan")


def test_same_title_from_another_source_gets_its_own_folder(tmp_path, seed_article, seed_translations,
                                                           export_settings, export_now):
    from plugin_export import publish

    first = publish(tmp_path, seed_article, seed_translations, export_settings, now=export_now)
    other = replace(seed_article, url="https://www.arabnews.com/node/2213961")
    second = publish(tmp_path, other, [replace(t, source=other) for t in seed_translations], export_settings,
                     now=export_now)
    assert second.slug.startswith(first.slug + "-") and second.slug != first.slug
    assert any("holds another article" in warning for warning in second.warnings)
    again = publish(tmp_path, other, [replace(t, source=other) for t in seed_translations], export_settings,
                    now=export_now)
    assert again.slug == second.slug


def test_an_article_titled_like_a_site_folder_gets_its_own(seed_article):
    from syndicate.export.slug import article_slug

    assert article_slug(replace(seed_article, title="Feeds"))[0] == "feeds-article"
    assert article_slug(replace(seed_article, title="حدث", url="https://news.example/static"))[0].startswith("article-")
