"""`syndicate desk`: the editors' web desk, and `syndicate desk add-user NAME`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import cli
from .options import config_option, out_option

DEFAULT_PORT = 8750


def _settings(config, out_dir):
    from ..settings import load_settings

    return load_settings(config, output_dir=str(out_dir) if out_dir else None)


@cli.group("desk", invoke_without_command=True)
@out_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but this machine (127.0.0.1, ::1) needs editors with accounts.")
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(1, 65535))
@config_option
@click.pass_context
def desk_group(ctx, out_dir, host, port, config):
    """The editors' desk: review, correct, approve and withdraw editions, keep the glossary.

    \b
      syndicate desk add-user "Rahima Karimi"     once per editor (asks for a password)
      syndicate desk                              then open http://127.0.0.1:8750/

    Editors log in; everything they do is recorded under their name, through the same commands
    as `syndicate correct | approve | withdraw` and `syndicate glossary approve | add`. Drafts
    are shown to logged-in editors only; the desk serves nothing of the workspace to anyone else.
    """
    if ctx.invoked_subcommand is not None:
        ctx.obj = (out_dir, config)
        return
    from ..errors import UsageError
    from ..desk.app import create_app
    from ..desk.security import LOOPBACK_NAMES, is_loopback

    from .options import workspace_of

    settings = _settings(config, out_dir)
    workspace_of(settings)
    loopback = is_loopback(host)
    app = create_app(settings, trusted_hosts=sorted(LOOPBACK_NAMES) if loopback else None)
    users = app.extensions["syndicate"].users
    if users.count() == 0:
        if not loopback:
            raise UsageError(f"refusing to serve the desk on {host} with no editor accounts",
                             hint="add one first: syndicate desk add-user NAME (or serve on 127.0.0.1)")
        if sys.stdin.isatty():
            click.echo("No editor has an account yet. Create the first one.", err=True)
            name = click.prompt("Your name", err=True)
            users.add(name, _ask_password())
        else:
            click.echo("warning: no editor accounts: nobody can log in (syndicate desk add-user NAME)", err=True)
    from waitress import serve

    shown = f"[{host}]" if ":" in host else host
    click.echo(f"The desk for {Path(settings.output_dir).resolve()} is at http://{shown}:{port}/ (Ctrl-C stops it)",
               err=True)
    if not loopback and not settings.desk_proxy:
        click.echo("warning: the desk speaks plain HTTP: passwords and drafts cross the network in clear. Serve it "
                   "behind a TLS reverse proxy and set desk_proxy to its address (README: the desk on a LAN)",
                   err=True)
    serve(app, host=host, port=port, threads=4, ident="syndicate-desk", _quiet=True,
          clear_untrusted_proxy_headers=False)  # desk.app.TrustedProxy decides whose X-Forwarded-* count


@desk_group.command("remove-user")
@click.argument("name")
@click.pass_obj
def remove_user_command(obj, name):
    """Remove the editor NAME's account from the desk and end their sessions at once (what they
    did stays in the history under their name)."""
    from ..desk.users import UserStore
    from ..errors import UsageError
    from .options import workspace_of

    out_dir, config = obj or (None, None)
    workspace = workspace_of(_settings(config, out_dir))
    removed = UserStore(workspace.root / "desk.sqlite3").remove(name)
    if removed is None:
        raise UsageError(f"no editor named {name!r} has an account on this desk",
                         hint="the names are in `syndicate status --history`; accounts are per output folder (--out)")
    click.echo(f"{removed} can no longer log in to the desk; their sessions are ended")


@desk_group.command("add-user")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from stdin (first line) instead of asking.")
@click.pass_obj
def add_user_command(obj, name, password_stdin):
    """Give the editor NAME an account on the desk, or a new password (which ends their sessions).
    The password is kept as a salted scrypt hash in the workspace, never in the output folder."""
    from ..desk.users import UserStore
    from .options import workspace_of

    out_dir, config = obj or (None, None)
    workspace = workspace_of(_settings(config, out_dir))
    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else _ask_password()
    stored = UserStore(workspace.root / "desk.sqlite3").add(name, password)
    click.echo(f"{stored} can log in to the desk ({workspace.root / 'desk.sqlite3'})")


def _ask_password() -> str:
    from ..desk.users import MIN_PASSWORD

    return click.prompt(f"Password (at least {MIN_PASSWORD} characters)", hide_input=True,
                        confirmation_prompt=True, err=True)
