"""Editors' changes to a glossary file (approve, deprecate, add, update), each signed with the editor and the time.

An edit refuses a file that doesn't lint without errors, and writes the changed file (canonical,
atomically) only when it still lints without errors: the rules of ``lint`` decide what can't work
(an approved entry without a target form, a replacement that is itself deprecated…). ``paths`` are
the glossaries in force; ``file`` chooses the one to edit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

from ..errors import GlossaryError, UsageError
from .files import require_paths
from .lint import check_lints_clean, lint_files
from .model import NEW_STATUSES, Entry
from .normalize import source_key
from .tsv import RawRow, entry_cells, entry_from_row, format_time, read_entries, sort_key, write_tsv


def approve_entry(paths: Sequence[Path], en: str, editor: str, *, file: Path | None = None,
                  now: datetime | None = None) -> Entry:
    """Approve the proposed entry ``en`` (or an approved one that names no approver); returns it as written."""
    path, entries, entry = _find((file,) if file else require_paths(tuple(paths)), en)
    if entry.status == "approved" and entry.approved_by:
        raise GlossaryError(f"{entry.origin}: {entry.en!r} is approved already "
                            f"(by {entry.approved_by}, {entry.approved_at})")
    if entry.status != "proposed" and entry.status != "approved":
        raise GlossaryError(f"{entry.origin}: {entry.en!r} is {entry.status}: only a proposed entry can be approved")
    name, time = _signature(editor, now)
    approved = replace(entry, status="approved", approved_by=name, approved_at=time, changed_by=name, changed_at=time)
    return _rewrite(path, entries, entry, approved, "approve",
                    hint="fill in the missing forms in the row first; the file is unchanged")


def unapprove_entry(paths: Sequence[Path], en: str, editor: str, *, file: Path | None = None,
                    now: datetime | None = None) -> Entry:
    """Undo an approval: the approved entry ``en`` is proposed again, its approver cleared, the
    change signed by ``editor``; returns it as written."""
    path, entries, entry = _find((file,) if file else require_paths(tuple(paths)), en)
    if entry.status != "approved":
        raise GlossaryError(f"{entry.origin}: {entry.en!r} is {entry.status}, not approved: nothing to undo")
    name, time = _signature(editor, now)
    proposed = replace(entry, status="proposed", approved_by="", approved_at="", changed_by=name, changed_at=time)
    return _rewrite(path, entries, entry, proposed, "unapprove", hint="the file is unchanged")


def deprecate_entry(paths: Sequence[Path], en: str, replacement: str, editor: str, *, file: Path | None = None,
                    now: datetime | None = None) -> Entry:
    """Deprecate the entry ``en`` in favour of ``replacement``, an entry of the same file; returns it as written."""
    path, entries, entry = _find((file,) if file else require_paths(tuple(paths)), en)
    if entry.status == "deprecated":
        raise GlossaryError(f"{entry.origin}: {entry.en!r} is deprecated already (translated as {entry.replacement!r})")
    wanted = replacement.strip().casefold()
    target = next((e for e in entries if e.status != "forbidden" and e.en.casefold() == wanted), None)
    if target is None:
        raise GlossaryError(f"{entry.origin}: cannot deprecate {entry.en!r}: no entry {replacement.strip()!r} "
                            f"in {path} to translate it as",
                            hint="add the replacement to the same file first (`syndicate glossary add`)")
    name, time = _signature(editor, now)
    deprecated = replace(entry, status="deprecated", replacement=target.en, changed_by=name, changed_at=time)
    return _rewrite(path, entries, entry, deprecated, "deprecate",
                    hint="choose an approved or proposed replacement; the file is unchanged")


def add_entry(paths: Sequence[Path], en: str, *, type: str, editor: str, targets: Mapping[str, str] | None = None,
              note: str = "", status: str = "proposed", file: Path | None = None,
              now: datetime | None = None) -> Entry:
    """Add a new entry to ``file`` (default: the first of ``paths``); every file is checked for the English
    form first. Returns the entry as written."""
    path = file or require_paths(tuple(paths))[0]
    if status not in NEW_STATUSES:
        raise UsageError(f"a new entry is {' or '.join(NEW_STATUSES)}, not {status!r}")
    name, time = _signature(editor, now)
    cells = {"en": en, **(targets or {}), "type": type, "status": status, "note": note,
             "changed_by": name, "changed_at": time}
    if status == "approved":
        cells.update(approved_by=name, approved_at=time)
    cells = {column: " ".join(value.split()) for column, value in cells.items()}
    try:
        entry = entry_from_row(RawRow(str(path), 0, tuple(cells.items())))
    except GlossaryError as error:
        raise GlossaryError(f"{path}: cannot add {en!r}: {error.message.removeprefix(f'{path}:0: ')}",
                            hint=error.hint) from None
    key = source_key(entry.en, casefold=True)
    entries: list[Entry] = []
    for other_path in dict.fromkeys((path, *paths)):
        found = read_entries(other_path)
        if other_path == path:
            entries = found
        for other in found:
            if other.status != "forbidden" and key in (source_key(f, casefold=True) for f in other.source_forms()):
                raise GlossaryError(f"{other.origin}: cannot add {entry.en!r}: {other.en!r} is an entry already",
                                    hint="edit that row, or `syndicate glossary approve` it")
    return _rewrite(path, entries, None, entry, "add",
                    hint="an approved entry needs a form for every language (--ar, --fa-AF, --tg, --ru)")


EDITABLE_COLUMNS = ("ar", "fa-AF", "tg", "ru", "type", "variants", "case_sensitive", "note")


def update_entry(paths: Sequence[Path], en: str, changes: Mapping[str, str], editor: str, *,
                 file: Path | None = None, now: datetime | None = None) -> Entry:
    """Change the cells ``changes`` names (target forms, type, variants, case_sensitive, note) of
    the entry ``en``; its status and approval stay, the change is signed. Returns it as written."""
    unknown = sorted(set(changes) - set(EDITABLE_COLUMNS))
    if unknown:
        raise UsageError(f"cannot edit {', '.join(unknown)} of a glossary entry",
                         hint=f"editable: {', '.join(EDITABLE_COLUMNS)}; approve and deprecate have their own commands")
    path, entries, entry = _find((file,) if file else require_paths(tuple(paths)), en)
    name, time = _signature(editor, now)
    cells = {**entry_cells(entry), **{column: " ".join(value.split()) for column, value in changes.items()},
             "changed_by": name, "changed_at": time}
    try:
        edited = entry_from_row(RawRow(str(path), 0, tuple(cells.items())))
    except GlossaryError as error:
        raise GlossaryError(f"{entry.origin}: cannot edit {entry.en!r}: {error.message.removeprefix(f'{path}:0: ')}",
                            hint=error.hint) from None
    return _rewrite(path, entries, entry, edited, "edit", hint="the file is unchanged")


def _find(paths: Sequence[Path], en: str) -> tuple[Path, list[Entry], Entry]:
    """The file holding the non-forbidden entry ``en`` (any case), its entries, and the entry."""
    wanted = en.strip().casefold()
    found = []
    for path in paths:
        entries = read_entries(path)
        found.extend((path, entries, e) for e in entries if e.status != "forbidden" and e.en.casefold() == wanted)
    if not found:
        raise GlossaryError(f"no entry {en.strip()!r} in {', '.join(str(p) for p in paths)}",
                            hint="name the entry by its English form (the en column), or choose the file with --file")
    if len(found) > 1:
        raise GlossaryError(f"{en.strip()!r} is an entry in " + ", ".join(e.origin for _, _, e in found),
                            hint="choose the file with --file")
    return found[0]


def _signature(editor: str, now: datetime | None) -> tuple[str, str]:
    """The editor's name (whitespace collapsed) and the time cell; UsageError for a blank name."""
    name = " ".join(editor.split())
    if not name:
        raise UsageError("an edit needs the editor's name", hint="pass --editor NAME: no anonymous approvals")
    return name, format_time(now or datetime.now(timezone.utc))


def _rewrite(path: Path, entries: list[Entry], old: Entry | None, new: Entry, command: str, hint: str) -> Entry:
    """Write ``entries`` with ``old`` replaced by ``new`` (or ``new`` added) if the result lints without
    errors; returns ``new`` with its file:line."""
    check_lints_clean(path, command)
    edited = [new if e is old else e for e in entries] + ([new] if old is None else [])
    rows = sorted(edited, key=sort_key)  # the order the new file has, from line 2

    def check(temp: Path) -> None:
        problems = []
        for issue in lint_files([temp]).errors:
            line = issue.origin.rpartition(":")[2]
            row = rows[int(line) - 2] if line.isdigit() and 2 <= int(line) < len(rows) + 2 else None
            problems.append(issue.message if row is None or row is new else f"{row.origin}: {issue.message}")
        if problems:
            raise GlossaryError(f"{old.origin if old else path}: cannot {command} {new.en!r}: " + "; ".join(problems),
                                hint=hint)

    write_tsv(edited, path, check=check)
    line = 2 + next(i for i, e in enumerate(rows) if e is new)
    return replace(new, origin=f"{path}:{line}")
