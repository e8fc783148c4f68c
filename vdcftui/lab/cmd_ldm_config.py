"""ldm verbs that change a control domain's configuration: domains defined, removed
and resized, virtual disks and networks added and removed, vds volumes exported, and
the listings of constraints (`list-constraints -x`) and services (`list-services`).

unverified: every success and error message of these verbs (docs/solaris/ldm.md
section 7: no capture of them) except the substrings tools key on (``already exists``,
``does not exist``, ``is attached``, section 5) and the 256 MB alignment message of
set-memory (ldm-set-memory-alignment-error capture).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import TYPE_CHECKING

from vdcftui.lab.cmd_ldm import VERSION, free_resources, human_size, missing_services
from vdcftui.lab.commands import Result
from vdcftui.lab.ldoms import DEFAULT_VSW, LDom, VDisk, VNet, mac_of

if TYPE_CHECKING:
    from vdcftui.lab.state import SimNode

_SIZE = re.compile(r"(\d+)([KMG]?)", re.IGNORECASE)
_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
_ALIGN = 256 << 20
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.+-]*")
Verb = Callable[["SimNode", list[str], set[str], str], Result]
VERBS: dict[str, Verb] = {}


def verb(*names: str) -> Callable[[Verb], Verb]:
    """Register a configuration verb under its ldm names and aliases."""

    def register(handler: Verb) -> Verb:
        for name in names:
            VERBS[name] = handler
        return handler

    return register


def _usage(sub: str, synopsis: str) -> Result:
    return "", f"Usage:\n\tldm {sub} {synopsis}\n", 1


def _domain(node: SimNode, name: str) -> LDom | None:
    return node.datacenter.ldm.domains[node.name].get(name)


def _not_found(name: str) -> Result:
    return "", f"LDom {name} not found\n", 1


def _size(text: str) -> int | None:
    match = _SIZE.fullmatch(text)
    if not match:
        return None
    return int(match.group(1)) * _UNITS[match.group(2).upper()]


def _element(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, tag).text = text


def constraints_xml(domain: LDom) -> str:
    """`ldm list-constraints -x`: the schema of the LDoms 1.2 example
    (ldm-list-constraints-x-ldg1 capture: ldom_info, cpu, memory, network, disk), two
    spaces of indent. unverified: whether 2.x/3.x still print this schema (ldm.md
    section 4: no real modern output found)."""
    root = ET.Element("LDM_interface", version="1.0")
    data = ET.SubElement(root, "data", version="2.0")
    ldom = ET.SubElement(data, "ldom")
    info = ET.SubElement(ldom, "ldom_info")
    _element(info, "ldom_name", domain.name)
    _element(ET.SubElement(ldom, "cpu"), "number", str(domain.vcpus))
    _element(ET.SubElement(ldom, "memory"), "size", human_size(domain.memory))
    for vnet in domain.vnets:
        network = ET.SubElement(ldom, "network")
        _element(network, "vnet_name", vnet.name)
        _element(network, "service_name", vnet.service)
        _element(network, "mac_address", vnet.mac)
    for vdisk in domain.vdisks:
        disk = ET.SubElement(ldom, "disk")
        _element(disk, "vdisk_name", vdisk.name)
        _element(disk, "service_name", vdisk.service)
        _element(disk, "vol_name", vdisk.volume)
    ET.indent(root, "  ")
    return '<?xml version="1.0"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _from_xml(text: str) -> LDom:
    """The domain a constraints file defines; ValueError when it defines none."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise ValueError(f"XML parse error: {exc}") from None
    ldom = root.find("data/ldom")
    name = root.findtext("data/ldom/ldom_info/ldom_name")
    size = _size(root.findtext("data/ldom/memory/size") or "")
    cpus = root.findtext("data/ldom/cpu/number") or ""
    if ldom is None or not name or not _NAME.fullmatch(name) or size is None:
        raise ValueError("no valid <ldom> definition")
    if not cpus.isdigit():
        raise ValueError("no valid <cpu> definition")
    return LDom(
        name,
        int(cpus),
        size,
        vnets=[
            VNet(
                n.findtext("vnet_name") or "",
                n.findtext("service_name") or DEFAULT_VSW,
                n.findtext("mac_address") or "",
            )
            for n in ldom.findall("network")
        ],
        vdisks=[
            VDisk(
                d.findtext("vdisk_name") or "",
                d.findtext("vol_name") or "",
                d.findtext("service_name") or "",
            )
            for d in ldom.findall("disk")
        ],
    )


