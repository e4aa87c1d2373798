"""The command line: a thin click layer over the library. Only this package imports click.

Each command parses its arguments, calls one library function and formats the result.
Every command module registers itself on ``cli`` below; heavy imports happen inside commands.
"""

from __future__ import annotations

import json
import sys

import click

from ..errors import PartialFailure, SyndicateError

JSON_PRINTED = "syndicate.json_printed"  # ctx.meta key: the command printed its JSON result


class SyndicateGroup(click.Group):
    """A click group that turns SyndicateError into one line on stderr and its exit code.

    Under --json, the error is also an object on stdout, unless the command's own JSON result
    (which records each failure) is already there.
    """

    def invoke(self, ctx):
        from .options import JSON_REQUESTED

        try:
            return super().invoke(ctx)
        except SyndicateError as error:
            report_error(error)
            if (ctx.meta.get(JSON_REQUESTED) and not ctx.meta.get(JSON_PRINTED)
                    and not isinstance(error, PartialFailure)):  # a partial failure follows the JSON summary
                click.echo(json.dumps(error_object(error), ensure_ascii=False, indent=2))
            ctx.exit(error.exit_code)
        except KeyboardInterrupt:
            click.echo("Interrupted (Ctrl-C): nothing half-written was published; run the command again to finish.",
                       err=True)
            ctx.exit(130)


def report_error(error: SyndicateError) -> None:
    click.echo(f"Error: {error.with_hint()}", err=True)


def error_object(error: SyndicateError) -> dict:
    """What --json prints on stdout for an error."""
    return {"error": {"kind": error.kind, "message": error.message, "hint": error.hint,
                      "exit_code": error.exit_code}}


def echo_json(data) -> None:
    """Print a command's JSON result on stdout (and remember it, so an error after it adds no second document)."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    click.get_current_context().meta[JSON_PRINTED] = True


@click.group(cls=SyndicateGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="syndicate")
def cli():
    """Republish an English op-ed in Arabic, Dari, Tajik and Russian.

    \b
    syndicate extract URL         scrape an article (title, byline, date, body)
    syndicate models install ...  install the offline translation models
    syndicate translate URL       scrape, translate, export HTML + RSS
    syndicate batch URLS.txt      the same for many articles, resumable
    syndicate status              every edition: draft, published, withdrawn
    syndicate correct | approve | withdraw   the editors' decisions
    syndicate desk                the same in a browser, and the glossary

    Everything except fetching a URL works without a network.
    """


def _register_commands() -> None:
    # Command modules import only click and syndicate's light modules at import time.
    from . import (  # noqa: F401
        batch, config, desk, editions, extract, glossary, glossary_check, models, review, translate, transliterate,
    )


_register_commands()


def main() -> None:
    cli(prog_name="syndicate")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
