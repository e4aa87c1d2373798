"""Reference-free checks on every translated sentence: the flags that tell editors what to read.

Each check looks at a source sentence and its translation (``inconsistent`` at a whole
translation) and needs no model, except ``round_trip``, which the engine adds when a reverse
model is installed. A flag is only advice, unless the ``blocking_checks`` setting
names its check (``cut_off`` by default): then ``syndicate glossary check`` fails on it.

- ``cut_off``: the model stopped at its length limit (``SentencePair.truncated``);
- ``untranslated``: the translation is the source again, or mostly Latin letters;
- ``numbers``: a number of the source (digits, decimals, percentages, dates) is not in the
  translation, written with any digits and separators the language uses;
- ``latin``: Latin words left in the translation that are neither names (capitalised in the
  source) nor forms the sentence's glossary checks accept;
- ``length``: the translation is much shorter or longer than the language usually makes it;
- ``repetition``: the translation loops (a word 4+ times in a row, a 3-word run 3+ times) where
  the source doesn't;
- ``inconsistent``: one source sentence translated two ways in one article;
- ``round_trip``: the translation, translated back to English by the X→en model, scores below
  the ``round_trip_threshold`` setting in chrF against the source.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation

from ..article import TERM_STATUSES, SentencePair, TermCheck, TranslatedArticle
from ..languages import Language
from ..script import HARAKAT, INVISIBLE, TATWEEL, ZWNJ, ascii_digits
from .scores import chrf

CUT_OFF = "cut_off"
UNTRANSLATED = "untranslated"
NUMBERS = "numbers"
LATIN = "latin"
LENGTH = "length"
REPETITION = "repetition"
INCONSISTENT = "inconsistent"
ROUND_TRIP = "round_trip"
CHECKS: tuple[str, ...] = (CUT_OFF, UNTRANSLATED, NUMBERS, LATIN, LENGTH, REPETITION, INCONSISTENT, ROUND_TRIP)

DESCRIPTIONS: dict[str, str] = {
    CUT_OFF: "translation cut off at the model's length limit",
    UNTRANSLATED: "not translated (English, or mostly Latin letters)",
    NUMBERS: "a number of the source is missing",
    LATIN: "Latin words left in the translation",
    LENGTH: "translation much shorter or longer than usual",
    REPETITION: "words repeated in a loop",
    INCONSISTENT: "the same source sentence is translated differently elsewhere",
    ROUND_TRIP: "translated back to English, it strays far from the source",
}

# Target/source length in characters (spaces left out). Typical ratios for news prose are about
# ar 0.85, fa 0.95, tg and ru 1.15 (Tajik writes the vowels Persian leaves out, Russian words
# are long), spreading by ±0.3 from sentence to sentence; these bands are wider still, so what
# falls outside has most likely lost a clause or gained a loop.
LENGTH_BANDS: dict[str, tuple[float, float]] = {
    "ar": (0.6, 1.6), "fa-AF": (0.6, 1.6), "tg": (0.7, 1.8), "ru": (0.8, 1.8)}
LENGTH_MIN_SOURCE = 20  # characters: shorter sentences vary too much for a ratio to mean anything
ROUND_TRIP_MIN_SOURCE = 20  # characters: a short sentence's chrF swings with one reworded word
UNTRANSLATED_LATIN_SHARE = 0.5  # more than this share of a non-Latin language's letters Latin
LOOP_RUN = 4  # the same word this many times in a row
LOOP_NGRAM, LOOP_NGRAM_TIMES = 3, 3  # the same n-gram this many times

_LATIN_WORD = re.compile(r"[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F'’]*")
_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+")
_WORD = re.compile(r"\w+")
_SOURCE_NUMBER = re.compile(r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
# Target readings, after Eastern digits became ASCII ones: grouped thousands (1,300 · 1 300 ·
# Arabic ٬ · a no-break space), decimals (1.5 · 1,5 · Arabic ٫), and every plain run of digits.
_GROUPED = re.compile(r"(?<!\d)\d{1,3}(?:[,\u066C\u00A0\u202F '’]\d{3})+(?:[.,\u066B]\d+)?(?![\d])")
_DECIMAL = re.compile(r"(?<!\d)\d+[.,\u066B]\d+")
_DIGITS = re.compile(r"\d+")
# Small numbers the Cyrillic languages often write as words (Russian inflected forms; Tajik).
_NUMBER_WORDS: dict[str, int] = {
    word: value for value, words in {
        1: "один одна одно одного одной одному одним одну як", 2: "два две двух двум двумя ду",
        3: "три трёх трех трём трем тремя се", 4: "четыре четырёх четырех четырём четырем четырьмя чор",
        5: "пять пяти пятью панҷ", 6: "шесть шести шестью шаш", 7: "семь семи семью ҳафт",
        8: "восемь восьми восемью ҳашт", 9: "девять девяти девятью нӯҳ", 10: "десять десяти десятью даҳ",
    }.items() for word in words.split()}


def _normal(text: str) -> str:
    """``text`` folded for comparison: case, whitespace, harakat, tatweel, joiners, digits."""
    text = ascii_digits(text).casefold().replace(ZWNJ, " ")
    text = "".join(char for char in text if char not in HARAKAT and char != TATWEEL and char not in INVISIBLE)
    return " ".join(text.split())


def _latin_share(text: str) -> float:
    letters = [char for char in text if char.isalpha()]
    latin = sum(1 for char in letters if _LATIN_WORD.match(char))
    return latin / len(letters) if letters else 0.0


def untranslated(source: str, target: str, language: Language) -> str | None:
    """Why the translation is not one: the source again, or mostly Latin letters; else None."""
    if not _LATIN_WORD.search(source):
        return None
    if _normal(source) == _normal(target):
        return "the translation is the English source"
    if language.script != "Latn" and _latin_share(_URL.sub(" ", target)) > UNTRANSLATED_LATIN_SHARE:
        return "mostly Latin letters"
    return None


def _canonical(number: str) -> str:
    try:
        value = Decimal(number).normalize()
    except InvalidOperation:
        return number
    return format(value, "f")


def _source_numbers(source: str) -> list[tuple[str, str]]:
    """(as written, canonical value) of each number in the English source."""
    return [(match.group(), _canonical(match.group().replace(",", ""))) for match in _SOURCE_NUMBER.finditer(source)]


def _target_values(target: str) -> set[str]:
    """Every value the translation's numbers can be read as (1,300 is 1300 and 1.3)."""
    text = ascii_digits(target)
    values = {_canonical(match.group()) for match in _DIGITS.finditer(text)}
    for match in _GROUPED.finditer(text):
        grouped, decimals = match.group(), ""
        tail = re.search(r"[.,\u066B](\d+)$", grouped)
        if tail and len(tail.group(1)) != 3:  # 1 300,5: a decimal part, not one more group
            grouped, decimals = grouped[: tail.start()], "." + tail.group(1)
        values.add(_canonical(re.sub(r"[^\d]", "", grouped) + decimals))
    values |= {_canonical(re.sub(r"[,\u066B]", ".", match.group())) for match in _DECIMAL.finditer(text)}
    values |= {str(_NUMBER_WORDS[word]) for word in _WORD.findall(target.casefold()) if word in _NUMBER_WORDS}
    return values


