"""dladm, ipadm and ifconfig on a lab node, in the column layouts of Solaris."""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING

from vdcftui.lab.commands import Result, command

if TYPE_CHECKING:
    from vdcftui.lab.state import SimNode

Row = dict[str, str]

# printed column widths (ofmt field width plus its separator), per listing
_WIDTHS = {
    "show-link": {"link": 20, "class": 10, "mtu": 7, "state": 9, "bridge": 11, "over": 0},
    "show-phys": {"link": 18, "media": 21, "state": 11, "speed": 7, "duplex": 10, "device": 0},
    "show-aggr": {
        "link": 18,
        "policy": 9,
        "addrpolicy": 21,
        "lacpactivity": 14,
        "lacptimer": 12,
        "flags": 0,
    },
    "show-vnic": {
        "link": 20,
        "over": 13,
        "speed": 7,
        "macaddress": 18,
        "macaddrtype": 12,
        "vid": 0,
    },
    "show-addr": {"addrobj": 18, "type": 9, "state": 13, "addr": 0},
    "show-if": {
        "ifname": 11,
        "class": 9,
        "state": 9,
        "active": 7,
        "over": 0,
        "current": 13,
        "persistent": 11,
    },
}
_DEFAULTS = {
    "show-link": ["link", "class", "mtu", "state", "over"],
    "show-phys": ["link", "media", "state", "speed", "duplex", "device"],
    "show-aggr": ["link", "policy", "addrpolicy", "lacpactivity", "lacptimer", "flags"],
    "show-vnic": ["link", "over", "speed", "macaddress", "macaddrtype", "vid"],
    "show-addr": ["addrobj", "type", "state", "addr"],
    "show-if": ["ifname", "class", "state", "active", "over"],
}


def _mac(node: SimNode, link: str) -> str:
    value = zlib.crc32(f"{node.name}/{link}".encode())
    return f"0:14:4f:{value >> 16 & 0xFF:x}:{value >> 8 & 0xFF:x}:{value & 0xFF:x}"


def _render(sub: str, rows: list[Row], fields: list[str], parseable: bool) -> str:
    """Rows as `-p` (colon-separated, colons escaped) or as ofmt columns."""
    if parseable:
        return "".join(
            ":".join(r.get(f, "").replace(":", "\\:") for f in fields) + "\n" for r in rows
        )
    if not rows:
        return ""  # ofmt prints the header with the first row only
    widths = _WIDTHS[sub]
    lines = []
    for row in [{f: f.upper() for f in fields}, *rows]:
        text, target = "", 0
        for index, name in enumerate(fields):
            value = row.get(name) or "--"
            if index == len(fields) - 1:
                text += value
                break
            text += value
            target += widths.get(name, len(name) + 2)
            text += " " * max(target - len(text), 1)
        lines.append(text.rstrip() + "\n")
    return "".join(lines)


class _BadOptions(Exception):
    """A show-* subcommand got options it refuses; ``args[0]`` is the error text."""


def _options(tool: str, sub: str, args: list[str]) -> tuple[bool, list[str]]:
    """(parseable, fields) of a show-* subcommand; raises _BadOptions."""
    parseable, fields = False, list(_DEFAULTS[sub])
    words = iter(args)
    for word in words:
        if word == "-o":
            fields = next(words, "").lower().split(",")
        elif word in ("-p", "-po"):
            parseable = True
            if word == "-po":
                fields = next(words, "").lower().split(",")
        elif word.startswith("-"):
            raise _BadOptions(f"{tool}: illegal option -- {word[1:2]}\n")
    if any(f not in _WIDTHS[sub] for f in fields):
        raise _BadOptions(f"{tool}: invalid field(s) specified\n")
    if parseable and "-o" not in args and "-po" not in args:
        raise _BadOptions(f"{tool}: -p requires -o\n")
    return parseable, fields


def _phys_and_links(node: SimNode) -> list[Row]:
    members = {m for over in node.spec.aggregations.values() for m in over}
    rows = [
        {
            "link": nic,
            "class": "phys",
            "mtu": "1500",
            "state": "up",
            "over": "",
            "media": "Ethernet",
            "speed": "10000",
            "duplex": "full",
            "device": f"ixgbe{i}" if nic.startswith("net") else nic,
        }
        for i, nic in enumerate(node.spec.nics)
    ]
    rows += [
        {"link": name, "class": "aggr", "mtu": "1500", "state": "up", "over": " ".join(over)}
        for name, over in node.spec.aggregations.items()
    ]
    for zone in sorted(node.zones.values(), key=lambda z: z.name):
        if zone.ip_type == "exclusive" and zone.state == "running":
            rows.append(
                {
                    "link": f"{zone.name}/net0",
                    "class": "vnic",
                    "mtu": "1500",
                    "state": "up",
                    "over": node.spec.nics[0],
                }
            )
    return [r for r in rows if r["link"] not in members] + [r for r in rows if r["link"] in members]


