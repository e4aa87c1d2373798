"""The translation engine: every sentence of an article through one batched CTranslate2 call.

For one article and one target language the engine

0. finds the language's route (routing.find_route): the installed model of the family the
   ``routes`` setting names (Argos when it names none), the model's codes, the step after it;
1. takes the article apart (syndicate.translate.plan): title, summary, every block, link text
   and image alt text, cut into sentences;
2. runs each through the hook's ``prepare``, looks the model inputs up in the translation memory
   (keyed by model and direction: ``Route.memory_id``), and translates the rest — all of them — in
   ONE ``translate_batch`` call (decoding.LoadedModel, tokenizing as the route's family does; one
   multilingual model is loaded once for every language routed to it);
3. post-processes each hypothesis for the route (routes.PostProcessor: Dari table, Persian→Tajik
   converter), lets the hook ``choose`` and ``finish``, and puts the article back together.

Round trip: when the reverse route is installed (an X→en Argos package, ``syndicate models install
--with-qa``; a Marian X→en pair; or the same NLLB/MADLAD model, asked for English), the article's
sentences are translated back to English in ONE more batch call (through the same memory, under
the reverse route's id) and scored against their sources with chrF
(translate.checks.flag_round_trips). What goes back is the final translation for a plain route, and
for Dari and Tajik their Persian intermediate: the chosen en→fa hypothesis before the route's
post-processing, its placeholders turned back into the source's terms (``hook.restore``; the
Tajik forms would be Cyrillic). The round trip decodes greedily (beam 1).

Long inputs: a model input longer than the piece budget (``DecodingOptions.piece_budget``, in
the model's own SentencePiece pieces) is cut at clause breaks (segment.fit_pieces); its parts are
translated in the same call, remembered one by one, and joined again before post-processing,
so the hook sees the whole sentence. A sentence whose chosen hypothesis still stopped at the
length limit comes back ``truncated``.

SentencesDone: ``translate(..., progress=callback)`` calls ``callback(done, total)`` over the
article's texts (memory hits are done at once). For that, a long article's model call is cut into
chunks (more than ``CHUNK_ABOVE`` inputs → chunks of ``CHUNK_SIZE``); without a callback, or for
a short article, it stays one call. Retried sentences (``hook.retry``) come after the total.
Whatever the callback, no call takes more than MAX_CALL_INPUTS inputs: CTranslate2 holds a
call's inputs and results at once, so a 50,000-paragraph report would otherwise cost memory in
proportion to its length.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Sequence

from ..article import Article, TranslatedArticle
from ..languages import Language
from ..settings import Settings
from .checks import flag_round_trips
from .hooks import NoHook, SentenceHook, TranslatedSentence
from .memory import TranslationMemory
from .families import get_family
from .plan import ArticlePlan
from .routes import PostProcessor, load_postprocessor
from .routing import Route, find_route, parse_routes, reverse_hint, reverse_route
from .decoding import BatchOptions, Decoded, DecodingOptions, LoadedModel, available_threads
from .segment import Sentence, fit_pieces, has_words

SentencesDone = Callable[[int, int], None]

# A model call with more inputs than this is cut into chunks of CHUNK_SIZE when progress is
# reported; CTranslate2 sorts by length within each call, so little batching is lost.
CHUNK_ABOVE = 256
CHUNK_SIZE = 128
MAX_CALL_INPUTS = 2048


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
        round_trip_threshold: float = Settings.round_trip_threshold,
        round_trip_thresholds: dict[str, float] | None = None,
        routes: dict[str, str] | None = None,
        localize_direct_dari: bool = True,
    ):
        self.models_dir = Path(models_dir)
        self.memory = memory
        self.decoding = decoding
        self.batching = batching
        self.threads = threads or available_threads()
        self.compute_type = compute_type
        self.dari_table = dari_table
        self.tajik_model_dir = tajik_model_dir
        self.round_trip_threshold = round_trip_threshold
        self.round_trip_thresholds = dict(round_trip_thresholds or {})  # output tag → threshold
        self.routes = parse_routes(routes or {})  # output tag → family name; the others: argos
        self.localize_direct_dari = localize_direct_dari
        self._models: dict[Path, LoadedModel] = {}
        self._postprocessors: dict[str, PostProcessor] = {}

    @classmethod
    def from_settings(cls, settings: Settings, **overrides) -> Engine:
        """An engine on the settings' models folder, translation memory and beam size."""
        options = {
            "memory": TranslationMemory(settings.resolved_cache_path()),
            "decoding": DecodingOptions(beam_size=settings.beam_size),
            "dari_table": settings.dari_table,
            "tajik_model_dir": settings.tajik_model,
            "round_trip_threshold": settings.round_trip_threshold,
            "round_trip_thresholds": settings.language_thresholds(),
            "routes": parse_routes(settings.routes),
            "localize_direct_dari": settings.localize_direct_dari,
            **overrides,
        }
        return cls(settings.resolved_models_dir(), **options)

    def round_trip_threshold_for(self, language: str) -> float:
        """The round-trip threshold of output tag ``language``: its own (setting
        round_trip_thresholds), else the round_trip_threshold setting's."""
        return self.round_trip_thresholds.get(language, self.round_trip_threshold)

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

    def route_for(self, language: Language) -> Route:
        """The installed model ``language``'s route uses (its family from ``routes``, else Argos);
        ModelError with the install command."""
        family = get_family(self.routes.get(language.tag, "argos"))
        return find_route(self.models_dir, language, family, localize_direct_dari=self.localize_direct_dari)

    def reverse_route_for(self, route: Route) -> Route | None:
        """The route the round trip of ``route`` goes back to English by; None when none is installed."""
        return reverse_route(self.models_dir, route)

    def round_trip_hint(self, language: Language) -> str | None:
        """The line saying how to install ``language``'s reverse model, or None when it is installed."""
        route = self.route_for(language)
        if self.reverse_route_for(route) is not None:
            return None
        return f"round trip: no {route.target}→{route.family.english} model ({reverse_hint(route)})"

    def model_for(self, route: Route) -> LoadedModel:
        """The loaded model of ``route`` (its tokenizers; the translator loads on first translation).
        Routes through one multilingual model share it."""
        path = route.model.path
        if path not in self._models:
            self._models[path] = LoadedModel(route.model, route.family, threads=self.threads,
                                             compute_type=self.compute_type)
        return self._models[path]

    def is_loaded(self, language: Language) -> bool:
        """Whether the translator for ``language``'s route has been loaded (tests, benchmarks)."""
        model = self._models.get(self.route_for(language).model.path)
        return model is not None and model.loaded

    def _postprocessor(self, route: Route) -> PostProcessor | None:
        """The route's step after the model, loaded on first use; None when it has none."""
        name = route.step
        if name is None:
            return None
        if name not in self._postprocessors:
            self._postprocessors[name] = load_postprocessor(
                name, dari_table=self.dari_table, tajik_model_dir=self.tajik_model_dir)
        return self._postprocessors[name]

    def route(self, language: Language) -> tuple[str, ...]:
        """What translating to ``language`` uses, e.g. ("argos:en-fa@1.9", "dari-localization@…")."""
        return self._route_ids(self.route_for(language))

    def _route_ids(self, route: Route) -> tuple[str, ...]:
        step = self._postprocessor(route)
        return (route.memory_id,) + ((step.route_id,) if step else ())

    # -- sentences -------------------------------------------------------------------------

    def translate_sentences(
        self, sentences: Sequence[str], language: Language, hook: SentenceHook = NoHook(),
        progress: SentencesDone | None = None,
    ) -> list[TranslatedSentence]:
        """Translate ``sentences`` through the hook seam and the memory.

        All sentences go to the model in one batch call (chunks when ``progress`` is given and
        they are many). Sentences for which ``hook.retry`` asks for a second attempt (a glossary
        term the n-best list lacks, to be protected) go in one more batch call.
        """
        return self._translate_sentences(sentences, language, hook, self.route_for(language), progress)[0]

    def _translate_sentences(self, sentences: Sequence[str], language: Language, hook: SentenceHook,
                             route: Route, progress: SentencesDone | None = None, *, round_trip: bool = False,
                             corrections: dict[str, str] | None = None
                             ) -> tuple[list[TranslatedSentence], list[str]]:
        """The translated sentences and, with ``round_trip``, what to translate back for each;
        ``corrections`` (source → wording) come before the memory's."""
        decoding = replace(self.decoding, num_hypotheses=max(1, int(getattr(hook, "num_hypotheses", 1))))
        remembered = self.memory.corrections(list(sentences), language.tag) if self.memory is not None else {}
        corrections = remembered | (corrections or {})
        prepared = [hook.prepare(sentence, language) for sentence in sentences]
        candidates, raw, from_memory = self._candidates(
            [p.text for p in prepared if p.source not in corrections], route, decoding, progress)
        for prep in prepared:  # an editor's wording stands in for the model's
            if prep.source in corrections:
                candidates.setdefault(prep.text, Decoded((corrections[prep.source],), (False,)))
        chosen = [hook.choose(list(candidates[prep.text].hypotheses), prep) for prep in prepared]

        retries = {i: again for i, (text, prep) in enumerate(zip(chosen, prepared))
                   if prep.source not in corrections and (again := hook.retry(text, prep)) is not None}
        if retries:
            more, more_raw, more_from_memory = self._candidates([p.text for p in retries.values()], route,
                                                                decoding)
            candidates |= more
            raw |= more_raw
            from_memory |= more_from_memory
            for i, again in retries.items():
                prepared[i] = again
                chosen[i] = hook.choose(list(more[again.text].hypotheses), again)

        results, back_inputs = [], []
        postprocessed = route.step is not None
        for prep, text in zip(prepared, chosen):
            corrected = prep.source in corrections
            if corrected:
                text, checks = hook.finish(corrections[prep.source], prep)
                # Back from the final text when it is in the reverse model's script (not Tajik Cyrillic).
                back_inputs.append(text if not postprocessed or language.script == "Arab" else None)
                results.append(TranslatedSentence(prep.source, text, tuple(checks), cached=True, corrected=True))
                continue
            truncated = _was_truncated(candidates[prep.text], text)
            if round_trip and postprocessed:  # the Persian intermediate, its protected terms in English
                back_inputs.append(hook.restore(_raw_choice(candidates[prep.text], raw[prep.text], text), prep))
            text, checks = hook.finish(text, prep)
            if round_trip and not postprocessed:
                back_inputs.append(text)
            results.append(TranslatedSentence(prep.source, text, tuple(checks), cached=prep.text in from_memory,
                                              truncated=truncated))
        return results, back_inputs

    def _candidates(self, texts: list[str], route: Route, decoding: DecodingOptions,
                    progress: SentencesDone | None = None
                    ) -> tuple[dict[str, Decoded], dict[str, Decoded], set[str]]:
        """Post-processed n-best lists of ``texts`` (from the memory, else the model), the model's
        own lists (before post-processing), and which texts the memory answered."""
        outputs, from_memory = self._model_outputs(texts, route, decoding, progress)
        # Texts without words pass through; post-process every hypothesis in one call (the Tajik
        # converter works on lists).
        raw = {text: outputs.get(text) or Decoded((text,), (False,)) for text in dict.fromkeys(texts)}
        step = self._postprocessor(route)
        if step is None:
            return raw, dict(raw), from_memory
        processed = iter(step.process([h for decoded in raw.values() for h in decoded.hypotheses]))
        return ({text: replace(decoded, hypotheses=tuple(next(processed) for _ in decoded.hypotheses))
                 for text, decoded in raw.items()}, raw, from_memory)

    def _model_outputs(self, texts: list[str], route: Route, decoding: DecodingOptions,
                       progress: SentencesDone | None) -> tuple[dict[str, Decoded], set[str]]:
        """The model's n-best output for each distinct text with words, and which the memory had.

        Texts over the piece budget are translated in parts (remembered one by one) and joined.
        """
        inputs = list(dict.fromkeys(text for text in texts if has_words(text)))
        options = f"{decoding.key};compute={self.compute_type}"
        known = self._remembered(inputs, route, options)
        from_memory = set(known)
        report = _Progress(texts, progress)
        report.update(known)
        missing = [text for text in inputs if text not in known]
        if missing:
            model = self.model_for(route)
            pieces = dict(zip(missing, model.encode(missing, route)))
            parts = {text: fit_pieces(text, model.count_pieces, decoding.piece_budget)
                     for text in missing if len(pieces[text]) > decoding.piece_budget}
            report.split(parts)
            part_texts = list(dict.fromkeys(p.text for split in parts.values() for p in split))
            found = self._remembered([p for p in part_texts if p not in known], route, options)
            report.update(p for p in part_texts if p in known or p in found)
            known |= found
            remembered = set(known)
            todo = [text for text in dict.fromkeys(
                [text for text in missing if text not in parts] + part_texts) if text not in known]
            unencoded = [text for text in todo if text not in pieces]  # the parts
            pieces.update(zip(unencoded, model.encode(unencoded, route)))
            for chunk in _chunks(todo, pieces, progress is not None):
                fresh = dict(zip(chunk, model.translate(chunk, [pieces[t] for t in chunk], decoding, self.batching,
                                                        route)))
                if self.memory is not None:
                    self.memory.store({t: list(d.hypotheses) for t, d in fresh.items()}, route.memory_id, options,
                                      {t: list(d.truncated) for t, d in fresh.items()})
                known |= fresh
                report.update(fresh)
            for text, split in parts.items():
                known[text] = _join(text, split, [known[p.text] for p in split])
                if all(p.text in remembered for p in split):
                    from_memory.add(text)
        report.finish()
        return known, from_memory

    def _remembered(self, inputs: list[str], route: Route, options: str) -> dict[str, Decoded]:
        if self.memory is None or not inputs:
            return {}
        found = self.memory.lookup(inputs, route.memory_id, options)
        return {text: Decoded(entry.hypotheses, entry.truncated_flags) for text, entry in found.items() if entry.hypotheses}

    # -- articles --------------------------------------------------------------------------

    def translate(self, article: Article, language: Language, hook: SentenceHook = NoHook(),
                  progress: SentencesDone | None = None, corrections: dict[str, str] | None = None) -> TranslatedArticle:
        """``article`` in ``language``: blocks mirror the source's; links, captions, alt texts kept.

        ``progress(done, total)`` is called as the article's texts get translated; ``corrections``
        (source sentence → an editor's wording) are used besides those in the memory.
        """
        route = self.route_for(language)  # looked up once: it scans the models folder
        reverse = self.reverse_route_for(route)
        plan = ArticlePlan.of(article)
        results, back_inputs = self._translate_sentences(plan.texts(), language, hook, route, progress,
                                                         round_trip=reverse is not None, corrections=corrections)
        translation = replace(plan.assemble(results, language, self._route_ids(route), hook),
                              family=route.family.name, model=route.model.version_id,
                              licence=route.model.licence or route.family.licence)
        if reverse is None:
            return translation
        # plan.texts() lists the sentences first, in the order of translation.sentences
        return self._round_trip(translation, back_inputs[:len(translation.sentences)], reverse)

    def _round_trip(self, translation: TranslatedArticle, texts: list[str | None], reverse: Route
                    ) -> TranslatedArticle:
        """``translation`` with ``texts`` (one per sentence) translated back by ``reverse`` in one
        batch call, stored with its sentences and flagged where they stray from the source (None:
        a sentence that can't go back, an editor's Tajik wording)."""
        # Greedy: the score needs the gist, and beam search would double the cost of the forward pass.
        outputs, _ = self._model_outputs([text for text in texts if text is not None], reverse,
                                         replace(self.decoding, beam_size=1, num_hypotheses=1), None)
        back = [None if text is None else outputs[text].hypotheses[0] if text in outputs else text for text in texts]
        threshold = self.round_trip_threshold_for(translation.language)
        return replace(translation, sentences=flag_round_trips(translation.sentences, back, threshold))


