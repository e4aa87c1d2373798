"""The glossary file format: UTF-8 TSV, one row per concept, sorted; the writer is canonical.

Columns (header row required, in this order)::

    en  ar  fa-AF  tg  ru  type  status  variants  case_sensitive  replacement  note
    approved_by  approved_at  changed_by  changed_at

``variants`` holds other accepted forms, grouped by language: ``ar:طالبان|حركة طالبان; ru:талибы``
(``en:`` variants are alternative source spellings). Forms never contain ``|``, ``;`` or tabs.
``case_sensitive`` is ``yes`` or ``no``. ``*_by`` name an editor, ``*_at`` are ISO 8601 UTC times to
the second (``2025-01-31T09:30:00Z``). A file's header may leave columns out (files written before
the ``approved_*``/``changed_*`` columns still read); the writer writes them all. Lines starting
with ``#`` are comments and are not kept.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..atomic import replace_file
from ..errors import GlossaryError
from .model import ALL_LANGUAGES, SCRIPT_NAMES, STATUSES, TARGET_LANGUAGES, TYPES, Entry, Glossary, foreign_character

COLUMNS: tuple[str, ...] = (
    "en", *TARGET_LANGUAGES, "type", "status", "variants", "case_sensitive", "replacement", "note",
    "approved_by", "approved_at", "changed_by", "changed_at",
)
_TIME_COLUMNS: tuple[str, ...] = ("approved_at", "changed_at")
_TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_TIME_SHAPE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
_YES, _NO = "yes", "no"


@dataclass(frozen=True)
class RawRow:
    """One data line of a glossary file, cells by column name, before validation."""

    path: str
    line: int
    cells: tuple[tuple[str, str], ...]
    columns: int | None = None  # how many columns the file's header has (None: not read from a TSV file)

    @property
    def origin(self) -> str:
        return f"{self.path}:{self.line}"

    @property
    def short(self) -> bool:
        """Fewer cells than the header has columns (tabs turned into spaces, cells lost)."""
        return self.columns is not None and len(self.cells) < self.columns

    def get(self, column: str) -> str:
        return dict(self.cells).get(column, "")


def read_rows(path: str | Path) -> list[RawRow]:
    """The rows of a glossary file with their line numbers; GlossaryError on a bad header or encoding."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise GlossaryError(f"{path}: cannot read ({error.strerror})") from error
    except UnicodeDecodeError as error:
        raise GlossaryError(f"{path}: not UTF-8 ({error.reason})", hint="save the file as UTF-8") from error
    return parse_rows(text, str(path))


def parse_rows(text: str, path: str = "<glossary>") -> list[RawRow]:
    lines = text.removeprefix("\ufeff").split("\n")
    rows: list[RawRow] = []
    header: list[str] | None = None
    for number, line in enumerate(lines, start=1):
        line = line.removesuffix("\r")
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = [cell.strip() for cell in cells]
            unknown = [c for c in header if c not in COLUMNS]
            repeated = sorted({c for c in header if header.count(c) > 1})
            if repeated:
                raise GlossaryError(f"{path}:{number}: bad header (column {repeated[0]!r} twice)",
                                    hint="the header is: " + " ".join(COLUMNS))
            if unknown or "en" not in header:
                raise GlossaryError(
                    f"{path}:{number}: bad header (unknown columns {unknown})" if unknown
                    else f"{path}:{number}: header has no 'en' column",
                    hint="the header is: " + " ".join(COLUMNS),
                )
            continue
        if len(cells) > len(header):
            raise GlossaryError(f"{path}:{number}: {len(cells)} cells but {len(header)} columns",
                                hint="a form contains a tab, or a column is missing from the header")
        rows.append(RawRow(path, number, tuple(zip(header, cells)), len(header)))
    if header is None:
        raise GlossaryError(f"{path}: empty glossary file", hint="the first line is the header: " + " ".join(COLUMNS))
    return rows


