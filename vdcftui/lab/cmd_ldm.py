"""ldm on a lab control domain: domain listings in the -p formats, start and stop."""

from __future__ import annotations

import zlib

import time
import uuid as uuidlib
from typing import TYPE_CHECKING

from vdcftui.lab.commands import Result, command

if TYPE_CHECKING:
    from vdcftui.lab.state import SimNode

VERSION = "VERSION 1.20"
_USAGE = "Usage:\n\tldm [--help] command [options] [properties] operands\n"


def _guests(node: SimNode) -> list[SimNode]:
    return sorted((n for n in node.datacenter.nodes.values() if n.spec.cdom == node.name),
                  key=lambda n: n.name)


def _state(guest: SimNode) -> str:
    if guest.powered:
        return "active"
    return "bound" if guest.spec.state in ("bound", "active") else "inactive"


def _domain_line(name: str, state: str, long_flags: bool, control: bool, cons: str,
                 ncpu: int, mem: int, uptime: int) -> str:
    if state == "inactive":
        return f"DOMAIN|name={name}|state=inactive|flags=|cons=|ncpu={ncpu}|mem={mem}|util=" \
               f"|uptime=|norm_util="
    if long_flags:
        flags = "normal,control,vio-service" if control else "normal"
    else:
        flags = "-n-cv-" if control else ("-n----" if state == "active" else "------")
    util = "1.2" if state == "active" else ""
    up = str(uptime) if state == "active" else ""
    return (f"DOMAIN|name={name}|state={state}|flags={flags}|cons={cons}|ncpu={ncpu}"
            f"|mem={mem}|util={util}|uptime={up}|norm_util={util}")


def _domains(node: SimNode) -> list[tuple[str, str, bool, str, int, int, int, SimNode | None]]:
    spec = node.spec
    now = time.time()
    guests = _guests(node)
    used = sum(g.spec.threads for g in guests)
    used_mem = sum(g.spec.memory_mb for g in guests)
    rows = [("primary", "active", True, "UART", max(spec.threads - used, 8),
             max(spec.memory_mb - used_mem, 8192) << 20, int(now - node.booted_at), None)]
    for port, guest in enumerate(guests, start=5000):
        rows.append((guest.name, _state(guest), False, str(port), guest.spec.threads,
                     guest.spec.memory_mb << 20, int(now - guest.booted_at), guest))
    return rows


def _list(node: SimNode, long: bool, names: list[str]) -> Result:
    rows = _domains(node)
    known = {r[0] for r in rows}
    for name in names:
        if name not in known:
            return "", f"Domain {name} not found\n", 1
    out = [VERSION]
    for name, state, control, cons, ncpu, mem, uptime, _guest in rows:
        if names and name not in names:
            continue
        out.append(_domain_line(name, state, long, control, cons, ncpu, mem, uptime))
        if not long:
            continue
        out.append(f"UUID|uuid={uuidlib.uuid5(uuidlib.NAMESPACE_OID, name)}")
        out.append("VCPU")
        out += [f"|vid={v}|pid={v}|util=1.0|strand=100" for v in range(min(ncpu, 4))]
        out.append("MEMORY")
        out.append(f"|ra=0x10000000|pa=0x10000000|size={mem}")
        if control:
            out.append("VSW|name=primary-vsw0|mac-addr=00:14:4f:f8:5c:7f|net-dev=net0|dev="
                       "switch@0|mode=")
            out.append("VDS|name=primary-vds0|nclients=" + str(len(rows) - 1))
            out += [f"|vol={r[0]}-root|opts=|dev=/dev/zvol/dsk/ldoms/{r[0]}-root"
                    for r in rows[1:]]
            out.append("VCC|name=primary-vcc0|port-range=5000-5100")
        else:
            out.append(f"VNET|name=vnet0|dev=network@0|service=primary-vsw0@primary|"
                       f"mac-addr=00:14:4f:fa:{zlib.crc32(name.encode()) % 256:02x}:01")
            out.append(f"VDISK|name=rootdisk|vol={name}-root@primary-vds0|timeout=|dev=disk@0"
                       f"|server=primary")
            out.append(f"VCONS|group={name}|service=primary-vcc0@primary|port={cons}")
    return "\n".join(out) + "\n", "", 0


@command("ldm")
def ldm(node: SimNode, args: list[str], stdin: str) -> Result:
    """ldm list|ls [-l] [-p] [DOMAIN], list-bindings, list-devices, start, stop, bind, unbind."""
    if node.spec.kind != "cdom":
        return "", "sh: ldm: not found\n", 127
    if not args:
        return "", _USAGE, 1
    sub, rest = args[0], args[1:]
    flags = {a for a in rest if a.startswith("-")}
    names = [a for a in rest if not a.startswith("-")]
    if sub in ("list", "ls", "list-domain", "ls-dom"):
        return _list(node, "-l" in flags, names)
    if sub in ("list-bindings", "ls-bindings"):
        return _list(node, True, names)
    if sub in ("list-devices", "ls-devices"):
        free = max(node.spec.threads - sum(g.spec.threads for g in _guests(node)), 0)
        return (f"{VERSION}\nVCPU\n" + "".join(f"|pid={node.spec.threads - free + i}|free=100\n"
                                                for i in range(min(free, 4)))
                + f"MEMORY\n|pa=0x80000000|size={8 << 30}\n"), "", 0
    guests = {g.name: g for g in _guests(node)}
    if sub in ("start", "start-domain", "stop", "stop-domain", "bind", "bind-domain",
               "unbind", "unbind-domain"):
        if not names or names[0] not in guests:
            return "", f"Domain {names[0] if names else ''} not found\n", 1
        guest = guests[names[0]]
        verb = sub.split("-")[0]
        if verb == "start":
            if guest.powered:
                return "", f"Domain {guest.name} is already active\n", 1
            guest.power_on()
            return f"LDom {guest.name} started\n", "", 0
        if verb == "stop":
            if not guest.powered:
                return "", f"LDom {guest.name} stop notification failed\n", 1
            guest.power_off()
            return "", "", 0
        return "", "", 0
    return "", f"Invalid command: {sub}\n{_USAGE}", 1
