"""The translation engine: every sentence of an article through one batched CTranslate2 call.

For one article and one target language the engine

1. splits the title, summary, every block, every link text and image alt text into sentences
   (syndicate.segment), remembering where each sits;
2. runs each through the hook's ``prepare``, looks the model inputs up in the translation memory,
   and translates the rest — all of them — in ONE ``ctranslate2.Translator.translate_batch``
   call on the Argos package's ``model/`` and ``sentencepiece.model`` (no argostranslate);
3. post-processes each hypothesis for the route (Dari table, Persian→Tajik converter), lets the
   hook ``choose`` and ``finish``, and puts the sentences back into blocks that mirror the
   source blocks one to one.

Inline links: each link text is translated in the same batch and looked for in the translated
sentence(s) that held it. When it is not there (the model worded the sentence differently), the
link covers those whole translated sentences — the part not already linked — so the href is
never dropped; if nothing is left to cover, the translated link text is added after them in
parentheses and linked.

Sentence numbering (``SentencePair`` order and ``TermCheck.sentence``): the title's sentences,
then the summary's, then each block's in order. ``SentencePair.block`` is the block index, -1 for
the title and -2 for the summary. Link and alt texts are translated but not listed as sentences
(their term checks would repeat the sentence's).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Sequence

from ..article import Article, Block, Link, SentencePair, TermCheck, TranslatedArticle
from ..errors import ModelError
from .hooks import NoHook, SentenceHook
from ..languages import Language
from .memory import TranslationMemory
from .packages import ModelPackage, find_package
from .segment import Sentence, has_words, split_sentences
from ..settings import Settings

TITLE_BLOCK = -1
SUMMARY_BLOCK = -2

# Decoding as argostranslate does it (translate.apply_packaged_translation), so cached and
# fresh output agree with what Argos users get.
ARGOS_LENGTH_PENALTY = 0.2
# Bump when decoding or detokenization changes: part of translation-memory keys.
DECODER_VERSION = "1"


@dataclass(frozen=True)
class DecodingOptions:
    """How the model decodes; ``key`` goes into translation-memory keys."""

    beam_size: int = 4
    num_hypotheses: int = 1
    max_decoding_length: int = 256
    length_penalty: float = ARGOS_LENGTH_PENALTY

    @property
    def beam(self) -> int:
        """The beam CTranslate2 runs: never narrower than the n-best list asked for."""
        return max(self.beam_size, self.num_hypotheses)

    @property
    def key(self) -> str:
        return (f"beam={self.beam};n={self.num_hypotheses};"
                f"max={self.max_decoding_length};lp={self.length_penalty};decoder={DECODER_VERSION}")


@dataclass(frozen=True)
class BatchOptions:
    """How CTranslate2 groups sentences: it sorts them by length and cuts batches of this size."""

    max_batch_size: int = 2048
    batch_type: str = "tokens"


@dataclass(frozen=True)
class TranslatedSentence:
    """One sentence through the whole seam: the final text, the hook's checks, memory or model."""

    source: str
    text: str
    checks: tuple[TermCheck, ...] = ()
    cached: bool = False


class LoadedModel:
    """A CTranslate2 translator and its SentencePiece model, for one Argos package."""

    def __init__(self, package: ModelPackage, *, threads: int, compute_type: str):
        import ctranslate2
        import sentencepiece

        self.package = package
        try:
            self.translator = ctranslate2.Translator(
                str(package.model_dir), device="cpu", compute_type=compute_type,
                inter_threads=1, intra_threads=threads,
            )
            self.tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(package.sentencepiece_model))
        except (RuntimeError, ValueError, OSError) as error:
            raise ModelError(
                f"the {package.from_code}→{package.to_code} model in {package.path} can't be loaded: {error}",
                hint=f"reinstall it: `syndicate models install {package.to_code}`",
            ) from error
        self.target_prefix = package.target_prefix

    def translate(self, texts: list[str], decoding: DecodingOptions, batching: BatchOptions) -> list[list[str]]:
        """The n-best translations of ``texts``, decoded as Argos does, in one translate_batch call."""
        tokens = self.tokenizer.encode(texts, out_type=str)
        prefix = [[self.target_prefix]] * len(texts) if self.target_prefix else None
        results = self.translator.translate_batch(
            tokens,
            target_prefix=prefix,
            max_batch_size=batching.max_batch_size,
            batch_type=batching.batch_type,
            beam_size=decoding.beam,
            num_hypotheses=decoding.num_hypotheses,
            length_penalty=decoding.length_penalty,
            max_decoding_length=decoding.max_decoding_length,
            replace_unknowns=True,
        )
        return [[self.decode(hypothesis, source) for hypothesis in result.hypotheses]
                for result, source in zip(results, texts)]

    def decode(self, pieces: list[str], source: str) -> str:
        """Pieces → text like argostranslate: "▁" (and "_") become spaces, the prefix and one leading space go.

        Argos turns every "_" into a space; here only when the input had none, so underscores
        the article really contains (handles, file names) survive.
        """
        text = self.tokenizer.decode_pieces(pieces).replace("▁", " ")
        if "_" not in source:
            text = text.replace("_", " ")
        if self.target_prefix and text.startswith(self.target_prefix):
            text = text[len(self.target_prefix):]
        return text[1:] if text.startswith(" ") else text


