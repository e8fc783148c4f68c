"""dladm, ipadm and ifconfig on a lab node, in the column layouts of Solaris."""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING

from vdcftui.lab.commands import Result, command

if TYPE_CHECKING:
    from vdcftui.lab.state import SimNode, Zone

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
            # unverified: the option, field and -p errors of dladm and ipadm
            raise _BadOptions(f"{tool}: illegal option -- {word[1:2]}\n")
    if any(f not in _WIDTHS[sub] for f in fields):
        raise _BadOptions(f"{tool}: invalid field(s) specified\n")
    if parseable and "-o" not in args and "-po" not in args:
        raise _BadOptions(f"{tool}: -p requires -o\n")
    return parseable, fields


def _phys_and_links(node: SimNode) -> list[Row]:
    members = {m for over in node.aggregations.values() for m in over}
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
        for name, over in node.aggregations.items()
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
    # unverified: the -p records of show-link and show-phys (no capture; the
    # parseable rules of docs/solaris/zones-storage-patching.md section 9 applied)
    if node.solaris10:
        return _dladm_s10(node, args)
    sub = args[0] if args else ""
    if sub == "create-aggr":
        return _create_aggr(node, args[1:])
    if sub not in ("show-link", "show-phys", "show-aggr", "show-vnic"):
        # unverified: dladm's unknown-subcommand and usage lines
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
        # -p as the dladm-show-vnic-p-o capture; unverified: the human columns of show-vnic
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


def _create_aggr(node: SimNode, args: list[str]) -> Result:
    """dladm create-aggr -l LINK [-l LINK]... AGGR."""
    # unverified: silence on success and every error line (no capture of either)
    links = [args[i + 1] for i, word in enumerate(args[:-1]) if word == "-l"]
    name = args[-1] if args else ""
    used = {m for over in node.aggregations.values() for m in over}
    if not links or len(args) != 2 * len(links) + 1:
        return "", "usage: dladm create-aggr [-l <link>] ... <link>\n", 1
    elif name in node.aggregations or name in node.spec.nics:
        return "", f"dladm: create operation failed: object already exists: {name}\n", 1
    elif any(link not in node.spec.nics or link in used for link in links):
        bad = next(link for link in links if link not in node.spec.nics or link in used)
        return "", f"dladm: create operation failed: link busy or not found: {bad}\n", 1
    else:
        node.aggregations[name] = tuple(links)
    node.datacenter.changed()
    return "", "", 0


def _ipadm_change(node: SimNode, sub: str, args: list[str]) -> Result:
    """ipadm create-ip LINK, ipadm create-ipmp -i LINK[,LINK...] IPMP."""
    # unverified: silence on success and every error line (no capture of either)
    name = args[-1] if args else ""
    links = [
        link for i, word in enumerate(args[:-1]) if word == "-i" for link in args[i + 1].split(",")
    ]
    members = {m for over in node.ipmp_groups.values() for m in over}
    known = set(node.spec.nics) | set(node.aggregations)
    if sub == "create-ip":
        if len(args) != 1 or name not in known:
            return "", f"ipadm: cannot create interface {name}: Interface does not exist\n", 1
        if name in node.ip_interfaces:
            return "", f"ipadm: cannot create interface {name}: Interface already exists\n", 1
        node.ip_interfaces.add(name)
    else:
        if name in node.ipmp_groups or name in known:
            return "", f"ipadm: cannot create interface {name}: Interface already exists\n", 1
        bad = [link for link in links if link not in node.ip_interfaces or link in members]
        if bad:
            return "", f"ipadm: cannot add {bad[0]} to {name}: Interface does not exist\n", 1
        node.ipmp_groups[name] = tuple(links)
    node.datacenter.changed()
    return "", "", 0