def missing_numbers(source: str, target: str, language: Language) -> str | None:
    """The source's numbers the translation lacks, as the source writes them; else None."""
    values = _target_values(target)
    missing = dict.fromkeys(written for written, value in _source_numbers(source) if value not in values)
    return ", ".join(missing) + " missing" if missing else None


def _allowed_latin(source: str, checks: Iterable[TermCheck]) -> set[str]:
    """Latin words that may stay: names (capitalised in the source, the sentence's first word only
    when it has more capitals: NATO, iPhone) and forms the glossary accepts for the sentence."""
    allowed = set()
    for index, match in enumerate(_LATIN_WORD.finditer(source)):
        word = match.group()
        if any(char.isupper() for char in (word[1:] if index == 0 else word)):
            allowed.add(word.casefold())
    for check in checks:
        for form in (*check.expected, check.found or ""):
            allowed |= {word.casefold() for word in _LATIN_WORD.findall(form)}
    return allowed


def latin_leftovers(source: str, target: str, language: Language, checks: Iterable[TermCheck] = ()) -> str | None:
    """The Latin words left in a non-Latin translation that are no name or glossary form; else None."""
    if language.script == "Latn":
        return None
    allowed = _allowed_latin(source, checks)
    left = dict.fromkeys(word for word in _LATIN_WORD.findall(_URL.sub(" ", target))
                         if word.casefold() not in allowed)
    return ", ".join(left) + " left in Latin letters" if left else None


