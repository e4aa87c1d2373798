"""The editors' commands: `syndicate status`, `correct`, `check`, `approve`, `withdraw`.

Each is a thin layer over job.OutputFolder's operations (syndicate.editions.lifecycle), which take the
output folder's lock, change the editorial database in one transaction and render the public files.
"""

from __future__ import annotations

import sys

import click

from . import cli, echo_json
from .options import config_option, json_option, models_dir_option, out_option

editor_option = click.option(
    "--editor", required=True, envvar="SYNDICATE_EDITOR", metavar="NAME",
    help="Who does this (recorded with the change; an approver is named on the page). Env: SYNDICATE_EDITOR.")


def _settings(config, out_dir, **overrides):
    from ..settings import load_settings

    return load_settings(config, output_dir=str(out_dir) if out_dir else None, **overrides)


def _progress(line: str) -> None:
    click.echo(line, err=True)


@cli.command("status")
@click.option("--article", "slug", metavar="SLUG", help="Only this article.")
@click.option("--history", is_flag=True, help="Also list each edition's history (translated, approved, corrected...).")
@out_option
@config_option
@json_option("Print {\"editions\": [...]} as JSON on stdout.")
def status_command(slug, history, out_dir, config, as_json):
    """Every edition (one article in one language): its state, whether an editor corrected or
    approved it, and its QA.

    \b
    States:
      draft      machine output, in no feed (waiting for `syndicate approve`, or blocked)
      published  in its language feed; "changes waiting" when a later run's text awaits approval
      withdrawn  its page is a withdrawal notice; `syndicate approve` publishes it again

    Reads the editorial database in the workspace; changes nothing.
    """
    from ..editions.status import edition_statuses, format_statuses
    from .options import workspace_of

    settings = _settings(config, out_dir)
    statuses = edition_statuses(workspace_of(settings), slug=slug, history=history)
    if as_json:
        echo_json({"editions": [status.to_dict() for status in statuses]})
    else:
        click.echo(format_statuses(statuses, history=history), nl=False)


@cli.command("correct", context_settings={"ignore_unknown_options": True})  # NUMBER -1 is a number, not an option
@click.argument("slug")
@click.argument("language")
@click.argument("number", type=int)
@click.argument("text")
@editor_option
@click.option("--note", metavar="TEXT", help="What was wrong, shown on a published page (\"corrected on DATE: NOTE\").")
@click.option("--glossary", "glossary_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Glossary TSV in force, as for translate (default: the config's, else glossaries/*.tsv).")
@click.option("--no-glossary", is_flag=True, help="Check the corrected edition without any glossary.")
@out_option
@config_option
@models_dir_option
@json_option("Print the edition after the correction as JSON on stdout.")
def correct_command(slug, language, number, text, editor, note, glossary_files, no_glossary, out_dir, config,
                    models_dir, as_json):
    """Replace sentence NUMBER of the LANGUAGE edition of SLUG by TEXT (- reads it from stdin).

    NUMBER is the sentence number the review page shows (1 = the title). The correction is kept
    in the translation memory for that sentence and language: re-running translate or batch,
    and any article with the same sentence, uses it. The edition is translated again from the
    memory, so placeholders, glossary checks and QA run on the corrected text.

    A published edition is updated at once: its page, ninjs and article.json, and its feed item
    in place (same guid, a new atom:updated date, the note). If the corrected text would not
    pass the publishing gate it is kept as a draft change and the exit code is 8.

    \b
    Example:
      syndicate correct world-must-show-its-support-for-afghan-opposition ar 3 "…" --editor "R. Karimi" --note "name spelling"
    """
    from ..errors import PartialFailure
    from ..job import OutputFolder, load_hook
    from ..translate.engine import Engine

    if text == "-":
        text = _read_stdin()
    settings = _settings(config, out_dir, models_dir=models_dir)
    _require_editions(settings)
    hook = load_hook(settings, glossary_files, use_glossary=not no_glossary)
    corrections_before = _corrections(settings, slug)
    try:
        with Engine.from_settings(settings) as engine, OutputFolder(settings, command="correct",
                                                                    progress=_progress) as output:
            change = output.correct(engine, hook, slug=slug, language=language, number=number, text=text,
                                    editor=editor, note=note)
    except KeyboardInterrupt:
        kept = _corrections(settings, slug) > corrections_before
        click.echo("Interrupted (Ctrl-C): " + (
            "the correction was kept; the next syndicate command on this folder publishes it where it belongs"
            if kept else "the correction was not saved; run the command again"), err=True)
        click.get_current_context().exit(130)
    _report(change, as_json)
    if change.blocking:
        raise PartialFailure(f"{slug} {change.editions[0].language}: the correction is saved but not published",
                             hint=f"fix what blocks it, or `syndicate approve {slug} {change.editions[0].language} "
                                  "--override --reason TEXT`")


