"""The escape key that brings the operator back from a console (``^]`` by default)."""

from __future__ import annotations

import re

from vdcftui.errors import UsageError

DEFAULT_ESCAPE = "^]"
_SPEC = re.compile(r"\^([@A-Za-z\[\\\]^_])")
# keys a console needs, or that terminals send as part of other keys
_REFUSED = {
    "C": "interrupts the console's program",
    "M": "is Return",
    "J": "is Return",
    "I": "is Tab",
    "H": "is Backspace",
    "[": "is Escape (starts arrow keys)",
    "@": "is NUL",
    "D": "ends input on the console",
    "Z": "suspends a program",
}


def parse_escape(spec: str) -> str:
    """The control character written ``^X`` (``^]``, ``^A`` ...), or a UsageError."""
    match = _SPEC.fullmatch(spec.strip())
    if match is None:
        raise UsageError(
            f"invalid escape key {spec!r}: write it as ^ and a letter or one "
            "of @ [ \\ ] ^ _ (e.g. '^]')"
        )
    letter = match.group(1).upper()
    if letter in _REFUSED:
        raise UsageError(f"escape key ^{letter} refused: it {_REFUSED[letter]}")
    return chr(ord(letter) & 0x1F)
