"""Exchange formats: TBX-Basic (TBX v3 DCA; v2 ``martif`` files are read too) and CSV.

Each concept becomes a ``conceptEntry``; each language a ``langSec`` whose first ``termSec`` is the
primary form and whose ``termType=variant`` termSecs are the variants. The entry status is the
``administrativeStatus`` of every primary term (approved = preferred, proposed = admitted,
deprecated = deprecated, forbidden = superseded). syndicate's own fields travel as concept-level
notes ``syndicate-type: name``, ``syndicate-case-sensitive: yes``, ``syndicate-replacement: …``,
``syndicate-approved-by: …``, ``syndicate-approved-at: 2025-01-31T09:30:00Z`` (and ``changed-by``,
``changed-at``); any other note is the editors' note. Export then import gives back the same entries.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from ..errors import GlossaryError, UsageError
from ..languages import get_language
from .model import ALL_LANGUAGES, Entry
from .tsv import COLUMNS, RawRow, entry_cells, entry_from_row, format_variants, read_entries, sort_key, write_tsv

TBX_NAMESPACE = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ADMIN_STATUS = {
    "approved": "preferredTerm-admn-sts",
    "proposed": "admittedTerm-admn-sts",
    "deprecated": "deprecatedTerm-admn-sts",
    "forbidden": "supersededTerm-admn-sts",
}
_STATUS_OF_ADMIN = {value: key for key, value in ADMIN_STATUS.items()}
_NOTE_FIELDS = ("type", "case-sensitive", "replacement", "approved-by", "approved-at", "changed-by", "changed-at")
_NOTE_PREFIX = "syndicate-"


def language_column(code: str) -> str:
    """A language code from a file header (``en-US``, ``prs``, ``tgk``…) as a glossary column."""
    code = code.strip()
    if code.lower().split("-")[0] == "en":
        return "en"
    return get_language(code).tag  # UsageError for an unknown language


# -- TBX ---------------------------------------------------------------------------------------
def format_tbx(entries: Iterable[Entry]) -> str:
    """The entries as a TBX-Basic document (UTF-8 XML text)."""
    from lxml import etree

    root = etree.Element("tbx", nsmap={None: TBX_NAMESPACE}, type="TBX-Basic", style="dca")
    root.set(XML_LANG, "en")
    header = etree.SubElement(root, "tbxHeader")
    source = etree.SubElement(etree.SubElement(header, "fileDesc"), "sourceDesc")
    etree.SubElement(source, "p").text = "syndicate term glossary"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for number, entry in enumerate(sorted(entries, key=sort_key), start=1):
        concept = etree.SubElement(body, "conceptEntry", id=f"c{number}")
        cells = entry_cells(entry)
        fields = {name: cells[name.replace("-", "_")] for name in _NOTE_FIELDS}
        for name in _NOTE_FIELDS:
            if fields[name]:
                etree.SubElement(concept, "note").text = f"{_NOTE_PREFIX}{name}: {fields[name]}"
        if entry.note:
            etree.SubElement(concept, "note").text = entry.note
        for language in ALL_LANGUAGES:
            primary = entry.en if language == "en" else dict(entry.targets).get(language, "")
            variants = entry.variant_forms(language)
            if not primary and not variants:
                continue
            lang_sec = etree.SubElement(concept, "langSec")
            lang_sec.set(XML_LANG, language)
            if primary:
                _term_sec(lang_sec, primary, "fullForm", ADMIN_STATUS[entry.status])
            for form in variants:
                _term_sec(lang_sec, form, "variant", None)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True).decode("utf-8")


def _term_sec(parent, form: str, term_type: str, admin_status: str | None) -> None:
    from lxml import etree

    term_sec = etree.SubElement(parent, "termSec")
    etree.SubElement(term_sec, "term").text = form
    etree.SubElement(term_sec, "termNote", type="termType").text = term_type
    if admin_status:
        etree.SubElement(term_sec, "termNote", type="administrativeStatus").text = admin_status


def parse_tbx(data: bytes, origin: str = "<tbx>") -> list[Entry]:
    """Entries from a TBX (v3 DCA or v2 martif) document; concepts without English are skipped."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise GlossaryError(f"{origin}: not well-formed XML ({error})") from error
    entries = []
    for concept in root.iter():
        if _local(concept) not in ("conceptEntry", "termEntry"):
            continue
        line = f"{origin}:{concept.sourceline}"
        cells: dict[str, str] = {}
        variants: dict[str, list[str]] = {}
        notes = []
        for child in concept:
            if _local(child) == "note" and child.text:
                name, colon, value = child.text.partition(": ")
                if colon and name.startswith(_NOTE_PREFIX) and name[len(_NOTE_PREFIX):] in _NOTE_FIELDS:
                    cells[name[len(_NOTE_PREFIX):].replace("-", "_")] = value.strip()
                else:
                    notes.append(child.text.strip())
            elif _local(child) in ("langSec", "langSet"):
                try:
                    language = language_column(child.get(XML_LANG, ""))
                except UsageError:
                    continue  # a language syndicate does not translate into
                for form, term_type, admin in _terms(child):
                    if any(char in form for char in "|;\t\r\n"):
                        raise GlossaryError(f"{line}: term {form!r} contains | ; or a line break",
                                            hint="glossary forms can't hold these characters")
                    if term_type != "variant" and language not in cells:
                        cells[language] = form
                        if language == "en" and admin in _STATUS_OF_ADMIN:
                            cells["status"] = _STATUS_OF_ADMIN[admin]
                    else:
                        variants.setdefault(language, []).append(form)
        if "en" not in cells:
            continue
        cells["note"] = " ".join(notes)
        cells["variants"] = format_variants(variants.items())
        entries.append(entry_from_row(RawRow(origin, concept.sourceline or 0, tuple(cells.items()))))
    return entries