def _join(text: str, split: tuple[Sentence, ...], parts: list[Decoded]) -> Decoded:
    """``text``'s n-best from its parts': the k-th hypotheses joined by the source's whitespace."""
    count = max(len(part.hypotheses) for part in parts)
    between = [text[a.end:b.start] for a, b in zip(split, split[1:])]
    hypotheses, truncated = [], []
    for k in range(count):
        chosen = [(part.hypotheses[min(k, len(part.hypotheses) - 1)], part.truncated[min(k, len(part.truncated) - 1)])
                  for part in parts]
        joined = chosen[0][0]
        for gap, (hypothesis, _) in zip(between, chosen[1:]):
            joined += gap + hypothesis
        hypotheses.append(joined)
        truncated.append(any(flag for _, flag in chosen))
    return Decoded(tuple(hypotheses), tuple(truncated))


def _chunks(todo: list[str], pieces: dict[str, list[str]], chunked: bool) -> list[list[str]]:
    """The model calls: one, or chunks of similar length: of CHUNK_SIZE with progress over
    CHUNK_ABOVE inputs, of MAX_CALL_INPUTS over that many."""
    if not todo:
        return []
    size = CHUNK_SIZE if chunked and len(todo) > CHUNK_ABOVE else MAX_CALL_INPUTS
    if len(todo) <= size:
        return [todo]
    ordered = sorted(todo, key=lambda text: len(pieces[text]))
    return [ordered[i : i + size] for i in range(0, len(ordered), size)]


