"""`syndicate models`: list, install and remove the offline translation models (Argos packages)."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import click

from . import cli, echo_json
from .options import config_option, json_option, models_dir_option


def settings_options(command):
    """--config and --models-dir, shared by every `models` command."""
    return config_option(models_dir_option(command))


def load(config, models_dir):
    from ..settings import load_settings

    return load_settings(config, models_dir=str(models_dir) if models_dir else None)


@cli.group()
def models():
    """List, install and remove the offline translation models.

    \b
    syndicate models list                       what is installed, which languages are ready
    syndicate models install ar fa-AF tg ru     download from the Argos index (online)
    syndicate models install --with-qa ru       also ru→en, for the round-trip QA
    syndicate models install --from FILE...     install .argosmodel files (offline)
    syndicate models remove tg                  remove what only that language needs
    """


@models.command("list")
@json_option("Print the report as JSON.")
@settings_options
def list_models(as_json, config, models_dir):
    """Show installed packages, each output language's readiness and broken package folders."""
    from ..translate.packages import models_report

    report = models_report(load(config, models_dir).resolved_models_dir())
    if as_json:
        echo_json(report.to_dict())
        return
    click.echo(f"Models folder: {report.models_dir}")
    click.echo("Installed packages:" if report.packages else "Installed packages: none")
    for package in report.packages:
        click.echo(f"  {package.label:<14} {package.path.name}")
    click.echo("Languages:")
    for status in report.languages:
        lang = status.language
        state = f"ready    {status.package.label}" if status.ready else (
            f"missing  {status.missing} (run `syndicate models install {lang.tag}`)")
        click.echo(f"  {lang.tag:<6} {lang.name:<8} {state}")
    if report.broken:
        click.echo("Broken folders:")
        for folder in report.broken:
            click.echo(f"  {folder.path.name}: {folder.reason}")


@models.command()
@click.argument("names", nargs=-1, metavar="LANG...|FILE...")
@click.option("--from", "from_files", is_flag=True,
              help="The arguments are downloaded .argosmodel files to install (works offline).")
@click.option("--with-qa", is_flag=True,
              help="Also install the reverse X→en models (ar→en, fa→en, ru→en) the round-trip QA translates back with.")
@click.option("--index", "index_url", metavar="URL",
              help="Argos package index (default: $ARGOS_PACKAGE_INDEX + index.json, or Argos' own).")
@settings_options
def install(names, from_files, with_qa, index_url, config, models_dir):
    """Install the models languages need (from the Argos index), or .argosmodel files (--from).

    LANG... defaults to the configured languages. fa-AF (Dari) and tg (Tajik) both use the en→fa
    model; it is downloaded once. Models already installed are not downloaded again. With --from,
    the arguments are .argosmodel files; each replaces an installed package of the same pair
    (reverse X→en files included).
    """
    from ..errors import UsageError
    from ..languages import parse_targets
    from ..translate.packages import install_files, install_languages

    settings = load(config, models_dir)
    folder = settings.resolved_models_dir()
    if from_files:
        if not names:
            raise UsageError("--from needs at least one .argosmodel file")
        if with_qa:
            raise UsageError("--with-qa reads the Argos index; with --from, give the X→en .argosmodel files too")
        results = install_files([Path(name) for name in names], folder)
    else:
        bars = DownloadBars()
        try:
            results = install_languages(parse_targets(names or settings.languages), folder,
                                        index_url=index_url, timeout=settings.timeout, progress=bars,
                                        with_qa=with_qa)
        finally:
            bars.close()
    for result in results:
        used_by = ", ".join(result.languages) or "no output language"
        if result.status == "already installed":
            click.echo(f"{result.package.label} already installed for {used_by}: {result.package.path}")
        else:
            replaced = f" (replaced {', '.join(result.replaced)})" if result.replaced else ""
            click.echo(f"Installed {result.package.label} for {used_by}{replaced}: {result.package.path}")


class DownloadBars:
    """The library's progress callback drawn as one click progress bar per download, on stderr."""

    def __init__(self):
        self.label = None
        self.bar = None
        self.shown = 0

    def __call__(self, label: str, done: int, total: int | None) -> None:
        if label != self.label:
            self.close()
            size = f" ({total / 1e6:.1f} MB)" if total else ""
            self.bar = click.progressbar(
                length=total, iterable=None if total else itertools.repeat(None),
                label=f"Downloading {label}{size}", file=sys.stderr,
            )
            self.bar.__enter__()
            self.label, self.shown = label, 0
        self.bar.update(done - self.shown)
        self.shown = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@models.command()
@click.argument("languages", nargs=-1, required=True, metavar="LANG...")
@click.option("--force", is_flag=True, help="Remove even when another language in use needs the same model.")
@settings_options
def remove(languages, force, config, models_dir):
    """Remove the model(s) only LANG... needs (fa-AF and tg share en→fa: remove both, or use --force)."""
    from ..languages import parse_targets
    from ..translate.packages import pair_label, remove_languages

    settings = load(config, models_dir)
    result = remove_languages(parse_targets(languages), settings.resolved_models_dir(),
                              in_use=parse_targets(settings.languages), force=force)
    for package in result.removed:
        click.echo(f"Removed {package.label}: {package.path}")
    for pair in result.not_installed:
        click.echo(f"No {pair_label(pair)} model was installed")
