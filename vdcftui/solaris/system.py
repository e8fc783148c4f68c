"""Parsers for node identity and platform: uname, /etc/release, virtinfo, psrinfo,
prtdiag."""

from __future__ import annotations

import re
from dataclasses import dataclass

from vdcftui.solaris._base import Record, content_lines, parse_size, to_int
from vdcftui.solaris.errors import ParseError

__all__ = [
    "UnameA",
    "UnameX",
    "EtcRelease",
    "Virtinfo",
    "PhysicalProcessor",
    "Prtdiag",
    "parse_uname_a",
    "parse_uname_x",
    "parse_etc_release",
    "parse_virtinfo_ap",
    "parse_psrinfo_pv",
    "parse_prtdiag",
]


@dataclass(frozen=True, slots=True)
class UnameA(Record):
    """`uname -a`: ``SunOS node01 5.11 11.4.42.111.0 sun4v sparc sun4v``."""

    sysname: str
    nodename: str
    release: str
    version: str
    machine: str
    processor: str
    platform: str


def parse_uname_a(text: str, command: str = "uname -a") -> UnameA:
    """Parse `uname -a` (one line of seven blank-separated fields)."""
    lines = content_lines(text)
    if not lines:
        raise ParseError(command, "empty output")
    if len(lines) > 1:
        raise ParseError(command, "expected a single line", lines[1].number, lines[1].text)
    line = lines[0]
    parts = line.text.split()
    if len(parts) < 7 or not re.fullmatch(r"5\.\d+", parts[2]):
        raise ParseError(
            command,
            "expected 'SunOS NODE 5.x VERSION MACHINE PROCESSOR PLATFORM'",
            line.number,
            line.text,
        )
    sysname, nodename, release, version, machine, processor = parts[:6]
    return UnameA(sysname, nodename, release, version, machine, processor, " ".join(parts[6:]))


@dataclass(frozen=True, slots=True)
class UnameX(Record):
    """`uname -X`: ``Key = value`` lines."""

    system: str
    node: str
    release: str
    kernelid: str
    machine: str
    bustype: str
    serial: str
    users: str
    oem: int | None
    origin: int | None
    numcpu: int | None


_UNAME_X_KEYS = {
    "System": "system",
    "Node": "node",
    "Release": "release",
    "KernelID": "kernelid",
    "Machine": "machine",
    "BusType": "bustype",
    "Serial": "serial",
    "Users": "users",
    "OEM#": "oem",
    "Origin#": "origin",
    "NumCPU": "numcpu",
}


def parse_uname_x(text: str, command: str = "uname -X") -> UnameX:
    """Parse `uname -X` (System, Node, Release, KernelID, ..., NumCPU)."""
    values: dict[str, str] = {}
    for line in content_lines(text):
        key, sep, value = line.text.partition("=")
        if not sep:
            raise ParseError(command, "expected 'Key = value'", line.number, line.text)
        key = key.strip()
        if key in _UNAME_X_KEYS:
            values[_UNAME_X_KEYS[key]] = value.strip()
    if not values:
        raise ParseError(command, "empty output")
    missing = [k for k, f in _UNAME_X_KEYS.items() if f not in values]
    if missing:
        raise ParseError(command, f"missing keys: {', '.join(missing)}")
    try:
        numbers = {k: to_int(values[k]) for k in ("oem", "origin", "numcpu")}
    except ValueError as exc:
        raise ParseError(command, str(exc)) from None
    return UnameX(
        system=values["system"],
        node=values["node"],
        release=values["release"],
        kernelid=values["kernelid"],
        machine=values["machine"],
        bustype=values["bustype"],
        serial=values["serial"],
        users=values["users"],
        oem=numbers["oem"],
        origin=numbers["origin"],
        numcpu=numbers["numcpu"],
    )


@dataclass(frozen=True, slots=True)
class EtcRelease(Record):
    """`/etc/release` first line, decoded: ``Oracle Solaris 10 1/13 s10s_u11wos_24a SPARC``."""

    release_line: str
    os_name: str
    version: str
    update: int | None
    arch: str
    build: str | None


_RELEASE = re.compile(r"(?P<os>(?:Oracle\s+)?Solaris)\s+(?P<version>\d+(?:\.\d+)?)\b(?P<rest>.*)")
_BUILD = re.compile(r"\bs\d+[a-z]?_\w+")


def parse_etc_release(text: str, command: str = "cat /etc/release") -> EtcRelease:
    """Parse `/etc/release` (Solaris 10 and 11; SPARC or x86)."""
    lines = content_lines(text)
    if not lines:
        raise ParseError(command, "empty output")
    line = lines[0]
    first = line.text.strip()
    match = _RELEASE.search(first)
    words = first.split()
    if not match or words[-1].upper() not in ("SPARC", "X86"):
        raise ParseError(
            command, "expected '[Oracle] Solaris VERSION ... SPARC|X86'", line.number, line.text
        )
    build_match = _BUILD.search(match.group("rest"))
    build = build_match.group(0) if build_match else None
    update = None
    if build:
        upd = re.search(r"_u(\d+)", build)
        update = int(upd.group(1)) if upd else 0
    return EtcRelease(
        first,
        re.sub(r"\s+", " ", match.group("os")),
        match.group("version"),
        update,
        "SPARC" if words[-1].upper() == "SPARC" else "x86",
        build,
    )


@dataclass(frozen=True, slots=True)
class Virtinfo(Record):
    """`virtinfo -ap`: the LDoms role of this domain. Booleans are None when absent
    (not an LDoms domain)."""

    version: str
    impl: str | None
    control: bool | None
    io: bool | None
    service: bool | None
    root: bool | None
    domainname: str | None
    domainuuid: str | None
    domaincontrol: str | None
    serialno: str | None
    records: tuple[tuple[str, dict[str, str]], ...]