def length_out_of_band(source: str, target: str, language: Language) -> str | None:
    """The target/source length ratio when it is outside the language's band; else None."""
    band = LENGTH_BANDS.get(language.tag)
    source_length = len("".join(source.split()))
    if band is None or source_length < LENGTH_MIN_SOURCE:
        return None
    ratio = len("".join(target.split())) / source_length
    if band[0] <= ratio <= band[1]:
        return None
    return f"{ratio:.2f} × the source's length (usual {band[0]}–{band[1]})"


def _loop(text: str) -> str | None:
    words = _WORD.findall(text.casefold())
    for start in range(len(words) - LOOP_RUN + 1):
        if len(set(words[start : start + LOOP_RUN])) == 1:
            return f"“{words[start]}” {LOOP_RUN}+ times in a row"
    ngrams = Counter(tuple(words[i : i + LOOP_NGRAM]) for i in range(len(words) - LOOP_NGRAM + 1))
    for ngram, times in ngrams.most_common(1):
        if times >= LOOP_NGRAM_TIMES:
            return f"“{' '.join(ngram)}” {times} times"
    return None


def repetition(source: str, target: str, language: Language) -> str | None:
    """The loop in the translation the source doesn't have; else None."""
    return None if _loop(source) else _loop(target)


def sentence_findings(source: str, target: str, language: Language, checks: Sequence[TermCheck] = (),
                      *, truncated: bool = False) -> dict[str, str]:
    """Check name → what it found, for every check one sentence fails (``inconsistent`` aside)."""
    found = {CUT_OFF: DESCRIPTIONS[CUT_OFF] if truncated else None,
             UNTRANSLATED: untranslated(source, target, language)}
    found |= {NUMBERS: missing_numbers(source, target, language),
              LATIN: None if found[UNTRANSLATED] else latin_leftovers(source, target, language, checks),
              LENGTH: length_out_of_band(source, target, language),
              REPETITION: repetition(source, target, language)}
    return {name: detail for name, detail in found.items() if detail}


def inconsistent_sentences(pairs: Sequence[SentencePair]) -> set[int]:
    """Indexes of the sentences whose source recurs in the article with another translation."""
    targets: dict[str, set[str]] = {}
    for pair in pairs:
        targets.setdefault(_normal(pair.source), set()).add(_normal(pair.target))
    return {index for index, pair in enumerate(pairs) if len(targets[_normal(pair.source)]) > 1}


def flag_sentences(pairs: Sequence[SentencePair], checks: Sequence[TermCheck], language: Language
                   ) -> tuple[SentencePair, ...]:
    """``pairs`` with their flags set; ``checks`` are the translation's term checks (by sentence)."""
    by_sentence: dict[int, list[TermCheck]] = {}
    for check in checks:
        by_sentence.setdefault(check.sentence, []).append(check)
    inconsistent = inconsistent_sentences(pairs)
    flagged = []
    for index, pair in enumerate(pairs):
        names = set(sentence_findings(pair.source, pair.target, language, by_sentence.get(index, ()),
                                      truncated=pair.truncated))
        if index in inconsistent:
            names.add(INCONSISTENT)
        flagged.append(replace(pair, flags=tuple(name for name in CHECKS if name in names)))
    return tuple(flagged)


