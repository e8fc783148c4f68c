"""What a GDom needs of a control domain it moves to, read from the repository's
record of its disks and networks: the SAN LUNs behind its disks, the disk services
and virtual switches it uses, and the disks whose backend the repository does not
know (a volume vdcftui did not export, so no LUN is recorded)."""

from __future__ import annotations

import json
from dataclasses import dataclass


@dataclass(frozen=True)
class GuestNeeds:
    """A GDom's needs of its control domain."""

    luns: tuple[tuple[str, str], ...]
    """(WWN, disk name) of each disk on a LUN."""
    vds: frozenset[str]
    vsw: frozenset[str]
    unknown_backends: tuple[str, ...]
    """'disk1 (volume gdom01-vol1@primary-vds0)' for each disk without a known LUN."""


def guest_needs(vdisks_json: str | None, vnets_json: str | None) -> GuestNeeds:
    """Read the GDom's ``vdisks`` and ``vnets`` columns; entries that are not what
    discovery or a definition writes are skipped (the migration's own pre-checks
    validate every name before a command is built)."""
    luns: list[tuple[str, str]] = []
    vds: set[str] = set()
    vsw: set[str] = set()
    unknown: list[str] = []
    for entry in _entries(vdisks_json):
        name = str(entry.get("name", ""))
        volume = str(entry.get("vol", ""))
        service = volume.partition("@")[2]
        if service:
            vds.add(service)
        lun = entry.get("lun")
        if isinstance(lun, str) and lun:
            luns.append((lun, name))
        else:
            unknown.append(f"{name} (volume {volume})")
    for entry in _entries(vnets_json):
        switch = str(entry.get("service", "")).partition("@")[0]
        if switch:
            vsw.add(switch)
    return GuestNeeds(tuple(luns), frozenset(vds), frozenset(vsw), tuple(unknown))


def _entries(text: str | None) -> list[dict]:
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return []
    return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []
