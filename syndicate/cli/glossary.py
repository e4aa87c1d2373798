"""`syndicate glossary`: lint, coverage, export, import and fmt for editors' term glossaries."""

from __future__ import annotations

from pathlib import Path

import click

from . import cli
from .options import timeout_option

glossary_files = click.argument("files", nargs=-1, type=click.Path())


@cli.group("glossary")
def glossary_group() -> None:
    """Term glossaries (glossaries/*.tsv): check them, see what an article uses, exchange them."""


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
    from ..glossary.coverage import coverage_of_source
    from ..glossary.files import glossary_paths
    from ..glossary.tsv import load_glossary
    from ..settings import load_settings

    settings = load_settings(timeout=timeout)
    glossary = load_glossary(glossary_paths(files, settings))
    report = coverage_of_source(source, glossary, settings=settings, min_count=min_count)
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
    from ..glossary.tsv import canonicalize_files
    from ..settings import load_settings

    for path in canonicalize_files(glossary_paths(files, load_settings())):
        click.echo(f"rewrote {path}")
