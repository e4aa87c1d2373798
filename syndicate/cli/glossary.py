"""`syndicate glossary`: (being written)."""

from . import cli  # noqa: F401
