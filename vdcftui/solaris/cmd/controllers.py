"""Builders of the command lines typed at a system controller's prompt (ILOM `-> `,
XSCF `XSCF> `): not shell commands, but built here like every other command, from
checked values."""

from __future__ import annotations


def ilom_console(force: bool = False) -> str:
    """ILOM: `start [-f] /SP/console` (``-f`` takes over a console in use)."""
    return "start -f /SP/console" if force else "start /SP/console"


def xscf_console(domain_id: int, force: bool = False) -> str:
    """XSCF: `console -d DOMAIN [-f]` (``-f`` takes over a console in use)."""
    if not isinstance(domain_id, int) or not 0 <= domain_id <= 99:
        raise ValueError(f"invalid XSCF domain id {domain_id!r}")
    return " ".join(["console", "-d", str(domain_id), *(["-f"] if force else [])])
