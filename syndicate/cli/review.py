"""`syndicate review OUTPUT_DIR`: write the editors' review page of exported translations."""

from __future__ import annotations

from pathlib import Path

import click

from . import cli
from .options import config_option


@cli.command("review")
@click.argument("output_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--article", "slug", metavar="SLUG", help="Only this article of an export root.")
@config_option
def review_command(output_dir: Path, slug: str | None, config) -> None:
    """Write the editors' review page of exported translations.

    Writes <workspace>/review/<slug>.html for the article folder OUTPUT_DIR (DIR/<slug>), or for
    every article of the export root OUTPUT_DIR (or only --article SLUG), and prints each page's
    path. The workspace is private, never in the published folder: by default
    ~/.local/state/syndicate/workspaces/<name of DIR>-<hash>/ (setting workspace). Review pages an earlier
    version wrote into the published folder (DIR/<slug>/review.html) are deleted.

    The page sets each source sentence beside its translations, with glossary terms marked
    (hit, missing, forbidden, placeholder left; proposed entries outlined) and the counts per
    language at the top. It is self-contained: open it in a browser, no server needed.
    """
    from ..job.output import editorial_database
    from ..review.page import export_target, write_review_pages
    from ..settings import load_settings
    from .options import workspace_of

    root, slug = export_target(output_dir, slug)
    settings = load_settings(config, output_dir=str(root))
    workspace = workspace_of(settings)
    with editorial_database(settings, progress=lambda line: click.echo(line, err=True)) as store:
        pages = write_review_pages(store, workspace, slug, settings.blocking_checks)
    for path in pages.removed:
        click.echo(f"warning: deleted {path}: review pages (editors' notes) don't belong in the published folder",
                   err=True)
    for path in pages.written:
        click.echo(str(path))
