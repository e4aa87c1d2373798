"""How an article is taken apart into sentences for the engine, and put back together.

``ArticlePlan.of(article).texts()`` lists what to translate, in batch order: the title's
sentences, then the summary's, then each block's (syndicate.translate.segment), then every link
text, then every image alt text. ``assemble`` puts the translations back into blocks that mirror
the source blocks one to one.

Inline links: each link text is translated in the same batch and looked for in the translated
sentence(s) that held it. When it is not there (the model worded the sentence differently), the
link covers those whole translated sentences — the part not already linked — so the href is
never dropped; if nothing is left to cover, the translated link text is added after them in
parentheses and linked.

Sentence numbering (``SentencePair`` order and ``TermCheck.sentence``): the title's sentences,
then the summary's, then each block's in order. ``SentencePair.block`` is the block index, -1 for
the title and -2 for the summary. Link and alt texts are translated but not listed as sentences
(their term checks would repeat the sentence's). Every sentence gets the flags of the
reference-free checks (syndicate.translate.checks) as it is assembled.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Sequence

from ..article import Article, Block, Link, SentencePair, TermCheck, TranslatedArticle
from ..languages import Language
from .checks import flag_sentences
from .hooks import SentenceHook, TranslatedSentence
from .segment import Sentence, has_words, split_sentences

TITLE_BLOCK = -1
SUMMARY_BLOCK = -2


@dataclass(frozen=True)
class _Split:
    """A text cut into sentences; the text between them (whitespace) is kept as is."""

    text: str
    sentences: tuple[Sentence, ...]

    @classmethod
    def of(cls, text: str) -> _Split:
        return cls(text, split_sentences(text))

    def rebuild(self, translations: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
        """The text with each sentence replaced, and where each translation now sits."""
        if not self.sentences:
            return self.text, []
        parts, spans, cursor, offset = [], [], 0, 0
        for sentence, translation in zip(self.sentences, translations):
            gap = self.text[cursor:sentence.start]
            parts += [gap, translation]
            offset += len(gap)
            spans.append((offset, offset + len(translation)))
            offset += len(translation)
            cursor = sentence.end
        parts.append(self.text[cursor:])
        return "".join(parts), spans


@dataclass(frozen=True)
class ArticlePlan:
    """Every text of an article to translate, in batch order, and how to put them back."""

    article: Article
    title: _Split
    summary: _Split | None
    blocks: tuple[_Split, ...]
    link_texts: tuple[tuple[str, ...], ...]  # per block
    alts: tuple[str | None, ...]  # per block

    @classmethod
    def of(cls, article: Article) -> ArticlePlan:
        return cls(
            article=article,
            title=_Split.of(article.title),
            summary=_Split.of(article.summary) if article.summary else None,
            blocks=tuple(_Split.of(block.text) for block in article.blocks),
            link_texts=tuple(tuple(text.strip() for text in block.link_texts()) for block in article.blocks),
            alts=tuple(block.alt if block.kind == "image" and block.alt and has_words(block.alt) else None
                       for block in article.blocks),
        )

    def _splits(self) -> list[tuple[int, _Split]]:
        head = [(TITLE_BLOCK, self.title)] + ([(SUMMARY_BLOCK, self.summary)] if self.summary else [])
        return head + list(enumerate(self.blocks))

    def texts(self) -> list[str]:
        """Sentences (title, summary, blocks), then link texts, then alt texts."""
        texts = [s.text for _, split in self._splits() for s in split.sentences]
        texts += [text for links in self.link_texts for text in links]
        texts += [alt for alt in self.alts if alt]
        return texts

    def assemble(self, results: list[TranslatedSentence], language: Language, route: tuple[str, ...],
                 hook: SentenceHook) -> TranslatedArticle:
        """The translated article from ``results``, one per text of ``texts()`` in that order."""
        queue = iter(results)
        pairs: list[SentencePair] = []
        checks: list[TermCheck] = []
        rebuilt: dict[int, tuple[str, list[tuple[int, int]]]] = {}
        for block_index, split in self._splits():
            translations = []
            for _ in split.sentences:
                result = next(queue)
                checks += [replace(check, sentence=len(pairs)) for check in result.checks]
                pairs.append(SentencePair(block_index, result.source, result.text, result.cached, result.truncated,
                                           corrected=result.corrected))
                translations.append(result.text)
            rebuilt[block_index] = split.rebuild(translations)
        link_translations = [[next(queue).text for _ in links] for links in self.link_texts]
        alt_translations = [next(queue).text if alt else None for alt in self.alts]

        blocks = []
        for index, block in enumerate(self.article.blocks):
            text, spans = rebuilt[index]
            links, text = _place_links(block, self.blocks[index], text, spans, link_translations[index])
            alt = alt_translations[index] if alt_translations[index] is not None else block.alt
            blocks.append(replace(block, text=text, links=links, alt=alt))
        hook_version = getattr(hook, "version", "none")
        return TranslatedArticle(
            source=self.article,
            language=language.tag,
            title=rebuilt[TITLE_BLOCK][0],
            summary=rebuilt[SUMMARY_BLOCK][0] if self.summary else self.article.summary,
            blocks=tuple(blocks),
            sentences=flag_sentences(pairs, checks, language),
            route=route,
            term_checks=tuple(checks),
            glossary_version=None if hook_version == "none" else hook_version,
        )


def _place_links(block: Block, split: _Split, text: str, spans: list[tuple[int, int]],
                 translations: list[str]) -> tuple[tuple[Link, ...], str]:
    """Links of the translated block (in source order, not overlapping), and its text.

    The text only changes in the last-resort fallback (link text added in parentheses).
    """
    links: list[Link] = []
    cursor = 0
    for link, translated in zip(block.links, translations):
        region = _region(link, split, spans, len(text))
        start = max(region[0], cursor)
        found = _find(text, translated, start, region[1]) if translated else -1
        if not block.text[link.start:link.end].strip():
            new = Link(start, start, link.href)  # a link around no text (an icon) stays empty
        elif found >= 0:
            new = Link(found, found + len(translated), link.href)
        elif start < region[1]:
            new = Link(start, region[1], link.href)
        else:
            at = region[1]
            addition = f" ({translated or text[region[0]:at]})"
            text = text[:at] + addition + text[at:]
            spans = [(a + len(addition) * (a >= at), b + len(addition) * (b >= at)) for a, b in spans]
            new = Link(at + 2, at + len(addition) - 1, link.href)
        links.append(new)
        cursor = new.end
    return tuple(links), text


def _region(link: Link, split: _Split, spans: list[tuple[int, int]], text_length: int) -> tuple[int, int]:
    """Where the translated sentences that held ``link`` sit in the translated block."""
    held = [span for sentence, span in zip(split.sentences, spans)
            if sentence.start < link.end and link.start < sentence.end]
    if not held:
        return (0, text_length)
    return (held[0][0], held[-1][1])


def _find(text: str, needle: str, start: int, end: int) -> int:
    found = text.find(needle, start, end)
    if found < 0:
        found = text.lower().find(needle.lower(), start, end)
    return found
