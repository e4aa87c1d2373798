"""Settings, each declared once (name, default, help), read from syndicate.toml and the environment.

Precedence: command-line option > environment variable > config file > default.
Nothing is read at import time; call ``load_settings`` and pass the result along.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from urllib.parse import urlsplit

from .errors import UsageError
from .workspace import resolve_workspace

DEFAULT_BASE_URL = "http://localhost/"

# The `publish` setting: when a run's translations reach the feeds.
IMMEDIATE, ON_APPROVAL = "immediate", "on-approval"
PUBLISH_MODES = (IMMEDIATE, ON_APPROVAL)


@dataclass(frozen=True)
class Setting:
    """One row of the settings table (`syndicate config`, the README): derived from Settings' fields.

    ``kind`` is the type of value it takes ("int", "float", "bool", "str", "path", "list", "url");
    ``low``/``high`` bound numbers, ``choices`` lists the allowed words."""

    name: str
    default: object
    help: str
    env: str | None = None
    kind: str = "str"
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()

    def expected(self) -> str:
        """What a value of this setting must be, in words: "a whole number from 1 to 10000"."""
        if self.choices:
            return "one of " + ", ".join(self.choices)
        what = {"int": "a whole number", "float": "a number", "bool": "true or false", "list": "a list of words",
                "path": "a file or folder path", "url": "an http(s) URL with a host, and no user name, password, "
                "query or fragment"}.get(self.kind, "text")
        if self.low is not None and self.high is not None:
            return f"{what} from {self.low:g} to {self.high:g}"
        if self.low is not None:
            return f"{what} of at least {self.low:g}"
        return what


# What each annotation of Settings means for the values it takes.
_KINDS = {"int": "int", "float": "float", "bool": "bool", "str": "str", "str | None": "path",
          "tuple[str, ...]": "list"}


def _setting(default, help: str, env: str | None = None, *, low: float | None = None, high: float | None = None,
             choices: tuple[str, ...] = (), kind: str | None = None):
    return field(default=default, metadata={"help": help, "env": env, "low": low, "high": high,
                                            "choices": choices, "kind": kind})


@dataclass(frozen=True)
class Settings:
    """Every setting, declared once: name, type, default, help and environment variable."""

    models_dir: str | None = _setting(
        None, "Folder of installed models: Argos packages and converted model folders (default: $ARGOS_PACKAGES_DIR, else Argos' own, "
              "~/.local/share/argos-translate/packages).", "SYNDICATE_MODELS_DIR")
    cache_path: str | None = _setting(
        None, "SQLite translation memory (default: ~/.cache/syndicate/memory.sqlite3).", "SYNDICATE_CACHE")
    output_dir: str = _setting("output", "Folder that exports and feeds are written to.", "SYNDICATE_OUTPUT")
    workspace: str | None = _setting(
        None, "Private folder for the editorial database, drafts, desk accounts, the batch ledger, the output lock "
              "and review pages, never inside output_dir (default: $XDG_STATE_HOME, else ~/.local/state, "
              "/syndicate/workspaces/<name of output_dir>-<hash of its path>).", "SYNDICATE_WORKSPACE")
    base_url: str = _setting(DEFAULT_BASE_URL, "Public URL where the output folder is served.", "SYNDICATE_BASE_URL",
                             kind="url")
    publisher: str = _setting("syndicate", "Name of the publishing (partner) outlet, used in credits and feeds.")
    editor: str | None = _setting(
        None, "The editing desk, named beside the editor in the notice of editions an editor approved "
              "(never on unreviewed machine translation).", kind="str")
    publish: str = _setting(
        IMMEDIATE, "When translations reach the feeds: immediate (each run publishes what passes the gate) or "
                     "on-approval (runs write drafts; `syndicate approve` publishes).", "SYNDICATE_PUBLISH",
        choices=PUBLISH_MODES)
    feed_title: str = _setting("{publisher} — {language}", "Feed title; {publisher} and {language} are filled in.")
    feed_description: str = _setting("Op-eds republished by {publisher} in {language}.", "Feed description.")
    feed_max_items: int = _setting(50, "How many items a language feed keeps (newest first).", low=1, high=10_000)
    ninjs_version: str = _setting(
        "3", "The ninjs shape written: 3 (IPTC ninjs 3.x) or 1 (the 1.x names older readers such as Superdesk's "
             "ninjs ingest take: headline, body_html, pubstatus, associations by name).", choices=("3", "1"))
    feed_ttl: int = _setting(60, "Minutes a feed reader may wait before fetching a feed again (RSS ttl).",
                             low=1, high=10_080)
    withdrawn_retention_days: int = _setting(
        30, "How many days a withdrawn edition stays in its feed as a withdrawal notice (same guid), so feed "
            "readers replace the text they cached; 0 drops it at once.", low=0, high=3650)
    copy_images: bool = _setting(
        False, "Copy each article's lead image (JPEG, PNG, GIF, WebP; at most 5 MB) into its output folder "
               "instead of linking the source site's copy.", "SYNDICATE_COPY_IMAGES")
    languages: tuple[str, ...] = _setting(("ar", "fa-AF", "tg", "ru"), "Default target languages.")
    glossaries: tuple[str, ...] = _setting(
        (), "Glossary files (TSV); default: every glossaries/*.tsv next to the config.")
    profiles: tuple[str, ...] = _setting(
        (), "Extra outlet profile files (TOML), tried before the built-in profiles.", "SYNDICATE_PROFILES")
    routes: tuple[str, ...] = _setting(
        (), "Model family per output language, e.g. tg=nllb,fa-AF=nllb (families: argos, marian, nllb, madlad; "
            "a language not named uses argos). In syndicate.toml a table also works: routes = {tg = \"nllb\"}.",
        "SYNDICATE_ROUTES")
    localize_direct_dari: bool = _setting(
        True, "Run the Dari localization table after a model that writes Dari itself (nllb) too: Iranian "
              "forms slip through any model.", "SYNDICATE_LOCALIZE_DIRECT_DARI")
    dari_table: str | None = _setting(
        None, "Dari localization table, Iranian → Afghan forms (default: the packaged "
              "syndicate/data/dari-localization.tsv).")
    tajik_model: str | None = _setting(
        None, "A CTranslate2 Persian→Tajik character model folder to use instead of the built-in converter.")
    beam_size: int = _setting(4, "Beam size for translation.", low=1, high=32)
    blocking_checks: tuple[str, ...] = _setting(
        ("cut_off",), "Sentence checks whose flags block publication (`syndicate glossary check` exits 6): any of "
                      "cut_off, untranslated, numbers, latin, length, repetition, inconsistent, round_trip; "
                      "the others are advice.", "SYNDICATE_BLOCKING_CHECKS")
    max_untranslated_share: float = _setting(
        0.2, "An edition with more than this share of its sentences flagged untranslated (English, or mostly "
             "Latin letters: a broken or wrong model) stays a draft until `syndicate approve --override`; "
             "1 turns the rule off.", "SYNDICATE_MAX_UNTRANSLATED_SHARE", low=0, high=1)
    # Back-translations of sound machine translations paraphrase: against the source they score
    # roughly chrF 50-70 with Argos-sized models, while a lost clause, a wrong negation or junk
    # output falls well below; 40 flags the latter and lets ordinary rewording pass.
    round_trip_threshold: float = _setting(
        40.0, "chrF (0-100) under which a sentence translated back to English (by an installed X→en model, "
              "`syndicate models install --with-qa`) is flagged round_trip.", "SYNDICATE_ROUND_TRIP_THRESHOLD",
        low=0, high=100)
    round_trip_thresholds: tuple[str, ...] = _setting(
        (), "Per-language round_trip_threshold values, e.g. tg=30,ru=45 (the others use round_trip_threshold).",
        "SYNDICATE_ROUND_TRIP_THRESHOLDS")
    timeout: float = _setting(20.0, "Seconds before a fetch gives up.", low=0.1, high=3600)
    lock_wait: float = _setting(
        600.0, "Seconds a run waits for another run (translate or batch) writing to the same output folder "
               "before giving up with exit code 9 (0: don't wait).", "SYNDICATE_LOCK_WAIT", low=0, high=86_400)
    desk_idle_minutes: int = _setting(
        240, "Minutes after which a desk session nobody used ends (the editor logs in again); a session "
             "ends 12 hours after its login whatever happens.", "SYNDICATE_DESK_IDLE_MINUTES", low=1, high=10_080)
    desk_proxy: str | None = _setting(
        None, "Address of the TLS reverse proxy in front of the desk (e.g. 127.0.0.1): only requests from it "
              "have their X-Forwarded-For/-Proto/-Host headers believed, and the session cookie is Secure when "
              "it says the request came over HTTPS.", "SYNDICATE_DESK_PROXY", kind="str")
    config_path: str | None = None  # the config file read, if any (not a setting)
    sources: tuple[tuple[str, str], ...] = ()  # (name, where from) of each value not left at its default

    @property
    def uses_default_base_url(self) -> bool:
        """True when base_url is the placeholder default, which canonical links and feeds then point at."""
        return self.base_url == DEFAULT_BASE_URL and "base_url" not in dict(self.sources)

    def source(self, name: str) -> str:
        """Where the value in force of setting ``name`` comes from: "option", "$VAR", "config file" or "default"."""
        given = dict(self.sources).get(name)
        if given:
            return given
        if name == "models_dir" and os.environ.get("ARGOS_PACKAGES_DIR"):
            return "$ARGOS_PACKAGES_DIR"
        if name == "cache_path" and os.environ.get("XDG_CACHE_HOME"):
            return "$XDG_CACHE_HOME"
        return "default"

    def in_force(self, name: str):
        """The value setting ``name`` has in effect: models_dir, cache_path and workspace resolved to their paths."""
        if name == "workspace":
            return str(self.resolved_workspace())
        if name == "models_dir":
            return str(self.resolved_models_dir())
        if name == "cache_path":
            return str(self.resolved_cache_path())
        return getattr(self, name)

    def language_thresholds(self) -> dict[str, float]:
        """round_trip_thresholds as tag → chrF; UsageError for an entry that isn't TAG=NUMBER."""
        from .languages import get_language

        thresholds = {}
        for entry in self.round_trip_thresholds:
            tag, _, value = entry.partition("=")
            try:
                thresholds[get_language(tag).tag] = float(value)
            except ValueError:
                raise UsageError(f"round_trip_thresholds: {entry!r} is not TAG=NUMBER",
                                 hint="e.g. round_trip_thresholds = [\"tg=30\", \"ru=45\"]") from None
        return thresholds

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

    def resolved_workspace(self) -> Path:
        """The workspace folder (see syndicate.workspace); UsageError when it lies inside output_dir."""
        return resolve_workspace(self.output_dir, self.workspace)