def parse_variants(cell: str, origin: str = "") -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``"ar:أ|ب; ru:в"`` → ``(("ar", ("أ", "ب")), ("ru", ("в",)))``, languages in column order."""
    groups: dict[str, list[str]] = {}
    for group in cell.split(";"):
        if not group.strip():
            continue
        language, colon, forms = group.partition(":")
        language = language.strip()
        if not colon or language not in ALL_LANGUAGES:
            raise GlossaryError(f"{origin}: bad variants group {group.strip()!r}",
                                hint="write variants as  ar:form|form; ru:form  with languages " + ", ".join(ALL_LANGUAGES))
        groups.setdefault(language, []).extend(f.strip() for f in forms.split("|") if f.strip())
    return tuple((lang, tuple(dict.fromkeys(groups[lang]))) for lang in ALL_LANGUAGES if groups.get(lang))


def format_variants(variants: Iterable[tuple[str, tuple[str, ...]]]) -> str:
    return "; ".join(f"{lang}:{'|'.join(forms)}" for lang, forms in variants if forms)


def entry_from_row(row: RawRow) -> Entry:
    """Validate one row into an Entry; GlossaryError naming file:line on a value that can't work."""
    origin = row.origin
    if row.short:
        raise GlossaryError(f"{origin}: {len(row.cells)} of {row.columns} columns "
                            "(a tab-separated cell for every column, empty ones too: tabs may have become spaces)")
    for column, cell in row.cells:
        if column != "note" and any(char in cell for char in "\t\r\n"):
            raise GlossaryError(f"{origin}: a tab or line break in {column}")
        bad = next((char for char in cell if _unusable(char)), None)
        if bad is not None:
            raise GlossaryError(f"{origin}: control character U+{ord(bad):04X} in {column}",
                                hint="delete it: glossary cells hold text only")
        if "<" in cell or ">" in cell:
            raise GlossaryError(f"{origin}: {column} holds < or >", hint="glossary cells hold text, never markup")
        if column in ("en", *TARGET_LANGUAGES) and any(char in cell for char in "|;"):
            raise GlossaryError(f"{origin}: {column} form {cell.strip()!r} contains | or ;",
                                hint="those separate variants (ar:form|form; ru:form); put other forms in variants")
    en = row.get("en").strip()
    if not en:
        raise GlossaryError(f"{origin}: empty 'en' cell")
    kind = row.get("type").strip() or "term"
    if kind not in TYPES:
        raise GlossaryError(f"{origin}: type {kind!r} is not one of {', '.join(TYPES)}")
    status = row.get("status").strip() or "proposed"
    if status not in STATUSES:
        raise GlossaryError(f"{origin}: status {status!r} is not one of {', '.join(STATUSES)}")
    case_cell = row.get("case_sensitive").strip().lower()
    if case_cell not in ("", _YES, _NO, "true", "false"):
        raise GlossaryError(f"{origin}: case_sensitive {case_cell!r} is not yes or no")
    for column in _TIME_COLUMNS:
        _check_time(row.get(column).strip(), f"{origin}: {column}")
    targets = tuple((lang, row.get(lang).strip()) for lang in TARGET_LANGUAGES if row.get(lang).strip())
    variants = parse_variants(row.get("variants"), origin)
    for language, forms in (*((lang, (form,)) for lang, form in targets), *variants):
        for form in forms:
            _check_script(form, language, origin)
    return Entry(
        en=en,
        targets=targets,
        type=kind,
        status=status,
        variants=variants,
        case_sensitive=case_cell in (_YES, "true"),
        replacement=row.get("replacement").strip(),
        note=" ".join(row.get("note").split()),  # a TSV cell holds no tab or line break
        approved_by=row.get("approved_by").strip(),
        approved_at=row.get("approved_at").strip(),
        changed_by=row.get("changed_by").strip(),
        changed_at=row.get("changed_at").strip(),
        origin=origin,
    )


