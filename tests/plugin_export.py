"""Fixtures for the export tests: the seed op-ed and hand-made translations of three of its blocks.

The source text comes from tests/corpus/seed; the Arabic, Dari, Tajik and Russian texts are
human translations of the same blocks (so pages carry real script, punctuation and bidi text).
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from syndicate.article import Article, Block, Link, TermCheck, TranslatedArticle
from syndicate.settings import Settings

SEED_FILE = "seed/000_ac3961389abcd1c8.txt"
# The seed's address is not in the corpus; this stands in for it.
SEED_URL = "https://en.ammonnews.net/article/ac3961389abcd1c8"
LINKED_TERM = {"en": "Herat Security Dialogue", "ar": "حوار هرات الأمني", "fa-AF": "گفتگوی امنیتی هرات",
               "tg": "Муколамаи амниятии Ҳирот", "ru": "Гератский диалог по безопасности"}
LINK_HREF = "/tag/Herat-Security-Dialogue"

TRANSLATIONS = {
    "ar": {
        "title": "على العالم أن يُظهر دعمه للمعارضة الأفغانية",
        "blocks": [
            "انعقد الأسبوع الماضي في دوشنبه، عاصمة طاجيكستان، مؤتمر دولي كبير يحمل اسم حوار هرات الأمني. "
            "وقد جمع هذا الحدث صنّاع سياسات ومعلّقين من مختلف أنحاء العالم لمناقشة الوضع في أفغانستان والمنطقة. "
            "وكان المتحدث الرئيسي زعيم جبهة المقاومة الوطنية الأفغانية، أحمد مسعود.",
            "تواجه الأسر الأفغانية معضلة رهيبة: الغذاء أو التدفئة. ومعظمها لا يستطيع في الواقع تحمّل كلفة أيٍّ منهما.",
            "ومع أن المجتمع الدولي لا يملك خيارات سياسية جيدة كثيرة في أفغانستان بسبب تصرفات إدارة بايدن، "
            "فإن عليه أن يدرس كيفية دعم جبهة المقاومة الوطنية في هذا الوقت العصيب.",
        ],
        "term": ("National Resistance Front", ("جبهة المقاومة الوطنية",), "جبهة المقاومة الوطنية"),
    },
    "fa-AF": {
        "title": "جهان باید حمایت خود را از مخالفان افغان نشان دهد",
        "blocks": [
            "هفته گذشته یک کنفرانس بزرگ بین‌المللی به نام گفتگوی امنیتی هرات در دوشنبه، تاجیکستان برگزار شد. "
            "این رویداد سیاست‌گذاران و تحلیلگرانی را از سراسر جهان گرد هم آورد تا درباره وضعیت افغانستان و منطقه "
            "گفتگو کنند. سخنران اصلی این نشست احمد مسعود، رهبر جبهه مقاومت ملی افغانستان، بود.",
            "خانواده‌های افغان با یک دوراهی وحشتناک روبه‌رو هستند: غذا یا گرما. "
            "بیشتر آن‌ها در واقع توان پرداخت هیچ‌کدام را ندارند.",
            "هرچند جامعه جهانی به دلیل اقدامات اداره بایدن گزینه‌های سیاسی خوب زیادی در افغانستان ندارد، "
            "باید بررسی کند که چگونه در این زمان پرخطر از جبهه مقاومت ملی حمایت کند.",
        ],
        "term": ("National Resistance Front", ("جبهه مقاومت ملی",), "جبهه مقاومت ملی"),
    },
    "tg": {
        "title": "Ҷаҳон бояд пуштибонии худро аз мухолифони афғон нишон диҳад",
        "blocks": [
            "Ҳафтаи гузашта дар Душанбеи Тоҷикистон конфаронси бузурги байналмилалӣ бо номи Муколамаи амниятии "
            "Ҳирот баргузор шуд. Ин чорабинӣ сиёсатмадорон ва шореҳонро аз саросари ҷаҳон барои баррасии вазъи "
            "Афғонистон ва минтақа гирд овард. Суханрони асосӣ раҳбари Ҷабҳаи муқовимати миллии Афғонистон "
            "Аҳмад Масъуд буд.",
            "Оилаҳои афғон бо як душвории даҳшатнок рӯ ба рӯ ҳастанд: ғизо ё гармӣ. "
            "Аксари онҳо дар асл қудрати пардохти ҳеҷ кадомашро надоранд.",
            "Ҳарчанд ҷомеаи ҷаҳонӣ бинобар амалҳои маъмурияти Байден дар Афғонистон имкониятҳои хуби сиёсии зиёд "
            "надорад, бояд баррасӣ кунад, ки чӣ гуна дар ин замони пурхатар аз Ҷабҳаи муқовимати миллӣ "
            "пуштибонӣ намояд.",
        ],
        "term": ("National Resistance Front", ("Ҷабҳаи муқовимати миллӣ",), None),
    },
    "ru": {
        "title": "Мир должен поддержать афганскую оппозицию",
        "blocks": [
            "На прошлой неделе в Душанбе (Таджикистан) прошла крупная международная конференция «Гератский диалог "
            "по безопасности». Она собрала политиков и комментаторов со всего мира, чтобы обсудить ситуацию "
            "в Афганистане и регионе. С основным докладом выступил лидер Фронта национального сопротивления "
            "Афганистана Ахмад Масуд.",
            "Афганские семьи стоят перед страшным выбором: еда или тепло. "
            "Большинство на самом деле не может позволить себе ни того, ни другого.",
            "Хотя из-за действий администрации Байдена у международного сообщества не так много хороших "
            "политических вариантов в Афганистане, ему необходимо подумать о том, как поддержать Фронт "
            "национального сопротивления в этот опасный момент.",
        ],
        "term": ("National Resistance Front", ("Фронт национального сопротивления",),
                 "Фронт национального сопротивления"),
    },
}


def linked(text: str, term: str, href: str) -> tuple[Link, ...]:
    start = text.index(term)
    return (Link(start, start + len(term), href),)


def first_sentence(text: str) -> str:
    return text.split(". ")[0].rstrip(".") + "."


def seed_source(corpus) -> Article:
    """The seed op-ed as a scraper would give it: three of its blocks, byline, date, outlet."""
    lines = [line.strip() for line in (corpus / SEED_FILE).read_text(encoding="utf-8").splitlines()]
    paragraphs = [line for line in lines if len(line) > 150 and not line.startswith("Ammon News reserves")]
    quote = paragraphs[6][paragraphs[6].index("“") + 1: paragraphs[6].rindex("”")].split(": ", 1)
    quote_text = f"{quote[0]}: {quote[1]}"
    first = paragraphs[0]
    blocks = (
        Block("paragraph", first, links=linked(first, LINKED_TERM["en"], LINK_HREF)),
        Block("quote", quote_text),
        Block("paragraph", paragraphs[-1]),
    )
    return Article(
        url=SEED_URL,
        title=lines[0],
        blocks=blocks,
        authors=(lines[3],),
        published="2022-12-05T09:30:00+03:00",
        outlet="Ammon News",
        language="en",
        language_probability=0.99,
        summary=first_sentence(first),
        section="Opinion",
        is_opinion=True,
    )


def translate_by_hand(source: Article, language: str) -> TranslatedArticle:
    data = TRANSLATIONS[language]
    texts = data["blocks"]
    blocks = (
        Block("paragraph", texts[0], links=linked(texts[0], LINKED_TERM[language], LINK_HREF)),
        Block("quote", texts[1]),
        Block("paragraph", texts[2]),
    )
    term, expected, found = data["term"]
    check = TermCheck(term=term, expected=expected, status="hit" if found else "miss", found=found, sentence=2)
    return TranslatedArticle(
        source=source,
        language=language,
        title=data["title"],
        summary=first_sentence(texts[0]),
        blocks=blocks,
        route=(f"argos:en-{'fa' if language in ('fa-AF', 'tg') else language}@1.9",),
        term_checks=(check,),
        glossary_version="glossary@test",
    )


@pytest.fixture(scope="session")
def seed_article(corpus) -> Article:
    return seed_source(corpus)


@pytest.fixture(scope="session")
def seed_translations(seed_article) -> tuple[TranslatedArticle, ...]:
    return tuple(translate_by_hand(seed_article, tag) for tag in ("ar", "fa-AF", "tg", "ru"))


@pytest.fixture(scope="session")
def export_settings() -> Settings:
    return Settings(base_url="https://partner.example/syndicate/", publisher="Partner Daily",
                    editor="Mariam Rahimi", feed_max_items=3)


@pytest.fixture(scope="session")
def export_now() -> datetime:
    return datetime(2026, 11, 25, 8, 0, 0, tzinfo=timezone.utc)


EXPORT_VERSIONS = {"models": {"ar": "argos:en-ar@1.9", "fa": "argos:en-fa@1.9", "ru": "argos:en-ru@1.9"},
                   "glossary": "glossary@test", "syndicate": "0.1.0"}


def feed_entries(out: Path, tag: str) -> list:
    """The entries of ``out/feeds/<tag>.xml`` as feedparser reads them ([] when there is no feed):
    the feed must parse cleanly and hold each guid once."""
    import feedparser

    path = Path(out) / "feeds" / f"{tag}.xml"
    if not path.is_file():
        return []
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, (path, parsed.get("bozo_exception"))
    guids = [entry.id for entry in parsed.entries]
    assert len(guids) == len(set(guids)), guids
    return parsed.entries


def publish(out: Path, article, translations, settings: Settings, *, now: datetime, versions=EXPORT_VERSIONS,
            withdrawn: dict[str, str] | None = None, images_dir: Path | None = None):
    """Publish ``translations`` of ``article`` into the output folder ``out`` the one way syndicate
    writes it: stored in the folder's editorial database as published editions (as an editor
    approving them as they are leaves them; ``withdrawn``: language → reason, withdrawn instead),
    then rendered from it (editions.render; ``images_dir`` as there). The ExportResult, with the
    slug choice's warnings."""
    from dataclasses import replace

    from syndicate.editions.lifecycle import with_text_published
    from syndicate.editions.model import DRAFT, WITHDRAWN, Edition
    from syndicate.editions.render import render
    from syndicate.editions.store import EditionStore
    from syndicate.export.dates import iso
    from syndicate.export.exporter import choose_slug
    from syndicate.workspace import Workspace

    settings = replace(settings, output_dir=str(out))
    stamp = iso(now)
    with EditionStore(Workspace.of(settings).editions) as store:
        warnings: list[str] = []
        slug = choose_slug(article, store.owner_of, warnings)
        existing = {edition.language: edition for edition in store.editions(slug)}
        editions = []
        for translation in translations:
            edition = existing.get(translation.language) or Edition(slug, translation.language, DRAFT, translation)
            edition = with_text_published(replace(edition, working=translation, version=0), translation, stamp)
            if translation.language in (withdrawn or {}):
                edition = replace(edition, state=WITHDRAWN, withdrawn_at=stamp,
                                  withdrawn_reason=withdrawn[translation.language],
                                  public_version=edition.public_version + 1)
            editions.append(edition)
        store.save(article, slug, versions=versions, editions=editions, events=[], now=stamp)
        result = render(store, slug, Path(out), settings, now=now, images_dir=images_dir)
    return replace(result, warnings=tuple(warnings) + result.warnings)


