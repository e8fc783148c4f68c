"""Builders of the command lines a system controller runs (ILOM `-> `, XSCF `XSCF> `,
ALOM `sc> `): typed at its prompt or sent as an SSH exec request; not shell commands,
but built here like every other command, from checked values."""

from __future__ import annotations

from vdcftui.solaris.cmd.command import Command
from vdcftui.solaris.controllers import ControllerAddress


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


def alom_console(force: bool = False) -> str:
    """ALOM / ALOM-CMT: `console [-f]` (``-f`` takes the console's write lock from
    another user)."""
    return "console -f" if force else "console"


POWER_ACTIONS = ("on", "off", "reset")


def _xscf_unit(address: ControllerAddress) -> list[str]:
    return ["-p" if address.ppar else "-d", str(address.unit)]


def sc_power(address: ControllerAddress, action: str, force: bool = False) -> Command:
    """Power a host on, off or reset through its controller, without a question:
    ILOM ``start|stop [-force]|reset -script /SYS``; XSCF ``poweron|poweroff [-f]|reset
    -d N|-p N -y`` (reset: ``por``); ALOM ``poweron``, ``poweroff [-f] -y``,
    ``reset -y``. ``force`` (off only) cuts the power without a graceful shutdown."""
    if action not in POWER_ACTIONS:
        raise ValueError(f"unknown power action {action!r}")
    if force and action != "off":
        raise ValueError("only powering off can be forced")
    if address.sc_type == "ilom":
        verb = {"on": "start", "off": "stop", "reset": "reset"}[action]
        return Command((verb, "-script", *(["-force"] if force else []), "/SYS"))
    if address.sc_type == "xscf":
        if action == "reset":
            return Command(("reset", *_xscf_unit(address), "-y", "por"))
        verb = "poweron" if action == "on" else "poweroff"
        return Command((verb, *_xscf_unit(address), *(["-f"] if force else []), "-y"))
    if action == "on":
        return Command(("poweron",))
    if action == "reset":
        return Command(("reset", "-y"))
    return Command(("poweroff", *(["-f"] if force else []), "-y"))


def sc_power_status(address: ControllerAddress) -> Command:
    """The controller's word on its host's power (see ``solaris.controllers``)."""
    if address.sc_type == "ilom":
        return Command(("show", "/SYS", "power_state"))
    if address.sc_type == "xscf":
        verb = "showpparstatus" if address.ppar else "showdomainstatus"
        return Command((verb, *_xscf_unit(address)))
    return Command(("showplatform",))