@verb("list-constraints", "ls-constraints")
def list_constraints(node: SimNode, names: list[str], flags: set[str], sub: str) -> Result:
    """`ldm list-constraints -x DOMAIN` (the XML form only)."""
    if flags != {"x"} or len(names) != 1:
        return _usage(sub, "-x <ldom>")
    domain = _domain(node, names[0])
    if domain is None:
        return _not_found(names[0])
    return constraints_xml(domain), "", 0


@verb("add-domain", "add-dom", "create")
def add_domain(node: SimNode, names: list[str], flags: set[str], sub: str) -> Result:
    """`ldm add-domain NAME` or `ldm add-domain -i FILE`: a new inactive domain."""
    # unverified: this verb's success and error messages (see the module docstring)
    config = node.datacenter.ldm
    if flags == {"i"} and len(names) == 1:
        if names[0] not in node.files:
            return "", f"Could not open {names[0]}: No such file or directory\n", 1
        try:
            domain = _from_xml(node.files[names[0]])
        except ValueError as exc:
            return "", f"Invalid XML file {names[0]}: {exc}\n", 1
    elif not flags and len(names) == 1 and _NAME.fullmatch(names[0]):
        domain = LDom(names[0], 0, 0)
    else:
        return _usage(sub, "(-i <file> | <ldom>)")
    if domain.name == "primary" or domain.name in config.domains[node.name]:
        return "", f"LDom {domain.name} already exists\n", 1
    for vnet in domain.vnets:
        vnet.mac = vnet.mac or mac_of(node.name, f"{domain.name}/{vnet.name}")
    config.add(node.name, domain)
    return "", "", 0


@verb("remove-domain", "rm-domain", "destroy")
def remove_domain(node: SimNode, names: list[str], flags: set[str], sub: str) -> Result:
    """`ldm remove-domain DOMAIN`: only an inactive domain."""
    # unverified: this verb's success and error messages (see the module docstring)
    config = node.datacenter.ldm
    if flags or len(names) != 1:
        return _usage(sub, "(-a | <ldom>...)")
    domain = _domain(node, names[0])
    if domain is None:
        return _not_found(names[0])
    if config.state(node.name, domain) != "inactive":
        return "", f"LDom {domain.name} must be unbound before it can be removed\n", 1
    config.remove(node.name, domain.name)
    return "", "", 0