def _terms(lang_sec):
    for term_sec in lang_sec:
        if _local(term_sec) not in ("termSec", "tig", "ntig"):
            continue
        form, term_type, admin = "", "", ""
        for element in term_sec.iter():
            if _local(element) == "term":
                form = "".join(element.itertext()).strip()
            elif _local(element) == "termNote" and element.get("type") == "termType":
                term_type = (element.text or "").strip()
            elif _local(element) == "termNote" and element.get("type") == "administrativeStatus":
                admin = (element.text or "").strip()
        if form:
            yield form, term_type, admin


def _local(element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


# -- CSV ---------------------------------------------------------------------------------------
def format_csv(entries: Iterable[Entry]) -> str:
    """The entries as CSV with the glossary's columns (language codes as headers)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for entry in sorted(entries, key=sort_key):
        cells = entry_cells(entry)
        writer.writerow([cells[column] for column in COLUMNS])
    return out.getvalue()


def parse_csv(text: str, origin: str = "<csv>") -> list[Entry]:
    """Entries from CSV whose header names languages (en, ar, prs, tg, ru…) and optional columns."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    try:
        header = next(reader)
    except StopIteration:
        raise GlossaryError(f"{origin}: empty CSV file") from None
    except csv.Error as error:
        raise _not_csv(origin, reader.line_num, error) from error
    columns = []
    for name in header:
        name = name.strip()
        if name in COLUMNS:
            columns.append(name)
        else:
            try:
                columns.append(language_column(name))
            except UsageError:
                raise GlossaryError(f"{origin}:1: unknown column {name!r}",
                                    hint="columns are language codes and " + ", ".join(COLUMNS[5:])) from None
    if "en" not in columns:
        raise GlossaryError(f"{origin}:1: no English (en) column")
    entries = []
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            entries.append(entry_from_row(RawRow(origin, reader.line_num, tuple(zip(columns, row)))))
    except csv.Error as error:
        raise _not_csv(origin, reader.line_num, error) from error
    return entries


def _not_csv(origin: str, line: int, error: csv.Error) -> GlossaryError:
    return GlossaryError(f"{origin}:{line}: not valid CSV ({error})", hint="quote cells that hold line breaks or commas")


# -- files -------------------------------------------------------------------------------------
EXPORT_FORMATS = ("tbx", "csv")


def export_entries(entries: Iterable[Entry], format: str) -> str:
    """The entries as ``tbx`` or ``csv`` text."""
    if format == "tbx":
        return format_tbx(entries)
    if format == "csv":
        return format_csv(entries)
    raise UsageError(f"unknown export format {format!r}", hint="use " + " or ".join(EXPORT_FORMATS))


def import_entries(path: str | Path) -> list[Entry]:
    """Entries from a .tbx/.xml (TBX-Basic), .csv or .tsv file."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        data = path.read_bytes()
    except OSError as error:
        raise GlossaryError(f"{path}: cannot read ({error.strerror})") from error
    if suffix in (".tbx", ".xml"):
        return parse_tbx(data, str(path))
    if suffix == ".tsv":
        return read_entries(path)
    if suffix == ".csv":
        try:
            return parse_csv(data.decode("utf-8"), str(path))
        except UnicodeDecodeError as error:
            raise GlossaryError(f"{path}: not UTF-8", hint="save the CSV as UTF-8") from error
    raise GlossaryError(f"{path}: unknown glossary file type {suffix or '(none)'}", hint="use .tbx, .csv or .tsv")



def import_glossary(source: str | Path, output: str | Path, *, overwrite: bool = False) -> int:
    """Write the entries of a TBX/CSV/TSV file to ``output`` as a canonical glossary TSV; returns
    how many entries it holds."""
    output = Path(output)
    if output.exists() and not overwrite:
        raise GlossaryError(f"{output} already exists", hint="pass --force to replace it, or choose --output")
    entries = import_entries(source)
    if not entries:
        raise GlossaryError(f"{source}: no entries with an English term")
    write_tsv(entries, output)
    return len(entries)


def export_glossary(paths: Iterable[str | Path], format: str) -> str:
    """The entries of glossary files as ``tbx`` or ``csv`` text."""
    entries: list[Entry] = []
    for path in paths:
        entries.extend(read_entries(path))
    return export_entries(entries, format)
