"""Errors of the configuration repository."""

from __future__ import annotations

from vdcftui.errors import OperatorError


class RepositoryError(OperatorError):
    """The repository cannot be opened, read or upgraded; the message says why."""


# What a database error's text means to an operator, and what to do about it.
_CAUSES = (
    ("database is locked", "another process holds the repository's write lock; try again"),
    ("readonly database", "the repository file is read-only: check its owner and mode"),
    ("disk is full", "the disk holding the repository is full: free space and try again"),
    ("disk i/o error", "the repository's disk failed to read or write: check the disk"),
    ("no such table", "the repository is damaged (a table is missing): restore a backup"),
    ("no such column", "the repository is damaged (a column is missing): restore a backup"),
    ("malformed", "the repository file is damaged: restore a backup"),
    ("not a database", "the repository is not a vdcftui database: check --repo"),
    ("out of range", "a value is too large for the repository's column"),
)


def explained(exc: Exception) -> RepositoryError:
    """A database error as one line naming its cause and what to do; whatever the
    statement was writing was rolled back with its transaction."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    lowered = text.lower()
    for needle, advice in _CAUSES:
        if needle in lowered:
            return RepositoryError(f"repository: {text}: {advice}; nothing was half-written")
    return RepositoryError(f"repository: {text}; nothing was half-written")
