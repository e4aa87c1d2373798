"""`syndicate extract`: (being written)."""

from . import cli  # noqa: F401
