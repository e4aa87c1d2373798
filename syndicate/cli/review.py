"""`syndicate review OUTPUT_DIR`: write the editors' review page of exported translations."""

from __future__ import annotations

from pathlib import Path

import click

from . import cli


@cli.command("review")
@click.argument("output_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--article", "slug", metavar="SLUG", help="Only this article of an export root.")
def review_command(output_dir: Path, slug: str | None) -> None:
    """Write the editors' review page of exported translations.

    Writes <slug>/review.html for the article folder OUTPUT_DIR (DIR/<slug>), or for every
    article of the export root OUTPUT_DIR (or only --article SLUG), and prints each page's path.

    The page sets each source sentence beside its translations, with glossary terms marked
    (hit, missing, forbidden, placeholder left; proposed entries outlined) and the counts per
    language at the top. It is self-contained: open it in a browser, no server needed.
    """
    from ..review.page import write_review_pages

    for path in write_review_pages(output_dir, slug):
        click.echo(str(path))
