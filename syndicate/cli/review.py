"""`syndicate review`: (being written)."""

from . import cli  # noqa: F401
