"""Parsers for `zoneadm list -p` and `zoneadm list -v` (Solaris 10 and 11, illumos)."""

from __future__ import annotations

from dataclasses import dataclass

from vdcftui.solaris._base import Record, content_lines, split_escaped, to_int
from vdcftui.solaris.errors import ParseError

__all__ = ["ZoneListEntry", "ZoneListVerbose", "parse_zoneadm_list_p", "parse_zoneadm_list_v"]

ZONE_STATES = frozenset(
    {
        "configured",
        "incomplete",
        "unavailable",
        "installed",
        "ready",
        "running",
        "shutting_down",
        "down",
        "mounted",
    }
)


@dataclass(frozen=True, slots=True)
class ZoneListEntry(Record):
    """One line of `zoneadm list -p`: the 7 classic fields, later ones in ``extra``
    (Solaris 11: r/w state, file-mac-profile, ...)."""

    zoneid: int | None
    zonename: str
    state: str
    zonepath: str
    uuid: str
    brand: str
    ip_type: str
    extra: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ZoneListVerbose(Record):
    """One row of `zoneadm list -v`: ``id`` is None for a zone that is not running."""

    id: int | None
    name: str
    status: str
    path: str
    brand: str
    ip: str


def parse_zoneadm_list_p(text: str, command: str = "zoneadm list -cp") -> list[ZoneListEntry]:
    """Parse `zoneadm list -cp` / `-ip` / `-p`: ``zoneid:zonename:state:zonepath:uuid:
    brand:ip-type[:...]``, ``\\:`` escaping colons inside a field."""
    entries = []
    for line in content_lines(text):
        fields = split_escaped(line.text.strip())
        if len(fields) < 7:
            raise ParseError(
                command, "expected at least 7 ':'-separated fields", line.number, line.text
            )
        zoneid, name, state, path, uuid, brand, ip_type = fields[:7]
        try:
            zid = to_int(zoneid)
        except ValueError:
            raise ParseError(
                command, "zoneid is not a number or '-'", line.number, line.text
            ) from None
        if not name or state not in ZONE_STATES:
            raise ParseError(command, f"unknown zone state {state!r}", line.number, line.text)
        entries.append(
            ZoneListEntry(zid, name, state, path, uuid, brand, ip_type, tuple(fields[7:]))
        )
    return entries


def parse_zoneadm_list_v(text: str, command: str = "zoneadm list -cv") -> list[ZoneListVerbose]:
    """Parse `zoneadm list -v` / `-cv` / `-iv`: header ``ID NAME STATUS PATH BRAND IP``
    then one row per zone (Solaris 10 and 11 column widths; parsed by blanks)."""
    lines = content_lines(text)
    if not lines:
        return []
    header = lines[0]
    head = header.text.split()
    if head[:4] != ["ID", "NAME", "STATUS", "PATH"]:
        raise ParseError(
            command,
            "expected the header 'ID NAME STATUS PATH BRAND IP'",
            header.number,
            header.text,
        )
    with_brand = len(head) >= 6
    need = 6 if with_brand else 4
    rows = []
    for line in lines[1:]:
        parts = line.text.split()
        if len(parts) < need:
            raise ParseError(command, f"expected at least {need} columns", line.number, line.text)
        brand = ip = ""
        if with_brand:
            parts, brand, ip = parts[:-2], parts[-2], parts[-1]
        path = " ".join(parts[3:])
        try:
            zid = to_int(parts[0])
        except ValueError:
            raise ParseError(command, "ID is not a number or '-'", line.number, line.text) from None
        if parts[2] not in ZONE_STATES:
            raise ParseError(command, f"unknown zone status {parts[2]!r}", line.number, line.text)
        rows.append(ZoneListVerbose(zid, parts[1], parts[2], path, brand, ip))
    return rows
