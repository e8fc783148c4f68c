"""What a system controller says about its host's power, and how a host is addressed
on it (no I/O).

- ILOM: ``show /SYS power_state`` answers ``power_state = On`` or ``Off``.
- XSCF: on the M-series a host is a domain (``showdomainstatus -d N``: ``DID  Domain
  Status`` rows such as ``00  Running``, ``00  Powered Off``); on an M10 or M12 a
  physical partition (``showpparstatus -p N``: ``PPAR-ID  PPAR Status`` rows).
- ALOM: ``showplatform`` contains ``standby`` while the host is off (the rule of the
  ALOM fence agent); any other answer means on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SC_TYPES = ("ilom", "xscf", "alom")
POWER_STATES = ("on", "off")


@dataclass(frozen=True)
class ControllerAddress:
    """How one host is addressed on its controller: the controller's type and, on an
    XSCF, the domain or PPAR id (``ppar``: an M10/M12, which speaks PPARs)."""

    sc_type: str
    unit: int | None = None
    ppar: bool = False

    def __post_init__(self) -> None:
        if self.sc_type not in SC_TYPES:
            raise ValueError(f"unknown system controller type {self.sc_type!r}")
        if self.sc_type == "xscf" and (not isinstance(self.unit, int) or not 0 <= self.unit <= 99):
            raise ValueError(f"invalid XSCF domain or PPAR id {self.unit!r}")

    @property
    def unit_word(self) -> str:
        """What the XSCF calls the unit: ``PPAR`` or ``domain``."""
        return "PPAR" if self.ppar else "domain"


def speaks_ppars(model: str | None) -> bool:
    """Whether the XSCF of a server of this model (as discovery read it: "SPARC M10-1",
    "SPARC M12-2S") addresses physical partitions (`-p`), not domains (`-d`)."""
    return re.search(r"\bM1[02]-", model or "") is not None


_ILOM_POWER = re.compile(r"^\s*power_state\s*=\s*(On|Off)\s*$", re.MULTILINE | re.IGNORECASE)


def _xscf_row(unit: int) -> re.Pattern[str]:
    return re.compile(rf"^\s*{unit:02d}\s+(\S.*?)\s*$", re.MULTILINE)


def power_state(address: ControllerAddress, output: str) -> str | None:
    """``on`` or ``off`` from the controller's status answer; None when the answer
    does not say (an error, another layout)."""
    if address.sc_type == "ilom":
        found = _ILOM_POWER.search(output)
        return found.group(1).lower() if found else None
    if address.sc_type == "xscf":
        assert address.unit is not None
        row = _xscf_row(address.unit).search(output)
        if row is None or row.group(1) == "-":
            return None
        return "off" if row.group(1) == "Powered Off" else "on"
    if not output.strip():
        return None
    return "off" if "standby" in output.lower() else "on"


def power_pattern(address: ControllerAddress, state: str) -> str:
    """A regular expression that matches the status answer exactly when the host's
    power is ``state`` (a step's ``done_if``)."""
    if state not in POWER_STATES:
        raise ValueError(f"unknown power state {state!r}")
    if address.sc_type == "ilom":
        return rf"(?im)^\s*power_state\s*=\s*{'On' if state == 'on' else 'Off'}\s*$"
    if address.sc_type == "xscf":
        row = rf"(?m)^\s*{address.unit:02d}\s+"
        return row + (r"Powered Off\s*$" if state == "off" else r"(?!Powered Off\s*$)(?!-\s*$)\S")
    if state == "off":
        return r"(?i)standby"
    return r"\A(?![\s\S]*(?i:standby))[\s\S]*\S"
