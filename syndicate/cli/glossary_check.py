"""`syndicate glossary check OUTPUT_DIR`: the glossary QA of exported translations, a publishing gate."""

from __future__ import annotations

from pathlib import Path

import click

from . import echo_json
from .glossary import glossary_group
from .options import config_option, json_option


@glossary_group.command("check")
@click.argument("output_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--article", "slug", metavar="SLUG", help="Check only this article of an export root.")
@click.option("--problems", "problems_only", is_flag=True, help="List only the checks that aren't hits.")
@config_option
@json_option("Print the QA as JSON on stdout.")
def check_command(output_dir: Path, slug: str | None, problems_only: bool, config, as_json: bool) -> None:
    """Glossary QA of exported translations: a publishing gate.

    OUTPUT_DIR is an article folder DIR/<slug>, or the export root DIR: every article in it,
    or only --article SLUG. Drafts count: the editions' working text comes from the editorial
    database in the workspace, so an edition the gate kept out is checked too.

    \b
    One row per term check: ! (blocking), term, language, status (hit, miss, forbidden,
    placeholder), sentence number (as on the review page), glossary entry status, and the
    form found / the accepted forms; then the counts per language.

    Then the sentences the quality checks flagged (numbers missing, untranslated, Latin left,
    length, repetition, cut off, inconsistent).

    Exits with 6 when an approved entry is missed, a forbidden form appears, a placeholder is
    left over or a sentence has a flag the setting blocking_checks names (default: cut_off), so
    it can gate publishing; problems on proposed entries and other flags are only reported.
    """
    from ..errors import GlossaryError
    from ..job.output import editorial_database
    from ..review.page import export_target
    from ..review.qa import check_export, format_report
    from ..settings import load_settings
    from .options import workspace_of

    root, slug = export_target(output_dir, slug)
    settings = load_settings(config, output_dir=str(root))
    workspace_of(settings)  # moves a workspace an earlier version kept next to the folder
    with editorial_database(settings, progress=lambda line: click.echo(line, err=True)) as store:
        report = check_export(store, root, slug, settings.blocking_checks)
    if as_json:
        echo_json(report.to_dict())
    else:
        click.echo(format_report(report, problems_only=problems_only), nl=False)
    if report.blocking:
        flagged = report.blocking_flags
        message = f"{report.blocking - flagged} glossary problem(s) among approved entries"
        if flagged:
            message += f", {flagged} flagged sentence(s) that block (setting blocking_checks)"
        raise GlossaryError(message, hint="fix the translations or the glossary; the rows marked ! list them")
