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



def test_config_shows_every_setting_with_its_value_and_source_file(run_cli, tmp_path, monkeypatch):
    from syndicate.settings import SETTINGS

    monkeypatch.chdir(tmp_path)
    (tmp_path / "syndicate.toml").write_text('publisher = "Partner News"\n')
    result = run_cli("config")
    assert result.exit_code == 0
    assert result.stdout.startswith("Config file: syndicate.toml\n")
    assert "publisher = 'Partner News'" in result.stdout
    assert all(f"\n{setting.name} = " in result.stdout for setting in SETTINGS)


def test_a_config_typo_points_at_the_config_command(run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "syndicate.toml").write_text('publsher = "Partner News"\n')
    result = run_cli("config")
    assert result.exit_code == 2
    assert result.stderr == ("Error: config file syndicate.toml: unknown setting 'publsher' "
                             "(`syndicate config` lists the settings)\n")
