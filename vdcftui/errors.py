"""Errors an operator can act on: printed as one clear line, never as a traceback."""

from __future__ import annotations


class OperatorError(Exception):
    """An error whose message is meant for the operator; the CLI prints it and exits."""

    exit_status = 1


class UsageError(OperatorError):
    """A bad name, value or combination of options, refused before anything runs."""

    exit_status = 2