# The settings that shape the public files whatever the translation (canonical URLs, credits,
# notices, feeds). A run records them for its output folder, so an editorial command run without
# them (`syndicate approve` takes no --base-url) renders the folder as the run did.
SITE_SETTINGS = ("base_url", "publisher", "editor", "feed_title", "feed_description", "feed_max_items", "copy_images",
                 "withdrawn_retention_days", "feed_ttl", "ninjs_version")


def with_site_settings(settings: Settings, recorded: dict) -> Settings:
    """``settings`` with the ``recorded`` values of SITE_SETTINGS that it leaves at their defaults."""
    from dataclasses import replace

    given = dict(settings.sources)
    taken = {name: recorded[name] for name in SITE_SETTINGS if name in recorded and name not in given}
    if not taken:
        return settings
    sources = settings.sources + tuple((name, "the output folder's last run") for name in taken)
    taken = {name: tuple(value) if isinstance(getattr(settings, name), tuple) else value
             for name, value in taken.items()}
    return replace(settings, **taken, sources=sources)


SETTINGS: tuple[Setting, ...] = tuple(
    Setting(f.name, f.default, f.metadata["help"], f.metadata["env"], f.metadata["kind"] or _KINDS[f.type],
            f.metadata["low"], f.metadata["high"], f.metadata["choices"])
    for f in fields(Settings) if f.metadata)