def _check_script(form: str, language: str, origin: str) -> None:
    """GlossaryError when a target form holds a character its language's script doesn't use."""
    from ..languages import get_language

    if language not in TARGET_LANGUAGES:
        return  # English forms: any text without markup or controls
    script = get_language(language).script
    char = foreign_character(form, script)
    if char is not None:
        raise GlossaryError(f"{origin}: {language} form {form!r} holds {char!r} (U+{ord(char):04X}), which is not "
                            f"{SCRIPT_NAMES[script]}",
                            hint=f"a {language} form is written in {SCRIPT_NAMES[script]}, with digits, spaces and "
                                 "the punctuation of names (- . ' ( ) / , « »)")


def _check_time(cell: str, what: str) -> None:
    if not cell:
        return
    try:
        if not _TIME_SHAPE.fullmatch(cell):
            raise ValueError
        datetime.strptime(cell, _TIME_FORMAT)
    except ValueError:
        raise GlossaryError(f"{what} {cell!r} is not an ISO 8601 UTC time",
                            hint="write it like 2025-01-31T09:30:00Z (UTC, to the second)") from None


def format_time(moment: datetime) -> str:
    """A timezone-aware datetime as a glossary time cell (UTC, to the second)."""
    if moment.tzinfo is None:
        raise ValueError("glossary times need a timezone-aware datetime")
    return moment.astimezone(timezone.utc).replace(microsecond=0, tzinfo=None).isoformat() + "Z"


def _unusable(char: str) -> bool:
    """A character no glossary form or note may hold (TBX and XML can't carry it either)."""
    import unicodedata

    return (char not in "\t\r\n" and unicodedata.category(char) in ("Cc", "Cs")) or char in "\ufffe\uffff"


def read_entries(path: str | Path) -> list[Entry]:
    """Every entry of one glossary file; GlossaryError (with file:line) on the first bad row."""
    return [entry_from_row(row) for row in read_rows(path)]


def sort_key(entry: Entry) -> tuple:
    return (entry.en.casefold(), entry.en, STATUSES.index(entry.status))


def entry_cells(entry: Entry) -> dict[str, str]:
    """An entry as its canonical cells, by column."""
    targets = dict(entry.targets)
    return {
        "en": entry.en,
        **{lang: targets.get(lang, "") for lang in TARGET_LANGUAGES},
        "type": entry.type,
        "status": entry.status,
        "variants": format_variants(entry.variants),
        "case_sensitive": _YES if entry.case_sensitive else _NO,
        "replacement": entry.replacement,
        "note": entry.note,
        "approved_by": entry.approved_by,
        "approved_at": entry.approved_at,
        "changed_by": entry.changed_by,
        "changed_at": entry.changed_at,
    }


def format_tsv(entries: Iterable[Entry]) -> str:
    """The canonical file text: fixed header, rows sorted by English form, trailing newline."""
    lines = ["\t".join(COLUMNS)]
    for entry in sorted(entries, key=sort_key):
        cells = entry_cells(entry)
        lines.append("\t".join(cells[column] for column in COLUMNS))
    return "\n".join(lines) + "\n"


def write_tsv(entries: Iterable[Entry], path: str | Path, *, check: Callable[[Path], None] | None = None) -> None:
    """Write the canonical text atomically: a temp file in the same folder, then ``os.replace``.

    ``check(temp_path)`` may refuse the new text by raising: the file is then left as it was.
    """
    path = Path(path)
    try:
        replace_file(path, format_tsv(entries).encode("utf-8"), check=check,
                     mode=path.stat().st_mode & 0o7777 if path.exists() else 0o644)
    except OSError as error:
        raise GlossaryError(f"{path}: cannot write ({error.strerror})") from error


def glossary_from_entries(entries: Iterable[Entry]) -> Glossary:
    """A Glossary whose version hashes the canonical text of its entries."""
    entries = tuple(sorted(entries, key=sort_key))
    digest = hashlib.sha256(format_tsv(entries).encode("utf-8")).hexdigest()[:12]
    return Glossary(entries=entries, version=digest)


def load_glossary(paths: Iterable[str | Path]) -> Glossary:
    """Read and merge glossary files; GlossaryError on the first malformed row."""
    entries: list[Entry] = []
    for path in paths:
        entries.extend(read_entries(path))
    return glossary_from_entries(entries)
