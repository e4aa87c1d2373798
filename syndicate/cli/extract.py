"""`syndicate extract SOURCE`: scrape an article and print it as JSON, plain text or clean HTML."""

from __future__ import annotations

import json

import click

from . import cli
from .options import profiles_option, source_fact_options, source_facts, timeout_option


@cli.command("extract")
@click.argument("source")
@click.option("--format", "output_format", type=click.Choice(["json", "text", "html"]), default="json",
              show_default=True,
              help="json: every Article field (captions are their image blocks' text); text: title and paragraphs, "
                   "then the images' captions under \"Captions:\"; html: clean body fragment.")
@profiles_option
@timeout_option
@source_fact_options
def extract_command(source: str, output_format: str, profile_files: tuple[str, ...], timeout: float | None,
                    authors, published, canonical_url) -> None:
    """Extract the article at SOURCE: an http(s) URL, a local HTML, text or Markdown file, or - for stdin."""
    from ..job import scrape
    from ..settings import load_settings

    settings = load_settings(timeout=timeout, profiles=tuple(profile_files) or None)
    facts = source_facts(authors, published, canonical_url)
    article = scrape(source, settings, allow_non_english=True, facts=facts)  # a non-English page is shown, with a note
    if article.language and article.language != "en":
        probability = f", p={article.language_probability}" if article.language_probability is not None else ""
        click.echo(f"Note: the article looks like language {article.language!r}{probability}, not English.", err=True)
    if output_format == "json":
        click.echo(json.dumps(article.to_dict(), ensure_ascii=False, indent=2))
    elif output_format == "text":
        captions = article.captions()
        click.echo("\n\n".join([article.title, *article.paragraphs(), *(["Captions:", *captions] if captions else [])]))
    else:
        from ..export.render import blocks_to_html

        click.echo(blocks_to_html(article.blocks, base_url=article.source_url))
