"""`syndicate transliterate`: (being written)."""

from . import cli  # noqa: F401
