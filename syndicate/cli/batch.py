"""`syndicate batch`: (being written)."""

from . import cli  # noqa: F401
