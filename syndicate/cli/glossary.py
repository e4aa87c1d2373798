"""`syndicate glossary`: lint, coverage, export, import, fmt, and the editors' approve, deprecate and add."""

from __future__ import annotations

from pathlib import Path

import click

from ..glossary.model import NEW_STATUSES, TYPES
from . import cli
from .options import timeout_option

glossary_files = click.argument("files", nargs=-1, type=click.Path())
editor_option = click.option("--editor", required=True, metavar="NAME",
                             help="Who makes the change, recorded with the time (UTC) in the entry.")
file_option = click.option("--file", type=click.Path(dir_okay=False, path_type=Path), default=None,
                           help="The glossary file to edit (default: the one in force holding the entry; "
                                "for add, the first one in force).")


@cli.group("glossary")
def glossary_group() -> None:
    """Term glossaries (glossaries/*.tsv): check them, see what an article uses, exchange them, and
    approve (or undo an approval), deprecate or add entries (signed with the editor's name and the time)."""


@glossary_group.command("lint")
@glossary_files
def lint_command(files: tuple[str, ...]) -> None:
    """Check glossary FILES or folders (default: the project's glossaries and the Dari table in force);
    exit 6 on errors.

    A folder stands for its *.tsv files. A Dari localization table (first line
    `# iranian<TAB>afghan<TAB>note`, like syndicate/data/dari-localization.tsv) is checked as one:
    2 or 3 cells a row, no repeated word, Persian letters only.
    """
    from ..errors import GlossaryError
    from ..glossary.files import lint_paths
    from ..glossary.lint import lint_files
    from ..settings import load_settings

    report = lint_files(lint_paths(files, load_settings()))
    for issue in report.issues:
        click.echo(str(issue))
    summary = (f"{report.entries} entries in {len(report.files)} file(s): "
               f"{len(report.errors)} error(s), {len(report.warnings)} warning(s)")
    if report.errors:
        raise GlossaryError(summary, hint="fix the lines named above")
    click.echo(summary)


@glossary_group.command("coverage")
@click.argument("source")
@click.option("--glossary", "files", multiple=True, type=click.Path(dir_okay=False),
              help="Glossary file to use (repeatable; default: the project's glossaries).")
@click.option("--min-count", type=int, default=2, show_default=True,
              help="How often an unlisted name must occur to be suggested.")
@timeout_option
def coverage_command(source: str, files: tuple[str, ...], min_count: int, timeout: float | None) -> None:
    """Which glossary terms the article at SOURCE (URL, HTML or .txt file) uses, and which
    frequent names in it have no entry yet."""
    from ..glossary.coverage import coverage_of_article
    from ..glossary.files import glossary_paths
    from ..glossary.tsv import load_glossary
    from ..job import scrape
    from ..settings import load_settings

    settings = load_settings(timeout=timeout)
    glossary = load_glossary(glossary_paths(files, settings))
    article = scrape(source, settings, allow_non_english=True)
    report = coverage_of_article(article, glossary, min_count=min_count)
    click.echo(f"{len(report.terms)} glossary terms, {report.occurrences} occurrences:")
    for use in report.terms:
        click.echo(f"  {use.count:4d}  {use.en}  ({use.type}, {use.status})")
    click.echo(f"{len(report.candidates)} names without an entry (seen {min_count}+ times):")
    for candidate in report.candidates:
        click.echo(f"  {candidate.count:4d}  {candidate.text}")


