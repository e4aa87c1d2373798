"""Options shared by several commands, each defined once; JOB_OPTIONS are the main job's (`translate`, `batch run`)."""

from __future__ import annotations

from pathlib import Path

import click

from ..settings import PUBLISH_MODES

config_option = click.option("--config", type=click.Path(dir_okay=False),
                             help="Config file (default: ./syndicate.toml).")
models_dir_option = click.option(
    "--models-dir", type=click.Path(file_okay=False),
    help="Folder of installed models, Argos packages and converted folders (default: $SYNDICATE_MODELS_DIR, the config file's "
         "models_dir, $ARGOS_PACKAGES_DIR, then Argos' own folder).")
profiles_option = click.option(
    "--profiles", "profile_files", multiple=True, type=click.Path(dir_okay=False),
    help="Extra outlet profiles file (TOML, like syndicate/data/profiles.toml); repeatable "
         "(default: the config's `profiles`, $SYNDICATE_PROFILES).")
timeout_option = click.option("--timeout", type=float, default=None,
                              help="Seconds before fetching a URL gives up (default: the config's timeout, 20).")

JSON_REQUESTED = "syndicate.json"  # ctx.meta key (shared by every context of one invocation)


out_option = click.option(
    "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
    help="The output folder, which is public: pages, feeds and article.json (default: $SYNDICATE_OUTPUT, the "
         "config's output_dir, else ./output). Its private workspace (drafts, the editorial database) lives "
         "elsewhere: setting workspace.")

route_option = click.option(
    "--route", "routes", multiple=True, metavar="LANG=FAMILY",
    help="Translate LANG with a model of FAMILY (argos, marian, nllb, madlad), e.g. --route tg=nllb; repeatable "
         "(default: $SYNDICATE_ROUTES, the config's routes, else argos for all). `syndicate models list` shows "
         "each language's route.")


def json_option(help_text: str):
    """--json, which also tells the error reporter to print errors as a JSON object on stdout."""
    def remember(ctx, param, value):
        if value:
            ctx.meta[JSON_REQUESTED] = True
        return value

    return click.option("--json", "as_json", is_flag=True, callback=remember, help=help_text)


JOB_OPTIONS = (
    click.option("--to", "targets", metavar="LANGS",
                 help="Comma-separated output languages: ar, fa-AF (Dari; also prs, dari), tg (Tajik), ru. "
                      "Default: the config's `languages`, else all four."),
    out_option,
    click.option("--base-url", metavar="URL",
                 help="Public http(s) URL where the export folder is served, used in canonical links and feeds, "
                      "e.g. https://partner.example/op-eds/ (default: $SYNDICATE_BASE_URL, the config's base_url, "
                      "else http://localhost/ with a warning)."),
    click.option("--glossary", "glossary_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
                 help="Glossary TSV to enforce; repeatable (default: the config's, else glossaries/*.tsv)."),
    click.option("--no-glossary", is_flag=True, help="Translate without enforcing any glossary."),
    click.option("--publish", type=click.Choice(PUBLISH_MODES),
                 help="immediate: publish what passes the gate into the feeds now; on-approval: write drafts "
                      "that reach the feeds when an editor runs `syndicate approve` (default: $SYNDICATE_PUBLISH, "
                      "the config's publish, else immediate)."),
    route_option,
    config_option,
    models_dir_option,
    profiles_option,
    click.option("--allow-non-english", is_flag=True, help="Translate even articles that don't look English."),
    click.option("-y", "--yes", is_flag=True,
                 help="Install missing models from the Argos index without asking (when it is reachable)."),
    json_option("Print the summary as JSON on stdout."),
)


def job_options(command):
    """Apply JOB_OPTIONS to a command, in the order listed."""
    for option in reversed(JOB_OPTIONS):
        command = option(command)
    return command


def job_settings(config, out_dir, base_url, models_dir, targets, profile_files=(), publish=None, routes=()):
    """The Settings and target Languages that JOB_OPTIONS' values make (options over env over config).

    Warns on stderr, once, when base_url was left at its placeholder default.
    """
    from ..languages import parse_targets
    from ..settings import DEFAULT_BASE_URL, load_settings
    from ..translate.routing import parse_routes

    settings = load_settings(config, output_dir=str(out_dir) if out_dir else None, base_url=base_url,
                             models_dir=models_dir, profiles=tuple(profile_files) or None, publish=publish,
                             routes=merged_routes(config, routes))
    languages = parse_targets(targets or settings.languages)
    parse_routes(settings.routes)  # a bad LANG=FAMILY stops the run before anything is fetched
    if settings.uses_default_base_url:
        click.echo(f"warning: base_url is the default {DEFAULT_BASE_URL}: canonical links and feeds will point "
                   "there; set --base-url or base_url in syndicate.toml", err=True)
    return settings, languages


def merged_routes(config, given) -> tuple[str, ...] | None:
    """--route entries over the routes of the environment and config file (None: none given)."""
    if not given:
        return None
    from ..settings import load_settings
    from ..translate.routing import parse_routes

    merged = parse_routes(load_settings(config).routes) | parse_routes(given)
    return tuple(f"{tag}={family}" for tag, family in merged.items())


SOURCE_FACT_OPTIONS = (
    click.option("--author", "authors", multiple=True, metavar="NAME",
                 help="The article's author (repeatable): for a text or Markdown source, or to correct a page's byline."),
    click.option("--date", "published", metavar="YYYY-MM-DD",
                 help="When the original was published (ISO 8601 date or date-time)."),
    click.option("--canonical-url", metavar="URL", help="The original's address (http or https), credited and linked."),
)


def source_fact_options(command):
    """Apply SOURCE_FACT_OPTIONS to a command (translate, extract)."""
    for option in reversed(SOURCE_FACT_OPTIONS):
        command = option(command)
    return command


def source_facts(authors, published, canonical_url):
    """The SourceFacts those options make; UsageError for a date or URL that can't be used."""
    from datetime import datetime
    from urllib.parse import urlsplit

    from ..errors import UsageError
    from ..job import SourceFacts

    if published:
        try:
            datetime.fromisoformat(published.replace("Z", "+00:00"))
        except ValueError:
            raise UsageError(f"--date {published!r} is not an ISO 8601 date", hint="e.g. --date 2022-12-05") from None
    if canonical_url:
        parts = urlsplit(canonical_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise UsageError(f"--canonical-url {canonical_url!r} is not an http(s) URL",
                             hint="give the full address, e.g. https://outlet.example/op-ed")
    names = tuple(name.strip() for name in authors if name.strip())
    return SourceFacts(authors=names, published=published or None, canonical_url=canonical_url or None)


def workspace_of(settings):
    """The settings' workspace, with one an earlier version kept next to the output folder moved
    into it first (saying so on stderr)."""
    from ..workspace import Workspace

    workspace = Workspace.of(settings)
    moved = workspace.adopt_legacy_root()
    if moved:
        click.echo(f"warning: {moved}", err=True)
    return workspace
