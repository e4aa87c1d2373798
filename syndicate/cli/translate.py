"""`syndicate translate`: (being written)."""

from . import cli  # noqa: F401
