"""Dari localization: replace the Iranian Persian forms an en→fa model writes with Afghan ones.

The table (syndicate/data/dari-localization.tsv, kept by editors; setting ``dari_table`` names another) has one ``iranian ⇥ afghan ⇥ note``
row per word. Matching is whole-word and tolerant of how Persian text varies: Arabic ي/ى and ك
match Persian ی and ک, and a ZWNJ inside a table word also matches a space or nothing. Common
suffixes stay attached (دانشگاه‌ها → پوهنتون‌ها), with the spelling fixed where a silent final ه
comes or goes (بیمارستانی → شفاخانه‌ای, دانشگاه‌ای → پوهنتونی). A word followed by letters that are
not such a suffix (استانبول, ماشین‌آلات) is left alone.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import GlossaryError

ZWNJ = "\u200c"
DEFAULT_TABLE = ("data", "dari-localization.tsv")  # package data: syndicate/data/dari-localization.tsv

VARIANTS = {"ی": "[یيى]", "ي": "[یيى]", "ى": "[یيى]", "ک": "[کك]", "ك": "[کك]", ZWNJ: f"[{ZWNJ} ]?"}
SUFFIXES = ("هایشان", "هایتان", "هایمان", "هایی", "هایم", "هایت", "هایش", "های", "ها",
            "شان", "تان", "مان", "ای", "ام", "ات", "اش", "ی")


def _variant_pattern(word: str) -> str:
    return "".join(VARIANTS.get(char, re.escape(char)) for char in word)


def _normal_form(word: str) -> str:
    return word.translate({ord("ي"): "ی", ord("ى"): "ی", ord("ك"): "ک", ord(ZWNJ): None, ord(" "): None})


@dataclass(frozen=True)
class DariEntry:
    iranian: str
    afghan: str
    note: str = ""


@dataclass(frozen=True)
class DariLocalizer:
    """A loaded table; ``version`` is a hash of the file, used in routes."""

    entries: tuple[DariEntry, ...]
    version: str
    _pattern: re.Pattern = field(init=False, repr=False, compare=False)
    _by_form: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        # Compiled once per loaded table; frozen dataclass, hence object.__setattr__.
        object.__setattr__(self, "_pattern", _compile(tuple(entry.iranian for entry in self.entries)))
        object.__setattr__(self, "_by_form", {_normal_form(entry.iranian): entry for entry in self.entries})

    @property
    def route_id(self) -> str:
        return f"dari-localization@{self.version}"

    def process(self, texts: list[str]) -> list[str]:
        """The route's post-processing step: every text localized."""
        return [self.localize(text) for text in texts]

    def localize(self, text: str) -> str:
        """``text`` with every Iranian form in the table replaced by its Afghan form."""
        if not self.entries:
            return text
        return self._pattern.sub(self._replace, text)

    def _replace(self, match: re.Match) -> str:
        entry = self._by_form[_normal_form(match.group("word"))]
        return entry.afghan + _join_suffix(entry.iranian, entry.afghan, match.group("suffix") or "")


def _join_suffix(iranian: str, afghan: str, suffix: str) -> str:
    """Re-spell ``suffix`` for the new word end (silent final ه appearing or disappearing)."""
    if not suffix:
        return suffix
    bare = suffix.lstrip(ZWNJ)
    bare_normal = _normal_form(bare)
    if iranian.endswith("ه") and not afghan.endswith("ه"):
        if bare_normal == "ای":
            return "ی"  # دانشگاه‌ای → پوهنتونی
        return suffix
    if afghan.endswith("ه") and not iranian.endswith("ه"):
        if bare_normal == "ی":
            return ZWNJ + "ای"  # بیمارستانی → شفاخانه‌ای
        return ZWNJ + bare  # بیمارستانها → شفاخانه‌ها
    if afghan.endswith("ی") and bare_normal == "ی":
        return ZWNJ + "ای"  # شهرستانی → ولسوالی‌ای
    return suffix


