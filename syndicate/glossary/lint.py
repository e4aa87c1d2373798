"""Glossary lint: what an editor must fix before a glossary file is trusted. Issues name file:line.

A Dari localization table (first line ``# iranian ⇥ afghan ⇥ note``) is linted as one, by its own rules.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import GlossaryError
from .model import TARGET_LANGUAGES, Entry
from .normalize import source_key
from .tsv import RawRow, entry_from_row, format_tsv, read_entries, read_rows, write_tsv

ALLOWED_FORMAT_CHARS = {"\u200c"}  # ZWNJ belongs in Persian and Dari words
_WRONG_SCRIPT = {
    "ar": (re.compile("[پچژگیک]"), "Persian letter {} in Arabic (use ي ك and Arabic letters)"),
    "fa-AF": (re.compile("[يكى]"), "Arabic letter {} in Dari (use ی ک)"),
}  # letters of another script altogether are refused for every language (tsv.entry_from_row)


@dataclass(frozen=True)
class LintIssue:
    origin: str  # file:line
    level: str  # "error" | "warning"
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.level}: {self.message}"


@dataclass(frozen=True)
class LintReport:
    files: tuple[str, ...]
    entries: int
    issues: tuple[LintIssue, ...]

    @property
    def errors(self) -> tuple[LintIssue, ...]:
        return tuple(i for i in self.issues if i.level == "error")

    @property
    def warnings(self) -> tuple[LintIssue, ...]:
        return tuple(i for i in self.issues if i.level == "warning")


def lint_files(paths: Iterable[str | Path]) -> LintReport:
    """Lint glossary files together (duplicates and replacements are checked across files), and Dari tables."""
    from ..translate.routes.dari import is_dari_table, lint_dari_table

    issues: list[LintIssue] = []
    entries: list[Entry] = []
    files = []
    dari_rows = 0
    for path in paths:
        files.append(str(path))
        if is_dari_table(path):
            rows, found = lint_dari_table(path)
            dari_rows += rows
            issues.extend(LintIssue(f"{path}:{line}", level, message) for line, level, message in found)
            continue
        try:
            rows = read_rows(path)
        except GlossaryError as error:
            origin, _, message = error.message.partition(": ")
            issues.append(LintIssue(origin if ":" in origin else str(path), "error", message or error.message))
            continue
        file_entries: list[Entry] = []
        for row in rows:
            issues.extend(_cell_issues(row))
            try:
                file_entries.append(entry_from_row(row))
            except GlossaryError as error:
                issues.append(LintIssue(row.origin, "error", error.message.removeprefix(row.origin + ": ")))
        if len(file_entries) == len(rows):  # else the bad rows are reported already
            issues.extend(_order_issues(path, file_entries))
        entries.extend(file_entries)
    for entry in entries:
        issues.extend(_entry_issues(entry))
    issues.extend(_duplicate_issues(entries))
    issues.extend(_overlap_issues(entries))
    issues.extend(_replacement_issues(entries))
    issues.sort(key=lambda i: _origin_key(i.origin))
    return LintReport(tuple(files), len(entries) + dari_rows, tuple(issues))


def _origin_key(origin: str) -> tuple[str, int]:
    path, _, line = origin.rpartition(":")
    return (path, int(line)) if line.isdigit() else (origin, 0)


def _cell_issues(row: RawRow) -> list[LintIssue]:
    issues = []
    for column, cell in row.cells:
        if cell != cell.strip() or "  " in cell:
            issues.append(LintIssue(row.origin, "error", f"stray whitespace in {column} {cell!r}"))
        for char in cell:
            category = unicodedata.category(char)
            if (category == "Cc" or category == "Cf") and char not in ALLOWED_FORMAT_CHARS:
                issues.append(LintIssue(row.origin, "error", f"control character U+{ord(char):04X} in {column}"))
                break
    if row.short:  # reported as such by entry_from_row, not as the empty cells it causes
        return issues
    for column in ("type", "status"):
        if not row.get(column).strip():
            issues.append(LintIssue(row.origin, "error", f"empty {column} cell"))
    return issues


def _entry_issues(entry: Entry) -> list[LintIssue]:
    issues = []

    def error(message: str) -> None:
        issues.append(LintIssue(entry.origin, "error", message))

    if entry.status == "approved" and entry.type != "dnt":
        for language in TARGET_LANGUAGES:
            if not entry.target(language):
                error(f"approved entry {entry.en!r} has no {language} form")
    if entry.status == "approved" and not entry.approved_by:
        issues.append(LintIssue(entry.origin, "warning",
                                f"approved entry {entry.en!r} names no approver (approved_by): "
                                "`syndicate glossary approve` records one"))
    for who, when in (("approved_by", "approved_at"), ("changed_by", "changed_at")):
        if bool(getattr(entry, who)) != bool(getattr(entry, when)):
            error(f"{who} and {when} go together: {entry.en!r} has only {who if getattr(entry, who) else when}")
    if entry.status == "deprecated" and not entry.replacement:
        error(f"deprecated entry {entry.en!r} has no replacement")
    if entry.status == "forbidden" and not any(entry.forms(lang) for lang in TARGET_LANGUAGES):
        error(f"forbidden entry {entry.en!r} lists no target form to forbid")
    if entry.type != "dnt":
        for language, (pattern, message) in _WRONG_SCRIPT.items():
            for form in entry.forms(language):
                found = pattern.search(form)
                if found:
                    error(f"{message.format(found.group())}: {form!r}")
    return issues


def _duplicate_issues(entries: list[Entry]) -> list[LintIssue]:
    issues = []
    seen: dict[str, Entry] = {}
    for entry in entries:
        if entry.status == "forbidden":
            continue
        for form in entry.source_forms():
            key = source_key(form, casefold=True)
            other = seen.get(key)
            if other is None:
                seen[key] = entry
            elif other is not entry:
                kind = "duplicate" if other.targets == entry.targets else "conflicting"
                issues.append(LintIssue(entry.origin, "error",
                                        f"{kind} source {form!r} (also at {other.origin})"))
    return issues


def _overlap_issues(entries: list[Entry]) -> list[LintIssue]:
    """Forms where one's last words are another's first words: which one applies depends on the text."""
    issues = []
    forms = [(source_key(f, casefold=True).split(" "), e) for e in entries if e.status != "forbidden"
             for f in e.source_forms()]
    for words, entry in forms:
        for other_words, other in forms:
            if other is entry:
                continue
            for size in range(1, min(len(words), len(other_words))):
                if words[-size:] == other_words[:size]:
                    issues.append(LintIssue(
                        entry.origin, "warning",
                        f"{' '.join(words)!r} overlaps {' '.join(other_words)!r} ({other.origin}): "
                        "where both could match, the longer match wins"))
                    break
    return issues


def _replacement_issues(entries: list[Entry]) -> list[LintIssue]:
    known = {e.en.casefold(): e for e in entries if e.status not in ("forbidden",)}
    issues = []
    for entry in entries:
        if not entry.replacement:
            continue
        target = known.get(entry.replacement.casefold())
        if entry.status not in ("deprecated", "forbidden"):
            issues.append(LintIssue(entry.origin, "warning",
                                    f"replacement on a {entry.status} entry is ignored"))
        elif target is None:
            issues.append(LintIssue(entry.origin, "error",
                                    f"replacement {entry.replacement!r} is not an entry"))
        elif target.status in ("deprecated", "forbidden"):
            issues.append(LintIssue(entry.origin, "error",
                                    f"replacement {entry.replacement!r} is itself {target.status}"))
    return issues


def _order_issues(path: str | Path, entries: list[Entry]) -> list[LintIssue]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []  # read_rows read it a moment ago: a file that vanished since is not an order issue
    if text != format_tsv(entries):
        return [LintIssue(f"{path}:1", "warning",
                          "not in canonical form (sorted rows, fixed columns): `syndicate glossary fmt` rewrites it")]
    return []


# -- rewriting only what lints clean ------------------------------------------------------------

def canonicalize_file(path: str | Path) -> bool:
    """Rewrite a glossary file in canonical form; True when it changed. Comments are dropped.

    Only a file that lints without errors is rewritten: else GlossaryError naming file:line, file untouched.
    """
    path = Path(path)
    check_lints_clean(path)
    entries = read_entries(path)
    if path.read_text(encoding="utf-8") == format_tsv(entries):
        return False
    write_tsv(entries, path)
    return True


def canonicalize_files(paths: Iterable[str | Path]) -> list[Path]:
    """Rewrite each file in canonical form; returns the ones that changed. None is rewritten if one has errors."""
    paths = [Path(path) for path in paths]
    for path in paths:
        check_lints_clean(path)
    return [path for path in paths if canonicalize_file(path)]


def check_lints_clean(path: Path, command: str = "fmt") -> None:
    """GlossaryError naming the first lint error of ``path``, if it has any: ``command`` won't rewrite it."""
    errors = lint_files([path]).errors
    if errors:
        more = f" and {len(errors) - 1} more error(s)" if len(errors) > 1 else ""
        raise GlossaryError(f"{errors[0].origin}: {errors[0].message}{more}: not rewritten",
                            hint=f"{command} rewrites only files without errors; "
                                 f"`syndicate glossary lint {path}` lists them")