def read_feed(path: Path) -> list:
    """The items of the feed at ``path`` as export.feeds.FeedItem, read with lxml (the feed must be
    well-formed and each item whole: guid, title, link, an RFC 822 pubDate)."""
    from email.utils import parsedate_to_datetime
    from html import unescape

    from lxml import etree

    from syndicate.export.feeds import ATOM_NS, CONTENT_NS, DC_NS, FeedItem

    root = etree.fromstring(Path(path).read_bytes(), parser=etree.XMLParser(resolve_entities=False, no_network=True))
    channel = root.find("channel")
    assert root.tag == "rss" and channel is not None
    items = []
    for element in channel.findall("item"):
        guid, title, link, date = (element.findtext(tag) for tag in ("guid", "title", "link", "pubDate"))
        assert guid and link and date and title is not None, etree.tostring(element)
        source = element.find("source")
        updated = element.findtext(f"{{{ATOM_NS}}}updated")
        description = element.findtext("description")
        items.append(FeedItem(
            guid=guid, title=title, link=link, published=parsedate_to_datetime(date),
            description=unescape(description) if description is not None else None,
            content_html=element.findtext(f"{{{CONTENT_NS}}}encoded") or "",
            creator=element.findtext(f"{{{DC_NS}}}creator"),
            source_url=source.get("url") if source is not None else None,
            source_name=source.text if source is not None else None,
            categories=tuple(c.text for c in element.findall("category") if c.text),
            updated=datetime.fromisoformat(updated.replace("Z", "+00:00")) if updated else None,
        ))
    return items


def withdrawal_notices(entries, tag: str, reason: str | None = None) -> list:
    """``entries`` (feedparser's) when each is a withdrawal notice in ``tag``'s language (its
    title marked withdrawn, ``reason`` in its content when given), else an AssertionError."""
    from syndicate.export.messages import page_messages

    marker = page_messages(tag).withdrawn_title
    for entry in entries:
        assert entry.title.startswith(marker), entry.title
        assert reason is None or reason in entry.content[0].value, entry.content[0].value
    return list(entries)
