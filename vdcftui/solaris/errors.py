"""Errors raised by the Solaris output parsers and the parser registry."""

from __future__ import annotations

__all__ = ["ParseError", "UnknownCommand"]


class ParseError(ValueError):
    """Command output that does not have the shape the command prints.

    The message names the command, the 1-based line number and the offending line, e.g.
    ``zoneadm list -cp: line 3: expected at least 7 ':'-separated fields: 'garbage'``.
    """

    def __init__(
        self, command: str, reason: str, lineno: int | None = None, line: str | None = None
    ) -> None:
        self.command = command
        self.reason = reason
        self.lineno = lineno
        self.line = line
        if lineno is None:
            message = f"{command}: {reason}"
        else:
            message = f"{command}: line {lineno}: {reason}: {line!r}"
        super().__init__(message)


class UnknownCommand(ValueError):
    """A command line for which no parser is registered."""

    def __init__(self, command: str, known: list[str]) -> None:
        self.command = command
        self.known = known
        shown = ", ".join(known[:12]) + (", ..." if len(known) > 12 else "")
        super().__init__(f"no parser for command {command!r}; known: {shown}")
