import pytest

from syndicate.errors import UsageError
from syndicate.settings import load_settings


def test_precedence_option_over_env_over_file(tmp_path, monkeypatch):
    config = tmp_path / "syndicate.toml"
    config.write_text('base_url = "https://file.example/"\nfeed_max_items = 7\npublisher = "Partner"\n')
    monkeypatch.setenv("SYNDICATE_BASE_URL", "https://env.example/")
    settings = load_settings(config, publisher="Override")
    assert settings.base_url == "https://env.example/"
    assert settings.feed_max_items == 7
    assert settings.publisher == "Override"
    assert settings.config_path == str(config)


def test_unknown_setting_in_config_is_an_error(tmp_path):
    config = tmp_path / "syndicate.toml"
    config.write_text("bse_url = 'typo'\n")
    with pytest.raises(UsageError, match="unknown setting 'bse_url'"):
        load_settings(config)


def test_missing_config_file_is_an_error(tmp_path):
    with pytest.raises(UsageError, match="not found"):
        load_settings(tmp_path / "nope.toml")


def test_models_dir_follows_argos_variable(monkeypatch, tmp_path):
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    assert load_settings().resolved_models_dir() == tmp_path


def test_list_settings_come_from_toml_lists_or_comma_separated_env(tmp_path, monkeypatch):
    config = tmp_path / "syndicate.toml"
    config.write_text('[syndicate]\nprofiles = ["outlets.toml"]\nlanguages = ["ru", "prs"]\n')
    assert load_settings(config).profiles == ("outlets.toml",)
    monkeypatch.setenv("SYNDICATE_PROFILES", "a.toml, b.toml")
    settings = load_settings(config)
    assert settings.profiles == ("a.toml", "b.toml") and settings.languages == ("ru", "prs")


def test_engine_takes_its_route_files_from_the_settings(tmp_path):
    from syndicate.translate.engine import Engine

    config = tmp_path / "syndicate.toml"
    config.write_text(f'dari_table = "{tmp_path / "dari.tsv"}"\ntajik_model = "{tmp_path / "tg-model"}"\n')
    engine = Engine.from_settings(load_settings(config, cache_path=str(tmp_path / "memory.sqlite3")))
    assert (engine.dari_table, engine.tajik_model_dir) == (str(tmp_path / "dari.tsv"), str(tmp_path / "tg-model"))


@pytest.mark.parametrize("where, hint", [
    ("option", "--base-url https://partner.example/op-eds/"),
    ("env", "SYNDICATE_BASE_URL=https://partner.example/op-eds/"),
    ("config", 'base_url = "https://partner.example/op-eds/" in the config file'),
])
def test_a_base_url_without_scheme_is_refused_with_an_example_not_an_echo(where, hint, tmp_path, monkeypatch):
    config = tmp_path / "syndicate.toml"
    given = "javascript:alert(1)//p.example"
    config.write_text(f'base_url = "{given}"\n' if where == "config" else "")
    if where == "env":
        monkeypatch.setenv("SYNDICATE_BASE_URL", given)
    source = {"option": "option", "env": "$SYNDICATE_BASE_URL", "config": "config file"}[where]
    with pytest.raises(UsageError) as caught:
        load_settings(config, base_url=given if where == "option" else None)
    assert caught.value.message == (f"base_url {given!r} (from {source}) is not an http(s) URL with a host, without "
                                    "a user name, password, query or fragment")
    assert caught.value.hint == f"give the full public address, e.g. {hint}"  # never the bad input as an example


@pytest.mark.parametrize("url", ["ftp://partner.example/", "https:///op-eds/", "//partner.example/",
                                 "https://user:pw@partner.example/", "https://partner.example/?q=1#frag",
                                 "https://partner.example/op-eds/?", "https://partner.example/#top", "http://[::1"])
def test_base_url_needs_http_or_https_and_a_host_and_nothing_else(url):
    with pytest.raises(UsageError, match="is not an http\\(s\\) URL"):
        load_settings(None, base_url=url)


