"""Page furniture that is never article text, removed by structure (before extraction) and by text (after).

Structure: elements whose class/id words name comment sections, share bars, related lists,
newsletter and cookie boxes or ads, and comment forms. Text: multilingual (en, ar, fa, ru)
patterns for comment-form labels and policies, counters, share/follow lines, photo credits,
topic/tag label lines, a section link above the article, titles, bylines and dates
repeated at the top of the body, and at its tail bare labels, blog/embed instructions and a
"more from us" section of teaser links.
"""

from __future__ import annotations

import re

from ..article import Block
from .meta import PageMetadata
from .profiles import OutletProfile
from .text import normal_text, visible_text

# class/id words of page parts that are never article text
BOILERPLATE_WORDS = frozenset({
    "comment", "comments", "commentlist", "respond", "disqus", "replies", "share", "sharing",
    "sharebar", "social", "socials", "related", "newsletter", "subscribe", "subscription",
    "cookie", "cookies", "consent", "gdpr", "ad", "ads", "advert", "advertisement", "adsbygoogle",
    "sponsor", "sponsored", "promo", "breadcrumb", "breadcrumbs", "outbrain", "taboola",
    "popular", "trending", "mostread", "recommended", "readmore", "signup", "paywall",
    "copyright", "credit", "credits", "rubric",
})
_WORD_SPLIT = re.compile(r"[\s_\-]+|(?<=[a-z])(?=[A-Z])")

# Short blocks (FURNITURE_MAX_WORDS at most) that are page furniture in the languages around the mission.
FURNITURE_MAX_WORDS = 12
FURNITURE = re.compile(
    r"^(?:"
    r"no comments?|\d+ comments?|comments?(?: \(\d+\))?|leave a (?:reply|comment)|add (?:a |new )?comment"
    r"|post a comment|write a comment|show email|name\s*:?\s*\*?|e-?mail\s*:?\s*\*?|comment\s*:\s*\*?"
    r"|verification code\s*:.*|write (?:the )?code\s*:?.*|captcha.*|refresh"
    r"|share(?: this(?: article| story)?)?\s*:?|share on \w+|follow us(?: on .*)?|print(?: version)?|tweet|email"
    r"|send (?:by|via|as) e-?mail|e-?mail (?:this|to a friend)(?: article| story)?"
    r"|[\d,.]+ (?:views?|comments?|shares?|likes?|reads?)|[\d,.]+ (?:مشاهدة|تعليق)|[\d,.]+ (?:просмотр\w*|комментари\w*)"
    r"|related(?: news| articles| stories)?\s*:?|read (?:more|also)\s*:?.*|see also\s*:?"
    r"|subscribe(?: to our newsletter)?.*|sign up for .*newsletter.*|advertisement|sponsored"
    r"|لا توجد تعليقات|التعليقات|أضف تعليق.*|إضافة تعليق.*|اكتب تعليق.*|اقرأ (?:أيضا|أيضاً)\s*:?.*"
    r"|شارك(?:\s+(?:الخبر|المقال|هذا المقال|على \S+|عبر \S+))?|(?:نسخة )?(?:لل)?طباعة|تابعونا.*|الاسم\s*:?\s*\*?"
    r"|نظرات|ارسال نظر|دیدگاه(?:ها)?(?:\s*\(\d+\))?|بیشتر بخوانید.*"
    r"|комментари[ийя]\s*(?:\(\d+\))?|добавить комментарий|оставить комментарий|поделиться(?:\s+в\s+\S+)?"
    r"|читайте также\s*:?.*"
    r"|нет комментариев|реклама"
    r"|(?:image|photo|picture|slide) \d+ (?:of|/) \d+|\d+ (?:of|/) \d+ (?:images?|photos?|pictures?|slides?)"
    r"|close(?: gallery)?|back to (?:the )?gallery|view (?:the )?gallery|(?:next|previous|prev) (?:image|photo|slide)"
    r")[\s.!:|]*$",
    re.IGNORECASE,
)
# Comment policies and follow-us lines: furniture whatever their length.
POLICY_OR_FOLLOW = re.compile(
    r"^(?:follow .{0,60} on (?:twitter|facebook|instagram|telegram|youtube|x)\b|stay updated via "
    r"|all comments are (?:reviewed|moderated)|comments are (?:moderated|reviewed)"
    r"|we reserve the right to (?:delete|remove|edit) (?:any )?comments?"
    r"|.{0,40} reserves the right to delete any comment|your email address will not be published"
    r"|the views expressed (?:below|in (?:the )?comments)|comments (?:do not|don't) (?:reflect|represent)"
    r"|جميع التعليقات|التعليقات المنشورة|ترحب .{0,30} بالنقاش|الآراء الواردة (?:أدناه|في التعليقات)"
    r"|комментарии (?:проходят|модерируются))",
    re.IGNORECASE,
)
# The start of a comment section: it and everything after it go when it sits in the last part.
COMMENTS_START = re.compile(
    r"^(?:no comments?|\d+ comments?|comments?(?: \(\d+\))?|leave a (?:reply|comment)|add (?:a |new )?comment"
    r"|all comments are (?:reviewed|moderated).*|لا توجد تعليقات|التعليقات|أضف تعليق.*|إضافة تعليق.*"
    r"|комментарии\s*(?:\(\d+\))?|добавить комментарий|оставить комментарий|нет комментариев)[\s.!:]*$",
    re.IGNORECASE,
)
# Photo credits: a short line that is nothing but "© Agency/ Name", "Photo: Reuters", "Фото: ТАСС"
# (a bare "Credits:" heading over a list of credits stays).
CREDIT_MAX_WORDS = 8
CREDIT = re.compile(
    r"^\s*(?:©|\(c\)\s|(?:photo(?:graph)?s?|image|picture|(?:(?:photo|image|picture) )?credits?|фото(?:графия)?|صورة|الصورة|عکس)"
    r"\s*:\s*\S)",
    re.IGNORECASE,
)
# Topic/tag label lines: "Topic: Global consequences of Japanese quake", "Tags: Iran, oil".
LABEL_MAX_WORDS = 20
LABEL = re.compile(
    r"^\s*(?:topics?|tags?|filed under|categor(?:y|ies)|теги|тема|темы|рубрик[аи]|الوسوم|الكلمات المفتاحية|برچسب(?:‌?ها)?)"
    r"\s*:\s*\S",
    re.IGNORECASE,
)
# A section name above the article ("World" linking to /world/): a one-to-three word block wholly a
# link to a short, number-free address path, before the first real paragraph.
SECTION_MAX_WORDS = 3
LEAD_PARAGRAPH_WORDS = 15
_SECTION_PATH = re.compile(r"^(?:[a-z]+:)?(?://[^/]+)?(?:/[^/\d?#.]+){1,2}/?$", re.IGNORECASE)


