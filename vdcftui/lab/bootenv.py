"""A lab node's boot environments and software level (Solaris 11).

Each boot environment has its own SRU and its own SMF state (as each BE has its own
root file system and service repository). The node runs one (``N``) and boots the
activated one (``R``) at its next boot; `pkg update` clones the running one into a
new BE at a newer SRU. The ``entire`` versions and branches follow the pkg-info-entire
captures (11.3: ``0.5.11`` / ``0.175.3.33.0.5.0``; 11.4: ``11.4`` /
``11.4.42.0.1.111.0``).
"""

from __future__ import annotations

import re
import time
import uuid as uuidlib
from dataclasses import dataclass, field

INITIAL_SRU = {"11.4": "11.4.42.111.0", "11.3": "11.3.33.5.0", "10": ""}
"""The SRU every lab node of a release starts at (the captures')."""
UPDATE_BYTES = 3_371_549_327
"""What an update takes in the root pool (the pkg-update-nv capture's 3.14 GB)."""
_SRU = re.compile(r"11\.(\d+)\.(\d+)\.(\d+)\.(\d+)")


@dataclass
class BootEnvironment:
    """One boot environment: its name, SRU, size and its services' states."""

    name: str
    uuid: str
    sru: str
    created: int
    space: int
    smf_states: dict[str, tuple[str, str, float]] = field(default_factory=dict)
    """SMF instances an administrator (or a fault) moved: FMRI -> (state, reason, since)."""


def initial(node: str, os: str, booted_at: float) -> list[BootEnvironment]:
    """The running BE ``solaris`` and the backup an earlier update left."""
    created = int(booted_at) - 86400 * 30
    sru = INITIAL_SRU[os]
    return [
        BootEnvironment(
            "solaris",
            str(uuidlib.uuid5(uuidlib.NAMESPACE_DNS, f"{node}.be.solaris")),
            sru,
            created,
            6_531_584_000,
        ),
        BootEnvironment(
            "solaris-backup-1",
            str(uuidlib.uuid5(uuidlib.NAMESPACE_DNS, f"{node}.be.backup")),
            sru,
            created - 86400 * 90,
            290_304,
        ),
    ]


def clone(source: BootEnvironment, name: str, node: str, sru: str) -> BootEnvironment:
    """A new BE cloned from ``source`` and updated to ``sru``."""
    return BootEnvironment(
        name,
        str(uuidlib.uuid5(uuidlib.NAMESPACE_DNS, f"{node}.be.{name}.{time.time()}")),
        sru,
        int(time.time()),
        UPDATE_BYTES,
        dict(source.smf_states),
    )


def entire(sru: str) -> tuple[str, str]:
    """(``entire``'s version, its branch) for an SRU: ``11.4-11.4.42.0.1.111.0`` and
    ``11.4.42.0.1.111.0``; ``0.5.11-0.175.3.33.0.5.0`` and ``0.175.3.33.0.5.0``."""
    update, number, build, respin = _SRU.fullmatch(sru).groups()  # type: ignore[union-attr]
    if int(update) >= 4:
        branch = f"11.{update}.{number}.0.1.{build}.{respin}"
        return f"11.{update}-{branch}", branch
    branch = f"0.175.{update}.{number}.0.{build}.{respin}"
    return f"0.5.11-{branch}", branch


def sru_of_version(version: str) -> str | None:
    """The SRU an ``entire@VERSION`` names (the inverse of :func:`entire`), if any."""
    match = re.fullmatch(r"11\.(\d+)-11\.\d+\.(\d+)\.0\.1\.(\d+)\.(\d+)", version)
    if match is None:
        match = re.fullmatch(r"0\.5\.11(?:,5\.11)?-0\.175\.(\d+)\.(\d+)\.0\.(\d+)\.(\d+)", version)
    return "11.{}.{}.{}.{}".format(*match.groups()) if match else None


def sru_key(sru: str) -> tuple[int, ...]:
    """An SRU as numbers, for ordering."""
    return tuple(int(part) for part in sru.split("."))
