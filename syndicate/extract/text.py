"""Text of page markup as a reader sees it: never the contents of script, style, noscript or template."""

from __future__ import annotations

import re

CODE_TAGS = frozenset({"script", "style", "noscript", "template"})
JSON_LD = "application/ld+json"
_VISIBLE = "descendant-or-self::text()[not(ancestor::*[%s])]" % " or ".join(f"self::{tag}" for tag in sorted(CODE_TAGS))


def visible_text(element) -> str:
    """The text inside ``element`` (an lxml element), without code elements, whitespace collapsed."""
    if not isinstance(element.tag, str):
        return ""  # a comment or processing instruction
    if element.tag in CODE_TAGS:
        return ""
    # Most elements hold no code at all (and none once drop_code ran): text_content is much faster.
    text = element.text_content() if next(element.iter(*CODE_TAGS), None) is None else "".join(element.xpath(_VISIBLE))
    return re.sub(r"\s+", " ", text).strip()


def drop_code(tree, *, keep_json_ld: bool = False) -> None:
    """Remove code elements from ``tree`` in place (their tails stay): for readers we can't change."""
    for element in list(tree.iter(*CODE_TAGS)):
        if keep_json_ld and element.tag == "script" and (element.get("type") or "").strip().lower() == JSON_LD:
            continue
        if element.getparent() is not None:
            element.drop_tree()


def without_code(tree):
    """A copy of ``tree`` without code elements but its JSON-LD."""
    from copy import deepcopy

    copy = deepcopy(tree)
    drop_code(copy, keep_json_ld=True)
    return copy


# Scripts written without spaces between words: each of their letters counts as a word (a
# Chinese word is one or two characters; counting characters keeps a real article above the
# minimum and a menu below it).
UNSPACED = ("\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
            "\U00020000-\U0002fa1f")  # Thai, Lao, Burmese, Khmer, kana, CJK ideographs
# A word: a run of word characters, or one letter of a script written without spaces.
WORD = re.compile(f"[{UNSPACED}]|[^\\W{UNSPACED}]+")


def count_words(text: str) -> int:
    """How many words ``text`` holds, in any script (WORD: punctuation and symbols are not
    words; in Chinese, Japanese, Thai, Lao, Khmer or Burmese each letter is). The one count of
    extraction's length rules."""
    return len(WORD.findall(text))


def body_words(blocks) -> int:
    """The words of ``blocks``' text, their images' captions left out."""
    return sum(count_words(block.text) for block in blocks if block.kind != "image")


def normal_text(text: str) -> str:
    """``text`` as lines are compared: words only, one space apart, case folded."""
    return re.sub(r"\W+", " ", text).strip().casefold()
