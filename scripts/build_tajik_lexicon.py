"""Rebuild syndicate/data/tajik/ (the Persian→Tajik lexicon) deterministically.

Inputs (both MIT-licensed, see syndicate/data/tajik/README.md):
  * ParsTranslit line pairs, ``train.fa``/``train.tj`` only. Every train line that also occurs
    in dev (either side) is dropped, so dev stays a clean held-out set.
  * the tajiknlp wheel's Tajik word list (``tajiknlp/data/tajik_pos.jsonl``), spelled into
    Persian sound-class keys by the rules below.

    .venv/bin/pip download --no-deps tajiknlp==1.2.0 -d /tmp/tajiknlp
    .venv/bin/python scripts/build_tajik_lexicon.py --corpus ../shared/corpus/fa-tg \\
        --tajiknlp-wheel /tmp/tajiknlp/tajiknlp-1.2.0-py3-none-any.whl
"""

from __future__ import annotations

import argparse
import heapq
import json
import math
import re
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from syndicate.translate.routes.tajik.evaluation import levenshtein
from syndicate.translate.routes.tajik.lexicon import context_features, part_of_speech, persian_key
from syndicate.translate.routes.tajik.morphology import CONJUNCTION, group_units, strip_tajik_ending
from syndicate.translate.routes.tajik.rules import letters_to_tajik, normalize, split_words

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "syndicate" / "data" / "tajik"
TAJIK_TOKEN = re.compile(r"[а-яёӣӯҳқғҷъ]+(?:-[а-яёӣӯҳқғҷъ]+)*")
MAX_ALIGN_COST = 0.34


def _letters_only(line: str) -> str:
    return "".join(ch for ch in line.casefold() if ch.isalpha())


def training_pairs(corpus_dir: Path) -> list[tuple[str, str]]:
    """The (Persian, Tajik) train lines the lexicon learns from: no dev line, no repeats.

    ParsTranslit's train split contains its dev split; a train line whose letters equal a
    dev line's (either side) is dropped.
    """
    def lines(name: str) -> list[str]:
        return (corpus_dir / name).read_text(encoding="utf-8").splitlines()

    held_out = {_letters_only(line) for line in lines("dev.fa") + lines("dev.tj")}
    seen: set[tuple[str, str]] = set()
    pairs = []
    for persian, tajik in zip(lines("train.fa"), lines("train.tj"), strict=True):
        pair = (persian.strip(), tajik.strip())
        if not pair[0] or pair in seen:
            continue
        if _letters_only(persian) in held_out or _letters_only(tajik) in held_out:
            continue
        seen.add(pair)
        pairs.append(pair)
    return pairs


def _skeleton(tajik: str) -> str:
    consonants = [ch for ch in tajik if ch not in "аеёиоуӯӣэюяъй-"]
    return "".join(ch for i, ch in enumerate(consonants) if i == 0 or ch != consonants[i - 1])


def _cost(expected: str, token: str) -> float:
    """How unlike a letter-rule spelling and a Tajik token are (0 = same consonants)."""
    a, b = _skeleton(expected), _skeleton(token)
    by_consonants = levenshtein(a, b) / max(1, len(a), len(b))
    by_letters = levenshtein(expected, token) / max(1, len(expected), len(token))
    return min(by_consonants, by_letters)


def _strip_conjunction(token: str) -> str | None:
    for ending, replacement in (("ию", "ӣ"), ("ю", ""), ("ву", ""), ("у", "")):
        if token.endswith(ending) and len(token) > len(ending) + 1:
            return token[: -len(ending)] + replacement
    return None


