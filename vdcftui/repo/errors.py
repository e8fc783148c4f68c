"""Errors of the configuration repository."""

from __future__ import annotations

from vdcftui.errors import OperatorError


class RepositoryError(OperatorError):
    """The repository cannot be opened, read or upgraded; the message says why."""
