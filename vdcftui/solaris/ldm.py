"""Parsers for the parseable (``-p``) listings of `ldm` (Oracle VM Server for SPARC).

Every listing starts with ``VERSION <major>.<minor>`` (1.0 to 1.11 seen; compare the two
parts as integers). `ldm list -p` then prints one ``DOMAIN|key=value|...`` line per domain;
the long forms (`list -l -p`, `list-bindings -p`, `list-constraints -p`,
`list-devices -a -p`) follow each DOMAIN line with sections: a line starting with an
upper-case keyword (``VCPU``, ``MEMORY``, ``VDS|name=primary-vds0|nclients=2``) and its
``|key=value`` continuation lines. Inactive domains print their keys with empty values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from vdcftui.solaris._base import Line, Record, content_lines, to_float, to_int
from vdcftui.solaris.errors import ParseError

__all__ = [
    "LdmDomain",
    "LdmList",
    "LdmDomainDetail",
    "LdmDevices",
    "version_key",
    "parse_ldm_list_p",
    "parse_ldm_list_l_p",
    "parse_ldm_list_bindings_p",
    "parse_ldm_list_constraints_p",
    "parse_ldm_list_devices_p",
]

Section = dict[str, Any]


def version_key(version: str) -> tuple[int, ...]:
    """``"1.11"`` as ``(1, 11)``, so that 1.11 sorts after 1.6."""
    return tuple(int(p) for p in version.split("."))


@dataclass(frozen=True, slots=True)
class LdmDomain(Record):
    """One ``DOMAIN|...`` line; keys beyond the standard ones go to ``extra``."""

    name: str
    state: str | None
    flags: str | None
    cons: str | None
    ncpu: int | None
    mem: int | None
    util: float | None
    uptime: int | None
    norm_util: float | None
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class LdmList(Record):
    """`ldm list -p`."""

    version: str
    domains: tuple[LdmDomain, ...]

    @property
    def version_key(self) -> tuple[int, ...]:
        """The VERSION as integers (``(1, 11)``)."""
        return version_key(self.version)


@dataclass(frozen=True, slots=True)
class LdmDomainDetail(Record):
    """One domain of `ldm list -l -p` / `list-bindings -p` / `list-constraints -p`.

    ``sections`` maps a keyword to its entries: for a keyword line without attributes
    (``VCPU``) each ``|...`` line is an entry; a keyword line with attributes
    (``VDS|name=primary-vds0``) is an entry whose ``|...`` lines are its ``items``."""

    domain: LdmDomain
    sections: dict[str, list[Section]]
    version: str


@dataclass(frozen=True, slots=True)
class LdmDevices(Record):
    """`ldm list-devices [-a] -p`: free (or, with -a, all) resources by section
    (``CORE``, ``VCPU``, ``MEMORY``, ``IO``, ...)."""

    version: str
    sections: dict[str, list[Section]]


_KEYWORD = re.compile(r"[A-Z][A-Z0-9_-]*")
_STANDARD = ("name", "state", "flags", "cons", "ncpu", "mem", "util", "uptime", "norm_util")


def _pairs(command: str, line: Line, text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in text.split("|"):
        if not part:
            continue
        key, sep, value = part.partition("=")
        if not sep or not key:
            raise ParseError(command, f"expected key=value, got {part!r}", line.number, line.text)
        out[key] = value
    return out


def _domain(command: str, line: Line, attrs: dict[str, str]) -> LdmDomain:
    if not attrs.get("name"):
        raise ParseError(command, "DOMAIN without name=", line.number, line.text)
    try:
        return LdmDomain(
            name=attrs["name"],
            state=attrs.get("state"),
            flags=attrs.get("flags"),
            cons=attrs.get("cons"),
            ncpu=to_int(attrs.get("ncpu")),
            mem=to_int(attrs.get("mem")),
            util=to_float(attrs.get("util")),
            uptime=to_int(attrs.get("uptime")),
            norm_util=to_float(attrs.get("norm_util")),
            extra={k: v for k, v in attrs.items() if k not in _STANDARD},
        )
    except ValueError as exc:
        raise ParseError(command, str(exc), line.number, line.text) from None


def _version(command: str, lines: list[Line]) -> str:
    if not lines:
        raise ParseError(command, "empty output")
    head = lines[0]
    match = re.fullmatch(r"VERSION\s+(\d+\.\d+)", head.text.strip())
    if not match:
        raise ParseError(command, "expected 'VERSION n.m'", head.number, head.text)
    return match.group(1)


def parse_ldm_list_p(text: str, command: str = "ldm list -p") -> LdmList:
    """Parse `ldm list -p` (``VERSION`` then ``DOMAIN|name=..|state=..|...`` lines)."""
    lines = content_lines(text)
    version = _version(command, lines)
    domains = []
    for line in lines[1:]:
        tag, _, rest = line.text.strip().partition("|")
        if tag != "DOMAIN":
            raise ParseError(command, "expected 'DOMAIN|name=...'", line.number, line.text)
        domains.append(_domain(command, line, _pairs(command, line, rest)))
    return LdmList(version, tuple(domains))


def _sections(
    command: str, lines: list[Line], with_domains: bool
) -> list[tuple[Line | None, dict[str, str], dict[str, list[Section]]]]:
    """Group lines into (DOMAIN line, DOMAIN attributes, sections) triples."""
    groups: list[tuple[Line | None, dict[str, str], dict[str, list[Section]]]] = []
    if not with_domains:
        groups.append((None, {}, {}))
    target: list[Section] | None = None
    last: Section | None = None
    for line in lines:
        stmt = line.text.strip()
        tag, bar, rest = stmt.partition("|")
        if stmt.startswith("|"):
            if target is None:
                raise ParseError(command, "'|' line before any section", line.number, line.text)
            last = _pairs(command, line, rest)
            target.append(last)
        elif _KEYWORD.fullmatch(tag):
            if tag == "DOMAIN" and with_domains:
                groups.append((line, _pairs(command, line, rest), {}))
                target = last = None
                continue
            if not groups:
                raise ParseError(
                    command, "section before the first DOMAIN line", line.number, line.text
                )
            entries = groups[-1][2].setdefault(tag, [])
            if bar and rest:
                header: Section = {**_pairs(command, line, rest), "items": []}
                entries.append(header)
                target = header["items"]
            else:
                target = entries
            last = None
        elif last is not None:
            key = next(reversed(last))
            last[key] = f"{last[key]}\n{stmt}"
        else:
            raise ParseError(
                command, "expected a KEYWORD line or a '|key=value' line", line.number, line.text
            )
    return groups


def _details(command: str, text: str) -> list[LdmDomainDetail]:
    lines = content_lines(text)
    version = _version(command, lines)
    out = []
    for line, attrs, sections in _sections(command, lines[1:], with_domains=True):
        out.append(LdmDomainDetail(_domain(command, line or lines[0], attrs), sections, version))
    return out


def parse_ldm_list_l_p(text: str, command: str = "ldm list -l -p") -> list[LdmDomainDetail]:
    """Parse `ldm list -l -p [DOMAIN]`."""
    return _details(command, text)


def parse_ldm_list_bindings_p(
    text: str, command: str = "ldm list-bindings -p"
) -> list[LdmDomainDetail]:
    """Parse `ldm list-bindings -p [DOMAIN]` (same layout as `list -l -p`)."""
    return _details(command, text)


def parse_ldm_list_constraints_p(
    text: str, command: str = "ldm list-constraints -p"
) -> list[LdmDomainDetail]:
    """Parse `ldm list-constraints -p [DOMAIN]` (same layout as `list -l -p`)."""
    return _details(command, text)


def parse_ldm_list_devices_p(text: str, command: str = "ldm list-devices -p") -> LdmDevices:
    """Parse `ldm list-devices [-a] -p` (``VERSION`` then sections without DOMAIN lines)."""
    lines = content_lines(text)
    version = _version(command, lines)
    ((_, _, sections),) = _sections(command, lines[1:], with_domains=False)
    return LdmDevices(version, sections)
