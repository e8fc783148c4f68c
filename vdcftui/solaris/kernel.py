"""Kernel parameters: ``set [MODULE:]PARAM = VALUE`` lines of ``/etc/system`` (Solaris
10 and 11.3) or of a file of ``/etc/system.d`` (Solaris 11.4), read at the next boot.

Sources: system(4) (``set [module:]symbol = value``, ``*`` starts a comment, read
once at boot); the Solaris 11.4 Tunable Parameters manual (files in
``/etc/system.d``, read in name order, ``/etc/system`` last; editing ``/etc/system``
itself is discouraged there). unverified: no capture of either file backs the lab's.
"""

from __future__ import annotations

import re

from vdcftui.solaris.names import InvalidName, validate_word

ETC_SYSTEM = "/etc/system"
SYSTEM_D_FILE = "/etc/system.d/vdcftui"
"""The product's file of kernel parameters on Solaris 11.4."""
_PARAM = re.compile(r"([a-z][a-z0-9_]*:)?[A-Za-z_][A-Za-z0-9_]*")
_VALUE = re.compile(r"0[xX][0-9A-Fa-f]+|[0-9]+")
_SET = re.compile(r"^\s*set\s+(?P<param>[^\s=]+)\s*=\s*(?P<value>\S+)")


def uses_system_d(os_version: str | None) -> bool:
    """Whether a node of that release reads ``/etc/system.d`` (11.4 and later)."""
    return os_version is not None and os_version.startswith("11.") and os_version >= "11.4"


def validate_param(name: str) -> str:
    """Check a kernel parameter ``[module:]symbol`` (``zfs:zfs_arc_max``, ``maxusers``)."""
    validate_word(name, "kernel parameter", "_:", 128)
    if not _PARAM.fullmatch(name):
        raise InvalidName("kernel parameter", name, "expected [module:]symbol", noun="")
    return name


def validate_param_value(text: str) -> str:
    """Check a kernel parameter's value: a decimal or 0x hexadecimal integer."""
    validate_word(text, "kernel parameter value", "", 40)
    if not _VALUE.fullmatch(text):
        raise InvalidName(
            "kernel parameter value",
            text,
            "it must be a decimal or 0x hexadecimal integer",
            noun="",
        )
    return text


def same_value(a: str, b: str) -> bool:
    """Whether two values are the same integer (``0x10`` and ``16``)."""
    try:
        return int(a, 0) == int(b, 0)
    except ValueError:
        return a == b


def parse_system(text: str) -> dict[str, str]:
    """The parameters a system file sets (the last line of a parameter wins)."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        match = _SET.match(line)
        if match is not None and not line.lstrip().startswith("*"):
            found[match["param"]] = match["value"]
    return found


def render_system_d(params: dict[str, str]) -> str:
    """The product's ``/etc/system.d`` file setting ``params``."""
    lines = ["* written by vdcftui (config apply): its kernel items"]
    lines += [f"set {name} = {value}" for name, value in sorted(params.items())]
    return "\n".join(lines) + "\n"


def edit_system(text: str, params: dict[str, str]) -> str:
    """``/etc/system`` with the ``set`` lines of ``params`` moved to its end with their
    new values, every other line kept as it was."""
    out: list[str] = []
    for line in text.splitlines():
        match = _SET.match(line)
        if match is not None and match["param"] in params:
            continue
        out.append(line)
    out += [f"set {name} = {value}" for name, value in sorted(params.items())]
    return "\n".join(out) + "\n"
