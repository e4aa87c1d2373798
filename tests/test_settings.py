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


def test_settings_fields_agree_with_the_declared_table():
    from dataclasses import fields

    from syndicate.settings import SETTINGS, Settings

    defaults = {f.name: f.default for f in fields(Settings) if f.name != "config_path"}
    assert defaults == {setting.name: setting.default for setting in SETTINGS}
