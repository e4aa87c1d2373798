"""The glossary SentenceHook: protect names, steer terms, insert target forms, check every term.

Per sentence (see ``syndicate.hooks``): ``prepare`` replaces names and DNT terms by placeholders
``ZQ<n>X`` (ASCII letters and digits: they survive SentencePiece, the model, ``_`` decoding,
the Dari table and the Persian→Tajik converter); ``choose`` prefers the n-best hypothesis that
keeps every placeholder and contains accepted forms of the other terms; ``finish`` replaces
forbidden forms, inserts target forms (after conversion, so Tajik forms are Cyrillic) and
returns one TermCheck per source term occurrence.

When the chosen hypothesis still lacks a term, ``retry`` returns the sentence with those terms
protected too; an engine that supports it translates that and finishes it instead (see
``run_sentence``, the reference loop).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from ..article import TermCheck
from ..script import DIGIT_CLASS
from ..translate.hooks import Prepared
from ..languages import Language
from .matching import SourceMatcher
from .model import Entry, Glossary
from .normalize import target_key
from .targets import TargetHit, TargetMatcher

PLACEHOLDER_REVISION = "1"  # bump when the placeholder scheme changes: it is part of cache keys
# Models may turn the placeholder's ASCII digits into Eastern ones, and language-token models
# (NLLB) write some of its Latin capitals in a Cyrillic target's script: ZQ1X as ЗК1Х or ZК1X.
_Z, _Q, _X = "[ZzЗз]", "[QqКк]", "[XxХх]"
_NOT_A_LETTER_BEFORE, _NOT_A_LETTER_AFTER = "(?<![A-Za-zА-Яа-яЁё])", "(?![A-Za-zА-Яа-яЁё])"
_PLACEHOLDER = re.compile(rf"{_NOT_A_LETTER_BEFORE}{_Z} ?{_Q} ?([{DIGIT_CLASS}]+) ?{_X}{_NOT_A_LETTER_AFTER}")
_LEFTOVER = re.compile(rf"{_NOT_A_LETTER_BEFORE}{_Z} ?{_Q}(?: ?[{DIGIT_CLASS}]+)?(?: ?{_X})?{_NOT_A_LETTER_AFTER}")
_ARABIC_CLITICS = re.compile(r"^[وف]?[بكل]?(?:ال|ل)?$")


def placeholder(number: int) -> str:
    """The placeholder for the ``number``-th protected term of a sentence."""
    return f"ZQ{number}X"


def _placeholder_number(match: re.Match) -> int:
    return int("".join(str(int(d)) for d in match.group(1)))  # int() reads Eastern digits too


@dataclass(frozen=True)
class Slot:
    """One source term occurrence and how it is enforced in one language."""

    source: str  # as written in the sentence
    matched: Entry  # the entry matched in the source
    entry: Entry  # the entry enforced (a deprecated entry's replacement)
    forms: tuple[str, ...]  # accepted target forms, primary first
    placeholder: str | None = None  # set when protected


@dataclass(frozen=True)
class SentenceState:
    language: Language
    slots: tuple[Slot, ...]
    forced: frozenset[str] = frozenset()  # terms protected on retry


class GlossaryHook:
    """Enforces a Glossary on every sentence; implements ``syndicate.hooks.SentenceHook``."""

    def __init__(self, glossary: Glossary, num_hypotheses: int = 4):
        self.glossary = glossary
        self.num_hypotheses = num_hypotheses
        self.version = f"glossary@{glossary.version}.p{PLACEHOLDER_REVISION}"
        self._sources = SourceMatcher(glossary.source_entries())
        self._targets = TargetMatcher()
        # (forbidden entry, its replacement entry or None): looked for in every hypothesis
        self._forbidden: tuple[tuple[Entry, Entry | None], ...] = tuple(
            (entry, glossary.find(entry.replacement) if entry.replacement else None)
            for entry in glossary.forbidden_entries())

    # -- the SentenceHook protocol -------------------------------------------------------------
    def prepare(self, sentence: str, language: Language) -> Prepared:
        """The sentence with names and DNT terms replaced by placeholders."""
        return self._prepare(sentence, language, frozenset())

    def choose(self, hypotheses: list[str], prepared: Prepared) -> str:
        """The best-ranked hypothesis among those keeping the most placeholders and terms."""
        state: SentenceState | None = prepared.state
        if not state or not state.slots or len(hypotheses) == 1:
            return hypotheses[0]
        scores = [self._score(text, state) for text in hypotheses]
        return hypotheses[scores.index(max(scores))]

    def finish(self, text: str, prepared: Prepared) -> tuple[str, tuple[TermCheck, ...]]:
        """Forbidden forms replaced, placeholders turned into target forms, one check per term."""
        state: SentenceState | None = prepared.state
        if not state:
            return text, ()
        language = state.language.tag
        text, checks = self._replace_forbidden(text, language)
        text, inserted = self._insert(text, state)
        checks = self._check(text, state, inserted) + checks
        return text, tuple(checks)

    def restore(self, text: str, prepared: Prepared) -> str:
        """``text`` with each placeholder put back as the source term it stands for."""
        state: SentenceState | None = prepared.state
        if not state:
            return text
        by_number = {int(slot.placeholder[2:-1]): slot.source for slot in state.slots if slot.placeholder}
        return _PLACEHOLDER.sub(lambda match: by_number.get(_placeholder_number(match), match.group()), text)

    # -- the retry extension --------------------------------------------------------------------
    def retry(self, text: str, prepared: Prepared) -> Prepared | None:
        """The sentence with the terms ``text`` lacks protected too, or None when none is lacking."""
        state: SentenceState | None = prepared.state
        if not state:
            return None
        text, _ = self._replace_forbidden(text, state.language.tag)
        missing = {
            slot.entry.en for slot in state.slots
            if slot.placeholder is None and self._term_shortfall(text, slot, state)
        }
        if not missing:
            return None
        return self._prepare(prepared.source, state.language, state.forced | missing)

    # -- internals --------------------------------------------------------------------------------
    def _prepare(self, sentence: str, language: Language, forced: frozenset[str]) -> Prepared:
        slots: list[Slot] = []
        pieces: list[str] = []
        position = 0
        for match in self._sources.find(sentence):
            entry = self.glossary.effective(match.entry)
            forms = entry.forms(language.tag)
            if not forms:
                continue  # no form in this language (a proposed entry): nothing to enforce
            token = None
            if entry.protected or entry.en in forced:
                token = placeholder(sum(1 for s in slots if s.placeholder) + 1)
                pieces.append(sentence[position : match.start] + token)
                position = match.end
            slots.append(Slot(match.text, match.entry, entry, forms, token))
        pieces.append(sentence[position:])
        state = SentenceState(language, tuple(slots), forced)
        return Prepared(source=sentence, text="".join(pieces), state=state)

    def _score(self, text: str, state: SentenceState) -> tuple[int, int]:
        numbers = [_placeholder_number(m) for m in _PLACEHOLDER.finditer(text)]
        kept = sum(1 for s in state.slots if s.placeholder and numbers.count(int(s.placeholder[2:-1])) == 1)
        leftovers = len(_LEFTOVER.findall(_PLACEHOLDER.sub("", text)))
        terms = sum(1 for s in state.slots if s.placeholder is None and not self._term_shortfall(text, s, state))
        forbidden = sum(len(self._targets.find(text, e.forms(state.language.tag), state.language.tag))
                        for e, _ in self._forbidden)
        return (kept + terms - leftovers - forbidden, -len(numbers))

    def _term_shortfall(self, text: str, slot: Slot, state: SentenceState) -> bool:
        """Whether ``text`` has fewer forms of ``slot``'s entry than the sentence has occurrences."""
        occurrences = sum(1 for s in state.slots if s.entry == slot.entry and s.placeholder is None)
        return len(self._targets.find(text, slot.forms, state.language.tag)) < occurrences

    def _insert(self, text: str, state: SentenceState) -> tuple[str, list[tuple[int, int, int, str]]]:
        """Placeholders → primary target forms (Russian names in the case a preposition wants);
        returns the text and (slot index, start, end, form) of each insertion."""
        by_token = {int(s.placeholder[2:-1]): i for i, s in enumerate(state.slots) if s.placeholder}
        pieces: list[str] = []
        inserted: list[tuple[int, int, int, str]] = []
        position = 0
        length = 0
        for match in _PLACEHOLDER.finditer(text):
            index = by_token.get(_placeholder_number(match))
            if index is None:
                continue  # an unknown number: left in place, reported as a leftover
            before = text[position : match.start()]
            form = state.slots[index].forms[0]
            if state.language.tag == "ar":
                before, form = _join_arabic_clitics(before, form)
            elif state.language.tag == "ru":
                form = self._targets.russian.after_preposition(before, form)
            if not position and not before.strip(" «“\"'(") and form[:1].islower():
                form = form[0].upper() + form[1:]  # a lower-case term opening the sentence
            pieces.append(before)
            length += len(before)
            pieces.append(form)
            inserted.append((index, length, length + len(form), form))
            length += len(form)
            position = match.end()
        pieces.append(text[position:])
        return "".join(pieces), inserted

    def _replace_forbidden(self, text: str, language: str) -> tuple[str, list[TermCheck]]:
        checks: list[TermCheck] = []
        for entry, replacement in self._forbidden:
            forms = entry.forms(language)
            if not forms:
                continue
            new_form = replacement.target(language) if replacement else ""
            for hit in reversed(self._targets.find(text, forms, language)):
                if new_form:
                    text = text[: hit.start] + _keep_clitics(hit, forms, new_form, language) + text[hit.end :]
                else:
                    checks.append(TermCheck(entry.en, (), "forbidden", hit.text, entry_status="forbidden"))
        return text, checks

    def _check(self, text: str, state: SentenceState, inserted: list[tuple[int, int, int, str]]) -> list[TermCheck]:
        language = state.language.tag
        placed = {index: form for index, _, _, form in inserted}
        spans = [(start, end) for _, start, end, _ in inserted]
        leftovers = [m.group() for m in _LEFTOVER.finditer(text)]
        blamed = self._blame_leftovers(state, placed, leftovers)
        checks: list[TermCheck] = []
        free_hits: dict[Entry, list[TargetHit]] = {}
        for index, slot in enumerate(state.slots):
            check = TermCheck(slot.matched.en, slot.forms, "hit", entry_status=slot.entry.status,
                              source_form=slot.source)
            if index in placed:
                checks.append(_with(check, found=placed[index]))
                continue
            if slot.entry not in free_hits:
                free_hits[slot.entry] = [
                    hit for hit in self._targets.find(text, slot.forms, language)
                    if all(hit.end <= s or hit.start >= e for s, e in spans)
                ]
            hits = free_hits[slot.entry]
            if hits:
                checks.append(_with(check, found=hits.pop(0).text))
            elif index in blamed:
                checks.append(_with(check, status="placeholder", found=blamed[index]))
                leftovers.remove(blamed[index])
            else:
                checks.append(_with(check, status="miss"))
        checks.extend(TermCheck(left, (), "placeholder", left) for left in leftovers)
        return checks

    @staticmethod
    def _blame_leftovers(state: SentenceState, placed: set[int], leftovers: list[str]) -> dict[int, str]:
        """Which missing protected term each leftover placeholder fragment most likely was."""
        missing = [i for i, s in enumerate(state.slots) if s.placeholder and i not in placed]
        blamed: dict[int, str] = {}
        unclaimed = list(leftovers)
        for index in missing:  # first the fragments that still carry the term's number
            number = state.slots[index].placeholder[2:-1]
            for left in unclaimed:
                if "".join(str(int(d)) for d in re.findall(r"\d", left)) == number:
                    blamed[index] = left
                    unclaimed.remove(left)
                    break
        for index in missing:
            if index not in blamed and unclaimed:
                blamed[index] = unclaimed.pop(0)
        return blamed


