"""Article extraction: HTML page → Article (metadata + ordered typed body blocks).

The pipeline: parse → match an outlet profile (profiles.py) → metadata (meta.py) → drop page
furniture by structure (boilerplate.py) → trafilatura finds the main text → typed blocks with
links and images put back (blocks.py) → drop furniture by text → language (langdetect).
Plain-text and Markdown sources have their own reader (plaintext.py).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..article import Article, Block
from ..errors import ContentError
from .blocks import attach_links, image_candidates, link_candidates, place_images, xml_to_blocks
from .boilerplate import drop_boilerplate, drop_furniture
from .meta import page_address, read_metadata
from .profiles import OutletProfile, ProfileSet
from .text import body_words, count_words, drop_code, normal_text

MIN_BODY_WORDS = 30  # below this a page is a home/404/paywall page, not an article
LANGUAGE_SAMPLE_CHARS = 800  # plenty for langdetect; its cost grows with the sample
RECALL_RETRY_WORDS = 300  # a body shorter than this is extracted again in trafilatura's recall mode
RECALL_RETRY_GAIN = 1.5  # ... and replaced when that finds this many times more words
SHORT_LINE_WORDS = 8  # a line the recall pass adds is kept only when longer, or when it is a heading or list item


@dataclass
class Extractor:
    """Extracts Articles from HTML; owns the outlet profiles and the (lazily loaded) language detector."""

    profiles: ProfileSet = field(default_factory=ProfileSet)
    _language_factory: object = field(default=None, init=False, repr=False)

    def extract(self, html: str, *, url: str | None = None) -> Article:
        """The Article in ``html``; ContentError when it is not HTML, can't be parsed or holds no
        article text."""
        from lxml import etree

        tree = parse_html(html)
        profile = self.profiles.match(url or page_address(tree))
        try:
            metadata = read_metadata(tree, url=url, profile=profile)
            base_url = url or metadata.canonical_url
            blocks = body_blocks(tree, profile=profile, base_url=base_url)
        except (etree.LxmlError, ValueError, RecursionError) as error:
            # trafilatura parses what it makes of the page again, and lets lxml's errors out
            raise ContentError(f"the page could not be parsed: {type(error).__name__}: {_first_line(error)}",
                               hint="save the page from a browser and give the file, or report the page") from error
        blocks = drop_furniture(blocks, metadata)
        words = body_words(blocks)
        if words < MIN_BODY_WORDS:
            raise ContentError(
                "no article text found" + (f" ({words} words of body text)" if words else ""),
                hint="is this an article page, not a home, index or error page?",
            )
        language, probability = self.detect_language(" ".join(b.text for b in blocks if b.kind != "image"))
        return Article(
            url=url,
            title=metadata.title,
            blocks=tuple(blocks),
            canonical_url=metadata.canonical_url,
            authors=metadata.authors,
            published=metadata.published,
            modified=metadata.modified,
            outlet=metadata.outlet,
            language=language,
            language_probability=probability,
            lead_image=metadata.lead_image,
            summary=metadata.summary,
            section=metadata.section,
            is_opinion=metadata.is_opinion,
            keywords=metadata.keywords,
        )

    def detect_language(self, text: str) -> tuple[str | None, float | None]:
        """langdetect's best language for ``text`` and its probability, deterministically seeded."""
        from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
        from langdetect.lang_detect_exception import LangDetectException

        if self._language_factory is None:
            factory = DetectorFactory()
            factory.load_profile(PROFILES_DIRECTORY)
            factory.set_seed(0)
            self._language_factory = factory
        detector = self._language_factory.create()
        detector.append(text[:LANGUAGE_SAMPLE_CHARS])
        try:
            best = detector.get_probabilities()[0]
        except (LangDetectException, IndexError):
            return None, None
        return best.lang, round(best.prob, 3)


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0][:200] if text else "no details"


def extract_article(html: str, *, url: str | None = None, profiles: ProfileSet | None = None) -> Article:
    """One-off extraction; use an Extractor to reuse the language detector across pages."""
    return Extractor(profiles or ProfileSet()).extract(html, url=url)


def parse_html(html: str):
    """An lxml document for ``html`` (parsed as trafilatura does); ContentError when it is not HTML."""
    from trafilatura import load_html

    from ..fetch import looks_like_html

    # Pages put long scripts and styles first: look further than a fetch's first kilobyte.
    tree = load_html(html) if looks_like_html(html, within=100_000) else None
    if tree is None:
        raise ContentError("not an HTML page", hint="give the address of an article's web page")
    return tree.getroottree().getroot()  # load_html may hand back the first element of a fragment


def _trafilatura_blocks(source, base_url: str | None, *, favor_recall: bool) -> list[Block]:
    import trafilatura

    xml = trafilatura.extract(
        source, url=base_url, output_format="xml", include_comments=False, include_tables=True,
        include_images=False, include_links=False, with_metadata=False, favor_recall=favor_recall,
    )
    return xml_to_blocks(xml, base_url=base_url) if xml else []


def body_blocks(tree, *, profile: OutletProfile | None, base_url: str | None) -> list[Block]:
    """The body of the article in ``tree`` as typed blocks (the tree is modified)."""
    from lxml import html as lxml_html

    drop_code(tree)  # trafilatura's fallback extractors read script text as body text
    drop_boilerplate(tree, profile)
    source = tree
    if profile and profile.body:
        found = tree.cssselect(profile.body)
        if found:
            source = lxml_html.document_fromstring("<html><body><article></article></body></html>")
            source.find(".//article").append(found[0])
    image_places = image_candidates(source, base_url)
    link_places = link_candidates(source)
    # Images and links are put back afterwards: trafilatura's include_images and include_links
    # change which text it keeps, for the worse (body F1 -0.005 on the WCXB pages).
    blocks = _trafilatura_blocks(source, base_url, favor_recall=False)
    words = body_words(blocks)
    if words < RECALL_RETRY_WORDS:
        # A short result is often trafilatura being too strict; its recall mode finds the rest,
        # and furniture with it (a gallery's "Image 1 of 8 / Close" lines, captions twice), which
        # recall_blocks leaves out. (Filtered, the retry at 300 words beats one only near refusal,
        # 60 words, on every WCXB measure: body F1 .9355 vs .9350, "with" snippets .952 vs .951.)
        retry = recall_blocks(blocks, _trafilatura_blocks(source, base_url, favor_recall=True))
        if body_words(retry) >= RECALL_RETRY_GAIN * max(words, 1):
            blocks = retry
    return place_images(attach_links(blocks, link_places, base_url), image_places)


def recall_blocks(found: list[Block], retry: list[Block]) -> list[Block]:
    """What to keep of the recall pass's ``retry``: every block the first pass ``found`` too; of
    the others, each text once, and no short line (a label, a button, a counter) unless it is a
    heading or a list item."""
    known = {normal_text(block.text) for block in found}
    times = Counter(normal_text(block.text) for block in retry if block.kind != "image")
    kept, taken = [], set()
    for block in retry:
        key = normal_text(block.text)
        if block.kind == "image" or key in known:
            kept.append(block)
            continue
        short = count_words(block.text) < SHORT_LINE_WORDS
        if key in taken or short and (times[key] > 1 or block.kind not in ("heading", "list_item")):
            continue
        kept.append(block)
        taken.add(key)
    return kept
