"""`syndicate models`: list, install, convert and remove the offline translation models."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import click

from . import cli, echo_json
from .options import config_option, json_option, models_dir_option, route_option


def settings_options(command):
    """--config and --models-dir, shared by every `models` command."""
    return config_option(models_dir_option(command))


def load(config, models_dir, routes=None):
    from ..settings import load_settings

    return load_settings(config, models_dir=str(models_dir) if models_dir else None, routes=routes)


@cli.group()
def models():
    """List, install and remove the offline translation models.

    \b
    syndicate models list                       what is installed, which languages are ready
    syndicate models install ar fa-AF tg ru     download from the Argos index (online)
    syndicate models install --with-qa ru       also ru→en, for the round-trip QA
    syndicate models install --from FILE...     install .argosmodel files (offline)
    syndicate models install --from DIR         install a converted NLLB, MADLAD or Marian model
    syndicate models convert SNAPSHOT --family nllb   convert a downloaded model for CTranslate2
    syndicate models remove tg                  remove what only that language needs
    """


@models.command("list")
@json_option("Print the report as JSON.")
@route_option
@settings_options
def list_models(as_json, routes, config, models_dir):
    """Show installed models, each output language's route (family, model, size, licence, round
    trip) and broken folders."""
    from ..translate.models_report import models_report
    from ..translate.routing import parse_routes
    from .options import merged_routes

    settings = load(config, models_dir, merged_routes(config, routes))
    report = models_report(settings.resolved_models_dir(), routes=parse_routes(settings.routes),
                           localize_direct_dari=settings.localize_direct_dari)
    if as_json:
        echo_json(report.to_dict())
        return
    click.echo(f"Models folder: {report.models_dir}")
    click.echo("Installed Argos packages:" if report.packages else "Installed Argos packages: none")
    for package in report.packages:
        click.echo(f"  {package.label:<14} {package.path.name}")
    if report.folders:
        click.echo("Installed model folders:")
        width = max(len(folder.label) for folder in report.folders)
        for folder in report.folders:
            click.echo(f"  {folder.family:<7} {folder.label:<{width}} {_size(folder.size):>8}  {folder.licence}  "
                       f"({_count(len(folder.targets), 'language')})")
    click.echo("Languages:")
    for status in report.languages:
        lang = status.language
        if not status.ready:
            how = (f"`syndicate models install {lang.tag}`" if status.family == "argos" else
                   "`syndicate models install --from DIR` (see `syndicate models convert --help`)")
            click.echo(f"  {lang.tag:<6} {lang.name:<8} {status.family:<7} missing  {status.missing} (run {how})")
            continue
        step = {"dari": " + Dari table", "tajik": " + Persian→Tajik converter"}.get(status.step or "", "")
        back = "round trip ready" if status.round_trip else "no round-trip model"
        click.echo(f"  {lang.tag:<6} {lang.name:<8} {status.family:<7} ready    {status.package.label}{step}; "
                   f"{_size(status.size)}; {status.licence}; {back}")
        if status.non_commercial:
            click.echo(f"         warning: {status.licence} forbids commercial use: a newsroom that sells or "
                       "advertises may not publish this model's output", err=True)
    if report.broken:
        click.echo("Broken folders:")
        for folder in report.broken:
            click.echo(f"  {folder.path.name}: {folder.reason}")


def _size(size: int) -> str:
    return f"{size / 1e9:.1f} GB" if size >= 1e9 else f"{size / 1e6:.1f} MB"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


@models.command()
@click.argument("names", nargs=-1, metavar="LANG...|FILE...|DIR")
@click.option("--from", "from_files", is_flag=True,
              help="The arguments are downloaded .argosmodel files, or converted CTranslate2 model folders "
                   "(NLLB, MADLAD, Marian), to install (works offline).")
@click.option("--family", type=click.Choice(["nllb", "madlad", "marian"]),
              help="With --from DIR: the model's family, when its files don't tell.")
@click.option("--pair", metavar="SRC-TGT", help="With --from DIR: a Marian model's language pair, e.g. en-ru.")
@click.option("--licence", "licence", metavar="NAME",
              help="With --from DIR: the model's licence (default: its README's, else the family's usual one).")
@click.option("--name", metavar="NAME", help="With --from DIR: the name to install it under (default: the folder's).")
@click.option("--with-qa", is_flag=True,
              help="Also install the reverse X→en models (ar→en, fa→en, ru→en) the round-trip QA translates back with.")
@click.option("--index", "index_url", metavar="URL",
              help="Argos package index (default: $ARGOS_PACKAGE_INDEX + index.json, or Argos' own).")
@settings_options
def install(names, from_files, family, pair, licence, name, with_qa, index_url, config, models_dir):
    """Install the models languages need (from the Argos index), or models you have (--from).

    LANG... defaults to the configured languages. fa-AF (Dari) and tg (Tajik) both use the en→fa
    model; it is downloaded once. Models already installed are not downloaded again. With --from,
    the arguments are .argosmodel files, each replacing an installed package of the same pair
    (reverse X→en files included), or folders of converted CTranslate2 models with their
    tokenizer files (`syndicate models convert` makes them), checked and installed whole.

    \b
    syndicate models install --from translate-en_ru-1_9.argosmodel
    syndicate models install --from nllb-200-distilled-600M-ct2      # then --route tg=nllb
    syndicate models install --from opus-mt-en-ar-ct2 --pair en-ar
    """
    from ..errors import UsageError
    from ..languages import parse_targets
    from ..translate.packages import install_files, install_languages
    from ..translate.packages.folders import install_folder

    settings = load(config, models_dir)
    folder = settings.resolved_models_dir()
    if (family or pair or licence or name) and not from_files:
        raise UsageError("--family, --pair, --licence and --name go with --from DIR")
    if from_files:
        if not names:
            raise UsageError("--from needs at least one .argosmodel file or model folder")
        if with_qa:
            raise UsageError("--with-qa reads the Argos index; with --from, give the X→en models too")
        directories = [Path(n) for n in names if Path(n).is_dir()]
        if directories and (len(directories) > 1 or len(names) > 1) and (pair or name):
            raise UsageError("--pair and --name name one model: install folders one at a time with them")
        for directory in directories:
            say_installed(*install_folder(directory, folder, family=family, name=name, licence=licence,
                                          pair=_pair(pair)))
        results = install_files([Path(n) for n in names if not Path(n).is_dir()], folder)
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


def say_installed(installed, replaced: bool) -> None:
    """One line for an installed model folder, and a warning on stderr for a non-commercial licence."""
    from ..translate.families.base import non_commercial

    verb = "Replaced" if replaced else "Installed"
    click.echo(f"{verb} {installed.family} model {installed.label} ({installed.licence}, "
               f"{_count(len(installed.targets), 'language')}): {installed.path}")
    if non_commercial(installed.licence):
        click.echo(f"warning: {installed.licence} forbids commercial use: a newsroom that sells or advertises may "
                   "not publish this model's output", err=True)


def _pair(text: str | None) -> tuple[str, str] | None:
    from ..errors import UsageError

    if not text:
        return None
    source, _, target = text.partition("-")
    if not source or not target:
        raise UsageError(f"--pair {text!r} is not SRC-TGT", hint="e.g. --pair en-ru")
    return source, target


@models.command()
@click.argument("snapshot", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--family", required=True, type=click.Choice(["nllb", "madlad", "marian"]),
              help="The model's family.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the converted model to (default: SNAPSHOT-ct2).")
@click.option("--quantization", default="int8", show_default=True,
              type=click.Choice(["int8", "int8_float32", "int16", "float16", "float32"]),
              help="Weight type of the converted model (int8: about a quarter of float32's size).")
@click.option("--pair", metavar="SRC-TGT", help="A Marian model's language pair, e.g. en-ru, kept with the model.")
@click.option("--install", "then_install", is_flag=True, help="Install the converted model right away.")
@settings_options
def convert(snapshot, family, out_dir, quantization, pair, then_install, config, models_dir):
    """Convert a model downloaded elsewhere into a CTranslate2 folder syndicate installs (offline).

    SNAPSHOT is a Hugging Face snapshot (config.json, weights, tokenizer files: e.g. of
    facebook/nllb-200-distilled-600M, google/madlad400-3b-mt, Helsinki-NLP/opus-mt-en-ar), or an
    OPUS-MT release folder (decoder.yml, model .npz, .spm files). A Hugging Face snapshot needs
    the `convert` extra (transformers and torch, about 1 GB: pip install 'syndicate[convert]');
    an OPUS-MT release converts without it.

    \b
    syndicate models convert ~/Downloads/nllb-200-distilled-600M --family nllb --install
    syndicate models convert ~/Downloads/opus-mt-en-ru --family marian --pair en-ru --install
    """
    from ..translate.packages.convert import convert_snapshot
    from ..translate.packages.folders import install_folder

    out_dir = out_dir or snapshot.with_name(snapshot.name + "-ct2")
    converted = convert_snapshot(snapshot, out_dir, family=family, quantization=quantization, pair=_pair(pair))
    click.echo(f"Converted {snapshot} ({family}, {quantization}) into {converted}")
    if then_install:
        say_installed(*install_folder(converted, load(config, models_dir).resolved_models_dir(), family=family,
                                      pair=_pair(pair)))
    else:
        click.echo(f"Install it with: syndicate models install --from {converted}")


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