@command("dladm")
def dladm(node: SimNode, args: list[str], stdin: str) -> Result:
    """dladm show-link|show-phys|show-aggr|show-vnic [-p] [-o FIELDS] (S10: show-link,
    show-dev, show-aggr in their Solaris 10 forms)."""
    if node.solaris10:
        return _dladm_s10(node, args)
    sub = args[0] if args else ""
    if sub not in ("show-link", "show-phys", "show-aggr", "show-vnic"):
        return (
            "",
            (f"dladm: unknown subcommand '{sub}'\n" if sub else "")
            + "usage: dladm <subcommand> <args> ...\n",
            1,
        )
    try:
        parseable, fields = _options("dladm", sub, args[1:])
    except _BadOptions as exc:
        return "", exc.args[0], 1
    rows = _phys_and_links(node)
    if sub == "show-phys":
        rows = [r for r in rows if r["class"] == "phys"]
    elif sub == "show-aggr":
        rows = [
            dict(
                r,
                policy="L4",
                addrpolicy="auto",
                lacpactivity="active",
                lacptimer="short",
                flags="-----",
            )
            for r in rows
            if r["class"] == "aggr"
        ]
    elif sub == "show-vnic":
        rows = [
            dict(
                r,
                speed="10000",
                macaddress=f"2:8:20:{_mac(node, r['link'])[9:]}",
                macaddrtype="random",
                vid="0",
            )
            for r in rows
            if r["class"] == "vnic"
        ]
    return _render(sub, rows, fields, parseable), "", 0


def _dladm_s10(node: SimNode, args: list[str]) -> Result:
    sub = args[0] if args else ""
    if any(a.startswith("-") and a != "-p" for a in args[1:]):
        bad = next(a for a in args[1:] if a.startswith("-") and a != "-p")
        return (
            "",
            (
                f"dladm: illegal option -- {bad[1:2]}\n"
                "usage: dladm show-link [-p] [-s [-i <interval>]] [<name>]\n"
            ),
            1,
        )
    members = {m for over in node.spec.aggregations.values() for m in over}
    if sub in ("show-link", "show-dev"):
        out = []
        for nic in node.spec.nics:
            if sub == "show-dev":
                out.append(f"{nic:<16}link: up        speed: 1000  Mbps       duplex: full\n")
            elif "-p" in args:
                out.append(f'name="{nic}" type="non-vlan" mtu="1500" device="{nic}"\n')
            else:
                out.append(f"{nic:<16}type: non-vlan    mtu: 1500       device: {nic}\n")
        if sub == "show-link":
            for key, name in enumerate(node.spec.aggregations, start=1):
                out.append(
                    f'name="{name}" type="non-vlan" mtu="1500" aggregation="key {key}"\n'
                    if "-p" in args
                    else f"{name:<16}type: non-vlan    mtu: 1500       aggregation: key {key}\n"
                )
        return "".join(out), "", 0
    if sub == "show-aggr":
        out = []
        for key, over in enumerate(node.spec.aggregations.values(), start=1):
            out.append(
                f"key: {key} (0x{key:04x}) policy: L4      address: "
                f"{_mac(node, over[0])} (auto)\n"
                "           device       address                 speed           "
                "duplex  link    state\n"
            )
            out += [
                f"           {m:<12} {_mac(node, m):<19} 1000  Mbps    full    up      attached\n"
                for m in over
                if m in members
            ]
        return "".join(out), "", 0
    return (
        "",
        (f"dladm: unknown subcommand '{sub}'\n" if sub else "")
        + "usage: dladm <subcommand> <args> ...\n",
        1,
    )


def _interfaces(node: SimNode) -> list[tuple[str, str, str]]:
    """(interface, class, over) for every IP interface, IPMP groups first."""
    plumbed = {a.link for a in node.spec.addresses}
    out = [(group, "ipmp", " ".join(over)) for group, over in node.spec.ipmp.items()]
    out.append(("lo0", "loopback", ""))
    members = {m for over in node.spec.ipmp.values() for m in over}
    out += [(link, "ip", "") for link in sorted(plumbed | members) if link not in node.spec.ipmp]
    return out


