"""The Persian→Tajik converter interface, the built-in lexicon converter, ``load_converter``, and the
route step on a converter (``TajikRoute``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from .lexicon import Lexicon, load_lexicon
from .morphology import (
    CONJUNCTION,
    JOINED_AFFIXES,
    Unit,
    add_conjunction,
    add_ezafe,
    add_object_marker,
    analyse,
    group_units,
    join_parts,
)
from .rules import ZWNJ, capitalize_sentences, letters_to_tajik, normalize, split_runs

# Bump when the conversion code changes in a way that changes output (translation-memory keys).
RULES_VERSION = "1"
# Log-odds (of the lexicon's logistic regressions) above which a word takes the ezafe "-и", and
# above which "و" is joined to the word before it ("зулму") instead of written "ва". 0 = even
# odds; a held-out slice of train found no better value.
EZAFE_THRESHOLD = 0.0
CONJUNCTION_THRESHOLD = 0.0


class PersianToTajik(Protocol):
    version: str  # changes when data/rules change; used in translation-memory keys

    def convert(self, text: str) -> str: ...

    def convert_lines(self, lines: list[str]) -> list[str]: ...


def load_converter(model_dir: Path | None = None) -> PersianToTajik:
    """The character-model converter in ``model_dir`` (see charmodel.py), or the built-in one."""
    if model_dir is not None:
        from .charmodel import CharModelConverter

        return CharModelConverter.load(Path(model_dir))
    from ....resources import package_file

    return BuiltinConverter(load_lexicon(package_file("data", "tajik")))


@dataclass(frozen=True)
class TajikRoute:
    """The "tg" route's post-processing step: a converter over the en→fa model's output."""

    converter: PersianToTajik

    @property
    def route_id(self) -> str:
        return f"tajik:{self.converter.version}"

    def process(self, texts: list[str]) -> list[str]:
        return self.converter.convert_lines(texts)


def load_tajik_route(model_dir: Path | None = None) -> TajikRoute:
    """The route step on ``load_converter(model_dir)``."""
    return TajikRoute(load_converter(model_dir))


class BuiltinConverter:
    """Lexicon + morphology + letter rules. Text that is not Persian script passes through as is."""

    def __init__(self, lexicon: Lexicon, *, capitalize: bool = True, use_lexicon: bool = True):
        self.lexicon = lexicon
        self.capitalize = capitalize
        self.use_lexicon = use_lexicon
        self.version = f"builtin:{RULES_VERSION}-{lexicon.version}" + ("" if use_lexicon else "-letters")
        self._words: dict[str, tuple[str, bool]] = {}  # Persian word → (Tajik base, ezafe marked)

    def convert(self, text: str) -> str:
        """Convert Persian text to Tajik Cyrillic, line by line."""
        return "\n".join(self.convert_lines(text.split("\n")))

    def convert_lines(self, lines: list[str]) -> list[str]:
        """Convert each line; the result has exactly one line per input line."""
        return [self._convert_line(line.replace("\n", " ")) for line in lines]

    def _convert_line(self, line: str) -> str:
        runs = split_runs(normalize(line))
        text = "".join(self._convert_run(items) if is_run else items[0].replace(ZWNJ, "") for is_run, items in runs)
        return capitalize_sentences(text) if self.capitalize else text

    def _convert_run(self, words: list[str]) -> str:
        """Convert Persian words written one space apart, deciding ezafe and "و" in context."""
        units = group_units(words)
        if not self.use_lexicon:
            return " ".join(self._letters(unit) for unit in units)
        out: list[str] = []
        for index, unit in enumerate(units):
            next_word = units[index + 1].word if index + 1 < len(units) else "</s>"
            if unit.word == CONJUNCTION:
                previous = units[index - 1] if index else None
                if (previous and out and previous.word != CONJUNCTION and not previous.object_marker
                        and next_word != "</s>" and self._conjunction_score(previous.word, next_word) > CONJUNCTION_THRESHOLD):
                    out[-1] = add_conjunction(self._word(previous.word)[0])
                else:
                    out.append("ва")
                continue
            base, marked_ezafe = self._word(unit.word)
            if unit.object_marker:
                out.append(add_object_marker(base))
            elif next_word != "</s>" and next_word != CONJUNCTION and (
                marked_ezafe or self._ezafe_score(unit.word, base, next_word) > EZAFE_THRESHOLD
            ):
                out.append(add_ezafe(base))
            else:
                out.append(base)
        return " ".join(out)

    def _ezafe_score(self, word: str, base: str, next_word: str) -> float:
        return self.lexicon.ezafe_score(word, base, next_word, self._word(next_word)[0])

    def _conjunction_score(self, word: str, next_word: str) -> float:
        return self.lexicon.conjunction_score(word, self._word(word)[0], next_word, self._word(next_word)[0])

    def _letters(self, unit: Unit) -> str:
        base = letters_to_tajik(unit.word)
        return add_object_marker(base) if unit.object_marker else base

    def _word(self, word: str) -> tuple[str, bool]:
        """(Tajik base, whether Persian spelling marks an ezafe) for one word; memoised."""
        if word not in self._words:
            self._words[word] = self._convert_word(word)
        return self._words[word]

    def _convert_word(self, word: str) -> tuple[str, bool]:
        found = self.lexicon.words.get(word)
        if found is not None:
            return found, word.endswith("ۀ")
        for marked, replacement, needs_known_stem in EZAFE_SPELLINGS:
            stem = word[: -len(marked)] + replacement
            if word.endswith(marked) and len(stem) > 1 and (not needs_known_stem or self.lexicon.lookup(stem)):
                return self._base(stem), True
        return self._base(word), False

    def _base(self, word: str) -> str:
        found = self.lexicon.words.get(word)
        if found is not None:
            return found
        if ZWNJ in word:
            first, *rest = word.split(ZWNJ)
            parts = [JOINED_AFFIXES.get(first) if first in ("می", "نمی", "بی") else None]
            parts[0] = parts[0] or self._base(first)
            for part in rest:
                affix = JOINED_AFFIXES.get(part)
                parts.append(affix if affix is not None else self._base(part))
            return join_parts(parts)
        found = self.lexicon.lookup(word) or analyse(word, self.lexicon.lookup)
        return found if found is not None else letters_to_tajik(word)


# Persian spellings that mark an ezafe: (ending, what replaces it, only when the stem is known).
# ۀ and ه‌ی after -a, the plural های, and ی after a long vowel (آقای، جستجوی) — which might
# also be part of a word, hence the check.
EZAFE_SPELLINGS = (
    ("ۀ", "ه", False), (ZWNJ + "ی", "", False), (ZWNJ + "های", ZWNJ + "ها", False),
    ("های", "ها", True), ("ای", "ا", True), ("وی", "و", True),
)


PERSIAN_SOURCES = ("fa", "fas", "per", "persian", "farsi")


def transliterate_lines(
    lines: list[str], source: str = "fa", target: str = "tg", model_dir: Path | None = None
) -> list[str]:
    """Convert Persian lines to Tajik, one output line per input line; UsageError for other pairs."""
    from ....errors import SyndicateError, UsageError
    from ....languages import get_language

    try:
        target_tag = get_language(target).tag
    except SyndicateError:
        target_tag = target
    if source.strip().lower() not in PERSIAN_SOURCES or target_tag != "tg":
        raise UsageError(f"cannot transliterate {source} → {target}", hint="only --from fa --to tg is supported")
    return load_converter(model_dir).convert_lines(lines)
