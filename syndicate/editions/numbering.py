"""Sentence numbers: one numbering of an article's sentences across its languages.

Row N (1 = the title) of the review page, the N of `syndicate correct SLUG LANG N`, the desk's
sentence links and the "sentence N" of blocking reasons are all this number. Editions translated
in different runs may have been cut into sentences differently, so sentences are matched across
languages on (block, source text, occurrence), not on their index, and the rows keep the
reading order of every language.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..article import SentencePair, TranslatedArticle

SentenceKey = tuple[int, str, int]  # (block, source text, n-th time that text is in the block)


def sentence_keys(sentences: Sequence[SentencePair]) -> list[SentenceKey]:
    """A key per sentence that is the same in every language of one article."""
    seen: dict[tuple[int, str], int] = {}
    keys = []
    for pair in sentences:
        occurrence = seen.get((pair.block, pair.source), 0)
        seen[(pair.block, pair.source)] = occurrence + 1
        keys.append((pair.block, pair.source, occurrence))
    return keys


def merge_orders(sequences: list[list[SentenceKey]]) -> list[SentenceKey]:
    """Every key once, keeping each sequence's order: a key not placed yet goes right after the
    key before it in its own sequence (at the front when it has none). A linked list: an
    article of 50,000 paragraphs is merged in linear time."""
    head = object()
    following: dict = {head: None}  # each placed key → the key after it
    for keys in sequences:
        previous = head
        for key in keys:
            if key not in following:
                following[key] = following[previous]
                following[previous] = key
            previous = key
    merged: list[SentenceKey] = []
    key = following[head]
    while key is not None:
        merged.append(key)
        key = following[key]
    return merged


def article_texts(editions: Sequence[TranslatedArticle], replacing: Sequence[TranslatedArticle]
                  ) -> list[TranslatedArticle]:
    """An article's texts, one per language in registry order (the order the review page shows
    them, which the numbering follows): ``editions`` with ``replacing``'s languages replaced."""
    from ..languages import LANGUAGES

    by_language = {t.language: t for t in editions} | {t.language: t for t in replacing}
    order = {lang.tag: position for position, lang in enumerate(LANGUAGES)}
    return sorted(by_language.values(), key=lambda t: order.get(t.language, len(order)))


def sentence_order(translations: Sequence[TranslatedArticle]) -> list[SentenceKey]:
    """The sentences of an article's translations in numbering order: sentence N is element N-1."""
    return merge_orders([sentence_keys(translation.sentences) for translation in translations])


def sentence_numbers(translations: Sequence[TranslatedArticle]) -> dict[str, list[int]]:
    """Language → the number of each of its sentences, by index, for an article's ``translations``
    (one per language); the order is merged once for all of them."""
    position = {key: number for number, key in enumerate(sentence_order(translations), start=1)}
    return {t.language: [position[key] for key in sentence_keys(t.sentences)] for t in translations}


def sentence_index(translations: Sequence[TranslatedArticle], translation: TranslatedArticle, number: int) -> int | None:
    """The index in ``translation.sentences`` of sentence ``number``; None when that language
    lacks it or there is no such sentence."""
    order = sentence_order(translations)
    if not 1 <= number <= len(order):
        return None
    keys = sentence_keys(translation.sentences)
    key = order[number - 1]
    return keys.index(key) if key in keys else None