_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}
_EXAMPLE_BASE_URL = "https://partner.example/op-eds/"


def check_base_url(value: str, source: str) -> str:
    """``value`` when it is an http(s) URL with a host and nothing a site root can't have (user
    name, password, query, fragment); else UsageError. The hint shows a made-up example, never
    the value given: an error is no place to echo what a config file or a URL said."""
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:
        parts, host = None, None
    if (parts and parts.scheme in ("http", "https") and host and "@" not in parts.netloc
            and "?" not in value and "#" not in value):
        return value
    how = {"option": f"--base-url {_EXAMPLE_BASE_URL}",
           "config file": f'base_url = "{_EXAMPLE_BASE_URL}" in the config file'}.get(
        source, f"{source.lstrip('$')}={_EXAMPLE_BASE_URL}")
    raise UsageError(f"base_url {_shown(value)} (from {source}) is not an http(s) URL with a host, without a user "
                     "name, password, query or fragment", hint=f"give the full public address, e.g. {how}")


def _shown(value) -> str:
    """A value as an error message quotes it: its repr, cut at 80 characters."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _coerce(setting: Setting, value, source: str = "default", where: str | None = None):
    """``value`` as ``setting`` takes it; UsageError naming ``where`` it came from, what is
    expected and the value."""
    if setting.kind == "url":
        return check_base_url(str(value), source)
    try:
        coerced = _convert(setting.kind, value)
    except (TypeError, ValueError, OverflowError):
        coerced = None
    if coerced is None or (setting.choices and coerced not in setting.choices) or not _in_range(setting, coerced):
        raise UsageError(f"setting {setting.name} = {_shown(value)} (from {where or source}) is not "
                         f"{setting.expected()}", hint="`syndicate config` lists every setting with what it takes")
    return coerced


def _convert(kind: str, value):
    """``value`` (from TOML, an environment variable or an option) as a value of ``kind``; None
    when it isn't one."""
    import math

    if kind == "bool":
        if isinstance(value, bool):
            return value
        word = value.strip().lower() if isinstance(value, str) else None
        return True if word in _TRUE else False if word in _FALSE else None
    if isinstance(value, bool):  # True is an int to Python, not to a config file
        return None
    if kind == "int":
        if isinstance(value, str):
            return int(value.strip())
        return value if isinstance(value, int) else None
    if kind == "float":
        if isinstance(value, str):
            number = float(value.strip())
        elif isinstance(value, (int, float)):
            number = float(value)
        else:
            return None
        return number if math.isfinite(number) else None
    if kind == "list":
        if isinstance(value, dict):  # a TOML table: {tg = "nllb"} → ("tg=nllb",)
            value = [f"{key}={item}" for key, item in value.items() if isinstance(item, (str, int, float))]
        items = value.split(",") if isinstance(value, str) else value if isinstance(value, (list, tuple)) else None
        if items is None or not all(isinstance(item, str) for item in items):
            return None
        return tuple(item.strip() for item in items if item.strip())
    return value if isinstance(value, str) else None


