"""One exception hierarchy; the CLI turns each class into a one-line message and exit code.

Each family has a ``kind`` ("fetch", "model", ...): the name batch ledgers, JSON summaries and
per-language outcomes record, and ``error_class(kind)`` turns back into the class.
"""


class SyndicateError(Exception):
    """Base of every error syndicate reports to a user.

    ``hint`` tells the user how to fix it; ``exit_code`` is distinct per family so scripts
    can tell a network failure from a missing model.
    """

    exit_code = 1
    kind = "error"

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
    kind = "usage"


class FetchError(SyndicateError):
    """The source could not be read: unreachable host, timeout, HTTP error, bad scheme."""

    exit_code = 3
    kind = "fetch"


class ContentError(SyndicateError):
    """The source was read but is not a usable article: not HTML, empty, too large, undecodable."""

    exit_code = 4
    kind = "content"


class ModelError(SyndicateError):
    """A translation model is missing, corrupt or can't be installed."""

    exit_code = 5
    kind = "model"


class GlossaryError(SyndicateError):
    """A glossary file is malformed or fails lint."""

    exit_code = 6
    kind = "glossary"


class ExportError(SyndicateError):
    """Output could not be written (unwritable folder, corrupt feed that could not be rebuilt)."""

    exit_code = 7
    kind = "export"


class PartialFailure(SyndicateError):
    """Some languages or articles failed while others succeeded."""

    exit_code = 8
    kind = "partial"


class BusyError(SyndicateError):
    """Another run held the output folder for longer than the ``lock_wait`` setting allows."""

    exit_code = 9
    kind = "busy"


class ConflictError(SyndicateError):
    """Someone changed the edition or file since it was read (two editors saving at once)."""

    exit_code = 10
    kind = "conflict"


class SentenceChanged(ConflictError):
    """The sentence an editor corrected was changed by someone else since they read it;
    ``current`` is its text now (the desk shows it beside theirs)."""

    def __init__(self, message: str, *, current: str, hint: str | None = None):
        super().__init__(message, hint=hint)
        self.current = current


def error_class(kind: str | None) -> type[SyndicateError]:
    """The SyndicateError class of an error ``kind`` ("model" → ModelError); SyndicateError if unknown."""
    for cls in (SyndicateError, *SyndicateError.__subclasses__()):
        if cls.kind == kind:
            return cls
    return SyndicateError