# The subset that is safe to remove inside an <article> too (elsewhere in an article, words like
# "related" or "ad" also mark wrappers of real text).
IN_ARTICLE_WORDS = frozenset({
    "commentlist", "disqus", "sharebar",
})


_CONTAINER_TAGS = ("div", "section", "aside", "ul", "ol", "form", "span", "p", "nav", "footer", "header", "table")


def _class_words(element) -> set[str]:
    words = set()
    for value in (element.get("class"), element.get("id"), element.get("role")):
        if value:
            words.update(word.lower() for word in _WORD_SPLIT.split(value) if word)
    return words


def _is_boilerplate_container(element, *, in_article: bool = False) -> bool:
    if element.tag == "form" and element.xpath(".//textarea"):
        return True  # a comment or contact form
    return bool(_class_words(element) & (IN_ARTICLE_WORDS if in_article else BOILERPLATE_WORDS))


def drop_boilerplate(tree, profile: OutletProfile | None) -> None:
    """Remove, in place, page parts that are never article text (never the bulk of the page's text)."""
    selectors = list(profile.drop) if profile else []
    doomed = [element for selector in selectors for element in tree.cssselect(selector)]
    total = len(visible_text(tree)) or 1
    inside_articles = {element for article in tree.iter("article") for element in article.iter(*_CONTAINER_TAGS)}
    for element in tree.iter(*_CONTAINER_TAGS):
        if _is_boilerplate_container(element, in_article=element in inside_articles):
            doomed.append(element)
    for element in doomed:
        parent = element.getparent()
        if parent is None or element.tag == "article" or element.xpath(".//article|.//h1"):
            continue
        if len(visible_text(element)) > 0.3 * total:
            continue  # a wrapper around the whole page that happens to carry such a class
        tail = element.tail
        previous = element.getprevious()
        parent.remove(element)
        if tail:  # keep text that followed the element
            if previous is not None:
                previous.tail = (previous.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail


# Images that are page furniture: share/print/mail icons, sprites, avatars, tracking pixels.
ICON_SRC = re.compile(
    r"(?:^|[/_.\-])(?:icons?|sprites?|share|social|print|email|mail|emoji|emoticons?|avatars?|badges?|buttons?|pixel|spacer"
    r"|facebook|twitter|whatsapp|telegram|rss)(?:[/_.\-]|$)|\.gif(?:\?|$)|/plugins/",
    re.IGNORECASE,
)


def is_furniture(text: str) -> bool:
    """A short line that is page furniture (comment-form label, share/follow/related line, counter)."""
    return 0 < len(text.split()) <= FURNITURE_MAX_WORDS and FURNITURE.match(text) is not None


def is_credit_or_label(text: str) -> bool:
    """A photo-credit line or a topic/tag label line."""
    words = len(text.split())
    return (0 < words <= CREDIT_MAX_WORDS and CREDIT.match(text) is not None
            or 0 < words <= LABEL_MAX_WORDS and LABEL.match(text) is not None)


def _is_section_link(block: Block, section: str) -> bool:
    """A one-to-three word block that names the page's section or is wholly a link to a section index."""
    text = block.text.strip()
    if not 0 < len(text.split()) <= SECTION_MAX_WORDS:
        return False
    if section and normal_text(text) == section:
        return True
    return (len(block.links) == 1 and block.links[0].end - block.links[0].start >= len(text)
            and _SECTION_PATH.match(block.links[0].href) is not None)


def drop_furniture(blocks: list[Block], metadata: PageMetadata) -> list[Block]:
    """Remove repeated title/byline/date lines, comment sections, photo credits, topic/tag labels, a
    section link above the article and share/follow/related furniture."""
    kept = list(blocks)
    # A comment section starts in the last third: cut it and everything after.
    for index in range(len(kept) - 1, len(kept) * 2 // 3 - 1, -1):
        if index >= 0 and kept[index].kind != "image" and COMMENTS_START.match(kept[index].text):
            kept = kept[:index]
            break
    title = normal_text(metadata.title)
    authors = {normal_text(name) for name in metadata.authors if name}
    section = normal_text(metadata.section or "")
    lead = next((i for i, b in enumerate(kept) if b.kind == "paragraph" and len(b.text.split()) >= LEAD_PARAGRAPH_WORDS),
                len(kept))
    result = []
    for position, block in enumerate(kept):
        text = block.text
        normal = normal_text(text)
        if block.kind == "image" and (ICON_SRC.search(block.src or "") or is_furniture(block.alt or "")):
            continue
        if block.kind != "image":
            if is_furniture(text) or POLICY_OR_FOLLOW.match(text) or is_credit_or_label(text):
                continue
            if position < lead and _is_section_link(block, section):
                continue
            near_top = position < 6
            if near_top and title and normal == title:
                continue
            if near_top and len(text.split()) <= 12 and _is_byline_or_date(normal, authors):
                continue
        result.append(block)
    return trim_tail(trim_link_lists(result))


LINK_LIST_MIN_ITEMS = 3
# A teaser's short label before its link: "Video: ", "Image Galleries: ", "Фото: ".
_TEASER_LABEL = re.compile(r"^\s*[^\W\d](?:[^\W\d]|[ '&-]){0,30}:\s*")


def _linked_share(block: Block) -> float:
    """How much of the block's text (after a short "Label: " prefix) is link text."""
    label = _TEASER_LABEL.match(block.text)
    start = label.end() if label and len(label.group().split()) <= 3 else 0
    rest = len(block.text.strip()) - start
    linked = sum(max(0, link.end - max(link.start, start)) for link in block.links)
    return linked / rest if rest > 0 else 0.0


def _all_link(block: Block) -> bool:
    return block.kind == "list_item" and _linked_share(block) >= 0.8


def trim_link_lists(blocks: list[Block]) -> list[Block]:
    """Drop a run of list items that are nothing but links at the very start or end of the body:
    navigation above the article, "related"/"read more" lists below it (with their heading)."""
    start = 0
    while start < len(blocks) and (_all_link(blocks[start]) or blocks[start].kind == "heading"
                                   and start + 1 < len(blocks) and _all_link(blocks[start + 1])):
        start += 1
    if sum(_all_link(b) for b in blocks[:start]) < LINK_LIST_MIN_ITEMS:
        start = 0
    end = len(blocks)
    while end > start and _all_link(blocks[end - 1]):
        end -= 1
    if len(blocks) - end < LINK_LIST_MIN_ITEMS:
        end = len(blocks)
    elif end > start and blocks[end - 1].kind == "heading":
        end -= 1
    return blocks[start:end]


MONTHS = (
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
    r"|январ\w*|феврал\w*|март\w*|апрел\w*|ма[йя]|июн\w*|июл\w*|август\w*|сентябр\w*|октябр\w*|ноябр\w*|декабр\w*"
)
_DATE_PARTS = re.compile(
    r"\b(?:\d{1,4}[-/.]\d{1,2}[-/.]\d{2,4}|\d{1,2}:\d{2}(?::\d{2})?(?: ?[ap]m)?|\d{1,4}(?:st|nd|rd|th)?"
    rf"|{MONTHS}|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*|published|updated|posted|on|at|am|pm|gmt|utc|last|by)\b",
    re.I,
)


def _is_byline_or_date(normal: str, authors: set[str]) -> bool:
    """A short line made only of an author name, "by", a date and a time."""
    remainder = normal
    for author in authors:
        if author:
            remainder = remainder.replace(author, " ")
    remainder = _DATE_PARTS.sub(" ", remainder).strip()
    if normal.startswith("by ") and len(remainder.split()) <= 4 and remainder != normal.removeprefix("by ").strip():
        return True  # "By Some Desk - Sat Apr 23 2016, 10:55 am": a byline with a date, author unknown
    return bool(normal) and not remainder


# The tail of a body: furniture that only ever follows the article.
# A bare label with nothing after it ("Publication code:", "Preview:", "Код:").
EMPTY_LABEL_MAX_WORDS = 4
EMPTY_LABEL = re.compile(r"^[^\W\d][^:.!?]{0,40}:$")
# Blog/embed/share-this-page instructions.
EMBED_MAX_WORDS = 25
EMBED = re.compile(
    r"^(?:add (?:this )?to (?:my |your )?(?:blog|favou?rites|bookmarks)|embed(?: this)?(?: (?:code|video|article|story|post))?"
    r"|(?:copy|get) (?:the )?(?:embed )?(?:link|code|url)|(?:publication|embed|html) code"
    r"|you (?:may|can) (?:place|embed|put|publish|post) this .{0,60}(?:blog|site|website|page)"
    r"|.{0,80}\bby copying (?:the|this) (?:link|code)"
    r"|добавить в (?:блог|избранное)|код для (?:вставки|блога)|(?:вы можете )?разместить (?:этот )?материал .{0,40}(?:блоге|сайте)"
    r"|أضف (?:إلى|الى) (?:مدونتك|المفضلة)|(?:كود|رمز) التضمين|انسخ الرابط"
    r"|افزودن به (?:وبلاگ|علاقه‌?مندی‌?ها)|کد جاسازی|کپی لینک)[\s.!:]*$",
    re.IGNORECASE,
)
# The heading of a trailing "more from us" section.
MORE_SECTION_MAX_WORDS = 5
MORE_SECTION = re.compile(
    r"^(?:(?:top|more|latest|most|other|recent|popular|related|recommended|editor'?s)\b.{0,30}"
    r"|(?:you (?:may|might) also like|also (?:on|from) .{0,30}|in other news|don'?t miss|what to read next)"
    r"|(?:الأكثر|الاكثر|آخر|أحدث|المزيد|أخبار ذات صلة|اخترنا لك).{0,30}"
    r"|(?:پربازدید|پربیننده|آخرین|اخبار مرتبط|بیشتر).{0,30}"
    r"|(?:самое|самые|последние|другие|ещё|еще|популярное|главное|лучшее|новости по теме).{0,30}"
    r")[\s.!:]*$",
    re.IGNORECASE,
)
TEASER_MAX_WORDS = 20


def _is_teaser(block: Block) -> bool:
    """A short line that is (after an optional "Video: " style label) mostly a link to another page."""
    return block.kind == "image" or len(block.text.split()) <= TEASER_MAX_WORDS and _linked_share(block) >= 0.5


def _is_tail_furniture(block: Block) -> bool:
    if block.kind == "image":
        return False
    text = block.text.strip()
    words = len(text.split())
    return (0 < words <= EMPTY_LABEL_MAX_WORDS and EMPTY_LABEL.match(text) is not None
            or 0 < words <= EMBED_MAX_WORDS and EMBED.match(text) is not None)


def trim_tail(blocks: list[Block]) -> list[Block]:
    """Drop furniture after the article's last line: a "more from us" heading in the last third
    followed only by teaser links, then bare labels and blog/embed instructions at the very end."""
    end = len(blocks)
    for index in range(len(blocks) - 2, len(blocks) * 2 // 3 - 1, -1):
        block = blocks[index]
        if (index > 0 and block.kind != "image" and len(block.text.split()) <= MORE_SECTION_MAX_WORDS
                and MORE_SECTION.match(block.text.strip()) and all(map(_is_teaser, blocks[index + 1 :]))):
            end = index
            break
    while end > 1 and _is_tail_furniture(blocks[end - 1]):
        end -= 1
    return blocks[:end]