def _in_range(setting: Setting, value) -> bool:
    if setting.kind not in ("int", "float"):
        return True
    return (setting.low is None or value >= setting.low) and (setting.high is None or value <= setting.high)


def load_settings(config_path: str | os.PathLike | None = None, **overrides) -> Settings:
    """Build Settings from defaults, the config file, the environment and explicit overrides.

    Without ``config_path``, ``./syndicate.toml`` is used when it exists. Each value is checked
    against its declaration (type, range, choices) as it is read: a UsageError names the file
    and key, the variable or the option it came from.
    """
    values: dict[str, object] = {}
    sources: dict[str, str] = {}
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
                raise UsageError(f"config file {path}: unknown setting {_shown(key)}",
                                 hint="`syndicate config` lists the settings")
            values[key] = _coerce(known[key], value, "config file", f"config file {path}, key {key}")
            sources[key] = "config file"
        values["config_path"] = str(path)
    for setting in SETTINGS:
        if setting.env and os.environ.get(setting.env):
            values[setting.name] = _coerce(setting, os.environ[setting.env], f"${setting.env}",
                                           f"environment variable {setting.env}")
            sources[setting.name] = f"${setting.env}"
    for key, value in overrides.items():
        if value is not None:
            values[key] = _coerce(known[key], value, "option", f"the command line ({key})")
            sources[key] = "option"
    settings = replace(Settings(), **values, sources=tuple(sources.items()))
    settings.language_thresholds()  # TAG=NUMBER entries, checked as they are read rather than mid-run
    return settings
