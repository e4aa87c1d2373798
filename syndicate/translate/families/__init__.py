"""Model families: the conventions of each kind of CTranslate2 model the engine runs.

A family says which files hold the tokenizers, how a source text becomes the token sequence
its model reads (language token, target tag, ``</s>``), what the target prefix is and how it
leaves the output, which code the model uses for each output language, and its usual licence.
Everything about one family lives in its module:

- ``argos``: Argos Translate packages (one pair per package; Dari and Tajik through en→fa)
- ``marian``: OPUS-MT / Marian pair models (CC-BY-4.0)
- ``nllb``: NLLB-200, one model for 200 languages, Dari and Tajik among them (CC-BY-NC-4.0)
- ``madlad``: MADLAD-400, a T5 model with a ``<2xx>`` tag in front of the source (Apache-2.0)

The token sequences equal those of the family's reference tokenizer in Hugging Face
transformers (tests/test_families.py compares them).
"""

from __future__ import annotations

from .base import Family, RouteCodes
from .argos import ARGOS
from .madlad import MADLAD
from .marian import MARIAN
from .nllb import NLLB

FAMILIES: dict[str, Family] = {family.name: family for family in (ARGOS, MARIAN, NLLB, MADLAD)}


def get_family(name: str) -> Family:
    """The family called ``name``; UsageError naming the known ones."""
    from ...errors import UsageError

    family = FAMILIES.get(name.strip().lower())
    if family is None:
        raise UsageError(f"unknown model family {name!r}", hint=f"use one of {', '.join(FAMILIES)}")
    return family


__all__ = ["ARGOS", "FAMILIES", "MADLAD", "MARIAN", "NLLB", "Family", "RouteCodes", "get_family"]
