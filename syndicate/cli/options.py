"""Options shared by several commands, each defined once; JOB_OPTIONS are the main job's (`translate`, `batch run`)."""

from __future__ import annotations

from pathlib import Path

import click

config_option = click.option("--config", type=click.Path(dir_okay=False),
                             help="Config file (default: ./syndicate.toml).")
models_dir_option = click.option(
    "--models-dir", type=click.Path(file_okay=False),
    help="Folder of installed Argos packages (default: $SYNDICATE_MODELS_DIR, the config file's "
         "models_dir, $ARGOS_PACKAGES_DIR, then Argos' own folder).")
profiles_option = click.option(
    "--profiles", "profile_files", multiple=True, type=click.Path(dir_okay=False),
    help="Extra outlet profiles file (TOML, like syndicate/data/profiles.toml); repeatable "
         "(default: the config's `profiles`, $SYNDICATE_PROFILES).")
timeout_option = click.option("--timeout", type=float, default=None,
                              help="Seconds before fetching a URL gives up (default: the config's timeout, 20).")

JOB_OPTIONS = (
    click.option("--to", "targets", metavar="LANGS",
                 help="Comma-separated output languages: ar, fa-AF (Dari; also prs, dari), tg (Tajik), ru. "
                      "Default: the config's `languages`, else all four."),
    click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
                 help="Export folder (default: the config's output_dir, else ./output)."),
    click.option("--base-url", help="Public URL where the export folder is served (canonical links, feeds)."),
    click.option("--glossary", "glossary_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
                 help="Glossary TSV to enforce; repeatable (default: the config's, else glossaries/*.tsv)."),
    click.option("--no-glossary", is_flag=True, help="Translate without enforcing any glossary."),
    config_option,
    models_dir_option,
    profiles_option,
    click.option("--allow-non-english", is_flag=True, help="Translate even articles that don't look English."),
    click.option("-y", "--yes", is_flag=True,
                 help="Install missing models from the Argos index without asking (when it is reachable)."),
    click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON on stdout."),
)


def job_options(command):
    """Apply JOB_OPTIONS to a command, in the order listed."""
    for option in reversed(JOB_OPTIONS):
        command = option(command)
    return command


def job_settings(config, out_dir, base_url, models_dir, targets):
    """The Settings and target Languages that JOB_OPTIONS' values make (options over env over config)."""
    from ..languages import parse_targets
    from ..settings import load_settings

    settings = load_settings(config, output_dir=str(out_dir) if out_dir else None, base_url=base_url,
                             models_dir=models_dir)
    return settings, parse_targets(targets or settings.languages)
