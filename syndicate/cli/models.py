"""`syndicate models`: (being written)."""

from . import cli  # noqa: F401