def _compile(forms: tuple[str, ...]) -> re.Pattern:
    # Longest first, so استانداری wins over استاندار over استان.
    words = "|".join(_variant_pattern(form) for form in sorted(forms, key=len, reverse=True))
    suffixes = "|".join(_variant_pattern(suffix) for suffix in SUFFIXES)
    return re.compile(
        rf"(?<![\w{ZWNJ}])(?P<word>{words})(?P<suffix>{ZWNJ}?(?:{suffixes}))?(?![\w{ZWNJ}])"
    )


def load_dari_table(path: str | Path | None = None) -> DariLocalizer:
    """Read the Dari table (default: the packaged syndicate/data/dari-localization.tsv); GlossaryError
    when malformed."""
    table_path = Path(path) if path else default_table_path()
    raw, text = _read(table_path)
    entries = []
    seen: dict[str, int] = {}
    for number, cells in _rows(text):
        problem = _shape_problem(cells) or _repeat_problem(cells, number, seen)
        if problem:
            raise GlossaryError(f"{table_path}:{number}: {problem}")
        entries.append(DariEntry(cells[0].strip(), cells[1].strip(), cells[2].strip() if len(cells) == 3 else ""))
    return DariLocalizer(tuple(entries), hashlib.sha256(raw).hexdigest()[:12])


def default_table_path() -> Path:
    from ...resources import package_file

    return package_file(*DEFAULT_TABLE)


def is_dari_table(path: str | Path) -> bool:
    """Whether a file is a Dari table: its first line is the header comment ``# iranian ⇥ afghan ⇥ note``."""
    try:
        with open(path, encoding="utf-8") as file:
            first = next((line for line in file if line.strip()), "")
    except (OSError, UnicodeDecodeError):
        return False
    return [cell.strip() for cell in first.lstrip("\ufeff#").split("\t")[:2]] == ["iranian", "afghan"]


def lint_dari_table(path: str | Path) -> tuple[int, list[tuple[int, str, str]]]:
    """Check a Dari table: (rows, [(line, "error" | "warning", message)]): shape, repeats, Persian letters."""
    _, text = _read(Path(path))
    issues, seen, rows = [], {}, 0
    for number, cells in _rows(text):
        rows += 1
        problem = _shape_problem(cells) or _repeat_problem(cells, number, seen)
        if problem:
            issues.append((number, "error", problem))
            continue
        for column, cell in zip(("iranian", "afghan"), cells):
            if cell != cell.strip():
                issues.append((number, "warning", f"stray whitespace in {column} {cell!r}"))
            foreign = _NOT_PERSIAN.search(cell.strip())
            if foreign:
                issues.append((number, "error", f"non-Persian character {foreign.group()!r} in {column} {cell.strip()!r}"))
            arabic = _ARABIC_LETTERS.search(cell)
            if arabic:  # matching tolerates it in the iranian column; the afghan one is written out
                level = "error" if column == "afghan" else "warning"
                issues.append((number, level, f"Arabic letter {arabic.group()} in {column} {cell.strip()!r} (use ی ک)"))
    return rows, issues


_NOT_PERSIAN = re.compile(f"[^\u0600-\u06ff{ZWNJ} ]")
_ARABIC_LETTERS = re.compile("[يكى]")


def _read(path: Path) -> tuple[bytes, str]:
    try:
        raw = path.read_bytes()
        return raw, raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise GlossaryError(f"Dari table {path} can't be read: {error}") from error


def _rows(text: str):
    """(line number, cells) of each row; blank lines and # comments skipped."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() and not line.startswith("#"):
            yield number, line.split("\t")


def _shape_problem(cells: list[str]) -> str | None:
    if len(cells) not in (2, 3) or not cells[0].strip() or not cells[1].strip():
        return (f"{len(cells)} cell(s): expected 'iranian<TAB>afghan<TAB>note' (2 or 3 cells, the first two filled; "
                "tabs may have become spaces)")
    return None


def _repeat_problem(cells: list[str], number: int, seen: dict[str, int]) -> str | None:
    key = _normal_form(cells[0].strip())
    if key in seen:
        return f"{cells[0].strip()} repeats line {seen[key]}"
    seen[key] = number
    return None
