"""The words around an article on its page, per language.

Only languages whose wording has been checked are listed; any other page gets English
(marked ``lang="en"`` in the page so screen readers and browsers know).
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
    """The strings for a page in ``language`` (English where the wording isn't checked)."""
    return MESSAGES.get(language, ENGLISH)

# Each language's name for itself, for the "other languages" links.
ENDONYMS: dict[str, str] = {
    "en": "English",
    "ar": "العربية",
    "fa-AF": "دری",
    "tg": "Тоҷикӣ",
    "ru": "Русский",
}
