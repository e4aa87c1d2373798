"""`syndicate translate SOURCE`: scrape, translate into each language, export HTML, ninjs and RSS."""

from __future__ import annotations

import sys

import click

from . import cli, echo_json
from .options import job_options, job_settings, source_fact_options, source_facts
from .progress import SentenceCounter


@cli.command("translate")
@click.argument("source")
@job_options
@source_fact_options
def translate_command(source, targets, out_dir, base_url, glossary_files, no_glossary, publish, routes, config, models_dir,
                      profile_files, allow_non_english, yes, as_json, authors, published, canonical_url):
    """Republish the article at SOURCE (URL, HTML file, text or Markdown file, or - for stdin) in other languages.

    A .txt or .md op-ed not yet published is welcome: its first line (or # heading) is the title,
    blank lines separate paragraphs; give --author, --date and --canonical-url for the credit.

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

    
    What reaches the feeds (--publish, setting publish):
      immediate    each edition that passes the publishing gate is published now (default)
      on-approval  editions are drafts, kept in the workspace, until `syndicate approve`
    Either way an edition with blocking problems (a missed approved term, a forbidden form, a
    leftover placeholder, a blocking_checks flag) stays a draft and the exit code is 8; only
    `syndicate approve SLUG LANG --override --reason TEXT` lets it through.

    Everything but fetching a URL works offline once the models are installed
    (`syndicate models install ar fa-AF tg ru`). Exit codes: 0 all languages exported,
    8 some failed or were kept out by the gate (the others are exported), otherwise the
    error's code.
    """
    from ..errors import PartialFailure, error_class
    from ..job import load_hook, run
    from ..translate.engine import Engine

    settings, languages = job_settings(config, out_dir, base_url, models_dir, targets, profile_files, publish,
                                       routes)
    facts = source_facts(authors, published, canonical_url)
    hook = load_hook(settings, glossary_files, use_glossary=not no_glossary)
    offer_missing_models(languages, settings, assume_yes=yes)

    counter = SentenceCounter(live=sys.stderr.isatty())

    def progress(line: str) -> None:
        counter.clear()
        click.echo(line, err=True)

    progress(describe_glossary(hook, no_glossary))
    with Engine.from_settings(settings) as engine:
        result = run(source, languages, settings, engine=engine, hook=hook, progress=progress, sentences=counter,
                     allow_non_english=allow_non_english, facts=facts)
    if as_json:
        echo_json(result.to_dict())
    else:
        print_summary(result)
    if result.failed and not result.exported:  # each failure's message and hint are on its progress line
        failed = ", ".join(f"{o.language} ({o.error_kind})" for o in result.failed)
        hint = "the `translate LANG: failed:` lines above say why"
        if all("syndicate models install" in (o.error or "") for o in result.failed):  # the reason is said above
            hint = (f"install: syndicate models install {' '.join(o.language for o in result.failed)}; "
                    "offline: syndicate models install --from FILE.argosmodel")
        raise error_class(result.failed[0].error_kind)(f"nothing exported: {failed} failed", hint=hint)
    if result.failed:
        failed = ", ".join(o.language for o in result.failed)
        raise PartialFailure(f"{failed} failed; {', '.join(result.exported)} exported")
    if result.blocked:
        blocked = ", ".join(o.language for o in result.blocked)
        raise PartialFailure(f"{blocked} kept out of the feeds by the publishing gate (saved as drafts)",
                             hint=f"see `syndicate review --article {result.slug}`; correct the sentences "
                                  f"(syndicate correct {result.slug} LANG N TEXT) or publish anyway with "
                                  f"`syndicate approve {result.slug} LANG --override --reason TEXT`")


def offer_missing_models(languages, settings, *, assume_yes: bool) -> None:
    """Install missing models when the user agrees (or said --yes) and the index answers.

    Offline, or when the user declines, nothing happens here: the languages without a model
    fail with the error that names the install command, the others go on.
    """
    from ..errors import ModelError
    from ..translate.models_report import models_report
    from ..translate.routing import parse_routes
    from ..translate.packages import fetch_index, index_json_url, install_languages

    report = models_report(settings.resolved_models_dir(), languages, parse_routes(settings.routes))
    missing = [s.language for s in report.languages if not s.ready and s.family == "argos"]  # the index is Argos'
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
            click.echo(f"  {outcome.language:<6} {outcome_words(outcome.outcome)}{terms}")
            for reason in outcome.blocking[:5]:
                click.echo(f"         blocks: {reason}")
            if len(outcome.blocking) > 5:
                click.echo(f"         and {len(outcome.blocking) - 5} more (syndicate review)")
        else:
            click.echo(f"  {outcome.language:<6} FAILED ({outcome.error_kind})")  # the reason is on stderr
    if result.files:
        click.echo(f"Files: {len(result.files)} written, pages in {result.folder}")
    elif result.slug:
        click.echo(f"Nothing published yet: `syndicate status` lists the drafts, `syndicate approve {result.slug} LANG` "
                   "publishes one")


def outcome_words(outcome) -> str:
    """What the summary says of an editions.model.Outcome."""
    from ..editions.model import Outcome

    return {
        Outcome.PUBLISHED: "published",
        Outcome.UPDATED: "published (updated)",
        Outcome.UNCHANGED: "published (unchanged)",
        Outcome.DRAFT: "draft, waiting for approval (syndicate approve)",
        Outcome.BLOCKED: "BLOCKED, kept as a draft",
        Outcome.WITHDRAWN: "withdrawn (translated again, still withdrawn: syndicate approve re-publishes)",
    }.get(outcome, "exported")
