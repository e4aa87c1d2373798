"""`syndicate config`: every setting, its value in force here, and where that value came from."""

from __future__ import annotations

import click

from . import cli, echo_json
from .options import config_option, json_option


@cli.command("config")
@config_option
@json_option("Print the settings as JSON.")
def config_command(config, as_json):
    """Show every setting of syndicate.toml: its value in force here, where that value comes from
    (option, $VARIABLE, config file or default) and what it does.

    \b
    Settings come from, highest first: command-line options, environment variables,
    the config file (./syndicate.toml or --config; a [syndicate] table or top-level keys),
    the defaults. Example syndicate.toml:

    \b
      base_url = "https://partner.example/op-eds/"
      publisher = "Partner News"
      languages = ["ar", "fa-AF", "tg", "ru"]
    """
    from ..settings import SETTINGS, load_settings

    settings = load_settings(config)
    rows = [{"name": s.name, "value": settings.in_force(s.name), "source": settings.source(s.name),
             "default": s.default, "env": s.env, "takes": s.expected(), "help": s.help} for s in SETTINGS]
    if as_json:
        echo_json({"config_file": settings.config_path, "settings": rows})
        return
    click.echo(f"Config file: {settings.config_path or 'none (no ./syndicate.toml)'}")
    for row in rows:
        value = ", ".join(row["value"]) if isinstance(row["value"], tuple) else row["value"]
        env = f"  [${row['env']}]" if row["env"] else ""
        source = "default" if row["source"] == "default" else f"from {row['source']}"
        click.echo(f"\n{row['name']} = {value!r}  ({source}){env}\n    {row['help']}\n    Takes {row['takes']}.")