def _resize(node: SimNode, domain: LDom, vcpus: int, memory: int) -> str:
    """Why the domain cannot take the new size, or "" (an inactive domain takes any
    size; a bound or active one needs the difference free)."""
    config = node.datacenter.ldm
    state = config.state(node.name, domain)
    if state == "inactive":
        return ""
    cpus, free = free_resources(node)
    if vcpus - domain.vcpus > cpus:
        return f"Could not add {vcpus - domain.vcpus} VCPUs: only {cpus} are free"
    if memory - domain.memory > free:
        return f"Could not add {human_size(memory - domain.memory)} of memory to {domain.name}"
    delta = abs(memory - domain.memory)
    if state == "active" and delta % _ALIGN:
        # the wording of the ldm-set-memory-alignment-error capture
        aligned = (domain.memory + (memory - domain.memory) // _ALIGN * _ALIGN) >> 20
        change = "remove" if memory < domain.memory else "add"
        return (
            f"A ldm set-mem {human_size(memory)} command would {change} {delta >> 20}MB, "
            f"which is not a\nmultiple of 256MB. Instead, run ldm set-mem {aligned}M "
            f"{domain.name}\nto ensure a 256MB alignment."
        )
    return ""


@verb("set-vcpu")
def set_vcpu(node: SimNode, names: list[str], flags: set[str], sub: str) -> Result:
    """`ldm set-vcpu NUMBER DOMAIN` (dynamic reconfiguration on an active domain)."""
    # unverified: this verb's success and error messages (see the module docstring)
    if flags or len(names) != 2 or not names[0].isdigit() or int(names[0]) < 1:
        return _usage(sub, "<number> <ldom>")
    domain = _domain(node, names[1])
    if domain is None:
        return _not_found(names[1])
    refused = _resize(node, domain, int(names[0]), domain.memory)
    if refused:
        return "", refused + "\n", 1
    domain.vcpus = int(names[0])
    node.datacenter.changed()
    return "", "", 0


@verb("set-memory", "set-mem")
def set_memory(node: SimNode, names: list[str], flags: set[str], sub: str) -> Result:
    """`ldm set-memory SIZE[unit] DOMAIN` (dynamic reconfiguration on an active domain,
    in multiples of 256 MB)."""
    # unverified: this verb's success and error messages (see the module docstring)
    size = _size(names[0]) if names else None
    if flags or len(names) != 2 or not size:
        return _usage(sub, "<size>[<unit>] <ldom>")
    domain = _domain(node, names[1])
    if domain is None:
        return _not_found(names[1])
    refused = _resize(node, domain, domain.vcpus, size)
    if refused:
        return "", refused + "\n", 1
    domain.memory = size
    node.datacenter.changed()
    return "", "", 0


def _volume_at(text: str) -> tuple[str, str] | None:
    volume, at, service = text.partition("@")
    if not at or not _NAME.fullmatch(volume) or not _NAME.fullmatch(service):
        return None
    return volume, service


@verb("add-vdsdev", "add-vdiskserverdevice")
def add_vdsdev(node: SimNode, names: list[str], flags: set[str], sub: str) -> Result:
    """`ldm add-vdsdev BACKEND VOLUME@VDS`: export a back end as a volume."""
    # unverified: this verb's success and error messages (see the module docstring)
    target = _volume_at(names[1]) if len(names) == 2 else None
    if flags or target is None or not names[0].startswith("/"):
        return _usage(sub, "<backend> <volume_name>@<service_name>")
    volume, service = target
    volumes = node.datacenter.ldm.services[node.name].vds.get(service)
    if volumes is None:
        return "", f"Service {service} does not exist\n", 1
    if volume in volumes:
        return "", f"Volume {volume} already exists in service {service}\n", 1
    volumes[volume] = names[0]
    node.datacenter.changed()
    return "", "", 0


@verb("rm-vdsdev", "remove-vdsdev", "remove-vdiskserverdevice")
def rm_vdsdev(node: SimNode, names: list[str], flags: set[str], sub: str) -> Result:
    """`ldm rm-vdsdev VOLUME@VDS`: refused while a virtual disk uses the volume."""
    # unverified: this verb's success and error messages (see the module docstring)
    target = _volume_at(names[0]) if len(names) == 1 else None
    if flags or target is None:
        return _usage(sub, "[-f] <volume_name>@<service_name>")
    volume, service = target
    volumes = node.datacenter.ldm.services[node.name].vds.get(service, {})
    if volume not in volumes:
        return "", f"Volume {volume}@{service} does not exist\n", 1
    user = node.datacenter.ldm.attached(node.name, service, volume)
    if user is not None:
        return "", f"Volume {volume}@{service} is attached to LDom {user}\n", 1
    del volumes[volume]
    node.datacenter.changed()
    return "", "", 0


@verb("add-vdisk")
def add_vdisk(node: SimNode, names: list[str], flags: set[str], sub: str) -> Result:
    """`ldm add-vdisk DISK VOLUME@VDS DOMAIN`."""
    # unverified: this verb's success and error messages (see the module docstring)
    target = _volume_at(names[1]) if len(names) == 3 else None
    if flags or target is None or not _NAME.fullmatch(names[0]):
        return _usage(sub, "<disk_name> <volume_name>@<service_name> <ldom>")
    domain = _domain(node, names[2])
    if domain is None:
        return _not_found(names[2])
    if any(d.name == names[0] for d in domain.vdisks):
        return "", f"Disk {names[0]} already exists in LDom {domain.name}\n", 1
    vdisk = VDisk(names[0], *target)
    missing = missing_services(node, node, LDom(domain.name, 0, 0, vdisks=[vdisk]))
    if missing:
        return "", missing + "\n", 1
    domain.vdisks.append(vdisk)
    node.datacenter.changed()
    return "", "", 0


@verb("rm-vdisk", "remove-vdisk")
def rm_vdisk(node: SimNode, names: list[str], flags: set[str], sub: str) -> Result:
    """`ldm rm-vdisk DISK DOMAIN`."""
    # unverified: this verb's success and error messages (see the module docstring)
    if flags or len(names) != 2:
        return _usage(sub, "[-f] <disk_name> <ldom>")
    domain = _domain(node, names[1])
    if domain is None:
        return _not_found(names[1])
    kept = [d for d in domain.vdisks if d.name != names[0]]
    if len(kept) == len(domain.vdisks):
        return "", f"Disk {names[0]} does not exist in LDom {domain.name}\n", 1
    domain.vdisks = kept
    node.datacenter.changed()
    return "", "", 0


@verb("add-vnet")
def add_vnet(node: SimNode, names: list[str], flags: set[str], sub: str) -> Result:
    """`ldm add-vnet VNET VSW DOMAIN`."""
    # unverified: this verb's success and error messages (see the module docstring)
    if flags or len(names) != 3 or not all(_NAME.fullmatch(n) for n in names):
        return _usage(sub, "<if_name> <vswitch_name> <ldom>")
    domain = _domain(node, names[2])
    if domain is None:
        return _not_found(names[2])
    if any(v.name == names[0] for v in domain.vnets):
        return "", f"Network device {names[0]} already exists in LDom {domain.name}\n", 1
    if names[1] not in node.datacenter.ldm.services[node.name].vsw:
        return "", f"Virtual switch {names[1]} does not exist\n", 1
    domain.vnets.append(VNet(names[0], names[1], mac_of(node.name, f"{domain.name}/{names[0]}")))
    node.datacenter.changed()
    return "", "", 0


@verb("rm-vnet", "remove-vnet")
def rm_vnet(node: SimNode, names: list[str], flags: set[str], sub: str) -> Result:
    """`ldm rm-vnet VNET DOMAIN`."""
    # unverified: this verb's success and error messages (see the module docstring)
    if flags or len(names) != 2:
        return _usage(sub, "[-f] <if_name> <ldom>")
    domain = _domain(node, names[1])
    if domain is None:
        return _not_found(names[1])
    kept = [v for v in domain.vnets if v.name != names[0]]
    if len(kept) == len(domain.vnets):
        return "", f"Network device {names[0]} does not exist in LDom {domain.name}\n", 1
    domain.vnets = kept
    node.datacenter.changed()
    return "", "", 0


@verb("add-vds", "add-vdiskserver", "add-vsw", "add-vswitch", "add-vcc", "add-vconscon")
def add_service(node: SimNode, names: list[str], flags: set[str], sub: str) -> Result:
    """`ldm add-vds NAME DOMAIN`, `ldm add-vsw net-dev=LINK NAME DOMAIN`, `ldm add-vcc
    port-range=FIRST-LAST NAME DOMAIN`: a virtual service of the control domain."""
    # unverified: these verbs' success and error messages (see the module docstring)
    kind = {"vdiskserver": "vds", "vswitch": "vsw", "vconscon": "vcc"}.get(sub[4:], sub[4:])
    settings = dict(n.split("=", 1) for n in names if "=" in n)
    plain = [n for n in names if "=" not in n]
    needed = {"vds": set(), "vsw": {"net-dev"}, "vcc": {"port-range"}}[kind]
    if flags or len(plain) != 2 or set(settings) != needed or not _NAME.fullmatch(plain[0]):
        option = {"vds": "", "vsw": "net-dev=<device> ", "vcc": "port-range=<x>-<y> "}[kind]
        return _usage(sub, f"{option}<{kind}_name> <ldom>")
    name, domain = plain
    if domain != "primary":
        return _not_found(domain)
    services = node.datacenter.ldm.services[node.name]
    if name in (*services.vds, *services.vsw, *services.vcc):
        return "", f"Service {name} already exists\n", 1
    if kind == "vds":
        services.vds[name] = {}
    elif kind == "vsw":
        if settings["net-dev"] not in (*node.spec.nics, *node.aggregations):
            return "", f"Network device {settings['net-dev']} does not exist\n", 1
        services.vsw[name] = settings["net-dev"]
    else:
        services.vcc[name] = settings["port-range"]
    node.datacenter.changed()
    return "", "", 0


@verb("list-services", "ls-services")
def list_services(node: SimNode, names: list[str], flags: set[str], sub: str) -> Result:
    """`ldm list-services [-p] [primary]`: the control domain's vcc, vsw and vds.

    The -p records take the keys of the VCC, VSW and VDS records of `list -l -p`
    (docs/solaris/ldm.md section 3). unverified: both layouts for list-services
    itself (no capture, ldm.md section 7), the human one modelled on `list -l`'s
    sections with an LDOM column."""
    if not flags <= {"p", "e"} or names not in ([], ["primary"]):
        return _usage(sub, "[-e] [-p] [<ldom>]")
    services = node.datacenter.ldm.services[node.name]
    if "p" in flags:
        out = [VERSION]
        out += [
            f"VCC|name={vcc}|ldom=primary|port-range={ports}" for vcc, ports in services.vcc.items()
        ]
        for index, (vsw, dev) in enumerate(services.vsw.items()):
            out.append(
                f"VSW|name={vsw}|ldom=primary|mac-addr={mac_of(node.name, vsw)}"
                f"|net-dev={dev}|dev=switch@{index}|mode="
            )
        for vds, volumes in services.vds.items():
            out.append(f"VDS|name={vds}|ldom=primary")
            out += [f"|vol={vol}|opts=|dev={dev}" for vol, dev in volumes.items()]
        return "\n".join(out) + "\n", "", 0
    lines = ["VCC", "    NAME             LDOM             PORT-RANGE"]
    lines += [f"    {vcc:<16} {'primary':<16} {ports}" for vcc, ports in services.vcc.items()]
    lines += ["", "VSW", "    NAME             LDOM             MAC               NET-DEV   DEVICE"]
    lines += [
        f"    {vsw:<16} {'primary':<16} {mac_of(node.name, vsw):<17} {dev:<9} switch@{i}"
        for i, (vsw, dev) in enumerate(services.vsw.items())
    ]
    lines += ["", "VDS", "    NAME             LDOM             VOLUME         DEVICE"]
    for vds, volumes in services.vds.items():
        for index, (volume, dev) in enumerate(volumes.items()):
            head = f"{vds:<16} {'primary':<16}" if index == 0 else " " * 33
            lines.append(f"    {head} {volume:<14} {dev}")
        if not volumes:
            lines.append(f"    {vds:<16} primary")
    return "\n".join(lines) + "\n", "", 0
