"""`syndicate transliterate --from fa --to tg`: Persian lines on stdin → Tajik lines on stdout."""

from __future__ import annotations

from pathlib import Path

import click

from . import cli


@cli.command("transliterate")
@click.option("--from", "source", default="fa", show_default=True, help="Script/language of the input (fa).")
@click.option("--to", "target", default="tg", show_default=True, help="Output language (tg).")
@click.option("--model", "model_dir", type=click.Path(file_okay=False, path_type=Path),
              help="A character-level CTranslate2 model folder (default: the built-in converter).")
def transliterate_command(source: str, target: str, model_dir: Path | None) -> None:
    """Convert Persian text on stdin to Tajik Cyrillic: exactly one output line per input line.

    Latin text, digits, placeholders and punctuation pass through; empty lines stay empty.
    """
    from ..tajik import transliterate_lines

    text = click.get_text_stream("stdin").read()
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    converted = transliterate_lines([line.rstrip("\r") for line in lines], source, target, model_dir)
    for line in converted:
        click.echo(line)