def _with(check: TermCheck, **changes) -> TermCheck:
    return replace(check, **changes)


def _join_arabic_clitics(before: str, form: str) -> tuple[str, str]:
    """Merge clitics the model glued to a placeholder with an inserted form: ال+القاعدة → القاعدة."""
    cluster = re.search(r"\w*$", before).group()
    if not cluster or not _ARABIC_CLITICS.match(cluster) or not form.startswith("ال"):
        return before, form
    if cluster.endswith("ال"):
        return before, form[2:]
    if cluster.endswith("ل"):  # ل + ال is written لل
        return before, "ل" + form[2:]
    return before, form


def _keep_clitics(hit: TargetHit, forms: Sequence[str], new_form: str, language: str) -> str:
    """The replacement for a forbidden form, keeping Arabic clitics attached to it."""
    if language != "ar":
        return new_form
    hit_key = target_key(hit.text)
    for form in forms:
        key = target_key(form)
        core = key[2:] if key.startswith("ال") else key
        if hit_key.endswith(core) and len(hit_key) > len(core):
            prefix = hit.text[: len(hit_key) - len(core)]
            prefix = prefix[:-2] if key.startswith("ال") and prefix.endswith("ال") else prefix
            return "".join(_join_arabic_clitics(prefix, new_form))
    return new_form


Model = Callable[[str], list[str]]


def run_sentence(
    hook: GlossaryHook,
    model: Model,
    sentence: str,
    language: Language,
    postprocess: Callable[[str], str] | None = None,
) -> tuple[str, tuple[TermCheck, ...]]:
    """The engine's per-sentence loop with the retry step: ``model`` maps text to an n-best list."""

    def translate(prepared: Prepared) -> str:
        hypotheses = model(prepared.text)
        if postprocess:
            hypotheses = [postprocess(h) for h in hypotheses]
        return hook.choose(hypotheses, prepared)

    prepared = hook.prepare(sentence, language)
    text = translate(prepared)
    second = hook.retry(text, prepared)
    if second is not None:
        prepared, text = second, translate(second)
    return hook.finish(text, prepared)
