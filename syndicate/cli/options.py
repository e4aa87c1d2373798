"""Options shared by the commands that run the main job (`translate`, `batch run`), defined once."""

from __future__ import annotations

from pathlib import Path

import click

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
    click.option("--config", type=click.Path(dir_okay=False), help="Config file (default: ./syndicate.toml)."),
    click.option("--models-dir", type=click.Path(file_okay=False), help="Folder of installed Argos packages."),
    click.option("--profiles", "profile_files", multiple=True, type=click.Path(dir_okay=False),
                 help="Extra outlet profiles file (TOML); repeatable (default: the config's `profiles`)."),
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
