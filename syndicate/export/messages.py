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
    notice: str  # machine translation notice, nobody reviewed it
    notice_reviewed: str  # the same once an editor approved it: "{editor}", "{date}"
    corrected: str  # after a correction to the published text: "{date}", "{note}"
    corrected_no_note: str  # "{date}"
    credit: str  # "{outlet}" is filled in
    credit_no_outlet: str
    read_original: str  # link text to the original
    other_languages: str  # heading of the language list
    withdrawn_title: str  # the withdrawal notice that replaces a withdrawn edition's page
    withdrawn_text: str  # "{publisher}", "{date}"
    withdrawn_reason: str  # "{reason}"


ENGLISH = PageMessages(
    language="en",
    byline="By {authors}",
    original_published="Originally published",
    translated="Translated",
    notice="This article was machine-translated from English.",
    notice_reviewed="This article was machine-translated from English and reviewed by {editor} on {date}.",
    corrected="Corrected on {date}: {note}",
    corrected_no_note="Corrected on {date}.",
    credit="First published in English by {outlet}.",
    credit_no_outlet="First published in English.",
    read_original="Read the original",
    other_languages="Also available in",
    withdrawn_title="This translation has been withdrawn",
    withdrawn_text="{publisher} withdrew this translation on {date}.",
    withdrawn_reason="Reason: {reason}",
)

MESSAGES: dict[str, PageMessages] = {
    "ar": PageMessages(
        language="ar",
        byline="بقلم {authors}",
        original_published="تاريخ النشر الأصلي",
        translated="تاريخ الترجمة",
        notice="ترجمة آلية من الإنجليزية.",
        notice_reviewed="ترجمة آلية من الإنجليزية، راجعها {editor} بتاريخ {date}.",
        corrected="صُحّح بتاريخ {date}: {note}",
        corrected_no_note="صُحّح بتاريخ {date}.",
        credit="نُشر هذا المقال أصلاً باللغة الإنجليزية في {outlet}.",
        credit_no_outlet="نُشر هذا المقال أصلاً باللغة الإنجليزية.",
        read_original="اقرأ المقال الأصلي",
        other_languages="متوفر أيضاً باللغات",
        withdrawn_title="سُحبت هذه الترجمة",
        withdrawn_text="سحب {publisher} هذه الترجمة بتاريخ {date}.",
        withdrawn_reason="السبب: {reason}",
    ),
    "fa-AF": PageMessages(
        language="fa-AF",
        byline="نویسنده: {authors}",
        original_published="تاریخ نشر اصلی",
        translated="تاریخ ترجمه",
        notice="ترجمه ماشینی از انگلیسی.",
        notice_reviewed="ترجمه ماشینی از انگلیسی، بازبینی‌شده توسط {editor} به تاریخ {date}.",
        corrected="اصلاح‌شده به تاریخ {date}: {note}",
        corrected_no_note="اصلاح‌شده به تاریخ {date}.",
        credit="این مقاله نخست به زبان انگلیسی در {outlet} نشر شده است.",
        credit_no_outlet="این مقاله نخست به زبان انگلیسی نشر شده است.",
        read_original="خواندن متن اصلی",
        other_languages="به زبان‌های دیگر",
        withdrawn_title="این ترجمه پس گرفته شد",
        withdrawn_text="{publisher} این ترجمه را به تاریخ {date} پس گرفت.",
        withdrawn_reason="دلیل: {reason}",
    ),
    # Tajik (Cyrillic): to be confirmed by a Tajik editor.
    "tg": PageMessages(
        language="tg",
        byline="Муаллиф: {authors}",
        original_published="Санаи нашри аслӣ",
        translated="Санаи тарҷума",
        notice="Тарҷумаи мошинӣ аз забони англисӣ.",
        notice_reviewed="Тарҷумаи мошинӣ аз забони англисӣ; бознигарӣ: {editor}, {date}.",
        corrected="Санаи {date} ислоҳ шуд: {note}",
        corrected_no_note="Санаи {date} ислоҳ шуд.",
        credit="Бори аввал ба забони англисӣ дар {outlet} нашр шудааст.",
        credit_no_outlet="Бори аввал ба забони англисӣ нашр шудааст.",
        read_original="Матни аслиро хонед",
        other_languages="Бо забонҳои дигар",
        withdrawn_title="Ин тарҷума бозхонда шуд",
        withdrawn_text="{publisher} ин тарҷумаро санаи {date} бозхонд.",
        withdrawn_reason="Сабаб: {reason}",
    ),
    "ru": PageMessages(
        language="ru",
        byline="Автор: {authors}",
        original_published="Оригинал опубликован",
        translated="Перевод",
        notice="Машинный перевод с английского.",
        notice_reviewed="Машинный перевод с английского; проверено: {editor}, {date}.",
        corrected="Исправлено {date}: {note}",
        corrected_no_note="Исправлено {date}.",
        credit="Впервые опубликовано на английском языке: {outlet}.",
        credit_no_outlet="Впервые опубликовано на английском языке.",
        read_original="Читать оригинал",
        other_languages="На других языках",
        withdrawn_title="Перевод отозван",
        withdrawn_text="Перевод отозван изданием {publisher} {date}.",
        withdrawn_reason="Причина: {reason}",
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


def credit_line(messages: PageMessages, outlet: str | None) -> str:
    """The credit line, filled in."""
    return messages.credit.format(outlet=outlet) if outlet else messages.credit_no_outlet


# Each language's name for itself, for the "other languages" links.
ENDONYMS: dict[str, str] = {
    "en": "English",
    "ar": "العربية",
    "fa-AF": "دری",
    "tg": "Тоҷикӣ",
    "ru": "Русский",
}
