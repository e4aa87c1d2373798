"""`syndicate translate SOURCE`: scrape, translate into each language, export HTML, ninjs and RSS."""

from __future__ import annotations

import json
import sys

import click

from . import cli
from .options import job_options, job_settings


@cli.command("translate")
@click.argument("source")
@job_options
def translate_command(source, targets, out_dir, base_url, glossary_files, no_glossary, config, models_dir,
                      profile_files, allow_non_english, yes, as_json):
    """Republish the article at SOURCE (URL, HTML file, or - for stdin) in other languages.

    \b
    Writes, in the export folder:
      <slug>/<lang>.html        a syndication-ready page per language
      <slug>/<lang>.ninjs.json  the same as IPTC ninjs
      <slug>/article.json       source, translations, versions and glossary QA
      feeds/<lang>.xml          one RSS feed per language (merged, newest first)
      index.html                every article and its languages

    \b
    Examples:
      syndicate translate https://www.ammonnews.net/article/... --to ar,fa-AF,tg,ru
      syndicate translate saved-page.html --to prs --out /srv/syndication --base-url https://partner.example/op-eds/

    Everything but fetching a URL works offline once the models are installed
    (`syndicate models install ar fa-AF tg ru`). Exit codes: 0 all languages exported,
    8 some failed (the others are exported), otherwise the error's code.
    """
    from .. import errors
    from ..translate.engine import Engine
    from ..job import load_hook, syndicate_source

    settings, languages = job_settings(config, out_dir, base_url, models_dir, targets)
    hook = load_hook(settings, glossary_files, use_glossary=not no_glossary)
    offer_missing_models(languages, settings, assume_yes=yes)

    def progress(line: str) -> None:
        click.echo(line, err=True)

    progress(describe_glossary(hook, no_glossary))
    with Engine.from_settings(settings) as engine:
        result = syndicate_source(
            source, languages, settings, engine=engine, hook=hook, progress=progress,
            profile_files=profile_files,
            allow_non_english=allow_non_english,
        )
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print_summary(result)
    if result.failed and not result.exported:
        first = result.failed[0]  # its message carries the hint already
        raise getattr(errors, first.error_kind, errors.SyndicateError)(first.error)
    if result.failed:
        failed = ", ".join(o.language for o in result.failed)
        raise errors.PartialFailure(f"{failed} failed; {', '.join(result.exported)} exported")


def offer_missing_models(languages, settings, *, assume_yes: bool) -> None:
    """Install missing models when the user agrees (or said --yes) and the index answers.

    Offline, or when the user declines, nothing happens here: the languages without a model
    fail with the error that names the install command, the others go on.
    """
    from ..errors import ModelError
    from ..translate.packages import fetch_index, index_json_url, install_languages, models_report

    missing = [s.language for s in models_report(settings.resolved_models_dir(), languages).languages if not s.ready]
    if not missing:
        return
    interactive = sys.stdin.isatty() and sys.stderr.isatty()
    if not (assume_yes or interactive):
        return
    try:
        offered = fetch_index(index_json_url(None), timeout=min(settings.timeout, 5.0))
    except ModelError:
        return  # offline: translating names the install command for each missing language
    tags = " ".join(lang.tag for lang in missing)
    if not assume_yes and not click.confirm(f"No model installed for {tags}. Download it from the Argos index now?",
                                            err=True):
        return
    install_languages(missing, settings.resolved_models_dir(), timeout=settings.timeout, offered=offered)


def describe_glossary(hook, no_glossary: bool) -> str:
    entries = getattr(getattr(hook, "glossary", None), "entries", None)
    if entries is not None:
        return f"glossary: {len(entries)} entries enforced ({hook.version})"
    if no_glossary:
        return "glossary: none (--no-glossary)"
    return "glossary: none found (no glossaries/*.tsv here or in the config; pass --glossary FILE)"


def print_summary(result) -> None:
    from ..job import format_terms

    click.echo(f"{result.article.title}")
    for outcome in result.outcomes:
        if outcome.ok:
            terms = f"  terms: {format_terms(outcome.terms)}" if outcome.terms else ""
            click.echo(f"  {outcome.language:<6} exported{terms}")
        else:
            click.echo(f"  {outcome.language:<6} FAILED: {outcome.error}")
    if result.folder:
        click.echo(f"Files: {len(result.files)} written, pages in {result.folder}")

