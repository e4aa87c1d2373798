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
    ("option", "--base-url https://partner.example/op-eds"),
    ("env", "SYNDICATE_BASE_URL=https://partner.example/op-eds"),
    ("config", 'base_url = "https://partner.example/op-eds" in the config file'),
])
def test_a_base_url_without_scheme_is_refused_with_the_fixed_form(where, hint, tmp_path, monkeypatch):
    config = tmp_path / "syndicate.toml"
    config.write_text('base_url = "partner.example/op-eds"\n' if where == "config" else "")
    if where == "env":
        monkeypatch.setenv("SYNDICATE_BASE_URL", "partner.example/op-eds")
    source = {"option": "option", "env": "$SYNDICATE_BASE_URL", "config": "config file"}[where]
    with pytest.raises(UsageError) as caught:
        load_settings(config, base_url="partner.example/op-eds" if where == "option" else None)
    assert caught.value.message == f"base_url 'partner.example/op-eds' (from {source}) is not an http(s) URL with a host"
    assert caught.value.hint == f"give the full public address, e.g. {hint}"


@pytest.mark.parametrize("url", ["ftp://partner.example/", "https:///op-eds/", "//partner.example/"])
def test_base_url_needs_http_or_https_and_a_host(url):
    with pytest.raises(UsageError, match="is not an http\\(s\\) URL"):
        load_settings(None, base_url=url)


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
