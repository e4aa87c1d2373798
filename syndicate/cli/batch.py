"""`syndicate batch SOURCES...` (run or resume a batch) and `syndicate batch status` (read its ledger)."""

from __future__ import annotations

import json
import sys
import time
from datetime import datetime

import click

from . import cli
from .options import config_option, job_options, job_settings, json_option, out_option
from .progress import format_duration


class BatchGroup(click.Group):
    """`syndicate batch ARGS` runs a batch unless the first argument names a subcommand (status)."""

    def parse_args(self, ctx, args):
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = ["run", *args]
        return super().parse_args(ctx, args)


@cli.group("batch", cls=BatchGroup)
def batch_group():
    """Republish many articles: resumable, in parallel, recorded in a ledger.

    \b
    syndicate batch SOURCES... [options]   run (or resume) a batch; see `syndicate batch run --help`
    syndicate batch status [--out DIR]     what the ledger says: counts, failures, running or not

    (A URL-list file named like a subcommand is given as ./status or ./run.)
    """


@batch_group.command("run")
@click.argument("sources", nargs=-1, required=True)
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Translation workers (default: the number of cores). 1 translates in this process.")
@click.option("--retry-failed", is_flag=True, help="Try again the sources that failed in an earlier run.")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where translation runs: local processes, or Dask workers (pip install 'syndicate[distributed]').")
@click.option("--scheduler", metavar="ADDRESS",
              help="Dask scheduler to use (tcp://host:8786); without it --executor dask starts a local cluster "
                   "of --jobs workers. Workers need syndicate and the models installed.")
@job_options
def run_command(sources, targets, out_dir, base_url, jobs, retry_failed, executor, scheduler, glossary_files,
                no_glossary, publish, routes, config, models_dir, profile_files, allow_non_english, yes, as_json):
    """Republish every article in SOURCES, resuming what an earlier run in the same --out left.

    \b
    SOURCES are article URLs, text files of URLs (one per line, # comments), RSS/Atom feeds
    (URL or file: their item links) and sitemaps (URL or file).

    \b
    Examples:
      syndicate batch urls.txt --to ar,fa-AF,tg,ru --out /srv/syndication --base-url https://partner.example/op-eds/
      syndicate batch https://outlet.example/opinion/feed --jobs 2
      syndicate batch urls.txt --retry-failed
      syndicate batch urls.txt --executor dask --scheduler tcp://10.0.0.5:8786

    Every source is recorded in the ledger, which stays out of the published folder, in the
    workspace (~/.local/state/syndicate/workspaces/<name of out>-<hash>/ledger.sqlite3; setting workspace):
    re-running the same command skips what is exported and unchanged, translates again what
    changed at the source (or when models or glossaries changed), and retries failures only
    with --retry-failed. A batch killed
    at any moment resumes cleanly. Ctrl-C or SIGTERM stops it within seconds: the articles in
    flight go back to the queue and the ledger records the run as interrupted.

    One run writes to an output folder at a time: a batch holds it for its whole run. A batch
    (or `syndicate translate`) that finds it held waits for the other run, up to the lock_wait
    setting (600 s; SYNDICATE_LOCK_WAIT), then gives up with exit code 9.

    What reaches the feeds follows the publish setting (--publish): immediate publishes what
    passes the publishing gate; on-approval writes drafts for `syndicate approve`. Editions the
    gate keeps out (term checks on approved entries, blocking_checks flags) stay drafts.

    Progress goes to stderr (a bar on a terminal, one line per article otherwise). Exit codes:
    0 every article exported or unchanged, 8 some failed or an edition was kept out by the gate
    (see `syndicate batch status`, `syndicate status`),
    9 another run held the folder too long, 130 stopped by Ctrl-C (SIGINT), 143 stopped by
    SIGTERM, otherwise the error's code.
    """
    from ..batch.runner import BatchRequest, run_batch
    from ..batch.threads import Interrupted, stop_on_signals
    from ..translate.decoding import available_threads
    from ..errors import PartialFailure
    from .translate import offer_missing_models

    settings, languages = job_settings(config, out_dir, base_url, models_dir, targets, profile_files, publish,
                                       routes)
    if yes:
        offer_missing_models(languages, settings, assume_yes=True)
    request = BatchRequest(
        sources=tuple(sources), languages=languages, settings=settings,
        jobs=jobs or available_threads(), executor=executor, scheduler=scheduler, retry_failed=retry_failed,
        glossary_files=tuple(glossary_files), use_glossary=not no_glossary, allow_non_english=allow_non_english,
    )
    printer = ProgressPrinter(live=sys.stderr.isatty())
    try:
        with stop_on_signals():
            summary = run_batch(request, on_event=printer)
    except Interrupted as stop:  # before the ledger was open: nothing started
        printer.close()
        click.echo(f"batch: stopped by {stop.signal_name} before it started; nothing was done", err=True)
        click.get_current_context().exit(stop.exit_code)
    printer.close()
    if as_json:
        click.echo(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2))
    else:
        print_summary(summary)
    if summary.interrupted:
        click.echo(f"batch: stopped by {summary.interrupted}: {len(summary.items)} of "
                   f"{len(summary.items) + summary.unfinished} sources done; re-running the same command resumes",
                   err=True)
        click.get_current_context().exit(INTERRUPTED_EXIT_CODES[summary.interrupted])
    if summary.failed:
        raise PartialFailure(f"{len(summary.failed)} of {len(summary.items)} sources failed",
                             hint=f"see `syndicate batch status --out {summary.out_dir}`; "
                                  "re-run with --retry-failed to try them again")
    if summary.blocked:
        raise PartialFailure(f"{len(summary.blocked)} edition(s) kept out of the feeds by the publishing gate",
                             hint=f"`syndicate status --out {summary.out_dir}` lists them; correct them, or "
                                  "`syndicate approve SLUG LANG --override --reason TEXT`")


