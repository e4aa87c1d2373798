"""Glossary entries: one concept per entry, its target forms per language, and how to enforce it.

Semantics of the columns:

- ``type``: ``name`` (people, places: protected through the model by a placeholder and its target
  form inserted), ``term`` (the model translates it; the n-best hypothesis with an accepted form is
  preferred, a protected substitution is the fallback), ``dnt`` (do not translate: the English form
  is kept unless a language cell gives another form).
- ``status``: ``approved`` and ``proposed`` entries are both enforced (checks carry the status so
  reviewers see which rest on unconfirmed forms); a ``deprecated`` entry is an English term that is
  translated as its ``replacement`` entry; a ``forbidden`` entry lists target forms that must never
  appear in output: they are replaced by the ``replacement`` entry's form, or flagged.
- ``variants``: other accepted forms per language (``en`` variants are alternative source spellings).
- ``approved_by``/``approved_at``: the editor who approved the entry and when; ``changed_by``/``changed_at``:
  who made the last change through ``syndicate glossary`` and when. Times are ISO 8601 UTC to the second
  (``2025-01-31T09:30:00Z``); a later deprecation keeps the approval on record.
"""

from __future__ import annotations

from dataclasses import dataclass, field

TARGET_LANGUAGES: tuple[str, ...] = ("ar", "fa-AF", "tg", "ru")
ALL_LANGUAGES: tuple[str, ...] = ("en", *TARGET_LANGUAGES)
TYPES: tuple[str, ...] = ("name", "term", "dnt")
STATUSES: tuple[str, ...] = ("approved", "proposed", "deprecated", "forbidden")
NEW_STATUSES: tuple[str, ...] = ("proposed", "approved")  # what `syndicate glossary add` creates
PROTECTED_TYPES: tuple[str, ...] = ("name", "dnt")

# What a target form may hold besides its script's letters: digits of any script, spaces, ZWNJ
# (Persian and Dari words), the punctuation names use, and combining stress marks (Russian).
FORM_PUNCTUATION = frozenset(" -\u2010\u2011\u2013.'\u2019\u02bc()/,\u060c\u00ab\u00bb\"\u201c\u201d\u201e&:\u00b7"
                             "\u200c\u0301")
_SCRIPT_RANGES = {
    "Arab": ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)),
    "Cyrl": ((0x0400, 0x052F), (0x1C80, 0x1C8F), (0x2DE0, 0x2DFF), (0xA640, 0xA69F)),
}
SCRIPT_NAMES = {"Arab": "Arabic script", "Cyrl": "Cyrillic"}


def foreign_character(form: str, script: str) -> str | None:
    """The first character of ``form`` that a form in ``script`` ("Arab", "Cyrl") can't hold, or None.

    Markup (``<img onerror=…>``) as the Arabic form of a name would be written into every
    translation by the enforcer: a form is letters of its language's script and little else."""
    ranges = _SCRIPT_RANGES[script]
    for char in form:
        if char in FORM_PUNCTUATION or char.isdecimal():
            continue
        if not any(low <= ord(char) <= high for low, high in ranges):
            return char
    return None


@dataclass(frozen=True)
class Entry:
    """One glossary concept. ``targets`` and ``variants`` are keyed by language tag."""

    en: str
    targets: tuple[tuple[str, str], ...] = ()  # (language, form); only non-empty cells
    type: str = "term"
    status: str = "proposed"
    variants: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (language, forms)
    case_sensitive: bool = False
    replacement: str = ""
    note: str = ""
    approved_by: str = ""
    approved_at: str = ""
    changed_by: str = ""
    changed_at: str = ""
    origin: str = field(default="", compare=False)  # "file:line", for messages

    def target(self, language: str) -> str:
        """The primary form for ``language``; a dnt entry falls back to its English form."""
        form = dict(self.targets).get(language, "")
        if not form and self.type == "dnt":
            return self.en
        return form

    def variant_forms(self, language: str) -> tuple[str, ...]:
        return dict(self.variants).get(language, ())

    def forms(self, language: str) -> tuple[str, ...]:
        """Every accepted form for ``language``: the primary one first, then the variants."""
        primary = self.target(language)
        forms = ((primary,) if primary else ()) + self.variant_forms(language)
        return tuple(dict.fromkeys(forms))

    def source_forms(self) -> tuple[str, ...]:
        """The English form and its alternative spellings."""
        return tuple(dict.fromkeys((self.en, *self.variant_forms("en"))))

    @property
    def protected(self) -> bool:
        return self.type in PROTECTED_TYPES


@dataclass(frozen=True)
class Glossary:
    """Entries loaded from one or more files; ``version`` is a hash of their canonical content."""

    entries: tuple[Entry, ...]
    version: str = "empty"

    def find(self, en: str) -> Entry | None:
        """The non-forbidden entry whose English form is ``en`` (case-insensitive), if any."""
        wanted = en.casefold()
        for entry in self.entries:
            if entry.status != "forbidden" and entry.en.casefold() == wanted:
                return entry
        return None

    def source_entries(self) -> tuple[Entry, ...]:
        """Entries matched in source text: everything but forbidden target forms."""
        return tuple(e for e in self.entries if e.status != "forbidden")

    def forbidden_entries(self) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.status == "forbidden")

    def effective(self, entry: Entry) -> Entry:
        """The entry whose target forms a source match is enforced with (deprecated → replacement)."""
        if entry.status == "deprecated" and entry.replacement:
            replacement = self.find(entry.replacement)
            if replacement is not None and replacement.status != "deprecated":
                return replacement
        return entry