def _raw_choice(decoded: Decoded, raw: Decoded, chosen: str) -> str:
    """The model's own output (before post-processing) of the hypothesis the hook chose."""
    index = decoded.hypotheses.index(chosen) if chosen in decoded.hypotheses else 0
    return raw.hypotheses[index]


def _was_truncated(decoded: Decoded, chosen: str) -> bool:
    """Whether the hypothesis the hook chose stopped at the length limit (any, if it is none of them)."""
    if chosen in decoded.hypotheses:
        return decoded.truncated[decoded.hypotheses.index(chosen)]
    return any(decoded.truncated)


@dataclass
class _Progress:
    """Reports (texts done, total) to the callback as model inputs get known, never repeating a count.

    Each text waits for its own translation, or for each of its parts' when it is translated in
    parts (``split``); ``update`` takes the inputs newly known, so the whole count costs time in
    proportion to the texts, however many batches report."""

    texts: list[str]
    callback: SentencesDone | None
    done: int = 0
    reported: int = -1
    waiting: dict[str, list[int]] = field(default_factory=dict)  # input → the texts waiting for it
    needs: list[int] = field(default_factory=list)  # per text: how many inputs it still waits for

    def __post_init__(self) -> None:
        if self.callback is None:
            return
        self.needs = [0] * len(self.texts)
        for number, text in enumerate(self.texts):
            if has_words(text):
                self.waiting.setdefault(text, []).append(number)
                self.needs[number] = 1
            else:
                self.done += 1

    def split(self, parts: dict[str, tuple[Sentence, ...]]) -> None:
        """The texts of ``parts`` wait for their parts instead of themselves."""
        if self.callback is None:
            return
        for text, split in parts.items():
            numbers = self.waiting.pop(text, [])
            keys = dict.fromkeys(part.text for part in split)
            for number in numbers:
                self.needs[number] = len(keys)
            for key in keys:
                self.waiting.setdefault(key, []).extend(numbers)

    def update(self, known: Iterable[str]) -> None:
        """Count the texts that ``known`` (inputs newly translated or found in the memory) completes."""
        if self.callback is None:
            return
        for key in known:
            for number in self.waiting.pop(key, ()):
                self.needs[number] -= 1
                self.done += self.needs[number] == 0
        if self.done > self.reported:
            self.reported = self.done
            self.callback(self.done, len(self.texts))

    def finish(self) -> None:
        if self.callback is not None and self.reported < len(self.texts):
            self.reported = len(self.texts)
            self.callback(len(self.texts), len(self.texts))