def _bool(value: str | None) -> bool | None:
    return None if value is None else value == "true"


def parse_virtinfo_ap(text: str, command: str = "virtinfo -ap") -> Virtinfo:
    """Parse `virtinfo -ap`: ``VERSION 1.0`` then ``TAG|key=value|...`` records."""
    lines = content_lines(text)
    if not lines:
        raise ParseError(command, "empty output")
    head = lines[0]
    version = head.text.split()
    if len(version) != 2 or version[0] != "VERSION":
        raise ParseError(command, "expected 'VERSION n.m'", head.number, head.text)
    records: list[tuple[str, dict[str, str]]] = []
    for line in lines[1:]:
        tag, *pairs = line.text.strip().split("|")
        if not re.fullmatch(r"[A-Z][A-Z0-9_]*", tag):
            raise ParseError(command, "expected 'TAG|key=value...'", line.number, line.text)
        attrs = {}
        for pair in pairs:
            key, sep, value = pair.partition("=")
            if not sep:
                raise ParseError(
                    command, f"expected key=value, got {pair!r}", line.number, line.text
                )
            attrs[key] = value
        records.append((tag, attrs))
    tags = {tag: attrs for tag, attrs in records}
    role = tags.get("DOMAINROLE", {})
    return Virtinfo(
        version=version[1],
        impl=role.get("impl"),
        control=_bool(role.get("control")),
        io=_bool(role.get("io")),
        service=_bool(role.get("service")),
        root=_bool(role.get("root")),
        domainname=tags.get("DOMAINNAME", {}).get("name"),
        domainuuid=tags.get("DOMAINUUID", {}).get("uuid"),
        domaincontrol=tags.get("DOMAINCONTROL", {}).get("name"),
        serialno=tags.get("DOMAINCHASSIS", {}).get("serialno"),
        records=tuple(records),
    )


@dataclass(frozen=True, slots=True)
class PhysicalProcessor(Record):
    """One physical processor of `psrinfo -pv`."""

    cores: int | None
    virtual_processors: int
    cpu_ids: tuple[int, ...]
    description: str


_PSR_HEAD = re.compile(
    r"The physical processor has (?:(\d+) cores? and )?(\d+) virtual "
    r"processors? \(([\d\s,-]*)\)"
)
_PSR_CORE = re.compile(r"The core has \d+ virtual processors? \([\d\s,-]*\)")


def cpu_id_list(text: str) -> tuple[int, ...]:
    """CPU ids from ``0-7 16-23``, ``0 1 2`` or ``0, 1, 2``."""
    ids: list[int] = []
    for part in re.split(r"[\s,]+", text.strip()):
        if not part:
            continue
        low, sep, high = part.partition("-")
        ids.extend(range(int(low), int(high) + 1) if sep else [int(low)])
    return tuple(ids)


def parse_psrinfo_pv(text: str, command: str = "psrinfo -pv") -> list[PhysicalProcessor]:
    """Parse `psrinfo -pv` (Solaris 10 ``has 8 virtual processors (0-7)`` and
    Solaris 11 ``has 8 cores and 64 virtual processors (0-63)`` forms)."""
    found: list[PhysicalProcessor] = []
    current: dict | None = None

    def flush() -> None:
        if current is not None:
            found.append(
                PhysicalProcessor(
                    current["cores"], current["vps"], current["ids"], " ".join(current["desc"])
                )
            )

    for line in content_lines(text):
        stmt = line.text.strip()
        if match := _PSR_HEAD.fullmatch(stmt):
            flush()
            cores, vps, ids = match.groups()
            current = {
                "cores": int(cores) if cores else None,
                "vps": int(vps),
                "ids": cpu_id_list(ids),
                "desc": [],
            }
        elif current is None:
            raise ParseError(
                command, "expected 'The physical processor has ...'", line.number, line.text
            )
        elif not _PSR_CORE.fullmatch(stmt):
            current["desc"].append(stmt)
    flush()
    return found


@dataclass(frozen=True, slots=True)
class Prtdiag(Record):
    """The head of `prtdiag [-v]`: system configuration line and memory size."""

    system_configuration: str
    vendor: str | None
    platform_model: str
    memory_size_mb: int | None


_SYSCONF = re.compile(r"System Configuration:\s*(.*)")
_MEMSIZE = re.compile(
    r"Memory size:\s*(\d+(?:\.\d+)?)\s*(Megabytes|Gigabytes|Terabytes|"
    r"MB|GB|TB|[MGT])\b",
    re.IGNORECASE,
)


def parse_prtdiag(text: str, command: str = "prtdiag") -> Prtdiag:
    """Parse the first lines of `prtdiag`: ``System Configuration:  Oracle Corporation
    sun4v SPARC T7-1`` (vendor and model split on the double space) and ``Memory size:``."""
    lines = content_lines(text)
    if not lines:
        raise ParseError(command, "empty output")
    sysconf = None
    memory = None
    for line in lines:
        if sysconf is None and (match := _SYSCONF.match(line.text.strip())):
            sysconf = match.group(1).strip()
        elif memory is None and (match := _MEMSIZE.match(line.text.strip())):
            size = parse_size(match.group(1) + match.group(2)[0])
            memory = None if size is None else size // (1 << 20)
    if sysconf is None:
        raise ParseError(
            command, "expected 'System Configuration:'", lines[0].number, lines[0].text
        )
    parts = re.split(r"\s{2,}", sysconf, maxsplit=1)
    vendor, model = (parts[0], parts[1]) if len(parts) == 2 else (None, sysconf)
    return Prtdiag(sysconf, vendor, model, memory)
