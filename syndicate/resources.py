"""The files syndicate ships inside its package (templates, outlet profiles, Tajik data, the Dari
table), read through ``importlib.resources`` so they are found in any install, not only a checkout."""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable


def package_file(*parts: str) -> Traversable:
    """``syndicate/<parts...>`` as a Traversable (``read_text``/``read_bytes``, ``/`` to go deeper)."""
    node = resources.files("syndicate")
    for part in parts:
        node = node / part
    return node