@pytest.mark.parametrize("key, value, expected", [
    ("feed_max_items", "-5", "a whole number from 1 to 10000"),
    ("feed_max_items", "0", "a whole number from 1 to 10000"),
    ("feed_max_items", '"fifty"', "a whole number from 1 to 10000"),
    ("feed_max_items", "50.5", "a whole number from 1 to 10000"),
    ("feed_max_items", "true", "a whole number from 1 to 10000"),
    ("beam_size", "-3", "a whole number from 1 to 32"),
    ("lock_wait", "-1", "a number from 0 to 86400"),
    ("timeout", "1e308", "a number from 0.1 to 3600"),
    ("timeout", "nan", "a number from 0.1 to 3600"),
    ("timeout", "inf", "a number from 0.1 to 3600"),
    ("round_trip_threshold", "101", "a number from 0 to 100"),
    ("max_untranslated_share", "1.5", "a number from 0 to 1"),
    ("copy_images", '"sometimes"', "true or false"),
    ("publish", '"later"', "one of immediate, on-approval"),
    ("publisher", "42", "text"),
    ("languages", "[1, 2]", "a list of words"),
])
def test_a_bad_value_in_the_config_file_names_the_file_key_expectation_and_value(key, value, expected, tmp_path):
    config = tmp_path / "syndicate.toml"
    config.write_text(f"{key} = {value}\n")
    with pytest.raises(UsageError) as caught:
        load_settings(config)
    import tomllib

    shown = repr(tomllib.loads(f"v = {value}")["v"])
    assert caught.value.message == f"setting {key} = {shown} (from config file {config}, key {key}) is not {expected}"
    assert caught.value.hint == "`syndicate config` lists every setting with what it takes"


def test_a_bad_value_from_the_environment_or_an_option_says_so(monkeypatch, run_cli, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SYNDICATE_LOCK_WAIT", "soon")
    with pytest.raises(UsageError) as caught:
        load_settings(None)
    assert caught.value.message == ("setting lock_wait = 'soon' (from environment variable SYNDICATE_LOCK_WAIT) is "
                                    "not a number from 0 to 86400")
    monkeypatch.delenv("SYNDICATE_LOCK_WAIT")
    with pytest.raises(UsageError) as caught:
        load_settings(None, timeout=0)
    assert caught.value.message == "setting timeout = 0 (from the command line (timeout)) is not a number from 0.1 to 3600"
    result = run_cli("translate", "x.html", "--to", "ar", env={"SYNDICATE_MAX_UNTRANSLATED_SHARE": "-0.1"})
    assert result.exit_code == 2
    assert "setting max_untranslated_share = '-0.1' (from environment variable SYNDICATE_MAX_UNTRANSLATED_SHARE) " \
           "is not a number from 0 to 1" in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize("value, parsed", [("yes", True), ("0", False), ("Off", False), ("TRUE", True)])
def test_switches_take_the_usual_words(value, parsed, monkeypatch):
    monkeypatch.setenv("SYNDICATE_COPY_IMAGES", value)
    assert load_settings(None).copy_images is parsed


def test_values_at_the_ends_of_their_ranges_are_taken(tmp_path):
    config = tmp_path / "syndicate.toml"
    config.write_text("feed_max_items = 1\nbeam_size = 32\nlock_wait = 0\ntimeout = 3600\nmax_untranslated_share = 1\n")
    settings = load_settings(config)
    assert (settings.feed_max_items, settings.beam_size, settings.lock_wait, settings.timeout,
            settings.max_untranslated_share) == (1, 32, 0.0, 3600.0, 1.0)


def test_settings_know_where_each_value_came_from(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SYNDICATE_MODELS_DIR", raising=False)
    monkeypatch.delenv("SYNDICATE_CACHE", raising=False)
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "argos"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("SYNDICATE_OUTPUT", str(tmp_path / "env-out"))
    (tmp_path / "syndicate.toml").write_text('publisher = "Partner"\n')
    settings = load_settings(None, timeout=3)
    assert [settings.source(name) for name in ("publisher", "output_dir", "timeout", "beam_size")] == [
        "config file", "$SYNDICATE_OUTPUT", "option", "default"]
    assert (settings.source("models_dir"), settings.in_force("models_dir")) == (
        "$ARGOS_PACKAGES_DIR", str(tmp_path / "argos"))
    assert (settings.source("cache_path"), settings.in_force("cache_path")) == (
        "$XDG_CACHE_HOME", str(tmp_path / "xdg" / "syndicate" / "memory.sqlite3"))
    assert settings.uses_default_base_url
    assert not load_settings(None, base_url="https://partner.example/").uses_default_base_url
