"""dladm, ipadm and ifconfig on a lab node."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vdcftui.lab.commands import Result, command

if TYPE_CHECKING:
    from vdcftui.lab.state import SimNode


def _fields(args: list[str], default: list[str]) -> tuple[bool, list[str]]:
    parseable = "-p" in args
    if "-o" in args and args.index("-o") + 1 < len(args):
        return parseable, args[args.index("-o") + 1].lower().split(",")
    return parseable, default


def _table(rows: list[dict[str, str]], fields: list[str], parseable: bool) -> str:
    if parseable:
        return "".join(":".join(r.get(f, "").replace(":", "\\:") for f in fields) + "\n"
                       for r in rows)
    shown = [{f: r.get(f) or "--" for f in fields} for r in rows]
    widths = {f: max(len(f), *(len(r[f]) for r in shown)) + 2 for f in fields}
    header = "".join(f.upper().ljust(widths[f]) for f in fields).rstrip()
    return header + "\n" + "".join("".join(r[f].ljust(widths[f]) for f in fields).rstrip()
                                   + "\n" for r in shown)


def _links(node: SimNode) -> list[dict[str, str]]:
    members = {m for over in node.spec.aggregations.values() for m in over}
    rows = [{"link": nic, "class": "phys", "mtu": "1500", "state": "up", "over": "",
             "media": "Ethernet", "speed": "10000", "duplex": "full",
             "device": f"ixgbe{i}"} for i, nic in enumerate(node.spec.nics)]
    rows += [{"link": name, "class": "aggr", "mtu": "1500", "state": "up",
              "over": " ".join(over)} for name, over in node.spec.aggregations.items()]
    for zone in node.zones.values():
        if zone.ip_type == "exclusive" and zone.state == "running":
            rows.append({"link": f"{zone.name}/net0", "class": "vnic", "mtu": "1500",
                         "state": "up", "over": node.spec.nics[0]})
    return [r for r in rows if r["link"] not in members] + [r for r in rows
                                                            if r["link"] in members]


@command("dladm")
def dladm(node: SimNode, args: list[str], stdin: str) -> Result:
    """dladm show-link|show-phys|show-aggr|show-vnic [-p -o FIELDS]."""
    if not args:
        return "", "usage: dladm <subcommand> <args> ...\n", 1
    sub = args[0]
    rows = _links(node)
    if sub == "show-link":
        parseable, fields = _fields(args, ["link", "class", "mtu", "state", "over"])
        return _table(rows, fields, parseable), "", 0
    if sub == "show-phys":
        parseable, fields = _fields(args, ["link", "media", "state", "speed", "duplex",
                                           "device"])
        return _table([r for r in rows if r["class"] == "phys"], fields, parseable), "", 0
    if sub == "show-aggr":
        parseable, fields = _fields(args, ["link", "policy", "addrpolicy", "lacpactivity",
                                           "lacptimer", "flags"])
        aggrs = [dict(r, policy="L4", addrpolicy="auto", lacpactivity="active",
                      lacptimer="short", flags="-----") for r in rows if r["class"] == "aggr"]
        return _table(aggrs, fields, parseable), "", 0
    if sub == "show-vnic":
        parseable, fields = _fields(args, ["link", "over", "speed", "macaddress",
                                           "macaddrtype", "vid"])
        vnics = [dict(r, speed="10000", macaddress="2:8:20:a:b:c", macaddrtype="random",
                      vid="0") for r in rows if r["class"] == "vnic"]
        return _table(vnics, fields, parseable), "", 0
    return "", f"dladm: unrecognized subcommand '{sub}'\n", 1


@command("ipadm")
def ipadm(node: SimNode, args: list[str], stdin: str) -> Result:
    """ipadm show-addr|show-if [-p -o FIELDS] (Solaris 11)."""
    if node.solaris10:
        return "", "sh: ipadm: not found\n", 127
    addresses = [{"addrobj": "lo0/v4", "type": "static", "state": "ok", "addr": "127.0.0.1/8"}]
    for address in node.spec.addresses:
        addresses.append({"addrobj": f"{address.link}/v4", "type": "static", "state": "ok",
                          "addr": address.address})
    if args[:1] == ["show-addr"]:
        parseable, fields = _fields(args, ["addrobj", "type", "state", "addr"])
        return _table(addresses, fields, parseable), "", 0
    if args[:1] == ["show-if"]:
        parseable, fields = _fields(args, ["ifname", "class", "state", "active", "over"])
        interfaces = [{"ifname": "lo0", "class": "loopback", "state": "ok", "active": "yes"}]
        interfaces += [{"ifname": a.link, "class": "ip", "state": "ok", "active": "yes"}
                       for a in node.spec.addresses]
        return _table(interfaces, fields, parseable), "", 0
    return "", f"ipadm: unknown subcommand '{args[0] if args else ''}'\n", 1


@command("ifconfig")
def ifconfig(node: SimNode, args: list[str], stdin: str) -> Result:
    """ifconfig -a."""
    if args != ["-a"]:
        return "", "usage: ifconfig <interface> | -a\n", 1
    out = ["lo0: flags=2001000849<UP,LOOPBACK,RUNNING,MULTICAST,IPv4,VIRTUAL> mtu 8232 "
           "index 1\n\tinet 127.0.0.1 netmask ff000000 \n"]
    for index, address in enumerate(node.spec.addresses, start=2):
        ip, _, prefix = address.address.partition("/")
        mask = (0xFFFFFFFF << (32 - int(prefix or 24))) & 0xFFFFFFFF
        out.append(f"{address.link}: flags=1000843<UP,BROADCAST,RUNNING,MULTICAST,IPv4> "
                   f"mtu 1500 index {index}\n\tinet {ip} netmask {mask:08x} broadcast "
                   f"{ip.rsplit('.', 1)[0]}.255\n\tether 0:14:4f:a:b:{index:x} \n")
    return "".join(out), "", 0