@command("ipadm")
def ipadm(node: SimNode, args: list[str], stdin: str) -> Result:
    """ipadm show-addr|show-if [-p] [-o FIELDS] (Solaris 11)."""
    if node.solaris10:
        return "", "sh: ipadm: not found\n", 127
    sub = args[0] if args else ""
    if sub not in ("show-addr", "show-if"):
        return (
            "",
            (f"ipadm: unknown subcommand '{sub}'\n" if sub else "")
            + "usage: ipadm <subcommand> <args> ...\n",
            1,
        )
    try:
        parseable, fields = _options("ipadm", sub, args[1:])
    except _BadOptions as exc:
        return "", exc.args[0], 1
    if sub == "show-addr":
        rows = [{"addrobj": "lo0/v4", "type": "static", "state": "ok", "addr": "127.0.0.1/8"}]
        seen: dict[str, int] = {}
        for address in node.spec.addresses:
            count = seen[address.link] = seen.get(address.link, 0) + 1
            suffix = "v4" if count == 1 else f"v4{chr(ord('a') + count - 2)}"
            rows.append(
                {
                    "addrobj": f"{address.link}/{suffix}",
                    "type": "static",
                    "state": "ok",
                    "addr": address.address,
                }
            )
        rows.append({"addrobj": "lo0/v6", "type": "static", "state": "ok", "addr": "::1/128"})
    else:
        rows = [
            {
                "ifname": name,
                "class": kind,
                "state": "ok",
                "active": "yes",
                "over": over,
                "current": (
                    "bm46--------"
                    if kind == "ip"
                    else "-m46-l------"
                    if kind == "loopback"
                    else "bm4-------+-"
                ),
                "persistent": "46--",
            }
            for name, kind, over in _interfaces(node)
        ]
    return _render(sub, rows, fields, parseable), "", 0


@command("ifconfig")
def ifconfig(node: SimNode, args: list[str], stdin: str) -> Result:
    """ifconfig -a (IPv4 interfaces; IPMP groups as Solaris 10 and 11 show them)."""
    if args != ["-a"]:
        return "", "usage: ifconfig <interface> | -a | -aL | -au | -ad\n", 1
    physrunning = "" if node.solaris10 else "PHYSRUNNING"
    out = [
        "lo0: flags=2001000849<UP,LOOPBACK,RUNNING,MULTICAST,IPv4,VIRTUAL> mtu 8232 "
        "index 1\n\tinet 127.0.0.1 netmask ff000000 \n"
    ]
    group_of = {m: g for g, over in node.spec.ipmp.items() for m in over}
    index = 1
    for name, kind, _over in _interfaces(node):
        if kind == "loopback":
            continue
        index += 1
        addresses = [a.address for a in node.spec.addresses if a.link == name]
        if kind == "ipmp" and node.solaris10:
            continue  # Solaris 10 has no IPMP interface: the members carry the addresses
        if node.solaris10 and name in group_of:
            addresses += [
                a.address
                for a in node.spec.addresses
                if a.link == group_of[name] and name == node.spec.ipmp[group_of[name]][0]
            ]
        for alias, address in enumerate(addresses or ["0.0.0.0/8"]):
            flags = ["UP", "BROADCAST", "RUNNING", "MULTICAST"]
            value = 0x1000843
            if alias:
                flags.append("DEPRECATED")
                value |= 0x40000
            flags.append("IPv4")
            if kind == "ipmp":
                flags.append("IPMP")
                value |= 0x8000000000
            if physrunning:
                flags.append(physrunning)
                value |= 0x100000000000
            ip, _, prefix = address.partition("/")
            bits = int(prefix or 0)
            mask = (0xFFFFFFFF << (32 - bits)) & 0xFFFFFFFF if bits else 0xFF000000
            octets = [int(o) for o in ip.split(".")]
            network = int.from_bytes(bytes(octets), "big")
            broadcast = (network | (~mask & 0xFFFFFFFF)).to_bytes(4, "big")
            label = f"{name}:{alias}" if alias else name
            out.append(
                f"{label}: flags={value:x}<{','.join(flags)}> mtu 1500 index {index}\n"
                f"\tinet {ip} netmask {mask:08x} broadcast "
                f"{'.'.join(str(b) for b in broadcast)}\n"
            )
            if alias == 0 and (kind == "ipmp" or name in group_of):
                out.append(f"\tgroupname {group_of.get(name, name)}\n")
            if alias == 0 and kind != "ipmp":
                out.append(f"\tether {_mac(node, name)} \n")
    return "".join(out), "", 0
