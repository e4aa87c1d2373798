"""Routes: which installed model, of which family, translates into each output language.

The ``routes`` setting picks a family per language (``tg=nllb,fa-AF=nllb``); a language it
doesn't name goes through Argos, as before. A Route names the model, the model's codes for the
source and the target, and the step after the model (the Dari table, the Persian→Tajik
converter, or none). One multilingual model (NLLB, MADLAD) serves every language routed to its
family, and is loaded once.

The round trip goes back to English through the reverse route: an Argos X→en package, a Marian
X→en pair, or the same multilingual model asked for English.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import ModelError, UsageError
from ..languages import Language, get_language
from .families import ARGOS, FAMILIES, Family, get_family
from .packages import ModelPackage, find_package
from .packages.folders import ModelFolder, installed_folders

Model = ModelPackage | ModelFolder


@dataclass(frozen=True)
class Route:
    """One way into (or, ``back``, out of) an output language."""

    language: Language
    family: Family
    model: Model
    source: str  # the model's code of what goes in
    target: str  # the model's code of what comes out
    step: str | None = None  # the route step after the model: "dari", "tajik" or None
    back: bool = False  # the round trip, to English

    @property
    def memory_id(self) -> str:
        """The translation-memory key of this model and direction."""
        if self.family.multilingual:
            return f"{self.model.version_id}:{self.source}>{self.target}"
        return self.model.version_id


def parse_routes(entries) -> dict[str, str]:
    """``("tg=nllb", "fa-AF=nllb")`` (or a mapping) → {"tg": "nllb", "fa-AF": "nllb"}; UsageError
    for an unknown language or family or an entry that isn't LANG=FAMILY."""
    items = entries.items() if isinstance(entries, dict) else (str(entry).partition("=")[::2] for entry in entries)
    routes = {}
    for tag, name in items:
        if not str(tag).strip() or not str(name).strip():
            raise UsageError(f"routes: {tag}={name} is not LANG=FAMILY",
                             hint=f"e.g. --route tg=nllb; families: {', '.join(FAMILIES)}")
        family = get_family(str(name))
        language = get_language(str(tag))
        if language.tag not in family.codes:
            raise UsageError(f"routes: the {family.title} family can't translate into {language.tag}")
        routes[language.tag] = family.name
    return routes


def find_route(models_dir: Path, language: Language, family: Family = ARGOS, *,
               localize_direct_dari: bool = True) -> Route:
    """The installed model that translates English into ``language`` through ``family``;
    ModelError naming what to install."""
    codes = family.route_codes(language, localize_direct_dari=localize_direct_dari)
    if codes is None:
        raise UsageError(f"the {family.title} family can't translate into {language.tag}")
    if family is ARGOS:
        package = find_package(models_dir, "en", codes.code, install_as=language.tag)
        return Route(language, family, package, "en", codes.code, codes.step)
    for folder in installed_folders(models_dir):
        if folder.family == family.name and codes.code in folder.targets and family.english in folder.sources:
            return Route(language, family, folder, family.english, codes.code, codes.step)
    raise ModelError(
        f"no {family.title} model that writes {codes.code} (for {language.tag}) is installed in {models_dir}",
        hint=f"install a converted one: `syndicate models install --from DIR` (make DIR from a downloaded "
             f"snapshot with `syndicate models convert SNAPSHOT --family {family.name}`), or route "
             f"{language.tag} elsewhere (--route {language.tag}=argos)")


def reverse_route(models_dir: Path, route: Route) -> Route | None:
    """The route that translates ``route``'s model output back to English; None when none is installed."""
    family, english = route.family, route.family.english
    if family is ARGOS:
        try:
            package = find_package(models_dir, route.target, "en")
        except ModelError:
            return None
        return Route(route.language, family, package, route.target, "en", back=True)
    if family.multilingual:
        if english in route.model.targets and route.target in route.model.sources:
            return Route(route.language, family, route.model, route.target, english, back=True)
        return None
    for folder in installed_folders(models_dir):
        if folder.family == family.name and route.target in folder.sources and english in folder.targets:
            return Route(route.language, family, folder, route.target, english, back=True)
    return None


def reverse_hint(route: Route) -> str:
    """How to install what ``route``'s round trip needs."""
    if route.family is ARGOS:
        return f"`syndicate models install --with-qa {route.language.tag}`"
    if route.family.multilingual:
        return f"a {route.family.title} model with {route.family.english} among its languages"
    return f"a {route.family.title} {route.target}→en model (`syndicate models install --from DIR`)"