@glossary_group.command("export")
@glossary_files
@click.option("--format", "output_format", type=click.Choice(["tbx", "csv"]), default="tbx", show_default=True,
              help="tbx: TBX-Basic XML; csv: one row per concept, language codes as headers.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="File to write (default: standard output).")
def export_command(files: tuple[str, ...], output_format: str, output: str | None) -> None:
    """Export glossary FILES or folders of them (default: the project's glossaries) as TBX-Basic or CSV."""
    from ..glossary.files import glossary_paths
    from ..glossary.tbx import export_glossary
    from ..settings import load_settings

    text = export_glossary(glossary_paths(files, load_settings()), output_format)
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


@glossary_group.command("import")
@click.argument("source", type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Glossary TSV to write (default: glossaries/<name>.tsv).")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
def import_command(source: str, output: str | None, force: bool) -> None:
    """Import a TBX-Basic, CSV (language-code header) or TSV file as a canonical glossary TSV."""
    from ..glossary.tbx import import_glossary

    target = output or str(Path("glossaries") / f"{Path(source).stem}.tsv")
    count = import_glossary(source, target, overwrite=force)
    click.echo(f"{count} entries written to {target}")


@glossary_group.command("fmt")
@glossary_files
def fmt_command(files: tuple[str, ...]) -> None:
    """Rewrite glossary FILES or folders of them (default: the project's glossaries) in canonical form.

    Only files without lint errors are rewritten: if one has errors, none is touched (exit 6).
    """
    from ..glossary.files import glossary_paths
    from ..glossary.lint import canonicalize_files
    from ..settings import load_settings

    for path in canonicalize_files(glossary_paths(files, load_settings())):
        click.echo(f"rewrote {path}")


@glossary_group.command("approve")
@click.argument("en")
@editor_option
@file_option
def approve_command(en: str, editor: str, file: Path | None) -> None:
    """Approve the proposed entry EN (its English form, any case): its status becomes approved, with
    --editor and the time as approved_by/approved_at.

    Refused (exit 6) when the entry lacks a form an approved entry needs, or its file has lint errors.
    """
    from ..glossary.edit import approve_entry
    from ..glossary.files import default_glossary_paths
    from ..settings import load_settings

    entry = approve_entry(default_glossary_paths(load_settings()), en, editor, file=file)
    click.echo(f"approved {entry.en!r} at {entry.origin} (by {entry.approved_by}, {entry.approved_at})")


@glossary_group.command("unapprove")
@click.argument("en")
@editor_option
@file_option
def unapprove_command(en: str, editor: str, file: Path | None) -> None:
    """Undo the approval of EN: it is proposed again (still enforced, never blocking), its
    approver cleared, the change signed with --editor and the time."""
    from ..glossary.edit import unapprove_entry
    from ..glossary.files import default_glossary_paths
    from ..settings import load_settings

    entry = unapprove_entry(default_glossary_paths(load_settings()), en, editor, file=file)
    click.echo(f"{entry.en!r} at {entry.origin} is proposed again (approval undone by {entry.changed_by})")


@glossary_group.command("deprecate")
@click.argument("en")
@click.option("--replacement", required=True, metavar="OTHER_EN",
              help="The entry of the same file that EN is translated as from now on.")
@editor_option
@file_option
def deprecate_command(en: str, replacement: str, editor: str, file: Path | None) -> None:
    """Deprecate the entry EN: from now on it is translated as the --replacement entry.

    Refused (exit 6) when the replacement is not an entry of the same file, or is deprecated itself.
    """
    from ..glossary.edit import deprecate_entry
    from ..glossary.files import default_glossary_paths
    from ..settings import load_settings

    entry = deprecate_entry(default_glossary_paths(load_settings()), en, replacement, editor, file=file)
    click.echo(f"deprecated {entry.en!r} at {entry.origin}: translated as {entry.replacement!r} "
               f"(by {entry.changed_by}, {entry.changed_at})")


@glossary_group.command("add")
@click.argument("en")
@click.option("--type", "kind", required=True, type=click.Choice(TYPES),
              help="name (protected, its form inserted), term (translated, its form preferred) or dnt (kept in English).")
@click.option("--ar", metavar="FORM", help="The Arabic form.")
@click.option("--fa-AF", "fa_af", metavar="FORM", help="The Dari form.")
@click.option("--tg", metavar="FORM", help="The Tajik form.")
@click.option("--ru", metavar="FORM", help="The Russian form.")
@click.option("--note", default="", help="The editors' note.")
@click.option("--status", type=click.Choice(NEW_STATUSES), default="proposed", show_default=True,
              help="approved needs a form for every language (but dnt).")
@editor_option
@file_option
def add_command(en: str, kind: str, ar: str | None, fa_af: str | None, tg: str | None, ru: str | None, note: str,
                status: str, editor: str, file: Path | None) -> None:
    """Add the entry EN, signed with --editor and the time.

    Refused (exit 6) when EN (or a spelling of it) is an entry already in the glossaries in force.
    """
    from ..glossary.edit import add_entry
    from ..glossary.files import default_glossary_paths
    from ..settings import load_settings

    targets = {"ar": ar or "", "fa-AF": fa_af or "", "tg": tg or "", "ru": ru or ""}
    entry = add_entry(default_glossary_paths(load_settings()), en, type=kind, editor=editor, targets=targets,
                      note=note, status=status, file=file)
    click.echo(f"added {entry.en!r} ({entry.type}, {entry.status}) at {entry.origin} "
               f"(by {entry.changed_by}, {entry.changed_at})")
