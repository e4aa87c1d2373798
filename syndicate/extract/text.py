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


def normal_text(text: str) -> str:
    """``text`` as lines are compared: words only, one space apart, case folded."""
    return re.sub(r"\W+", " ", text).strip().casefold()
