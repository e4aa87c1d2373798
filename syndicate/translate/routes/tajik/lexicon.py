"""The shipped Persian→Tajik lexicon (syndicate/data/tajik/) and the context models for the ezafe
and the conjunction; the files are described in syndicate/data/tajik/README.md."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ....errors import ModelError
from .rules import ZWNJ

DATA_FILES = ("words.tsv", "tajiknlp.tsv", "context.tsv")

# Letters that sound alike in Tajik share one symbol, so a Persian spelling and a spelling
# derived from Tajik can meet: س ص ث → S, ز ذ ض ظ → Z, ت ط → T, ه ح → H, hamza forms → '.
_KEY_MAP = str.maketrans({
    "ب": "B", "پ": "P", "ت": "T", "ط": "T", "ث": "S", "س": "S", "ص": "S", "ج": "J", "چ": "C",
    "ح": "H", "ه": "H", "ۀ": "H", "خ": "X", "د": "D", "ذ": "Z", "ز": "Z", "ض": "Z", "ظ": "Z",
    "ر": "R", "ژ": "j", "ش": "$", "ع": "'", "ء": "'", "ئ": "'", "ؤ": "'", "أ": "A", "غ": "G",
    "ف": "F", "ق": "Q", "ک": "K", "گ": "g", "ل": "L", "م": "M", "ن": "N", "و": "W", "ی": "Y",
    "ا": "A", "آ": "A", ZWNJ: None,
})


def persian_key(word: str) -> str:
    """The sound-class spelling of a Persian word, the key of the tajiknlp-derived index."""
    return word.translate(_KEY_MAP)


def word_class(word: str) -> str:
    """What context statistics fall back on for an unseen word: verb prefix or last two letters."""
    return "می~" if word.startswith(("می", "نمی")) else "~" + word[-2:]


def next_class(word: str) -> str:
    """The fallback for an unseen following word: its first two letters."""
    return word[:2] + "~"


VERB_ENDINGS = ("", "анд", "ам", "ем", "ед", "ӣ", "а")


def part_of_speech(word: str, tajik: str, tajik_pos: dict[str, str]) -> str:
    """A coarse part of speech for ezafe statistics: tajiknlp's tag of the Tajik word (N noun,
    A adjective, V verb, D adverb, P adposition, C conjunction, R pronoun, Q number, X other),
    else V for a می- verb or a past stem (+ ending) of a tajiknlp verb, N for a plural, "?" when
    unknown; "$" is the end of the run."""
    if word == "</s>":
        return "$"
    found = tajik_pos.get(tajik)
    if found:
        return found
    if word.startswith(("می", "نمی")):
        return "V"
    for ending in VERB_ENDINGS:  # a past stem + personal ending: кард, карданд (кардан is a verb)
        if tajik.endswith(ending) and tajik_pos.get(tajik[: len(tajik) - len(ending)] + "ан") == "V":
            return "V"
    return "N" if tajik.endswith("ҳо") else "?"


def context_features(word: str, next_word: str, pos: str, next_pos: str) -> tuple[str, ...]:
    """Features of the ezafe and conjunction models: a word, the word after it (after "و" for the
    conjunction), their fallback classes and parts of speech."""
    return ("bias", f"w={word}", f"c={word_class(word)}", f"n={next_word}", f"nc={next_class(next_word)}",
            f"p={pos}>{next_pos}", f"pw={pos}", f"pn={next_pos}")


@dataclass(frozen=True)
class Lexicon:
    """Persian word → Tajik base (no ezafe), from aligned training lines and from tajiknlp."""

    words: dict[str, str]  # Persian word → most frequent Tajik base
    keyed: dict[str, str]  # persian_key → Tajik word (tajiknlp, spelled into Persian by rules)
    pos: dict[str, str] = field(default_factory=dict)  # Tajik word → part of speech (tajiknlp)
    # Logistic-regression weights over context_features: ezafe "-и", and "و" joined ("зулму").
    ezafe_weights: dict[str, float] = field(default_factory=dict)
    conjunction_weights: dict[str, float] = field(default_factory=dict)
    version: str = ""

    def lookup(self, word: str) -> str | None:
        """The Tajik base of a known word: aligned training data first, then tajiknlp."""
        found = self.words.get(word)
        if found is None:
            found = self.keyed.get(persian_key(word))
        return found

    def part_of_speech(self, word: str, tajik: str) -> str:
        return part_of_speech(word, tajik, self.pos)

    def ezafe_score(self, word: str, tajik: str, next_word: str, next_tajik: str) -> float:
        """Log-odds that ``word`` (Tajik ``tajik``) takes the ezafe "-и" before ``next_word``."""
        return self._score(self.ezafe_weights, word, tajik, next_word, next_tajik)

    def conjunction_score(self, word: str, tajik: str, next_word: str, next_tajik: str) -> float:
        """Log-odds that "و" between ``word`` and ``next_word`` is joined to ``word`` (зулму) rather than "ва"."""
        return self._score(self.conjunction_weights, word, tajik, next_word, next_tajik)

    def _score(self, weights, word: str, tajik: str, next_word: str, next_tajik: str) -> float:
        pos, next_pos = self.part_of_speech(word, tajik), self.part_of_speech(next_word, next_tajik)
        return sum(weights.get(feature, 0.0) for feature in context_features(word, next_word, pos, next_pos))


def load_lexicon(data_dir: Path) -> Lexicon:
    """Read the lexicon files; ModelError when one is missing or malformed."""
    digest = hashlib.sha256()
    try:
        texts = {}
        for name in DATA_FILES:
            raw = (data_dir / name).read_bytes()
            digest.update(raw)
            texts[name] = raw.decode("utf-8")
        words = dict(line.split("\t")[:2] for line in texts["words.tsv"].splitlines() if line)
        keyed, pos = {}, {}
        for line in texts["tajiknlp.tsv"].splitlines():
            key, tajik, tag = line.split("\t")
            keyed[key] = tajik
            pos[tajik] = tag
        weights: dict[str, dict[str, float]] = {"ezafe": {}, "conjunction": {}}
        for line in texts["context.tsv"].splitlines():
            kind, feature, weight = line.split("\t")
            weights[kind][feature] = float(weight)
    except (OSError, UnicodeDecodeError, ValueError, KeyError) as error:
        raise ModelError(
            f"the Tajik lexicon in {data_dir} is unreadable ({error})",
            hint="rebuild it with scripts/build_tajik_lexicon.py or reinstall syndicate",
        ) from error
    return Lexicon(
        words=words,
        keyed=keyed,
        pos=pos,
        ezafe_weights=weights["ezafe"],
        conjunction_weights=weights["conjunction"],
        version=digest.hexdigest()[:12],
    )