def align(units, tokens) -> list[tuple[int, str, bool]]:
    """Align Persian units to Tajik tokens; returns (unit index, token, conjunction joined)."""
    n, m = len(units), len(tokens)
    spelled = [letters_to_tajik(u.word) + ("ро" if u.object_marker else "") for u in units]
    inf = float("inf")
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    back: dict[tuple[int, int], tuple[int, int, str]] = {}
    best[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            here = best[i][j]
            if here == inf:
                continue
            moves = [(i + 1, j, 1.0, "skip"), (i, j + 1, 1.0, "skip")]
            if i < n and j < m:
                moves.append((i + 1, j + 1, _cost(spelled[i], tokens[j]), "match"))
                if i + 1 < n and units[i + 1].word == CONJUNCTION and not units[i].object_marker:
                    stem = _strip_conjunction(tokens[j])
                    if stem:
                        moves.append((i + 2, j + 1, _cost(spelled[i], stem), "joined"))
            for ni, nj, cost, kind in moves:
                if ni <= n and nj <= m and here + cost < best[ni][nj]:
                    best[ni][nj] = here + cost
                    back[(ni, nj)] = (i, j, kind)
    pairs = []
    i, j = n, m
    while (i, j) != (0, 0):
        pi, pj, kind = back[(i, j)]
        if kind != "skip":
            token = tokens[pj]
            if kind == "joined":
                token = _strip_conjunction(token)
            if _cost(spelled[pi], token) <= MAX_ALIGN_COST:
                pairs.append((pi, token, kind == "joined"))
        i, j = pi, pj
    return pairs[::-1]


def line_units(persian: str):
    words = [piece for is_word, piece in split_words(normalize(persian)) if is_word]
    return group_units(words)


@dataclass(frozen=True)
class Learned:
    """What the aligned train lines teach: Tajik bases per Persian word, and context events."""

    bases: dict[str, Counter]
    ezafe_events: list[tuple[str, str, bool]]  # (word, next word, took ezafe)
    conjunction_events: list[tuple[str, str, bool]]  # (word before "و", word after, "و" joined)

    def best_bases(self) -> dict[str, str]:
        return {word: min(counts.items(), key=lambda item: (-item[1], item[0]))[0]
                for word, counts in self.bases.items()}


def learn_from_pairs(pairs) -> Learned:
    """Align every pair and collect Tajik bases and the ezafe / conjunction events."""
    bases: dict[str, Counter] = defaultdict(Counter)
    ezafe_events, conjunction_events = [], []
    for persian, tajik in pairs:
        units = line_units(persian)
        tokens = TAJIK_TOKEN.findall(tajik.casefold())
        aligned = {index: (token, joined) for index, token, joined in align(units, tokens)}
        for index, unit in enumerate(units):
            if index not in aligned or unit.word == CONJUNCTION:
                continue
            token, joined = aligned[index]
            next_word = units[index + 1].word if index + 1 < len(units) else "</s>"
            if next_word == CONJUNCTION:
                after = units[index + 2].word if index + 2 < len(units) else "</s>"
                conjunction_events.append((unit.word, after, joined))
            if unit.object_marker:
                if token.endswith("ро"):
                    bases[unit.word][token[:-2]] += 1
                continue
            base, has_ezafe = (token, False) if joined else strip_tajik_ending(token)
            bases[unit.word][base] += 1
            if not joined:
                ezafe_events.append((unit.word, next_word, has_ezafe))
    return Learned(bases, ezafe_events, conjunction_events)


def context_examples(learned: Learned, tajik_pos: dict[str, str]):
    """(ezafe examples, conjunction examples): feature tuples with 0/1 labels."""
    best = learned.best_bases()

    def features(word: str, next_word: str) -> tuple[str, ...]:
        pos = part_of_speech(word, best.get(word, ""), tajik_pos)
        return context_features(word, next_word, pos, part_of_speech(next_word, best.get(next_word, ""), tajik_pos))

    ezafe = [(features(word, next_word), float(label)) for word, next_word, label in learned.ezafe_events]
    conjunction = [(features(word, after), float(label)) for word, after, label in learned.conjunction_events]
    return ezafe, conjunction


def train_weights(examples, epochs: int = 20, rate: float = 0.5, l2: float = 1e-4) -> dict[str, float]:
    """Logistic regression weights, trained with AdaGrad over the examples in a fixed order."""
    weights: dict[str, float] = defaultdict(float)
    squares: dict[str, float] = defaultdict(lambda: 1e-8)
    for _ in range(epochs):
        for features, label in examples:
            score = sum(weights[f] for f in features)
            gradient = 1 / (1 + math.exp(-max(-30.0, min(30.0, score)))) - label
            for feature in features:
                step = gradient + l2 * weights[feature]
                squares[feature] += step * step
                weights[feature] -= rate * step / math.sqrt(squares[feature])
    return {feature: round(weight, 3) for feature, weight in sorted(weights.items()) if round(weight, 3)}


# --- Tajik → Persian sound-class keys --------------------------------------------------------
_CONSONANT_KEYS = {
    "б": "B", "п": "P", "т": "T", "с": "S", "ҷ": "J", "ч": "C", "ҳ": "H", "х": "X", "д": "D",
    "з": "Z", "р": "R", "ж": "j", "ш": "$", "ғ": "G", "ф": "F", "қ": "Q", "к": "K", "г": "g",
    "л": "L", "м": "M", "н": "N", "в": "W", "й": "Y", "ъ": "'", "ц": "TS", "щ": "$", "ы": "Y",
}


def _slot_options(word: str, index: int) -> tuple[str, tuple[str, ...]]:
    """(slot type, spellings) for one Tajik letter: how Persian may write it."""
    letter = word[index]
    place = "initial" if index == 0 else "final" if index == len(word) - 1 else "medial"
    if letter in _CONSONANT_KEYS:
        if index and word[index - 1] == letter:
            return "double", ("", _CONSONANT_KEYS[letter])  # Persian writes a doubled consonant once
        return "fixed", (_CONSONANT_KEYS[letter],)
    if letter == "о" and index and word[index - 1] == "х":
        return "хо", ("A", "WA")  # خوا
    table = {
        ("а", "initial"): ("A", "'"), ("а", "medial"): ("", "A"), ("а", "final"): ("H", "", "A"),
        ("и", "initial"): ("A", "AY", "'", "'Y"), ("и", "medial"): ("", "Y", "'"), ("и", "final"): ("Y", ""),
        ("у", "initial"): ("A", "AW", "'", "'W"), ("у", "medial"): ("", "W"), ("у", "final"): ("W",),
        ("е", "initial"): ("AY", "'Y"), ("э", "initial"): ("AY", "A", "'"),
        ("я", "initial"): ("YA",), ("я", "medial"): ("YA", "Y"), ("я", "final"): ("YH", "YA"),
        ("ё", "initial"): ("YA",), ("ю", "initial"): ("YW",),
        ("о", "initial"): ("A", "'A"),
    }
    default = {"о": ("A",), "ӣ": ("Y",), "е": ("Y",), "э": ("Y",), "ӯ": ("W",), "ё": ("YA", "YW"), "ю": ("YW",)}
    options = table.get((letter, place)) or default.get(letter) or ("",)
    return f"{letter}:{place}", options


def key_variants(word: str, probabilities: dict[tuple[str, str], float] | None = None, beam: int = 16):
    """The likeliest Persian keys for a Tajik word, best first, as (log-probability, key, choices)."""
    hypotheses = [(0.0, "", ())]
    for index in range(len(word)):
        slot, options = _slot_options(word, index)
        grown = []
        for score, key, choices in hypotheses:
            for option in options:
                p = probabilities.get((slot, option), 1e-3) if probabilities and len(options) > 1 else 1.0
                grown.append((score + math.log(p), key + option, choices + ((slot, option),)))
        hypotheses = heapq.nlargest(beam, grown, key=lambda h: (h[0], h[1]))
    return hypotheses


def learn_spelling(bases) -> dict[tuple[str, str], float]:
    """How often Persian writes each Tajik vowel, measured on the aligned training words."""
    counts: Counter = Counter()
    for persian, tajik_counts in sorted(bases.items()):
        target = persian_key(persian)
        tajik = min(tajik_counts.items(), key=lambda item: (-item[1], item[0]))[0]
        matches = [h for h in key_variants(tajik, beam=256) if h[1] == target]
        for _, _, choices in matches:
            for choice in choices:
                if choice[0] != "fixed":  # one spelling only
                    counts[choice] += 1 / len(matches)
    totals: Counter = Counter()
    kinds: Counter = Counter()
    for (slot, _), count in counts.items():
        totals[slot] += count
        kinds[slot] += 1
    # Options never seen keep key_variants' floor probability.
    return {(slot, option): (count + 0.5) / (totals[slot] + 0.5 * kinds[slot]) for (slot, option), count in counts.items()}


POS_CODES = {
    "исм": "N", "исми хос": "N", "сифат": "A", "феъл": "V", "феъли ёридиҳанда": "V", "замони феъл": "V",
    "зарф": "D", "пешоянд": "P", "пасванд": "P", "пайвандак": "C", "ҷонишин": "R", "шумора": "Q", "рақам": "Q",
}


def tajiknlp_words(wheel: Path) -> dict[str, str]:
    """The single-word Tajik entries of tajiknlp's word list (lower-cased) → coarse part of speech."""
    with zipfile.ZipFile(wheel) as archive:
        raw = archive.read("tajiknlp/data/tajik_pos.jsonl").decode("utf-8")
    words: dict[str, str] = {}
    for line in raw.splitlines():
        entry = json.loads(line)
        word = entry["tajik"].strip().casefold()
        if TAJIK_TOKEN.fullmatch(word) and "-" not in word and len(word) > 1:
            words.setdefault(word, POS_CODES.get(entry.get("part_of_speech", ""), "X"))
    return dict(sorted(words.items()))


def build(corpus_dir: Path, wheel: Path, out_dir: Path) -> dict[str, int]:
    """Write words.tsv, tajiknlp.tsv and context.tsv into ``out_dir``; returns their sizes."""
    return build_from_pairs(training_pairs(corpus_dir), wheel, out_dir)


def build_from_pairs(pairs: list[tuple[str, str]], wheel: Path, out_dir: Path) -> dict[str, int]:
    learned = learn_from_pairs(pairs)
    tajik_pos = tajiknlp_words(wheel)
    out_dir.mkdir(parents=True, exist_ok=True)
    shipped_pos = write_tajiknlp_table(tajik_pos, learn_spelling(learned.bases), out_dir)
    # Context features use only the parts of speech the converter will know at run time.
    sizes = write_training_tables(learned, shipped_pos, out_dir)
    return {"pairs": len(pairs), **sizes, "tajiknlp_words": len(shipped_pos)}


def write_training_tables(learned: Learned, tajik_pos: dict[str, str], out_dir: Path) -> dict[str, int]:
    """words.tsv and context.tsv from what the aligned train lines taught."""
    best = learned.best_bases()
    rows = [f"{persian}\t{best[persian]}\t{learned.bases[persian][best[persian]]}\n" for persian in sorted(best)]
    (out_dir / "words.tsv").write_text("".join(rows), encoding="utf-8")

    ezafe, conjunction = context_examples(learned, tajik_pos)
    context_rows = [f"{kind}\t{feature}\t{weight}\n"
                    for kind, examples in (("ezafe", ezafe), ("conjunction", conjunction))
                    for feature, weight in train_weights(examples).items()]
    (out_dir / "context.tsv").write_text("".join(context_rows), encoding="utf-8")
    return {"words": len(rows), "context_rows": len(context_rows)}


def write_tajiknlp_table(tajik_pos: dict[str, str], probabilities, out_dir: Path) -> dict[str, str]:
    """tajiknlp.tsv: each Tajik word (and its part of speech) under the keys of its three likeliest
    Persian spellings; returns the part of speech of the words that kept a key."""
    keyed: dict[str, tuple[float, str]] = {}
    for tajik in tajik_pos:
        for score, key, _ in key_variants(tajik, probabilities, beam=3):
            if key not in keyed or (score, tajik) > keyed[key]:
                keyed[key] = (score, tajik)
    (out_dir / "tajiknlp.tsv").write_text(
        "".join(f"{key}\t{tajik}\t{tajik_pos[tajik]}\n" for key, (_, tajik) in sorted(keyed.items())),
        encoding="utf-8",
    )
    return {tajik: tajik_pos[tajik] for _, tajik in sorted(keyed.values(), key=lambda item: item[1])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "fa-tg")
    parser.add_argument("--tajiknlp-wheel", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=DATA_DIR)
    args = parser.parse_args()
    print(build(args.corpus, args.tajiknlp_wheel, args.out))


if __name__ == "__main__":
    main()
