"""Route post-processors: what turns a model's output into the target language's own form.

A language whose model is shared (en→fa for Dari and Tajik) names its post-processor in
``Language.postprocess``; ``load_postprocessor`` loads it. Each one has a ``route_id``, recorded in
the article's route, and ``process``, run on every hypothesis — cached or fresh, since the memory
holds the model's output before post-processing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from ...errors import ModelError


class PostProcessor(Protocol):
    route_id: str  # e.g. "dari-localization@<hash>", "tajik:builtin:1-<hash>"

    def process(self, texts: list[str]) -> list[str]:
        """One output per input text, in order."""
        ...


def load_postprocessor(name: str, *, dari_table: str | Path | None = None,
                       tajik_model_dir: str | Path | None = None) -> PostProcessor:
    """The post-processor ``name`` ("dari" | "tajik"): the Dari table, the Persian→Tajik converter."""
    if name == "dari":
        from .dari import load_dari_table

        return load_dari_table(dari_table)
    if name == "tajik":
        from .tajik import load_tajik_route

        return load_tajik_route(Path(tajik_model_dir) if tajik_model_dir else None)
    raise ModelError(f"unknown post-processing step {name!r}", hint="use 'dari', 'tajik' or none")
