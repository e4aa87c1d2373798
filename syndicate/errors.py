"""One exception hierarchy; the CLI turns each class into a one-line message and exit code."""


class SyndicateError(Exception):
    """Base of every error syndicate reports to a user.

    ``hint`` tells the user how to fix it; ``exit_code`` is distinct per family so scripts
    can tell a network failure from a missing model.
    """

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def with_hint(self) -> str:
        """The message followed by the hint in parentheses, as users see it on one line."""
        return self.message + (f" ({self.hint})" if self.hint else "")

    def __reduce__(self):
        # Keep the hint when the error crosses a process boundary (pool and Dask workers).
        return (type(self), (self.message, self.hint), self.__dict__)


class UsageError(SyndicateError):
    """Arguments or configuration that can't work (bad language tag, bad config file)."""

    exit_code = 2


class FetchError(SyndicateError):
    """The source could not be read: unreachable host, timeout, HTTP error, bad scheme."""

    exit_code = 3


class ContentError(SyndicateError):
    """The source was read but is not a usable article: not HTML, empty, too large, undecodable."""

    exit_code = 4


class ModelError(SyndicateError):
    """A translation model is missing, corrupt or can't be installed."""

    exit_code = 5


class GlossaryError(SyndicateError):
    """A glossary file is malformed or fails lint."""

    exit_code = 6


class ExportError(SyndicateError):
    """Output could not be written (unwritable folder, corrupt feed that could not be rebuilt)."""

    exit_code = 7


class PartialFailure(SyndicateError):
    """Some languages or articles failed while others succeeded."""

    exit_code = 8
