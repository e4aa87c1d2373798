"""Dependencies from outside the project: the tools scripts/setup.sh installs and the dev extras.

``missing(reason)`` skips the test on a developer's machine but fails it when the environment
variable ``CI`` is set (CI runs with ``CI=true``), so CI can't go green by skipping what it failed
to install.
"""

from __future__ import annotations

import importlib
import os
from typing import NoReturn

import pytest


def in_ci() -> bool:
    """True when ``CI`` is set to anything but an empty string, 0, false or no."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def missing(reason: str) -> NoReturn:
    """Skip with ``reason``, or fail with it under CI."""
    if in_ci():
        pytest.fail(f"{reason} (CI is set, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)


def import_or_missing(name: str, hint: str):
    """The module ``name``, imported; ``missing(...)`` with ``hint`` when it isn't installed."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError:
        missing(f"{name} is not installed: {hint}")
