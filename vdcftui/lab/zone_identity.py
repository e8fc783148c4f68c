"""What a lab zone knows of itself once it booted configured: its host name and, on
exclusive IP, the addresses its own `ipadm` shows. `zoneadm install -c PROFILE` reads
them from the system configuration profile; `ipadm create-ip|create-addr` run in the
zone (zlogin) adds more.

unverified: the profile's elements as read here (Oracle's documentation of `sysconfig
create-profile`, no capture), and ipadm's answers in a zone (the ipadm capture is a
global zone's).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vdcftui.lab.commands import Result
    from vdcftui.lab.state import Zone


def read_profile(zone: Zone, text: str) -> str | None:
    """Take the zone's identity from a profile; an error text when it is not one."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        return f"{exc}"
    if root.tag != "service_bundle" or root.get("type") != "profile":
        return "not a system configuration profile"
    values: dict[tuple[str, str], str] = {}
    for service in root.iter("service"):
        for propval in service.iter("propval"):
            values[(service.get("name", ""), propval.get("name", ""))] = propval.get("value", "")
    zone.hostname = values.get(("system/identity", "nodename")) or zone.name
    address = values.get(("network/install", "static_address"))
    link = values.get(("network/install", "name"), "net0/v4")
    zone.addresses = [("lo0/v4", "127.0.0.1/8")]
    zone.interfaces = ["lo0"]
    if address:
        zone.addresses.append((link, address))
        zone.interfaces.append(link.split("/")[0])
    return None


def _parseable(value: str) -> str:
    """A field of ipadm's -p output: a colon in it escaped with a backslash."""
    return value.replace(":", "\\:")


def zone_ipadm(zone: Zone, args: list[str]) -> Result:
    """ipadm in an exclusive-IP zone: show-addr [-p -o addrobj,addr], create-ip LINK,
    create-addr -T static -a ADDRESS/PREFIX LINK/v4 (unverified: the answers in a zone,
    and the refusals' wording)."""
    if zone.ip_type != "exclusive":
        return "", "ipadm: Operation not supported in a shared-IP zone\n", 1
    sub = args[0] if args else ""
    if sub == "show-addr":
        if "-p" in args:
            rows = [f"{_parseable(obj)}:{_parseable(addr)}\n" for obj, addr in zone.addresses]
            return "".join(rows), "", 0
        lines = [f"{'ADDROBJ':<18}{'TYPE':<9}{'STATE':<13}ADDR"]
        lines += [f"{obj:<18}{'static':<9}{'ok':<13}{addr}" for obj, addr in zone.addresses]
        return "\n".join(lines) + "\n", "", 0
    if sub == "create-ip" and len(args) == 2:
        if args[1] in zone.interfaces:
            return "", f"ipadm: cannot create interface {args[1]}: Interface already exists\n", 1
        zone.interfaces.append(args[1])
        return "", "", 0
    if sub == "create-addr" and len(args) == 6 and args[1:3] == ["-T", "static"]:
        cidr, addrobj = args[4], args[5]
        if addrobj.split("/")[0] not in zone.interfaces:
            return (
                "",
                f"ipadm: cannot create address: Interface {addrobj.split('/')[0]} does not exist\n",
                1,
            )
        zone.addresses.append((addrobj, cidr))
        return "", "", 0
    return "", "usage: ipadm <subcommand> <args> ...\n", 1