@batch_group.command("status")
@out_option
@config_option
@json_option("Print the status as JSON on stdout.")
def status_command(out_dir, config, as_json):
    """Show what the batch ledger of an output folder says: counts per state, failures and why."""
    from ..batch.status import read_status
    from ..settings import load_settings

    from .options import workspace_of

    settings = load_settings(config, output_dir=str(out_dir) if out_dir else None)
    status = read_status(workspace_of(settings))
    if as_json:
        click.echo(json.dumps(status.to_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(f"Batch in {status.out_dir}: {status.total} sources, {describe_state(status)}")
    for name, count in status.counts.items():
        click.echo(f"  {name:<11} {count}")
    if status.failures:
        click.echo("Failed:")
        for entry in status.failures:
            click.echo(f"  {entry.source}")
            click.echo(f"    {entry.error_kind}: {entry.last_error} (attempts: {entry.attempts})")


# The shell's convention, 128 + the signal number, whatever the platform numbers.
INTERRUPTED_EXIT_CODES = {"SIGINT": 130, "SIGTERM": 143}


def describe_state(status) -> str:
    """"running now (pid …)", or "not running; last run interrupted at … (SIGINT)"."""
    if status.running:
        return f"running now ({status.holder.describe()})"
    state = "not running"
    if status.holder is not None:
        state += f" ({status.holder.describe()} is exporting)"
    run = status.last_run
    if run is not None:
        outcome = status.last_outcome
        when = datetime.fromtimestamp(run.finished_at or run.started_at).astimezone().isoformat(timespec="seconds")
        if outcome == "crashed" and run.finished_at is None:
            state += f"; last run (started {when}) was killed"
        else:
            state += f"; last run {outcome} at {when}" + (f" ({run.detail})" if run.detail else "")
    return state


class ProgressPrinter:
    """Formats batch events on stderr: a redrawn bar on a terminal, one plain line per article otherwise."""

    BAR_WIDTH = 24

    def __init__(self, *, live: bool):
        self.live = live
        self._bar_shown = False
        self._last_draw = 0.0

    def __call__(self, event) -> None:
        from ..batch.runner import BatchStarted, BatchWaiting

        if isinstance(event, BatchWaiting):
            click.echo(f"batch: {event.message}", err=True)
        elif isinstance(event, BatchStarted):
            self._started(event)
        else:
            self._item(event)

    def _started(self, event) -> None:
        line = f"batch: {event.total} sources, {event.to_do} to check, translating on {event.executor}"
        if event.total > event.to_do:
            line += f" ({event.total - event.to_do} failed earlier: --retry-failed to retry)"
        click.echo(line, err=True)
        if event.removed_temp_files:
            click.echo(f"batch: removed {event.removed_temp_files} temp files left by an interrupted run", err=True)
        for tag, reason in event.unavailable.items():
            click.echo(f"warning: {tag} can't be translated: {reason}", err=True)
        for warning in event.warnings:
            click.echo(f"warning: {warning}", err=True)

    def _item(self, event) -> None:
        item, progress = event.item, event.progress
        done = progress.total - progress.remaining
        if self.live:
            if item.status == "failed":
                self._clear()
                click.echo(f"FAILED {item.source}: {item.error_kind}: {item.error}", err=True)
            now = time.monotonic()
            if now - self._last_draw > 0.1 or progress.remaining == 0 or item.status == "failed":
                self._draw(progress, done)
                self._last_draw = now
            return
        prefix = f"[{done}/{progress.total}]"
        if item.status == "exported":
            click.echo(f"{prefix} exported {item.source} -> {item.slug}/ ({item.seconds:.1f} s)", err=True)
        elif item.status == "unchanged":
            click.echo(f"{prefix} unchanged {item.source}", err=True)
        elif item.status == "skipped":
            click.echo(f"{prefix} skipped {item.source} (failed earlier: {item.error_kind})", err=True)
        else:
            click.echo(f"{prefix} FAILED {item.source}: {item.error_kind}: {item.error}", err=True)

    def _draw(self, progress, done: int) -> None:
        filled = int(self.BAR_WIDTH * done / progress.total) if progress.total else self.BAR_WIDTH
        bar = "#" * filled + "-" * (self.BAR_WIDTH - filled)
        eta = f"ETA {format_duration(progress.eta)}" if progress.eta is not None and progress.remaining else ""
        line = (f"[{bar}] {done}/{progress.total}  done {progress.exported + progress.unchanged}"
                f"  failed {progress.failed}  remaining {progress.remaining}  {eta}")
        # color=True: the erase-line code is wanted even where click would strip ANSI codes
        click.echo("\r" + line.rstrip() + "\x1b[K", nl=False, err=True, color=True)
        self._bar_shown = True

    def _clear(self) -> None:
        if self._bar_shown:
            click.echo("\r\x1b[K", nl=False, err=True, color=True)

    def close(self) -> None:
        if self._bar_shown:
            click.echo("", err=True)


def print_summary(summary) -> None:
    counts = {status: summary.count(status) for status in ("exported", "unchanged", "failed", "skipped")}
    click.echo(f"Batch: {len(summary.items)} sources in {summary.seconds:.1f} s: "
               + ", ".join(f"{count} {status}" for status, count in counts.items() if count))
    for item in summary.failed:
        click.echo(f"  FAILED {item.source}: {item.error_kind}: {item.error}")
    for source, tag, why in summary.blocked:
        click.echo(f"  BLOCKED {source} {tag}: {why}")
    drafts = sum(status == "draft" for item in summary.items for status in item.languages.values())
    if drafts:
        click.echo(f"  {drafts} edition(s) wait for approval (publish = on-approval): `syndicate status`")
    click.echo(f"Ledger: {summary.ledger} (`syndicate batch status --out {summary.out_dir}`)")
