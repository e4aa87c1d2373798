"""Outlet profiles: optional per-domain CSS rules that steer extraction (body, metadata, extra drops).

The packaged ``syndicate/data/profiles.toml`` ships a few; a user file with the same format
(``--profiles FILE`` or ``SYNDICATE_PROFILES``) adds more, tried first, without touching code.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import UsageError
from ..resources import package_file

DATE_ORDERS = ("dmy", "mdy", "ymd")


@dataclass(frozen=True)
class OutletProfile:
    """Extraction rules for one outlet; every selector is optional."""

    domains: tuple[str, ...]
    body: str | None = None
    title: str | None = None
    author: str | None = None
    date: str | None = None
    date_order: str = "dmy"
    drop: tuple[str, ...] = ()
    origin: str = ""  # the file it came from, for error messages

    def matches(self, url: str | None) -> bool:
        host = (urlsplit(url).hostname or "").lower() if url else ""
        return any(host == domain or host.endswith("." + domain) for domain in self.domains)


# The keys a profiles file may give: every OutletProfile field but ``origin``.
_FIELDS = tuple(f.name for f in fields(OutletProfile) if f.name != "origin")


@dataclass(frozen=True)
class ProfileSet:
    """Profiles in the order they are tried (user files first, then the packaged ones)."""

    profiles: tuple[OutletProfile, ...] = ()

    def match(self, url: str | None) -> OutletProfile | None:
        """The first profile whose domains cover ``url``'s host, or None."""
        return next((profile for profile in self.profiles if profile.matches(url)), None)


def _check_selector(selector: str, where: str) -> None:
    from cssselect import SelectorError
    from lxml.cssselect import CSSSelector

    try:
        CSSSelector(selector)
    except SelectorError as error:
        raise UsageError(f"{where}: bad CSS selector {selector!r} ({error})") from error


def parse_profiles(text: str, origin: str) -> tuple[OutletProfile, ...]:
    """Profiles from the TOML text of a profiles file; UsageError naming ``origin`` when malformed."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"profiles file {origin}: {error}") from error
    profiles = []
    for number, entry in enumerate(data.get("profile", []), start=1):
        where = f"profiles file {origin}, profile {number}"
        unknown = set(entry) - set(_FIELDS)
        if unknown:
            raise UsageError(f"{where}: unknown key {sorted(unknown)[0]!r}", hint=f"keys: {', '.join(_FIELDS)}")
        domains = entry.get("domains")
        if isinstance(domains, str):
            domains = [domains]
        if not domains or not all(isinstance(d, str) and d for d in domains):
            raise UsageError(f"{where}: 'domains' must list at least one domain")
        drop = entry.get("drop", [])
        drop = [drop] if isinstance(drop, str) else list(drop)
        selectors = [entry.get(key) for key in ("body", "title", "author", "date")] + drop
        for selector in selectors:
            if selector is not None:
                if not isinstance(selector, str):
                    raise UsageError(f"{where}: selectors must be strings, got {selector!r}")
                _check_selector(selector, where)
        date_order = entry.get("date_order", "dmy")
        if date_order not in DATE_ORDERS:
            raise UsageError(f"{where}: date_order must be one of {', '.join(DATE_ORDERS)}")
        profiles.append(OutletProfile(
            domains=tuple(d.lower().removeprefix("www.") for d in domains),
            body=entry.get("body"), title=entry.get("title"), author=entry.get("author"),
            date=entry.get("date"), date_order=date_order, drop=tuple(drop), origin=origin,
        ))
    return tuple(profiles)


def load_profiles(user_files: tuple[str | Path, ...] = (), *, packaged: bool = True) -> ProfileSet:
    """The user files' profiles (in order) followed by the packaged ones."""
    profiles: list[OutletProfile] = []
    for path in map(Path, user_files):
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise UsageError(f"profiles file {path} can't be read ({error.strerror or error})") from error
        profiles.extend(parse_profiles(text, str(path)))
    if packaged:
        text = package_file("data", "profiles.toml").read_text(encoding="utf-8")
        profiles.extend(parse_profiles(text, "syndicate/data/profiles.toml"))
    return ProfileSet(tuple(profiles))
