"""`syndicate transliterate --from fa --to tg`: Persian lines on stdin → Tajik lines on stdout."""

from __future__ import annotations

from pathlib import Path

import click

from . import cli


@cli.command("transliterate")
@click.argument("source_file", type=click.File("r", encoding="utf-8"), default="-", required=False)
@click.option("--from", "source", default="fa", show_default=True, help="Script/language of the input (fa).")
@click.option("--to", "target", default="tg", show_default=True, help="Output language (tg).")
@click.option("--model", "model_dir", type=click.Path(file_okay=False, path_type=Path),
              help="A character-level CTranslate2 model folder (default: the built-in converter).")
def transliterate_command(source_file, source: str, target: str, model_dir: Path | None) -> None:
    """Convert Persian text (stdin, or SOURCE_FILE) to Tajik Cyrillic: one output line per input line.

    Latin text, digits, placeholders and punctuation pass through; empty lines stay empty.
    """
    from ..translate.routes.tajik import transliterate_lines

    text = source_file.read()
    lines = text.split("\n")
    if text.endswith("\n") or not text:
        lines.pop()  # the final newline ends the last line; it does not start one
    converted = transliterate_lines([line.rstrip("\r") for line in lines], source, target, model_dir)
    for line in converted:
        click.echo(line)
