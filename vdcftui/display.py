"""Text from hosts and operators as a terminal may safely show it.

Names, models, outputs and errors can carry whatever a host reported or an operator
typed. Everything vdcftui displays (console, CLI, NOC, logs) passes through
:func:`printable` first, so an escape sequence is shown, never obeyed.
"""

from __future__ import annotations

import re

# C0 controls, DEL, C1 controls, and the Unicode bidirectional overrides and isolates
# that reorder what follows them on screen.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\x1b": "\\e"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: object) -> str:
    """``text`` with every control character escaped (``\\e``, ``\\n``, ``\\x07``, ...);
    ``None`` is shown as ``-``."""
    if text is None:
        return "-"
    return _UNSAFE.sub(_escape, str(text))


def printable_lines(text: str) -> str:
    """Multi-line output (a command's stdout) with its line breaks kept and every
    other control character escaped."""
    return "\n".join(printable(line) for line in text.replace("\r\n", "\n").split("\n"))


def shown(text: object, limit: int = 60) -> str:
    """``text`` as :func:`printable` shows it, cut to ``limit`` characters with '…' (a
    hostile value in an error message stays readable)."""
    safe = printable(text)
    return safe if len(safe) <= limit else safe[: limit - 1] + "…"


def unsafe_character(text: str) -> str | None:
    """The first character of ``text`` that :func:`printable` would escape, or None."""
    match = _UNSAFE.search(text)
    return match.group() if match else None


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """``number`` and the noun in the number it takes: "1 step", "2 steps", "0 steps"."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"
