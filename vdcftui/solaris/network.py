"""Parsers for networking: `dladm show-*`, `ipadm show-*` and `ifconfig -a`.

`dladm`/`ipadm` listings come in two forms: parseable (``-p -o a,b,c``: ``:``-separated,
``\\:`` escapes a colon inside a value) when the caller passes the ``fields``, and the
default header table otherwise. ``--`` and empty values become None, all-digit values int.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from vdcftui.solaris._base import Record, content_lines, header_table, row_type, split_escaped
from vdcftui.solaris.errors import ParseError

__all__ = [
    "IfconfigEntry",
    "parse_dladm_show_link",
    "parse_dladm_show_phys",
    "parse_dladm_show_aggr",
    "parse_dladm_show_vnic",
    "parse_ipadm_show_addr",
    "parse_ipadm_show_if",
    "parse_ifconfig_a",
]


def _value(value: str) -> int | str | None:
    if value in ("", "--"):
        return None
    return int(value) if value.isdigit() else value


def _listing(command: str, typename: str, text: str, fields: Sequence[str] | None) -> list[Record]:
    lines = content_lines(text)
    if fields is None:
        if not lines:
            return []
        if not all(re.fullmatch(r"[A-Z/%_-]+", w) for w in lines[0].text.split()):
            raise ParseError(
                command,
                "expected a header of column names (or pass the -o field list for -p output)",
                lines[0].number,
                lines[0].text,
            )
        columns = [w.lower() for w in lines[0].text.split()]
        return header_table(command, lines, typename, numeric=columns, convert=_value)
    names = tuple(f.strip().lower() for f in fields)
    rtype = row_type(typename, names)
    rows = []
    for line in lines:
        parts = [line.text] if len(names) == 1 else split_escaped(line.text)
        if len(parts) < len(names):
            raise ParseError(
                command,
                f"expected {len(names)} ':'-separated fields ({','.join(names)})",
                line.number,
                line.text,
            )
        rows.append(
            rtype(*(_value(p) for p in parts[: len(names)]), extra=tuple(parts[len(names) :]))
        )
    return rows


def parse_dladm_show_link(
    text: str, fields: Sequence[str] | None = None, command: str = "dladm show-link"
) -> list[Record]:
    """`dladm show-link` (LINK CLASS MTU STATE OVER) or `-p -o FIELDS`."""
    return _listing(command, "DladmLink", text, fields)


def parse_dladm_show_phys(
    text: str, fields: Sequence[str] | None = None, command: str = "dladm show-phys"
) -> list[Record]:
    """`dladm show-phys` (LINK MEDIA STATE SPEED DUPLEX DEVICE) or `-p -o FIELDS`."""
    return _listing(command, "DladmPhys", text, fields)


def parse_dladm_show_aggr(
    text: str, fields: Sequence[str] | None = None, command: str = "dladm show-aggr"
) -> list[Record]:
    """Solaris 11 `dladm show-aggr` (LINK [MODE] POLICY ADDRPOLICY LACPACTIVITY LACPTIMER
    FLAGS) or `-p -o FIELDS`."""
    return _listing(command, "DladmAggr", text, fields)


def parse_dladm_show_vnic(
    text: str, fields: Sequence[str] | None = None, command: str = "dladm show-vnic"
) -> list[Record]:
    """`dladm show-vnic` (LINK OVER SPEED MACADDRESS MACADDRTYPE VID ...) or `-p -o`."""
    return _listing(command, "DladmVnic", text, fields)


def parse_ipadm_show_addr(
    text: str, fields: Sequence[str] | None = None, command: str = "ipadm show-addr"
) -> list[Record]:
    """`ipadm show-addr` (ADDROBJ TYPE STATE ADDR) or `-p -o FIELDS`."""
    return _listing(command, "IpadmAddr", text, fields)


def parse_ipadm_show_if(
    text: str, fields: Sequence[str] | None = None, command: str = "ipadm show-if"
) -> list[Record]:
    """`ipadm show-if` (IFNAME CLASS STATE ACTIVE OVER) or `-p -o FIELDS`."""
    return _listing(command, "IpadmIf", text, fields)


@dataclass(frozen=True, slots=True)
class IfconfigEntry(Record):
    """One logical interface (per address family) of `ifconfig -a`."""

    name: str
    family: str
    flags: tuple[str, ...]
    flags_hex: str
    mtu: int
    index: int | None
    inet: str | None
    netmask: str | None
    broadcast: str | None
    inet6: str | None
    groupname: str | None
    zone: str | None
    ether: str | None


_IF_HEAD = re.compile(
    r"(\S+?):\s+flags=([0-9a-fA-F]+)<([^>]*)>\s+mtu\s+(\d+)"
    r"(?:\s+index\s+(\d+))?(.*)"
)
_IF_KEYS = {"inet", "netmask", "broadcast", "inet6", "groupname", "zone", "ether", "destination"}


def parse_ifconfig_a(text: str, command: str = "ifconfig -a") -> list[IfconfigEntry]:
    """Parse `ifconfig -a` (Solaris 10 and 11: logical interfaces ``e1000g0:1``, IPMP
    ``groupname``, shared-IP ``zone``, ``ether``; IPv4 and IPv6 entries)."""
    out: list[IfconfigEntry] = []
    current: dict | None = None

    def flush() -> None:
        if current is not None:
            out.append(IfconfigEntry(**current))

    for line in content_lines(text):
        if not line.text[:1].isspace():
            match = _IF_HEAD.fullmatch(line.text.rstrip())
            if not match:
                raise ParseError(
                    command, "expected 'NAME: flags=HEX<...> mtu N'", line.number, line.text
                )
            flush()
            name, hexflags, flags, mtu, index, _ = match.groups()
            flag_list = tuple(f for f in flags.split(",") if f)
            current = {
                "name": name,
                "family": "inet6" if "IPv6" in flag_list else "inet",
                "flags": flag_list,
                "flags_hex": hexflags,
                "mtu": int(mtu),
                "index": int(index) if index else None,
                "inet": None,
                "netmask": None,
                "broadcast": None,
                "inet6": None,
                "groupname": None,
                "zone": None,
                "ether": None,
            }
            continue
        if current is None:
            raise ParseError(
                command, "continuation line before any interface", line.number, line.text
            )
        words = line.text.split()
        pairs = iter(words)
        for word in pairs:
            value = next(pairs, None)
            if word not in _IF_KEYS or value is None:
                raise ParseError(command, f"unexpected {word!r}", line.number, line.text)
            if word != "destination":
                current[word] = value
    flush()
    return out
