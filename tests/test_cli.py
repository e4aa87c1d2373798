"""Properties every command must keep: help text, fast start, clean errors."""

import subprocess
import sys

import click

from syndicate.cli import cli


def all_commands(group: click.Group, prefix=()):
    for name, command in group.commands.items():
        yield prefix + (name,), command
        if isinstance(command, click.Group):
            yield from all_commands(command, prefix + (name,))


def test_every_command_has_help_text():
    missing = [" ".join(path) for path, command in all_commands(cli) if not (command.help or "").strip()]
    assert missing == []


def test_help_imports_no_heavy_library():
    probe = (
        "import sys\nfrom syndicate.cli import cli\n"
        "try:\n    cli(['--help'], prog_name='syndicate')\nexcept SystemExit:\n    pass\n"
        "heavy = ('argostranslate', 'ctranslate2', 'torch', 'stanza', 'trafilatura', 'lxml', 'langdetect')\n"
        "print('HEAVY=' + ','.join(m for m in heavy if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "HEAVY="

