"""Giving memory back to the system between the stages of one long article."""

from __future__ import annotations


def give_back_freed_memory() -> None:
    """Return the C heap's free pages to the operating system (glibc's ``malloc_trim``); does
    nothing where the C library has no such call.

    lxml, SQLite and CPython's larger objects allocate through malloc, and glibc keeps what they
    free: after extracting or translating a 50,000-paragraph report some 100 MB stay with the
    process, and the next stage's peak comes on top of it. Dask's workers trim their memory the
    same way. It costs a few milliseconds."""
    import ctypes

    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass
