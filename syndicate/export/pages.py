"""One HTML page per language version: head metadata, credit, notice, sanitized body."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from ..article import TranslatedArticle
from ..languages import Language, get_language
from ..settings import Settings
from ..urls import safe_url, source_address
from .dates import iso, parse_iso
from .feeds import feed_title
from .jsonld import article_jsonld, script_json
from .messages import ENDONYMS, page_messages
from .templates import TemplateRenderer
from .urls import STYLESHEET_PATH, feed_url, page_url


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


def body_html(translation: TranslatedArticle) -> str:
    """The translated body as a sanitized HTML fragment (links resolved against the original)."""
    from .render import blocks_to_html

    return blocks_to_html(translation.blocks, base_url=source_address(translation.source))


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
) -> str:
    """The full HTML document of one language version.

    ``languages`` are all versions exported for the article (for hreflang and the language list);
    ``published_at`` is when this translation was first exported, ``updated_at`` this export.
    """
    from markupsafe import Markup

    language = get_language(translation.language)
    source = translation.source
    source_url = source_address(source)
    image = safe_url(source.lead_image, base_url=source_url)
    messages = page_messages(language.tag)
    url = page_url(settings.base_url, slug, language.tag)
    authors = ", ".join(source.authors)
    byline_before, byline_after = _split_at(messages.byline, "authors")
    notice = (messages.notice_edited.format(editor=settings.editor) if settings.editor else messages.notice)
    credit = (messages.credit.format(outlet=source.outlet) if source.outlet else messages.credit_no_outlet)
    messages_attrs = ""
    if messages.language != language.tag:
        messages_attrs = f' lang="{messages.language}"' + (' dir="ltr"' if language.rtl else "")
    original = parse_iso(source.published)
    jsonld = article_jsonld(translation, page_url=url, published_at=published_at, updated_at=updated_at,
                            settings=settings)
    links = alternates(source_url, slug, languages, settings.base_url)
    return renderer.render(
        "page.html",
        language=language,
        title=translation.title,
        summary=translation.summary,
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
        messages_lang=Markup(messages_attrs),
        notice=notice,
        credit=credit,
        jsonld=Markup(script_json(jsonld)),
        body_html=Markup(body if body is not None else body_html(translation)),
    )
