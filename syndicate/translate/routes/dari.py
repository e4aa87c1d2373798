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
    from ...resources import package_file

    table_path = Path(path) if path else package_file(*DEFAULT_TABLE)
    try:
        raw = table_path.read_bytes()
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise GlossaryError(f"Dari table {table_path} can't be read: {error}") from error
    entries = []
    seen: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        columns = line.split("\t")
        if len(columns) not in (2, 3) or not columns[0].strip() or not columns[1].strip():
            raise GlossaryError(f"{table_path}:{number}: expected 'iranian<TAB>afghan<TAB>note'")
        iranian, afghan = columns[0].strip(), columns[1].strip()
        key = _normal_form(iranian)
        if key in seen:
            raise GlossaryError(f"{table_path}:{number}: {iranian} repeats line {seen[key]}")
        seen[key] = number
        entries.append(DariEntry(iranian, afghan, columns[2].strip() if len(columns) == 3 else ""))
    return DariLocalizer(tuple(entries), hashlib.sha256(raw).hexdigest()[:12])