def available_threads() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Engine:
    """Translates articles offline; owns the loaded models, the route steps and the memory.

    Models, the Dari table and the Tajik converter load on first use and stay cached on the
    object. ``memory=None`` disables the translation memory.
    """

    def __init__(
        self,
        models_dir: str | Path,
        *,
        memory: TranslationMemory | None = None,
        decoding: DecodingOptions = DecodingOptions(),
        batching: BatchOptions = BatchOptions(),
        threads: int | None = None,
        compute_type: str = "auto",
        dari_table: str | Path | None = None,
        tajik_model_dir: str | Path | None = None,
    ):
        self.models_dir = Path(models_dir)
        self.memory = memory
        self.decoding = decoding
        self.batching = batching
        self.threads = threads or available_threads()
        self.compute_type = compute_type
        self.dari_table = dari_table
        self.tajik_model_dir = tajik_model_dir
        self._models: dict[Path, LoadedModel] = {}
        self._postprocessors: dict[str, tuple[str, Callable[[list[str]], list[str]]]] = {}

    @classmethod
    def from_settings(cls, settings: Settings, **overrides) -> Engine:
        """An engine on the settings' models folder, translation memory and beam size."""
        options = {
            "memory": TranslationMemory(settings.resolved_cache_path()),
            "decoding": DecodingOptions(beam_size=settings.beam_size),
            "dari_table": settings.dari_table,
            "tajik_model_dir": settings.tajik_model,
            **overrides,
        }
        return cls(settings.resolved_models_dir(), **options)

    def close(self) -> None:
        """Close the memory and drop loaded models."""
        if self.memory is not None:
            self.memory.close()
        self._models.clear()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- the route -------------------------------------------------------------------------

    def package_for(self, language: Language) -> ModelPackage:
        """The installed en→X package ``language`` needs; ModelError with the install command."""
        from_code, to_code = language.model_pair
        return find_package(self.models_dir, from_code, to_code, install_as=language.tag)

    def model_for(self, package: ModelPackage) -> LoadedModel:
        """The loaded model for ``package``, loading it on first use."""
        if package.path not in self._models:
            self._models[package.path] = LoadedModel(package, threads=self.threads, compute_type=self.compute_type)
        return self._models[package.path]

    def is_loaded(self, language: Language) -> bool:
        """Whether the model for ``language`` has been loaded (tests, benchmarks)."""
        return any(model.package.to_code == language.model_target for model in self._models.values())

    def _postprocessor(self, language: Language) -> tuple[str | None, Callable[[list[str]], list[str]]]:
        """(route id, function over hypotheses) of the language's post-processing step."""
        step = language.postprocess
        if step is None:
            return None, list
        if step not in self._postprocessors:
            self._postprocessors[step] = self._load_postprocessor(step)
        return self._postprocessors[step]

    def _load_postprocessor(self, step: str) -> tuple[str, Callable[[list[str]], list[str]]]:
        if step == "dari":
            from .routes.dari import load_dari_table

            table = load_dari_table(self.dari_table)
            return table.route_id, lambda texts: [table.localize(text) for text in texts]
        if step == "tajik":
            from .routes.tajik import load_converter

            converter = load_converter(Path(self.tajik_model_dir) if self.tajik_model_dir else None)
            return f"tajik:{converter.version}", converter.convert_lines
        raise ModelError(f"unknown post-processing step {step!r}")

    def route(self, language: Language) -> tuple[str, ...]:
        """What translating to ``language`` uses, e.g. ("argos:en-fa@1.9", "dari-localization@…")."""
        return self._route(language, self.package_for(language))

    def _route(self, language: Language, package: ModelPackage) -> tuple[str, ...]:
        route_id, _ = self._postprocessor(language)
        return (package.version_id,) + ((route_id,) if route_id else ())

    # -- sentences -------------------------------------------------------------------------

    def translate_sentences(
        self, sentences: Sequence[str], language: Language, hook: SentenceHook = NoHook()
    ) -> list[TranslatedSentence]:
        """Translate ``sentences`` through the hook seam and the memory.

        All sentences go to the model in one batch call. Sentences for which ``hook.retry``
        asks for a second attempt (a glossary term the n-best list lacks, to be protected) go
        in one more batch call.
        """
        return self._translate_sentences(sentences, language, hook, self.package_for(language))

    def _translate_sentences(self, sentences: Sequence[str], language: Language, hook: SentenceHook,
                             package: ModelPackage) -> list[TranslatedSentence]:
        decoding = replace(self.decoding, num_hypotheses=max(1, int(getattr(hook, "num_hypotheses", 1))))
        prepared = [hook.prepare(sentence, language) for sentence in sentences]
        candidates, from_memory = self._candidates([p.text for p in prepared], package, decoding, language)
        chosen = [hook.choose(list(candidates[prep.text]), prep) for prep in prepared]

        retries = {i: again for i, (text, prep) in enumerate(zip(chosen, prepared))
                   if (again := hook.retry(text, prep)) is not None}
        if retries:
            more, more_from_memory = self._candidates([p.text for p in retries.values()], package, decoding, language)
            from_memory |= more_from_memory
            for i, again in retries.items():
                prepared[i] = again
                chosen[i] = hook.choose(list(more[again.text]), again)

        results = []
        for prep, text in zip(prepared, chosen):
            text, checks = hook.finish(text, prep)
            results.append(TranslatedSentence(prep.source, text, tuple(checks), cached=prep.text in from_memory))
        return results

    def _candidates(self, texts: list[str], package: ModelPackage, decoding: DecodingOptions,
                    language: Language) -> tuple[dict[str, list[str]], set[str]]:
        """Post-processed n-best lists of ``texts`` (from the memory, else one model call), and
        which texts the memory answered."""
        _, postprocess = self._postprocessor(language)
        inputs = list(dict.fromkeys(text for text in texts if has_words(text)))
        options = f"{decoding.key};compute={self.compute_type}"
        remembered = self.memory.lookup(inputs, package.version_id, options) if self.memory else {}
        hypotheses = {text: list(entry.best) for text, entry in remembered.items() if entry.best}
        from_memory = set(hypotheses)
        missing = [text for text in inputs if text not in hypotheses]
        if missing:
            fresh = self.model_for(package).translate(missing, decoding, self.batching)
            translated = dict(zip(missing, fresh))
            if self.memory is not None:
                self.memory.store(translated, package.version_id, options)
            hypotheses.update(translated)

        # Post-process every distinct hypothesis in one call (the Tajik converter works on lists).
        raw = {text: hypotheses.get(text, [text]) for text in dict.fromkeys(texts)}
        processed_flat = iter(postprocess([h for hyps in raw.values() for h in hyps]))
        processed = {text: [next(processed_flat) for _ in hyps] for text, hyps in raw.items()}
        return processed, from_memory

    # -- articles --------------------------------------------------------------------------

    def translate(self, article: Article, language: Language, hook: SentenceHook = NoHook()) -> TranslatedArticle:
        """``article`` in ``language``: blocks mirror the source's; links, captions, alt texts kept."""
        package = self.package_for(language)  # looked up once: it scans the models folder
        plan = ArticlePlan.of(article)
        results = self._translate_sentences(plan.texts(), language, hook, package)
        return plan.assemble(results, language, self._route(language, package), hook)


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
        queue = iter(results)
        pairs: list[SentencePair] = []
        checks: list[TermCheck] = []
        rebuilt: dict[int, tuple[str, list[tuple[int, int]]]] = {}
        for block_index, split in self._splits():
            translations = []
            for _ in split.sentences:
                result = next(queue)
                checks += [replace(check, sentence=len(pairs)) for check in result.checks]
                pairs.append(SentencePair(block_index, result.source, result.text, result.cached))
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
            sentences=tuple(pairs),
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
