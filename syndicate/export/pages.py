"""One HTML page per language version: head metadata, credit, notice, sanitized body."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from ..article import TranslatedArticle
from ..languages import Language, get_language
from ..settings import Settings
from ..urls import source_address
from .dates import iso, parse_iso
from .feeds import feed_title
from .jsonld import article_jsonld, script_json
from .messages import ENDONYMS, credit_line, other_language_attributes, page_messages
from .notice import EditionFacts, notice_text
from .templates import TemplateRenderer
from .urls import STYLESHEET_PATH, feed_url, image_schemes, lead_image_url, page_url


@dataclass(frozen=True)
class Alternate:
    """Another version of the same article (a translation or the English original)."""

    hreflang: str
    href: str
    label: str
    direction: str = "ltr"


def alternates(source_url: str | None, slug: str, languages: Sequence[Language], base_url: str) -> list[Alternate]:
    """hreflang links: every translation (the page itself included), the original as ``en`` and x-default."""
    links = [Alternate(lang.tag, page_url(base_url, slug, lang.tag), ENDONYMS.get(lang.tag, lang.name), lang.direction)
             for lang in languages]
    if source_url:
        links.append(Alternate("en", source_url, ENDONYMS["en"]))
        links.append(Alternate("x-default", source_url, ENDONYMS["en"]))
    return links


def _relative(link: Alternate, languages: Sequence[Language]) -> Alternate:
    """Sibling pages linked by file name, so an output folder browses offline too."""
    if link.hreflang in {lang.tag for lang in languages}:
        return Alternate(link.hreflang, f"{link.hreflang}.html", link.label, link.direction)
    return link


def body_html(translation: TranslatedArticle, *, base_url: str) -> str:
    """The translated body as a sanitized HTML fragment (links resolved against the original),
    for the site at ``base_url`` (no http images on an https site)."""
    from .render import blocks_to_html

    return blocks_to_html(translation.blocks, base_url=source_address(translation.source),
                          image_schemes=image_schemes(base_url))


def in_its_language(html: str, language: Language) -> str:
    """``html`` wrapped in an element that carries its language and direction, for places that take
    a body out of its page (feed items, ninjs): in a partner's left-to-right template an Arabic
    or Dari body still reads right to left."""
    return f'<div lang="{language.tag}" dir="{language.direction}">\n{html}\n</div>'


def description(translation: TranslatedArticle) -> str | None:
    """What the version is about, in its language: the standfirst, else the first paragraph."""
    return translation.summary or next(
        (block.text for block in translation.blocks if block.kind == "paragraph" and block.text.strip()), None)


def credit_html(translation: TranslatedArticle, settings: Settings, facts: EditionFacts = EditionFacts()) -> str:
    """The notice, credit line and link to the original as the page shows them, as an HTML
    fragment for places that carry the body alone (feed items)."""
    from html import escape

    language = get_language(translation.language)
    messages = page_messages(language.tag)
    notice = notice_text(messages, facts, desk=settings.editor)
    credit = credit_line(messages, translation.source.outlet)
    attributes = other_language_attributes(messages, tag=language.tag, rtl=language.rtl)
    source_url = source_address(translation.source)
    link = (f' <a href="{escape(source_url)}" hreflang="en">{escape(messages.read_original, quote=False)}</a>'
            if source_url else "")
    return (f"<p{attributes}><em>{escape(notice, quote=False)}</em></p>\n"
            f"<p{attributes}>{escape(credit, quote=False)}{link}</p>")


def _split_at(template: str, field: str) -> tuple[str, str]:
    """``template`` around ``{field}``, so the value can be wrapped in its own element."""
    before, _, after = template.partition("{" + field + "}")
    return before, after


def render_page(
    translation: TranslatedArticle,
    *,
    slug: str,
    languages: Sequence[Language],
    settings: Settings,
    published_at: datetime,
    updated_at: datetime,
    renderer: TemplateRenderer,
    body: str | None = None,
    facts: EditionFacts = EditionFacts(),
    lead_image: str | None = None,
) -> str:
    """The full HTML document of one language version.

    ``languages`` are all versions published for the article (for hreflang and the language list);
    ``published_at`` is when this translation was first published, ``updated_at`` its last change;
    ``facts`` say what editors did to it (the notice); ``lead_image`` is the path of a copied lead
    image in the output folder (setting copy_images), used instead of the source's.
    """
    from markupsafe import Markup

    language = get_language(translation.language)
    source = translation.source
    source_url = source_address(source)
    image = lead_image_url(source, settings.base_url, lead_image)
    messages = page_messages(language.tag)
    url = page_url(settings.base_url, slug, language.tag)
    authors = ", ".join(source.authors)
    byline_before, byline_after = _split_at(messages.byline, "authors")
    notice = notice_text(messages, facts, desk=settings.editor)
    credit = credit_line(messages, source.outlet)
    original = parse_iso(source.published)
    summary = description(translation)
    jsonld = article_jsonld(translation, page_url=url, description=summary, image=image,
                            published_at=published_at, updated_at=updated_at, settings=settings)
    links = alternates(source_url, slug, languages, settings.base_url)
    return renderer.render(
        "page.html",
        language=language,
        title=translation.title,
        summary=summary,
        authors=authors,
        byline_before=byline_before,
        byline_after=byline_after,
        section=source.section,
        image=image,
        page_url=url,
        source_url=source_url,
        alternates=links,
        other_versions=[_relative(link, languages) for link in links if link.hreflang not in (language.tag, "x-default")],
        og_locale_alternates=[lang.og_locale for lang in languages if lang.tag != language.tag],
        feed_url=feed_url(settings.base_url, language.tag),
        feed_title=feed_title(settings, language),
        publisher=settings.publisher,
        stylesheet=STYLESHEET_PATH,
        published_at=iso(published_at),
        updated_at=iso(updated_at),
        original_date={"datetime": iso(original) if original.hour or original.minute or original.tzinfo
                       else original.date().isoformat(), "text": original.date().isoformat()} if original else None,
        messages=messages,
        messages_lang=Markup(other_language_attributes(messages, tag=language.tag, rtl=language.rtl)),
        notice=notice,
        credit=credit,
        jsonld=Markup(script_json(jsonld)),
        body_html=Markup(body if body is not None else body_html(translation, base_url=settings.base_url)),
    )


def render_withdrawn(
    translation: TranslatedArticle,
    *,
    slug: str,
    settings: Settings,
    facts: EditionFacts,
    renderer: TemplateRenderer,
) -> str:
    """The notice that replaces a withdrawn edition's page at the same URL: who withdrew it, when
    and why, a link to the original; no article text, and ``noindex``."""
    language = get_language(translation.language)
    messages = page_messages(language.tag)
    notice = withdrawal_notice(messages, settings=settings, facts=facts)
    return renderer.render(
        "withdrawn.html",
        language=language,
        messages=messages,
        messages_lang=_markup(other_language_attributes(messages, tag=language.tag, rtl=language.rtl)),
        page_url=page_url(settings.base_url, slug, language.tag),
        publisher=settings.publisher,
        stylesheet=STYLESHEET_PATH,
        withdrawn_text=notice[0],
        reason=notice[1] if len(notice) > 1 else None,
        source_url=source_address(translation.source),
    )


def withdrawal_notice(messages, *, settings: Settings, facts: EditionFacts) -> list[str]:
    """The withdrawal notice in the page language: who withdrew it and when, then why (if said)."""
    withdrawn_at = facts.withdrawn_at
    lines = [messages.withdrawn_text.format(publisher=settings.publisher,
                                            date=withdrawn_at.date().isoformat() if withdrawn_at else "")]
    if facts.withdrawn_reason:
        lines.append(messages.withdrawn_reason.format(reason=facts.withdrawn_reason))
    return lines


def _markup(html: str):
    from markupsafe import Markup

    return Markup(html)