def back_translation_score(pair: SentencePair) -> float | None:
    """chrF of the sentence's back-translation against its source; None without one."""
    return None if pair.back_translation is None else chrf([pair.back_translation], [pair.source])


def flag_round_trips(pairs: Sequence[SentencePair], back_translations: Sequence[str | None], threshold: float
                     ) -> tuple[SentencePair, ...]:
    """``pairs`` with their back-translations stored, flagged ``round_trip`` when one scores below
    ``threshold`` (sentences under ROUND_TRIP_MIN_SOURCE characters, or without a back-translation,
    are not judged)."""
    flagged = []
    for pair, back in zip(pairs, back_translations, strict=True):
        pair = replace(pair, back_translation=back)
        if back is None:
            flagged.append(pair)
            continue
        if len("".join(pair.source.split())) >= ROUND_TRIP_MIN_SOURCE and back_translation_score(pair) < threshold:
            names = {*pair.flags, ROUND_TRIP}
            pair = replace(pair, flags=tuple(name for name in CHECKS if name in names))
        flagged.append(pair)
    return tuple(flagged)


def flags_of(pair: SentencePair) -> tuple[str, ...]:
    """The sentence's flags; ``cut_off`` also for records written before flags were stored."""
    if pair.truncated and CUT_OFF not in pair.flags:
        return (CUT_OFF, *pair.flags)
    return pair.flags


def count_flags(pairs: Iterable[SentencePair]) -> dict[str, int]:
    """Flagged sentences per check, in CHECKS order (then any other name), checks never raised left out."""
    counter = Counter(name for pair in pairs for name in flags_of(pair))
    return {name: counter.pop(name) for name in CHECKS if name in counter} | dict(sorted(counter.items()))


def count_statuses(checks: Iterable[TermCheck]) -> dict[str, int]:
    """Term checks counted by status, in TERM_STATUSES order (then any other status, sorted)."""
    counter = Counter(check.status for check in checks)
    return {status: counter.pop(status) for status in TERM_STATUSES if status in counter} | dict(sorted(counter.items()))


@dataclass(frozen=True)
class QASummary:
    """What one translation's checks came to, the one summary every reader of it uses: the run's
    progress line and outcome, article.json's ``term_qa``, the editorial database's edition list
    and the QA report."""

    sentences: int
    terms: dict[str, int] = field(default_factory=dict)  # term-check status → count (count_statuses)
    terms_to_review: tuple[str, ...] = ()  # the terms of the problem checks, sorted
    flags: dict[str, int] = field(default_factory=dict)  # check → flagged sentences (count_flags)
    cut_off: tuple[int, ...] = ()  # 1-based numbers of the sentences cut off at the length limit

    @classmethod
    def of(cls, translation: TranslatedArticle) -> QASummary:
        checks = translation.term_checks
        return cls(sentences=len(translation.sentences), terms=count_statuses(checks),
                   terms_to_review=tuple(sorted({check.term for check in checks if check.problem})),
                   flags=count_flags(translation.sentences),
                   cut_off=tuple(number for number, pair in enumerate(translation.sentences, start=1)
                                 if CUT_OFF in flags_of(pair)))

    @property
    def checks(self) -> int:
        return sum(self.terms.values())

    def to_record(self) -> dict:
        """article.json's ``term_qa`` entry."""
        return {"checks": self.checks, "by_status": self.terms, "terms_to_review": list(self.terms_to_review),
                "cut_off": list(self.cut_off), "qa": self.flags}


def flag_note(name: str, pair: SentencePair, language: Language, checks: Sequence[TermCheck] = ()) -> str:
    """What flag ``name`` of ``pair`` is about, e.g. "numbers: 1,300 missing"."""
    if name == ROUND_TRIP and pair.back_translation is not None:
        return f"{name}: chrF {back_translation_score(pair):.0f} against the source"
    detail = sentence_findings(pair.source, pair.target, language, checks, truncated=pair.truncated).get(name)
    return f"{name}: {detail or DESCRIPTIONS.get(name, name)}"

