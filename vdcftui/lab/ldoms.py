"""The lab's Logical Domains configuration: which domains each control domain defines,
their virtual CPUs, memory, disks and networks, and the virtual services (vds volumes,
vsw, vcc) each control domain offers.

A guest that is also a lab node (it answers SSH, runs zones) takes its LDom state from
that node's power and ``ldom_state``; a domain created with `ldm add-domain` that is no
lab node keeps its state here. Moving a domain between control domains (a migration)
moves its record and, for a guest node, points the node at its new control domain.
"""

from __future__ import annotations

import uuid as uuidlib
import zlib
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vdcftui.lab.state import Datacenter, SimNode

DEFAULT_VDS = "primary-vds0"
DEFAULT_VSW = "primary-vsw0"
DEFAULT_VCC = "primary-vcc0"
FIRST_PORT = 5000


@dataclass
class VDisk:
    """A virtual disk of a domain: its name and the volume of a vds serving it."""

    name: str
    volume: str
    service: str


@dataclass
class VNet:
    """A virtual network device of a domain on a virtual switch."""

    name: str
    service: str
    mac: str


@dataclass
class LDom:
    """A guest domain's constraints and, when it is no lab node, its state."""

    name: str
    vcpus: int
    memory: int
    """Bytes."""
    state: str = "inactive"
    port: int = 0
    vdisks: list[VDisk] = field(default_factory=list)
    vnets: list[VNet] = field(default_factory=list)
    uuid: str = ""


@dataclass
class Services:
    """The virtual services of one control domain: vds volumes (vds -> volume ->
    back end) and virtual switches (vsw -> network device)."""

    vds: dict[str, dict[str, str]] = field(default_factory=dict)
    vsw: dict[str, str] = field(default_factory=dict)
    vcc: dict[str, str] = field(default_factory=dict)
    """Virtual console concentrators: name -> port range (``5000-5100``)."""


def mac_of(cdom: str, name: str) -> str:
    """A stable MAC address in Oracle's 00:14:4f range."""
    value = zlib.crc32(f"{cdom}/{name}".encode())
    return f"00:14:4f:f{value >> 16 & 0xF:x}:{value >> 8 & 0xFF:02x}:{value & 0xFF:02x}"


class LdmConfig:
    """Every control domain's domains and services."""

    def __init__(self, datacenter: Datacenter) -> None:
        self.datacenter = datacenter
        self.domains: dict[str, dict[str, LDom]] = {}
        self.services: dict[str, Services] = {}
        for node in datacenter.nodes.values():
            if node.spec.kind == "cdom":
                self.domains[node.name] = {}
                self.services[node.name] = Services()
                if not node.spec.bare:
                    self.services[node.name] = Services(
                        {DEFAULT_VDS: {}},
                        {DEFAULT_VSW: node.spec.nics[0]},
                        {DEFAULT_VCC: f"{FIRST_PORT}-{FIRST_PORT + 100}"},
                    )
        for node in sorted(datacenter.nodes.values(), key=lambda n: n.name):
            cdom = node.spec.cdom
            if node.spec.kind != "gdom" or cdom not in self.domains:
                continue
            volume = f"{node.name}-root"
            self.services[cdom].vds[DEFAULT_VDS][volume] = f"/dev/zvol/dsk/ldoms/{volume}"
            self.domains[cdom][node.name] = LDom(
                node.name,
                node.spec.threads,
                node.spec.memory_mb << 20,
                port=self.free_port(cdom),
                vdisks=[VDisk("rootdisk", volume, DEFAULT_VDS)],
                vnets=[VNet("vnet0", DEFAULT_VSW, mac_of(cdom, node.name))],
                uuid=str(uuidlib.uuid5(uuidlib.NAMESPACE_OID, f"{cdom}/{node.name}")),
            )

    def free_port(self, cdom: str) -> int:
        """The lowest console port no domain of ``cdom`` uses."""
        used = {d.port for d in self.domains[cdom].values()}
        return next(p for p in range(FIRST_PORT, FIRST_PORT + 101) if p not in used)

    def guest_node(self, cdom: str, name: str) -> SimNode | None:
        """The lab node that is guest ``name`` of ``cdom``, if the guest is one."""
        node = self.datacenter.nodes.get(name)
        if node is None or node.spec.kind != "gdom" or node.spec.cdom != cdom:
            return None
        return node

    def state(self, cdom: str, domain: LDom) -> str:
        """active, bound or inactive."""
        node = self.guest_node(cdom, domain.name)
        if node is None:
            return domain.state
        if node.powered:
            return "active"
        return "bound" if node.ldom_state in ("bound", "active") else "inactive"

    def set_state(self, cdom: str, domain: LDom, state: str) -> None:
        """Bind, unbind, start or stop a domain (a guest node powers on or off; binding a
        domain of a guest node's name that no other control domain holds adopts the
        node: its disks are shared, it boots here)."""
        domain.state = state
        node = self.guest_node(cdom, domain.name)
        if node is None and state != "inactive":
            node = self._adopt(cdom, domain.name)
        if node is None:
            self.datacenter.changed()
            return
        if state == "active":
            node.power_on()
        else:
            node.ldom_state = state
            node.power_off()
            self.datacenter.changed()

    def _adopt(self, cdom: str, name: str) -> SimNode | None:
        node = self.datacenter.nodes.get(name)
        if node is None or node.spec.kind != "gdom" or node.powered:
            return None
        holder = self.datacenter.nodes.get(node.spec.cdom or "")
        held = self.domains.get(node.spec.cdom or "", {}).get(name)
        holder_runs = holder is None or holder.powered
        # a domain bound on a control domain that is down (its guests died with it) can
        # be brought up elsewhere: disaster recovery from the shared disks
        if (
            held is not None
            and holder_runs
            and self.state(node.spec.cdom or "", held) != "inactive"
        ):
            return None
        node.spec = replace(node.spec, cdom=cdom)
        node.ldom_state = "inactive"
        return node

    def add(self, cdom: str, domain: LDom) -> None:
        """Define a domain on ``cdom`` (inactive)."""
        domain.port = self.free_port(cdom)
        domain.uuid = domain.uuid or str(uuidlib.uuid4())
        self.domains[cdom][domain.name] = domain
        self.datacenter.changed()

    def remove(self, cdom: str, name: str) -> None:
        """Delete an inactive domain's definition."""
        del self.domains[cdom][name]
        self.datacenter.changed()

    def move(self, source: str, target: str, name: str) -> None:
        """Migrate a domain: its definition and state go to ``target``."""
        domain = self.domains[source].pop(name)
        node = self.guest_node(source, name)
        domain.port = self.free_port(target)
        self.domains[target][name] = domain
        if node is not None:
            node.spec = replace(node.spec, cdom=target)
        self.datacenter.changed()

    def bound(self, cdom: str) -> list[LDom]:
        """The domains of ``cdom`` that hold resources (bound or active)."""
        return [d for d in self.domains[cdom].values() if self.state(cdom, d) != "inactive"]

    def attached(self, cdom: str, service: str, volume: str) -> str | None:
        """The domain whose virtual disk uses volume@service on ``cdom``, if any."""
        for domain in self.domains[cdom].values():
            if any(d.service == service and d.volume == volume for d in domain.vdisks):
                return domain.name
        return None
