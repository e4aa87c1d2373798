"""The command line: a thin click layer over the library. Only this package imports click.

Each command parses its arguments, calls one library function and formats the result.
Every command module registers itself on ``cli`` below; heavy imports happen inside commands.
"""

from __future__ import annotations

import sys

import click

from ..errors import SyndicateError


class SyndicateGroup(click.Group):
    """A click group that turns SyndicateError into one line on stderr and its exit code."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except SyndicateError as error:
            report_error(error)
            ctx.exit(error.exit_code)


def report_error(error: SyndicateError) -> None:
    click.echo(f"Error: {error.with_hint()}", err=True)


@click.group(cls=SyndicateGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="syndicate")
def cli():
    """Republish an English op-ed in Arabic, Dari, Tajik and Russian.

    \b
    syndicate extract URL         scrape an article (title, byline, date, body)
    syndicate models install ...  install the offline translation models
    syndicate translate URL       scrape, translate, export HTML + RSS
    syndicate batch URLS.txt      the same for many articles, resumable

    Everything except fetching a URL works without a network.
    """


def _register_commands() -> None:
    # Command modules import only click and syndicate's light modules at import time.
    from . import (  # noqa: F401
        batch, config, extract, glossary, glossary_check, models, review, translate, transliterate,
    )


_register_commands()


def main() -> None:
    cli(prog_name="syndicate")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