def _dladm_s10(node: SimNode, args: list[str]) -> Result:
    """Solaris 10 dladm: show-aggr as the dladm-show-aggr-s10 capture.

    unverified: the Solaris 10 show-link (human and -p) and show-dev layouts, the option
    error and usage lines."""
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
    members = {m for over in node.aggregations.values() for m in over}
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
            for key, name in enumerate(node.aggregations, start=1):
                out.append(
                    f'name="{name}" type="non-vlan" mtu="1500" aggregation="key {key}"\n'
                    if "-p" in args
                    else f"{name:<16}type: non-vlan    mtu: 1500       aggregation: key {key}\n"
                )
        return "".join(out), "", 0
    if sub == "show-aggr":
        out = []
        for key, over in enumerate(node.aggregations.values(), start=1):
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
    plumbed = set(node.ip_interfaces)
    out = [(group, "ipmp", " ".join(over)) for group, over in node.ipmp_groups.items()]
    out.append(("lo0", "loopback", ""))
    members = {m for over in node.ipmp_groups.values() for m in over}
    out += [(link, "ip", "") for link in sorted(plumbed | members) if link not in node.ipmp_groups]
    return out


@command("ipadm")
def ipadm(node: SimNode, args: list[str], stdin: str) -> Result:
    """ipadm show-addr|show-if [-p] [-o FIELDS] (Solaris 11)."""
    # unverified: show-addr's -p records (no capture; ipadm__getconfig-solaris11 gives
    # the values)
    if node.solaris10:
        return "", "sh: ipadm: not found\n", 127
    sub = args[0] if args else ""
    if sub in ("create-ip", "create-ipmp"):
        return _ipadm_change(node, sub, args[1:])
    if sub not in ("show-addr", "show-if"):
        # unverified: ipadm's unknown-subcommand and usage lines
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
        # unverified: show-addr's columns (no capture; ipadm-show-if-* back show-if)
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


_LOOPBACK_V4 = "lo0: flags=2001000849<UP,LOOPBACK,RUNNING,MULTICAST,IPv4,VIRTUAL> mtu 8232 index 1"


def _shared_zones(node: SimNode) -> list[Zone]:
    """The running shared-IP zones, by name: each has a logical lo0 interface."""
    return sorted(
        (z for z in node.zones.values() if z.ip_type == "shared" and z.state == "running"),
        key=lambda z: z.name,
    )


def _zone_addresses(node: SimNode) -> list[tuple[str, str, str]]:
    """(link, address, zone) of the running shared-IP zones' net resources."""
    return [
        (resource["physical"], resource["address"], zone.name)
        for zone in _shared_zones(node)
        for resource in zone.live_resources()
        if resource.get("resource") == "net" and resource.get("address")
    ]


def _inet(address: str) -> str:
    """``inet A netmask M broadcast B`` of an address with its prefix."""
    ip, _, prefix = address.partition("/")
    bits = int(prefix or 0)
    mask = (0xFFFFFFFF << (32 - bits)) & 0xFFFFFFFF if bits else 0xFF000000
    network = int.from_bytes(bytes(int(o) for o in ip.split(".")), "big")
    broadcast = (network | (~mask & 0xFFFFFFFF)).to_bytes(4, "big")
    return f"inet {ip} netmask {mask:08x} broadcast {'.'.join(str(b) for b in broadcast)}"


def _v4_flags(node: SimNode, kind: str, deprecated: bool) -> str:
    """``flags=HEX<NAMES>`` of an IPv4 interface (ifconfig-a captures)."""
    names, value = ["UP", "BROADCAST", "RUNNING", "MULTICAST"], 0x1000843
    if deprecated:
        names.append("DEPRECATED")
        value |= 0x40000
    names.append("IPv4")
    if kind == "ipmp":
        names.append("IPMP")
        value |= 0x8000000000
    if not node.solaris10:
        names.append("PHYSRUNNING")
        value |= 0x100000000000
    return f"flags={value:x}<{','.join(names)}>"


