"""Reading a source into an Article: fetch or read it, extract it, check it is English."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..article import Article
from ..errors import ContentError
from ..settings import Settings
from ..urls import normalized_url


def make_extractor(settings: Settings):
    """An Extractor with the settings' outlet profiles (user files first, then the packaged ones)."""
    from ..extract.extractor import Extractor
    from ..extract.profiles import load_profiles

    return Extractor(load_profiles(settings.profiles))


@dataclass(frozen=True)
class SourceFacts:
    """What the user says about a source (``--author``, ``--date``, ``--canonical-url``): it fills
    in what a text or Markdown source can't say, and wins over what a web page says."""

    authors: tuple[str, ...] = ()
    published: str | None = None  # ISO 8601
    canonical_url: str | None = None

    def apply(self, article: Article) -> Article:
        changes = {name: value for name, value in (("authors", self.authors), ("published", self.published),
                                                   ("canonical_url", self.canonical_url)) if value}
        return replace(article, **changes) if changes else article


def extract_page(page, extractor, *, allow_non_english: bool = False, facts: SourceFacts = SourceFacts()) -> Article:
    """The Article of a read Page (web page, plain text or Markdown); a non-English article is
    refused unless allowed."""
    kind = getattr(page, "kind", "html")
    if kind == "html":
        article = facts.apply(extractor.extract(page.html, url=page.url))
    else:
        from ..extract.meta import PageMetadata
        from ..extract.plaintext import text_article

        metadata = PageMetadata(authors=facts.authors, published=facts.published, canonical_url=facts.canonical_url)
        article = text_article(page.html, markdown=kind == "markdown", url=page.url, metadata=metadata)
        language, probability = extractor.detect_language(" ".join(article.paragraphs()))
        article = replace(article, language=language, language_probability=probability)
    require_english(article, allow_non_english)
    return with_article_identity(article)


def with_article_identity(article: Article) -> Article:
    """``article`` with its own addresses normalized (urls.normalized_url): fragments, letter case
    and default ports don't make two articles of one, and a password given to fetch it goes no
    further."""

    return replace(article, url=article.url and normalized_url(article.url),
                   canonical_url=article.canonical_url and normalized_url(article.canonical_url))


def scrape(source: str, settings: Settings, *, allow_non_english: bool = False, extractor=None,
           facts: SourceFacts = SourceFacts(), stdin=None) -> Article:
    """Read ``source`` (http(s) URL, HTML/text/Markdown file, or "-" for stdin) and extract its Article."""
    from ..fetch import read_source

    page = read_source(source, timeout=settings.timeout, stdin=stdin)
    return extract_page(page, extractor or make_extractor(settings), allow_non_english=allow_non_english,
                        facts=facts)


def require_english(article: Article, allow_non_english: bool = False) -> None:
    """ContentError when ``article`` doesn't look English (unless allowed)."""
    if article.language and article.language != "en" and not allow_non_english:
        raise ContentError(
            f"the article looks like language {article.language!r}, not English",
            hint="syndicate translates from English; pass --allow-non-english to try anyway",
        )
