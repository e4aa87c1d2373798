"""The shipped Persian→Tajik lexicon (syndicate/data/tajik/) and the context statistics for ezafe
and the conjunction; files are described in syndicate/data/tajik/README.md."""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ModelError
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


@dataclass(frozen=True)
class Counts:
    positive: int
    total: int

    def log_odds(self, smoothing: float = 1.0) -> float:
        return math.log((self.positive + smoothing) / (self.total - self.positive + smoothing))


@dataclass
class Lexicon:
    """Persian word → Tajik base (no ezafe), from aligned training lines and from tajiknlp."""

    words: dict[str, str]  # Persian word → most frequent Tajik base
    keyed: dict[str, str]  # persian_key → Tajik word (tajiknlp, spelled into Persian by rules)
    ezafe: dict[str, Counts] = field(default_factory=dict)  # word → times it took ezafe
    ezafe_next: dict[str, Counts] = field(default_factory=dict)  # next word → times ezafe came before it
    conjunction: dict[str, Counts] = field(default_factory=dict)  # word → times "و" was joined to it
    ezafe_prior: float = 0.0
    conjunction_prior: float = 0.0
    version: str = ""

    def lookup(self, word: str) -> str | None:
        """The Tajik base of a known word: aligned training data first, then tajiknlp."""
        found = self.words.get(word)
        if found is None:
            found = self.keyed.get(persian_key(word))
        return found

    def ezafe_score(self, word: str, next_word: str) -> float:
        """Log-odds that ``word`` takes the ezafe "-и" before ``next_word``."""
        score = self.ezafe_prior
        own = self.ezafe.get(word) or self.ezafe.get(word_class(word))
        if own:
            score += own.log_odds() - self.ezafe_prior
        following = self.ezafe_next.get(next_word) or self.ezafe_next.get(next_class(next_word))
        if following:
            score += following.log_odds() - self.ezafe_prior
        return score

    def conjunction_score(self, word: str) -> float:
        """Log-odds that a following "و" is written joined to ``word`` (зулму) rather than "ва"."""
        counts = self.conjunction.get(word) or self.conjunction.get(word_class(word))
        return counts.log_odds() if counts else self.conjunction_prior


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
        keyed = dict(line.split("\t")[:2] for line in texts["tajiknlp.tsv"].splitlines() if line)
        tables: dict[str, dict[str, Counts]] = {"ezafe": {}, "ezafe_next": {}, "conjunction": {}}
        for line in texts["context.tsv"].splitlines():
            kind, word, positive, total = line.split("\t")
            tables[kind][word] = Counts(int(positive), int(total))
    except (OSError, UnicodeDecodeError, ValueError, KeyError) as error:
        raise ModelError(
            f"the Tajik lexicon in {data_dir} is unreadable ({error})",
            hint="rebuild it with scripts/build_tajik_lexicon.py or reinstall syndicate",
        ) from error
    priors = {kind: table.pop("*", Counts(0, 0)).log_odds() for kind, table in tables.items()}
    return Lexicon(
        words=words,
        keyed=keyed,
        ezafe=tables["ezafe"],
        ezafe_next=tables["ezafe_next"],
        conjunction=tables["conjunction"],
        ezafe_prior=priors["ezafe"],
        conjunction_prior=priors["conjunction"],
        version=digest.hexdigest()[:12],
    )
