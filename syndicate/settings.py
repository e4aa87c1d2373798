"""Settings, each declared once (name, default, help), read from syndicate.toml and the environment.

Precedence: command-line option > environment variable > config file > default.
Nothing is read at import time; call ``load_settings`` and pass the result along.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path

from .errors import UsageError


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    help: str
    env: str | None = None


SETTINGS: tuple[Setting, ...] = (
    Setting("models_dir", None,
            "Folder of installed Argos packages (default: Argos' own, ~/.local/share/argos-translate/packages).",
            "SYNDICATE_MODELS_DIR"),
    Setting("cache_path", None,
            "SQLite translation memory (default: ~/.cache/syndicate/memory.sqlite3).",
            "SYNDICATE_CACHE"),
    Setting("output_dir", "output", "Folder that exports and feeds are written to.", "SYNDICATE_OUTPUT"),
    Setting("base_url", "http://localhost/", "Public URL where the output folder is served.", "SYNDICATE_BASE_URL"),
    Setting("publisher", "syndicate", "Name of the publishing (partner) outlet, used in credits and feeds."),
    Setting("editor", None, "Who edits the machine translation, named in the notice on each page."),
    Setting("feed_title", "{publisher} — {language}", "Feed title; {publisher} and {language} are filled in."),
    Setting("feed_description", "Op-eds republished by {publisher} in {language}.", "Feed description."),
    Setting("feed_max_items", 50, "How many items a language feed keeps (newest first)."),
    Setting("languages", ("ar", "fa-AF", "tg", "ru"), "Default target languages."),
    Setting("glossaries", (), "Glossary files (TSV); default: every glossaries/*.tsv next to the config."),
    Setting("profiles", (), "Extra outlet profile files (TOML), tried before the built-in profiles.",
            "SYNDICATE_PROFILES"),
    Setting("dari_table", None,
            "Dari localization table, Iranian → Afghan forms (default: the packaged syndicate/data/dari-localization.tsv)."),
    Setting("tajik_model", None,
            "A CTranslate2 Persian→Tajik character model folder to use instead of the built-in converter."),
    Setting("beam_size", 4, "Beam size for translation."),
    Setting("timeout", 20.0, "Seconds before a fetch gives up."),
)


@dataclass(frozen=True)
class Settings:
    models_dir: str | None = None
    cache_path: str | None = None
    output_dir: str = "output"
    base_url: str = "http://localhost/"
    publisher: str = "syndicate"
    editor: str | None = None
    feed_title: str = "{publisher} — {language}"
    feed_description: str = "Op-eds republished by {publisher} in {language}."
    feed_max_items: int = 50
    languages: tuple[str, ...] = ("ar", "fa-AF", "tg", "ru")
    glossaries: tuple[str, ...] = ()
    profiles: tuple[str, ...] = ()
    dari_table: str | None = None
    tajik_model: str | None = None
    beam_size: int = 4
    timeout: float = 20.0
    config_path: str | None = None

    def resolved_models_dir(self) -> Path:
        if self.models_dir:
            return Path(self.models_dir).expanduser()
        if os.environ.get("ARGOS_PACKAGES_DIR"):
            return Path(os.environ["ARGOS_PACKAGES_DIR"]).expanduser()
        return Path.home() / ".local" / "share" / "argos-translate" / "packages"

    def resolved_cache_path(self) -> Path:
        if self.cache_path:
            return Path(self.cache_path).expanduser()
        cache_home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        return Path(cache_home) / "syndicate" / "memory.sqlite3"


def _coerce(setting: Setting, value):
    default = setting.default
    try:
        if isinstance(default, bool):
            return value if isinstance(value, bool) else str(value).lower() in {"1", "true", "yes"}
        if isinstance(default, int):
            return int(value)
        if isinstance(default, float):
            return float(value)
        if isinstance(default, tuple):
            return tuple(v.strip() for v in value.split(",")) if isinstance(value, str) else tuple(value)
    except (TypeError, ValueError) as error:
        raise UsageError(f"setting {setting.name}: {error}") from error
    return value


def load_settings(config_path: str | os.PathLike | None = None, **overrides) -> Settings:
    """Build Settings from defaults, the config file, the environment and explicit overrides.

    Without ``config_path``, ``./syndicate.toml`` is used when it exists.
    """
    values: dict[str, object] = {}
    known = {s.name: s for s in SETTINGS}
    path = Path(config_path) if config_path else Path("syndicate.toml")
    if config_path and not path.is_file():
        raise UsageError(f"config file {path} not found")
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise UsageError(f"config file {path}: {error}") from error
        data = data.get("syndicate", data)
        for key, value in data.items():
            if key not in known:
                raise UsageError(f"config file {path}: unknown setting {key!r}",
                                 hint="`syndicate config` lists the settings")
            values[key] = _coerce(known[key], value)
        values["config_path"] = str(path)
    for setting in SETTINGS:
        if setting.env and os.environ.get(setting.env):
            values[setting.name] = _coerce(setting, os.environ[setting.env])
    for key, value in overrides.items():
        if value is not None:
            values[key] = _coerce(known[key], value)
    names = {f.name for f in fields(Settings)}
    return replace(Settings(), **{k: v for k, v in values.items() if k in names})
