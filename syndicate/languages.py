"""The language registry: output tags, scripts, direction, aliases, and each one's route."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import UsageError


@dataclass(frozen=True)
class Language:
    """An output language.

    ``model_target`` is the Argos target code of the en→X model the route needs;
    ``postprocess`` names the route step (routes.PostProcessor) applied to that model's output
    ("dari" | "tajik" | None; see routes.load_postprocessor).
    """

    tag: str
    name: str
    script: str
    direction: str
    og_locale: str
    model_target: str
    postprocess: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"

    @property
    def model_pair(self) -> tuple[str, str]:
        return ("en", self.model_target)


LANGUAGES: tuple[Language, ...] = (
    Language("ar", "Arabic", "Arab", "rtl", "ar_AR", "ar", None, ("arabic", "ara")),
    Language(
        "fa-AF", "Dari", "Arab", "rtl", "fa_AF", "fa", "dari",
        ("prs", "dari", "fa-af", "fa_af"),
    ),
    Language("tg", "Tajik", "Cyrl", "ltr", "tg_TJ", "fa", "tajik", ("tajik", "tgk", "tg-tj")),
    Language("ru", "Russian", "Cyrl", "ltr", "ru_RU", "ru", None, ("russian", "rus")),
)


def get_language(name: str) -> Language:
    """Resolve a tag or alias (case-insensitive) to its Language, or raise UsageError."""
    wanted = name.strip().lower().replace("_", "-")
    for lang in LANGUAGES:
        if wanted == lang.tag.lower() or wanted in lang.aliases:
            return lang
    known = ", ".join(lang.tag for lang in LANGUAGES)
    raise UsageError(f"unknown language {name!r}", hint=f"use one of {known} (aliases: prs, dari, tajik)")


def parse_targets(value: str | list[str] | tuple[str, ...]) -> tuple[Language, ...]:
    """Parse ``"ar,fa-AF"`` or a list of tags into Languages, keeping order, without repeats."""
    names = value.split(",") if isinstance(value, str) else [n for v in value for n in v.split(",")]
    result: list[Language] = []
    for name in names:
        if name.strip():
            lang = get_language(name)
            if lang not in result:
                result.append(lang)
    if not result:
        raise UsageError("no target language given", hint="e.g. --to ar,fa-AF,tg,ru")
    return tuple(result)