@command("ifconfig")
def ifconfig(node: SimNode, args: list[str], stdin: str) -> Result:
    """ifconfig -a: IPv4 interfaces, logical interfaces of shared-IP zones (``zone NAME``
    lines, ifconfig-a-s10-zones capture), IPMP as Solaris 10 and 11 show it, and on
    Solaris 11 the IPv6 interfaces after the IPv4 ones (ifconfig-a__getconfig-solaris11
    capture). Solaris 10 plumbs no IPv6 (every Solaris 10 capture is IPv4 only)."""
    if args != ["-a"]:
        # unverified: the wording of ifconfig's usage message
        return "", "usage: ifconfig <interface> | -a | -aL | -au | -ad\n", 1
    zoned = _zone_addresses(node)
    out = [_LOOPBACK_V4, "\tinet 127.0.0.1 netmask ff000000 "]
    for alias, zone in enumerate(_shared_zones(node), start=1):
        out += [
            f"lo0:{alias}: {_LOOPBACK_V4[5:]}",
            f"\tzone {zone.name}",
            "\tinet 127.0.0.1 netmask ff000000 ",
        ]
    group_of = {m: g for g, over in node.ipmp_groups.items() for m in over}
    indexes: dict[str, int] = {}
    for name, kind, _over in _interfaces(node):
        if kind == "loopback" or (kind == "ipmp" and node.solaris10):
            continue  # Solaris 10 has no IPMP interface: the members carry the addresses
        indexes[name] = len(indexes) + 2
        out += _v4_entries(node, name, kind, group_of, indexes[name], zoned)
    if not node.solaris10:
        out += _v6_entries(node, indexes, group_of)
    return "\n".join(out) + "\n", "", 0


def _v4_entries(
    node: SimNode,
    name: str,
    kind: str,
    group_of: dict[str, str],
    index: int,
    zoned: list[tuple[str, str, str]],
) -> list[str]:
    """The IPv4 entries of one interface: its addresses, then its zones' logical ones."""
    addresses = [a.address for a in node.spec.addresses if a.link == name]
    if node.solaris10 and name in group_of and name == node.ipmp_groups[group_of[name]][0]:
        addresses += [a.address for a in node.spec.addresses if a.link == group_of[name]]
    out = []
    for alias, address in enumerate(addresses or ["0.0.0.0/8"]):
        label = f"{name}:{alias}" if alias else name
        out += [
            f"{label}: {_v4_flags(node, kind, bool(alias))} mtu 1500 index {index}",
            f"\t{_inet(address)}",
        ]
        if alias == 0 and (kind == "ipmp" or name in group_of):
            out.append(f"\tgroupname {group_of.get(name, name)}")
        if alias == 0 and kind != "ipmp":
            out.append(f"\tether {_mac(node, name)} ")
    first = len(addresses or [""])
    for alias, (_link, address, zone) in enumerate([z for z in zoned if z[0] == name], start=first):
        out += [
            f"{name}:{alias}: {_v4_flags(node, kind, False)} mtu 1500 index {index}",
            f"\tzone {zone}",
            f"\t{_inet(address)}",
        ]
    return out


def _v6_entries(node: SimNode, indexes: dict[str, int], group_of: dict[str, str]) -> list[str]:
    """Solaris 11's IPv6 block: lo0 ``::1/128``, every other interface ``::/0`` (not up
    unless an IPMP member), as in the ifconfig-a__getconfig-solaris11 capture."""
    out = [
        "lo0: flags=2002000849<UP,LOOPBACK,RUNNING,MULTICAST,IPv6,VIRTUAL> mtu 8252 index 1",
        "\tinet6 ::1/128 ",
    ]
    for name, index in indexes.items():
        if name in node.ipmp_groups:
            flags = "flags=128002000840<RUNNING,MULTICAST,IPv6,IPMP,PHYSRUNNING>"
        elif name in group_of:
            flags = "flags=120002000841<UP,RUNNING,MULTICAST,IPv6,PHYSRUNNING>"
        else:
            flags = "flags=120002000840<RUNNING,MULTICAST,IPv6,PHYSRUNNING>"
        out += [f"{name}: {flags} mtu 1500 index {index}", "\tinet6 ::/0 "]
        if name in node.ipmp_groups or name in group_of:
            out.append(f"\tgroupname {group_of.get(name, name)}")
    return out
