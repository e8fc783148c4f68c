"""Parsers for SAN storage: the `format` disk list, `mpathadm list lu`, `fcinfo hba-port`,
and LUN WWNs taken from device names."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vdcftui.solaris._base import Record, content_lines
from vdcftui.solaris.errors import ParseError

__all__ = [
    "FormatDisk",
    "MpathLu",
    "FcHbaPort",
    "wwn_from_device",
    "parse_format_disks",
    "parse_mpathadm_list_lu",
    "parse_fcinfo_hba_port",
]

_WWN_IN_CTD = re.compile(r"(?:^|/)c\d+t([0-9A-Fa-f]{16}|[0-9A-Fa-f]{32})d\d+(?:s\d+|p\d+)?$")
_WWN_IN_PATH = re.compile(r"@g([0-9A-Fa-f]{16}|[0-9A-Fa-f]{32})(?:[,:/]|$)")


def wwn_from_device(name: str) -> str | None:
    """The LUN WWN (upper case) in an MPxIO device name (``c0t600A0B80...d0``,
    ``/dev/rdsk/c0t...d0s2``) or a physical path (``/scsi_vhci/ssd@g600a0b...``)."""
    match = _WWN_IN_CTD.search(name) or _WWN_IN_PATH.search(name)
    return match.group(1).upper() if match else None


@dataclass(frozen=True, slots=True)
class FormatDisk(Record):
    """One disk of the `format </dev/null` listing."""

    index: int
    device: str
    description: str
    volume_name: str | None
    path: str | None
    wwn: str | None
    extra: tuple[str, ...] = ()


_FORMAT_DISK = re.compile(r"(\d+)\.\s+(\S+)\s+<(.*?)>\s*(\S.*)?")
_FORMAT_NOISE = re.compile(
    r"Searching for disks\.\.\..*|AVAILABLE DISK SELECTIONS:|"
    r"Specify disk \(enter its number\):.*|\S+: configured with "
    r"capacity of .*|selecting .*|\[disk formatted.*\]"
)


def parse_format_disks(text: str, command: str = "format") -> list[FormatDisk]:
    """Parse the disk list `format` prints before its prompt: ``N. cXtYdZ <descr>
    [volname]`` then the physical path (Solaris 11 adds a /dev/chassis line)."""
    disks: list[dict] = []
    for line in content_lines(text):
        stmt = line.text.strip()
        if match := _FORMAT_DISK.fullmatch(stmt):
            index, device, descr, volume = match.groups()
            disks.append(
                {
                    "index": int(index),
                    "device": device,
                    "description": descr,
                    "volume_name": volume,
                    "path": None,
                    "wwn": wwn_from_device(device),
                    "extra": [],
                }
            )
        elif _FORMAT_NOISE.fullmatch(stmt):
            continue
        elif disks and stmt.startswith("/"):
            disk = disks[-1]
            if disk["path"] is None:
                disk["path"] = stmt
                disk["wwn"] = disk["wwn"] or wwn_from_device(stmt)
            else:
                disk["extra"].append(stmt)
        else:
            raise ParseError(
                command,
                "expected 'N. DEVICE <description>' or a device path",
                line.number,
                line.text,
            )
    return [FormatDisk(**{**d, "extra": tuple(d["extra"])}) for d in disks]


@dataclass(frozen=True, slots=True)
class MpathLu(Record):
    """One logical unit of `mpathadm list lu`."""

    device: str
    total_path_count: int
    operational_path_count: int
    wwn: str | None


_PATH_COUNT = re.compile(r"(Total|Operational) Path Count:\s*(\d+)")


def parse_mpathadm_list_lu(text: str, command: str = "mpathadm list lu") -> list[MpathLu]:
    """Parse `mpathadm list lu`: the LU name then ``Total Path Count: N`` and
    ``Operational Path Count: N`` (TAB or space indentation)."""
    out = []
    current: dict | None = None
    for line in content_lines(text):
        stmt = line.text.strip()
        if match := _PATH_COUNT.fullmatch(stmt):
            if current is None:
                raise ParseError(command, "path count before any LU name", line.number, line.text)
            current[match.group(1).lower()] = int(match.group(2))
        elif stmt.startswith("/"):
            current = {"device": stmt}
            out.append(current)
        else:
            raise ParseError(command, "expected an LU name or a path count", line.number, line.text)
    result = []
    for lu in out:
        if "total" not in lu or "operational" not in lu:
            raise ParseError(command, f"LU {lu['device']!r} lacks its path counts")
        result.append(
            MpathLu(lu["device"], lu["total"], lu["operational"], wwn_from_device(lu["device"]))
        )
    return result


@dataclass(frozen=True, slots=True)
class FcHbaPort(Record):
    """One port of `fcinfo hba-port`; labels not listed here go to ``extra``."""

    hba_port_wwn: str
    os_device_name: str | None = None
    manufacturer: str | None = None
    model: str | None = None
    firmware_version: str | None = None
    fcode_bios_version: str | None = None
    serial_number: str | None = None
    driver_name: str | None = None
    driver_version: str | None = None
    type: str | None = None
    state: str | None = None
    supported_speeds: tuple[str, ...] = ()
    current_speed: str | None = None
    node_wwn: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


_FC_LABEL = re.compile(r"([A-Za-z][A-Za-z /#-]*):\s*(.*)")


def parse_fcinfo_hba_port(text: str, command: str = "fcinfo hba-port") -> list[FcHbaPort]:
    """Parse `fcinfo hba-port [-l]`: ``HBA Port WWN: ...`` then indented ``Label: value``."""
    ports: list[dict] = []
    known = set(FcHbaPort.__dataclass_fields__)
    for line in content_lines(text):
        match = _FC_LABEL.fullmatch(line.text.strip())
        if not match:
            raise ParseError(command, "expected 'Label: value'", line.number, line.text)
        label, value = match.group(1), match.group(2).strip()
        key = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")
        if key == "hba_port_wwn":
            ports.append({"hba_port_wwn": value, "extra": {}})
        elif not ports:
            raise ParseError(command, "expected 'HBA Port WWN:' first", line.number, line.text)
        elif key == "supported_speeds":
            ports[-1][key] = tuple(value.split())
        elif key in known and key != "extra":
            ports[-1][key] = value
        else:
            ports[-1]["extra"][label] = value
    return [FcHbaPort(**p) for p in ports]
