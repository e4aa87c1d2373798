"""Properties every command must keep: help text, fast start, clean errors."""

import json
import subprocess
import sys

import click
import pytest

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
    assert "\nfeed_max_items = 50  (default)\n    How many items a language feed keeps (newest first).\n" \
           "    Takes a whole number from 1 to 10000.\n" in result.stdout  # what a value must be, as load_settings checks


def test_a_config_typo_points_at_the_config_command(run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "syndicate.toml").write_text('publsher = "Partner News"\n')
    result = run_cli("config")
    assert result.exit_code == 2
    assert result.stderr == ("Error: config file syndicate.toml: unknown setting 'publsher' "
                             "(`syndicate config` lists the settings)\n")


AMMON = __import__("pathlib").Path(__file__).parent / "fixtures" / "ammon-news.html"
DEFAULT_BASE_URL_WARNING = ("warning: base_url is the default http://localhost/: canonical links and feeds will point "
                            "there; set --base-url or base_url in syndicate.toml")


def test_a_base_url_without_scheme_is_a_usage_error_before_any_work(run_cli, tmp_path):
    result = run_cli("translate", AMMON, "--out", tmp_path / "out", "--base-url", "partner.example/op-eds")
    assert result.exit_code == 2
    assert result.stderr == ("Error: base_url 'partner.example/op-eds' (from option) is not an http(s) URL with a host, "
                             "without a user name, password, query or fragment (give the full public address, e.g. "
                             "--base-url https://partner.example/op-eds/)\n")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("command", ["translate", "batch"])
def test_the_default_base_url_is_warned_about_once(command, run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    env = {"ARGOS_PACKAGES_DIR": str(tmp_path / "no-models"), "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "SYNDICATE_BASE_URL": None, "SYNDICATE_MODELS_DIR": None}
    result = run_cli(command, AMMON, "--to", "ru", "--out", tmp_path / "out", "--jobs" if command == "batch" else "--yes",
                     *(["1"] if command == "batch" else []), env=env)
    assert result.exit_code != 0  # no model: the warning comes first all the same
    assert result.stderr.splitlines().count(DEFAULT_BASE_URL_WARNING) == 1
    given = run_cli(command, AMMON, "--to", "ru", "--out", tmp_path / "out2", "--base-url", "https://partner.example/",
                    env=env)
    assert DEFAULT_BASE_URL_WARNING not in given.stderr


def test_config_shows_the_models_folder_and_cache_in_force_and_where_they_come_from(run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    env = {"ARGOS_PACKAGES_DIR": str(tmp_path / "argos"), "XDG_CACHE_HOME": str(tmp_path / "xdg"),
           "SYNDICATE_MODELS_DIR": None, "SYNDICATE_CACHE": None, "SYNDICATE_BASE_URL": "https://partner.example/"}
    result = run_cli("config", env=env)
    assert f"\nmodels_dir = '{tmp_path / 'argos'}'  (from $ARGOS_PACKAGES_DIR)  [$SYNDICATE_MODELS_DIR]\n" in result.stdout
    assert (f"\ncache_path = '{tmp_path / 'xdg' / 'syndicate' / 'memory.sqlite3'}'  (from $XDG_CACHE_HOME)"
            in result.stdout)
    assert "\nbase_url = 'https://partner.example/'  (from $SYNDICATE_BASE_URL)" in result.stdout
    assert "\npublisher = 'syndicate'  (default)\n" in result.stdout
    rows = {row["name"]: row for row in json.loads(run_cli("config", "--json", env=env).stdout)["settings"]}
    assert (rows["models_dir"]["value"], rows["models_dir"]["source"]) == (str(tmp_path / "argos"), "$ARGOS_PACKAGES_DIR")


JSON_COMMANDS = [("translate", "x.html"), ("batch", "x.txt"), ("batch", "run", "x.txt"), ("batch", "status"),
                 ("models", "list"), ("config",)]


@pytest.mark.parametrize("command", JSON_COMMANDS, ids=" ".join)
def test_json_commands_print_an_error_object_on_stdout(command, run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli(*command, "--config", "missing.toml", "--json")
    assert result.exit_code == 2
    assert json.loads(result.stdout) == {"error": {"kind": "usage", "message": "config file missing.toml not found",
                                                   "hint": None, "exit_code": 2}}
    assert result.stderr == "Error: config file missing.toml not found\n"
    without_json = run_cli(*command, "--config", "missing.toml")
    assert (without_json.exit_code, without_json.stdout) == (2, "")


def test_glossary_check_json_error_object_carries_the_hint(run_cli, tmp_path):
    result = run_cli("glossary", "check", tmp_path, "--json")
    assert result.exit_code == 2
    error = json.loads(result.stdout)["error"]
    assert error["kind"] == "usage" and error["hint"].startswith("give the folder")
    assert result.stderr == f"Error: {error['message']} ({error['hint']})\n"


def test_a_missing_model_is_reported_once(run_cli, tmp_path):
    env = {"ARGOS_PACKAGES_DIR": str(tmp_path / "no-models"), "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "SYNDICATE_MODELS_DIR": None}
    result = run_cli("translate", AMMON, "--to", "prs", "--out", tmp_path / "out",
                     "--base-url", "https://partner.example/", env=env)
    assert result.exit_code == 5
    assert (result.stdout + result.stderr).count("no en→fa translation model installed") == 1
    assert "  fa-AF  FAILED (model)\n" in result.stdout
    assert result.stderr.splitlines()[-1] == (
        "Error: nothing exported: fa-AF (model) failed (install: syndicate models install fa-AF; "
        "offline: syndicate models install --from FILE.argosmodel)")
    as_json = run_cli("translate", AMMON, "--to", "prs", "--out", tmp_path / "out",
                      "--base-url", "https://partner.example/", "--json", env=env)
    assert as_json.exit_code == 5
    assert json.loads(as_json.stdout)["languages"]["fa-AF"]["status"] == "failed"  # one document, no error object
