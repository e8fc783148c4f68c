"""Builders of the command lines typed at a system controller's prompt (ILOM `-> `,
XSCF `XSCF> `): not shell commands, but built here like every other command, from
checked values."""

from __future__ import annotations


def ilom_console(force: bool = False) -> str:
    """ILOM: `start [-f] /SP/console` (``-f`` takes over a console in use)."""
    return "start -f /SP/console" if force else "start /SP/console"


def xscf_console(unit_id: int, force: bool = False, ppar: bool = False) -> str:
    """XSCF: `console -d DOMAIN [-f]` on the M-series, `console -p PPAR [-f]` on an
    M10/M12 (``-f`` takes over a console in use)."""
    if not isinstance(unit_id, int) or not 0 <= unit_id <= 99:
        raise ValueError(f"invalid XSCF {'PPAR' if ppar else 'domain'} id {unit_id!r}")
    option = "-p" if ppar else "-d"
    return " ".join(["console", option, str(unit_id), *(["-f"] if force else [])])
