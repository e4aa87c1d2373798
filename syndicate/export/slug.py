"""Folder names for exported articles: ASCII, stable across re-runs, never a path."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import unquote, urlsplit

from ..article import Article
from ..errors import ExportError

MAX_SLUG_LENGTH = 80
RESERVED = frozenset({"feeds", "static"})  # folders of the site itself
SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

# Latin letters that Unicode decomposition does not reduce to an ASCII base letter.
_LATIN_EXTRAS = str.maketrans({
    "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
    "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ł": "l", "Ł": "L", "ı": "i", "ŧ": "t", "Ŧ": "T",
    "ħ": "h", "Ħ": "H", "’": "", "'": "",
})


def slugify(text: str, max_length: int = MAX_SLUG_LENGTH) -> str:
    """Lower-case ASCII words joined by ``-``; Latin accents transliterated, anything else dropped."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LATIN_EXTRAS))
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).encode("ascii", "ignore")
    words = re.findall(r"[a-z0-9]+", ascii_text.decode("ascii").lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    return slug or "-".join(words)[:max_length].strip("-")


def is_latin_text(text: str) -> bool:
    """True when most letters of ``text`` are Latin script (so a slug from it reads well)."""
    letters = [ch for ch in text if ch.isalpha()]
    latin = [ch for ch in letters if "LATIN" in unicodedata.name(ch, "")]
    return bool(letters) and len(latin) * 2 >= len(letters)


def hash_slug(key: str) -> str:
    """A stable slug for text that has no usable ASCII form."""
    return "article-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def _url_slug(url: str | None) -> str:
    """A slug from the last path segment of ``url`` made of Latin words, or ``""``."""
    if not url:
        return ""
    segments = [unquote(s) for s in urlsplit(url).path.split("/") if s]
    for segment in reversed(segments):
        segment = re.sub(r"\.(html?|php|aspx?)$", "", segment, flags=re.IGNORECASE)
        slug = slugify(segment)
        # Several words, so generic segments like "article" or "opinion" don't name the folder.
        if is_latin_text(segment) and slug.count("-") >= 1 and re.search(r"[a-z]{3}", slug):
            return slug
    return ""


def article_slug(article: Article) -> tuple[str, str | None]:
    """The folder name for ``article`` and, when the title could not give it, a warning saying so.

    The title's slug when the title is Latin script; otherwise a slug from the source URL's
    path; otherwise a hash of the source URL (or of the title when there is no URL).
    """
    title_slug = slugify(article.title) if is_latin_text(article.title) else ""
    if title_slug in RESERVED:
        title_slug += "-article"
    if title_slug:
        return title_slug, None
    url_slug = _url_slug(article.source_url)
    if url_slug and url_slug not in RESERVED:
        return url_slug, f"title {article.title!r} gives no ASCII slug; using {url_slug!r} from the URL"
    slug = hash_slug(article.source_url or article.title)
    return slug, f"title {article.title!r} gives no ASCII slug; using {slug!r}, a hash of the {'URL' if article.source_url else 'title'}"


def check_slug(slug: str) -> str:
    """``slug`` unchanged when it is a safe folder name, else ExportError (guards path joins)."""
    if not SLUG_PATTERN.fullmatch(slug) or len(slug) > MAX_SLUG_LENGTH + 20:
        raise ExportError(f"unsafe article folder name {slug!r}", hint="slugs are lower-case ASCII words joined by '-'")
    if slug in RESERVED:
        raise ExportError(f"article folder name {slug!r} is the site's own folder", hint="choose another slug")
    return slug
