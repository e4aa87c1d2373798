"""The dataclasses passed between stages: Article (scraper) → TranslatedArticle (engine)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, is_dataclass

BLOCK_KINDS = ("paragraph", "heading", "quote", "list_item", "image")


@dataclass(frozen=True, slots=True)
class Link:
    """An inline link: ``text[start:end]`` of its block points at ``href``."""

    start: int
    end: int
    href: str


@dataclass(frozen=True, slots=True)
class Block:
    """One body block. For images ``text`` is the caption and ``src`` the image URL."""

    kind: str
    text: str
    links: tuple[Link, ...] = ()
    level: int = 0  # heading level (2-6); 0 elsewhere
    ordered: bool = False  # list items of an ordered list
    src: str | None = None
    alt: str | None = None

    def __post_init__(self):
        if self.kind not in BLOCK_KINDS:
            raise ValueError(f"unknown block kind {self.kind!r}")

    def link_texts(self) -> list[str]:
        return [self.text[link.start : link.end] for link in self.links]

    @classmethod
    def from_dict(cls, data: dict) -> Block:
        links = tuple(Link(**link) for link in data.get("links", ()))
        return cls(**{**data, "links": links})


@dataclass(frozen=True, slots=True)
class Article:
    """A scraped article. ``published`` is ISO 8601 or None; ``language`` is a langdetect code."""

    url: str | None
    title: str
    blocks: tuple[Block, ...]
    canonical_url: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    modified: str | None = None
    outlet: str | None = None
    language: str | None = None
    language_probability: float | None = None
    lead_image: str | None = None
    summary: str | None = None
    section: str | None = None
    is_opinion: bool = False
    keywords: tuple[str, ...] = ()  # as the page tags it (feed categories)

    @property
    def source_url(self) -> str | None:
        """The best address of the original: canonical when known."""
        return self.canonical_url or self.url

    def paragraphs(self) -> list[str]:
        """The body text: every block's but the images' captions."""
        return [block.text for block in self.blocks if block.kind != "image" and block.text]

    def captions(self) -> list[str]:
        """The images' captions, in body order: published with their images, not part of the body text."""
        return [block.text for block in self.blocks if block.kind == "image" and block.text]

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Article:
        data = dict(data)
        data["blocks"] = tuple(Block.from_dict(b) for b in data.get("blocks", ()))
        data["authors"] = tuple(data.get("authors", ()))
        data["keywords"] = tuple(data.get("keywords", ()))
        return cls(**data)


TERM_STATUSES: tuple[str, ...] = ("hit", "miss", "forbidden", "placeholder")
PROBLEM_TERM_STATUSES: frozenset[str] = frozenset({"miss", "forbidden", "placeholder"})


@dataclass(frozen=True, slots=True)
class TermCheck:
    """Glossary QA for one source term occurrence in one translated sentence."""

    term: str  # source form
    expected: tuple[str, ...]  # accepted target forms
    status: str  # "hit" | "miss" | "forbidden" | "placeholder"
    found: str | None = None  # the target form found, if any
    sentence: int = -1  # index of the sentence in the article
    entry_status: str = "approved"  # glossary entry status (approved | proposed | ...)
    source_form: str | None = None  # the term as the source sentence writes it (a variant spelling, say)

    @property
    def problem(self) -> bool:
        """A miss, a forbidden form or a leftover placeholder."""
        return self.status in PROBLEM_TERM_STATUSES

    @property
    def blocking(self) -> bool:
        """A problem that must stop publication: on an entry that isn't merely ``proposed``
        (proposed entries rest on forms nobody has confirmed yet: reported, never blocking)."""
        return self.problem and self.entry_status != "proposed"


@dataclass(frozen=True, slots=True)
class SentencePair:
    """A source sentence, its translation and where it sits (block index).

    ``truncated``: the model stopped at its length limit, so the translation may end mid-sentence.
    ``flags``: the names of the sentence checks it fails (syndicate.translate.checks).
    ``back_translation``: the translation translated back to English (round-trip QA), None when
    no reverse model was installed. ``corrected``: ``target`` is an editor's correction.
    """

    block: int
    source: str
    target: str
    cached: bool = False
    truncated: bool = False
    flags: tuple[str, ...] = ()
    back_translation: str | None = None
    corrected: bool = False


@dataclass(frozen=True, slots=True)
class TranslatedArticle:
    """One language version of an Article. ``blocks`` mirror the source blocks one to one."""

    source: Article
    language: str  # output tag: ar | fa-AF | tg | ru
    title: str
    summary: str | None
    blocks: tuple[Block, ...]
    sentences: tuple[SentencePair, ...] = ()
    route: tuple[str, ...] = ()  # e.g. ("argos:en-fa@1.9", "dari-localization@<hash>")
    family: str = ""  # the model family of the route: argos | marian | nllb | madlad
    model: str = ""  # the model and its version, e.g. "argos:en-fa@1.9", "nllb:nllb-200-distilled-600M@sha-…"
    licence: str = ""  # the model's licence (CC-BY-NC-4.0 forbids commercial use of its output)
    term_checks: tuple[TermCheck, ...] = ()
    glossary_version: str | None = None

    def to_dict(self) -> dict:
        data = asdict(self)
        del data["source"]
        return data

    @classmethod
    def from_dict(cls, data: dict, source: Article) -> TranslatedArticle:
        data = dict(data)
        data["blocks"] = tuple(Block.from_dict(b) for b in data["blocks"])
        data["sentences"] = tuple(SentencePair(**{**s, "flags": tuple(s.get("flags", ()))})
                                  for s in data.get("sentences", ()))
        data["term_checks"] = tuple(
            TermCheck(**{**t, "expected": tuple(t["expected"])}) for t in data.get("term_checks", ())
        )
        data["route"] = tuple(data.get("route", ()))
        return cls(source=source, **data)


def json_value(value):
    """``default`` for json.dumps and JSONEncoder: one of these dataclasses as the dict its
    ``to_dict`` gives, a level at a time (the encoder converts the nested ones as it reaches them),
    so a long article is never copied whole before it is written; anything else as its str()."""
    if is_dataclass(value) and not isinstance(value, type):
        skip = "source" if isinstance(value, TranslatedArticle) else None
        return {f.name: getattr(value, f.name) for f in fields(value) if f.name != skip}
    return str(value)