@cli.command("check")
@click.argument("slug")
@click.argument("language")
@click.argument("numbers", metavar="NUMBER...", nargs=-1, required=True, type=click.IntRange(min=1))
@editor_option
@click.option("--undo", is_flag=True, help="Take the mark off instead.")
@out_option
@config_option
@json_option("Print the edition after the marks as JSON on stdout.")
def check_command(slug, language, numbers, editor, undo, out_dir, config, as_json):
    """Mark sentences NUMBER... of the LANGUAGE edition of SLUG as checked: you read them and they
    are right as they stand. Nothing is published or changed; the review page and the desk count
    "N of M checked", and `syndicate approve` says how many of the flagged sentences were checked.

    A mark holds for the text it was given to: when the sentence changes (a new run, a correction
    by someone else), it is unchecked again. A correction checks the sentence it writes.

    \b
    Example:
      syndicate check world-must-show-its-support-for-afghan-opposition ar 1 2 5 --editor "R. Karimi"
    """
    from datetime import datetime, timezone

    from ..editions.lifecycle import mark_checked
    from ..job.output import editorial_database

    settings = _settings(config, out_dir)
    _require_editions(settings)
    with editorial_database(settings, progress=_progress) as store:
        change = mark_checked(store, slug=slug, language=language, numbers=numbers, editor=editor,
                              now=datetime.now(timezone.utc), checked=not undo)
    _report(change, as_json)


@cli.command("approve")
@click.argument("slug")
@click.argument("language")
@editor_option
@click.option("--override", is_flag=True, help="Publish although the edition has blocking problems (needs --reason).")
@click.option("--reason", metavar="TEXT", help="Why the override is right; recorded in the history.")
@out_option
@config_option
@json_option("Print the edition after the approval as JSON on stdout.")
def approve_command(slug, language, editor, override, reason, out_dir, config, as_json):
    """Approve the LANGUAGE edition of SLUG: publish its draft (or a withdrawn edition again), or
    record a review of the published one. The page then says "reviewed by EDITOR on DATE".

    An edition with blocking problems (a missed approved term, a forbidden form, a leftover
    placeholder, a blocking_checks flag) is refused with exit code 6, unless --override
    --reason TEXT: the override and its reason are recorded.
    """
    from ..job import OutputFolder

    settings = _settings(config, out_dir)
    _require_editions(settings)
    with OutputFolder(settings, command="approve", progress=_progress) as output:
        change = output.approve(slug=slug, language=language, editor=editor, override=override, reason=reason)
    _report(change, as_json)


@cli.command("withdraw")
@click.argument("slug")
@click.argument("language", required=False)
@editor_option
@click.option("--reason", required=True, metavar="TEXT", help="Why it is withdrawn; shown on the notice page.")
@out_option
@config_option
@json_option("Print the withdrawn editions as JSON on stdout.")
def withdraw_command(slug, language, editor, reason, out_dir, config, as_json):
    """Withdraw SLUG in LANGUAGE (every language when left out).

    Its feed item is removed, its page is replaced by a withdrawal notice at the same URL
    (reason, date, noindex, no article text), its ninjs says pubStatus canceled, and index.html
    and the other editions' language links drop it. `syndicate approve` publishes it again.
    """
    from ..job import OutputFolder

    settings = _settings(config, out_dir)
    _require_editions(settings)
    with OutputFolder(settings, command="withdraw", progress=_progress) as output:
        change = output.withdraw(slug=slug, languages=(language,) if language else (), editor=editor, reason=reason)
    _report(change, as_json)


def _corrections(settings, slug: str) -> int:
    """How many corrections the editorial history records for ``slug``."""
    from ..editions.model import CORRECTED
    from ..editions.store import EditionStore
    from ..workspace import Workspace

    with EditionStore(Workspace.of(settings).editions) as store:
        return sum(event.action == CORRECTED for event in store.events(slug))


def _require_editions(settings) -> None:
    """UsageError, and nothing created, when the output folder has no editorial database (a
    mistyped --out, nothing translated yet)."""
    from ..errors import UsageError
    from .options import workspace_of

    workspace = workspace_of(settings)
    if not workspace.editions.is_file():
        raise UsageError(f"no editions for {settings.output_dir} (no {workspace.editions})",
                         hint="check --out, or translate something first: syndicate translate SOURCE --out DIR")


def _read_stdin() -> str:
    """The text on stdin, which must be UTF-8 (UsageError otherwise; MAX bytes read at most)."""
    from ..editions.inputs import MAX_SENTENCE
    from ..errors import UsageError

    data = sys.stdin.buffer.read(MAX_SENTENCE * 4 + 1)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UsageError(f"the text on stdin is not UTF-8 ({error.reason} at byte {error.start})") from None


def _report(change, as_json: bool) -> None:
    from ..editions.status import EditionStatus

    for warning in change.warnings:
        click.echo(f"warning: {warning}", err=True)
    if as_json:
        echo_json({"message": change.message, "blocking": list(change.blocking), "warnings": list(change.warnings),
                   "editions": [EditionStatus.of(edition).to_dict() for edition in change.editions]})
    else:
        click.echo(change.message)
