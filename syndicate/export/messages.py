"""The words around an article on its page and in its feed item, per language.

Languages without strings here get English (marked ``lang="en"`` in the page so screen
readers and browsers know).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageMessages:
    language: str  # the language these strings are written in
    byline: str  # "{authors}" is filled in
    original_published: str  # label before the original's date
    translated: str  # label before the translation's date
    notice: str  # machine translation notice without an editor
    notice_edited: str  # the same with "{editor}"
    credit: str  # "{outlet}" is filled in
    credit_no_outlet: str
    read_original: str  # link text to the original
    other_languages: str  # heading of the language list


ENGLISH = PageMessages(
    language="en",
    byline="By {authors}",
    original_published="Originally published",
    translated="Translated",
    notice="This article was machine-translated from English.",
    notice_edited="This article was machine-translated from English and edited by {editor}.",
    credit="First published in English by {outlet}.",
    credit_no_outlet="First published in English.",
    read_original="Read the original",
    other_languages="Also available in",
)

MESSAGES: dict[str, PageMessages] = {
    "ar": PageMessages(
        language="ar",
        byline="بقلم {authors}",
        original_published="تاريخ النشر الأصلي",
        translated="تاريخ الترجمة",
        notice="ترجمة آلية من الإنجليزية.",
        notice_edited="ترجمة آلية من الإنجليزية، تحرير: {editor}.",
        credit="نُشر هذا المقال أصلاً باللغة الإنجليزية في {outlet}.",
        credit_no_outlet="نُشر هذا المقال أصلاً باللغة الإنجليزية.",
        read_original="اقرأ المقال الأصلي",
        other_languages="متوفر أيضاً باللغات",
    ),
    "fa-AF": PageMessages(
        language="fa-AF",
        byline="نویسنده: {authors}",
        original_published="تاریخ نشر اصلی",
        translated="تاریخ ترجمه",
        notice="ترجمه ماشینی از انگلیسی.",
        notice_edited="ترجمه ماشینی از انگلیسی، ویرایش: {editor}.",
        credit="این مقاله نخست به زبان انگلیسی در {outlet} نشر شده است.",
        credit_no_outlet="این مقاله نخست به زبان انگلیسی نشر شده است.",
        read_original="خواندن متن اصلی",
        other_languages="به زبان‌های دیگر",
    ),
    # Tajik (Cyrillic): to be confirmed by a Tajik editor.
    "tg": PageMessages(
        language="tg",
        byline="Муаллиф: {authors}",
        original_published="Санаи нашри аслӣ",
        translated="Санаи тарҷума",
        notice="Тарҷумаи мошинӣ аз забони англисӣ.",
        notice_edited="Тарҷумаи мошинӣ аз забони англисӣ, муҳаррир: {editor}.",
        credit="Бори аввал ба забони англисӣ дар {outlet} нашр шудааст.",
        credit_no_outlet="Бори аввал ба забони англисӣ нашр шудааст.",
        read_original="Матни аслиро хонед",
        other_languages="Бо забонҳои дигар",
    ),
    "ru": PageMessages(
        language="ru",
        byline="Автор: {authors}",
        original_published="Оригинал опубликован",
        translated="Перевод",
        notice="Машинный перевод с английского.",
        notice_edited="Машинный перевод с английского, редактор: {editor}.",
        credit="Впервые опубликовано на английском языке: {outlet}.",
        credit_no_outlet="Впервые опубликовано на английском языке.",
        read_original="Читать оригинал",
        other_languages="На других языках",
    ),
}


def page_messages(language: str) -> PageMessages:
    """The strings for a page in ``language`` (English where there are none)."""
    return MESSAGES.get(language, ENGLISH)


def other_language_attributes(messages: PageMessages, *, tag: str, rtl: bool) -> str:
    """``lang`` (and on a right-to-left page ``dir``) attributes for strings that are not in the
    page's language ``tag`` (the English fallback); empty when they are."""
    if messages.language == tag:
        return ""
    return f' lang="{messages.language}"' + (' dir="ltr"' if rtl else "")


def notice_and_credit(messages: PageMessages, *, editor: str | None, outlet: str | None) -> tuple[str, str]:
    """The machine-translation notice and the credit line, filled in."""
    notice = messages.notice_edited.format(editor=editor) if editor else messages.notice
    credit = messages.credit.format(outlet=outlet) if outlet else messages.credit_no_outlet
    return notice, credit


# Each language's name for itself, for the "other languages" links.
ENDONYMS: dict[str, str] = {
    "en": "English",
    "ar": "العربية",
    "fa-AF": "دری",
    "tg": "Тоҷикӣ",
    "ru": "Русский",
}
