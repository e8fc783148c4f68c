"""vServer definition (F-VDF) and commit (F-VCM).

A definition records what the vServer will be: its datasets (a ZFS pool on SAN LUNs,
RAID 0 or 1), its filesystems (the zone root and data filesystems), its networks by
type, with the node's interface allocated by the framework. Commit turns it into a
plan: create the pool and filesystems, configure, install and boot the zone.
"""

from __future__ import annotations

import ipaddress
import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from vdcftui.errors import OperatorError, UsageError
from vdcftui.ops.jobs.effects import MoveVServer, SetVServerState
from vdcftui.ops.jobs.journal import audit
from vdcftui.ops.jobs.plan import Plan, Step
from vdcftui.ops.session import Session
from vdcftui.ops.vserver.firstboot import address_steps, identity_of, install_configured
from vdcftui.ops.vserver.paths import dataset_check, zone_root
from vdcftui.ops.vserver.state import PrecheckFailed
from vdcftui.ops.vserver.sysconfig import load_vserver_settings
from vdcftui.repo import models as m
from vdcftui.repo.lookup import usable_node, usable_vserver
from vdcftui.repo.queries import transaction
from vdcftui.solaris.cmd.storage import zfs_create, zpool_create, zpool_destroy, zpool_list
from vdcftui.solaris.cmd.zones import (
    ZoneDefinition,
    ZoneNetwork,
    zone_definition_script,
    zoneadm,
    zoneadm_list,
    zonecfg_delete,
    zonecfg_script,
)
from vdcftui.solaris.names import (
    validate_hostname,
    validate_link_name,
    validate_mountpoint,
    validate_wwn,
    validate_zonename,
    validate_zpool_name,
)
from vdcftui.solaris.parsers import parse_size
from vdcftui.textfile import read_text

NET_TYPES = ("management", "public", "backup")
BRANDS = ("solaris", "solaris10", "native")
DEFINITION_KEYS = ("name", "node", "brand", "datasets", "filesystems", "networks")
"""The keys of a TOML vServer definition."""


@dataclass(frozen=True)
class DatasetSpec:
    """``POOL:WWN[,WWN...][:RAID]``: a ZFS pool on LUNs, RAID 0 (stripe) or 1 (mirror)."""

    name: str
    wwns: tuple[str, ...]
    raid: str

    @classmethod
    def parse(cls, text: str) -> DatasetSpec:
        """Read the command-line form."""
        parts = text.split(":")
        if len(parts) not in (2, 3):
            raise UsageError(f"{text!r}: expected POOL:WWN[,WWN...][:RAID]")
        raid = parts[2] if len(parts) == 3 else "0"
        if raid not in ("0", "1"):
            raise UsageError(f"{text!r}: RAID level must be 0 or 1")
        wwns = tuple(validate_wwn(w) for w in parts[1].split(",") if w)
        if raid == "1" and len(wwns) < 2:
            raise UsageError(f"{text!r}: RAID 1 needs two LUNs or more")
        return cls(validate_zpool_name(parts[0]), wwns, raid)


@dataclass(frozen=True)
class FilesystemSpec:
    """``data:MOUNTPOINT[:QUOTA]`` on the first dataset."""

    mountpoint: str
    quota: int | None

    @classmethod
    def parse(cls, text: str) -> FilesystemSpec:
        """Read the command-line form."""
        kind, _, rest = text.partition(":")
        mountpoint, _, quota = rest.partition(":")
        if kind != "data" or not mountpoint:
            raise UsageError(f"{text!r}: expected data:MOUNTPOINT[:QUOTA]")
        size = parse_size(quota) if quota else None
        if quota and size is None:
            raise UsageError(f"{text!r}: quota {quota!r} is not a size")
        if size == 0:
            raise UsageError(f"{text!r}: a quota of 0 leaves no room: give a size, or none")
        return cls(validate_mountpoint(mountpoint), size)


@dataclass(frozen=True)
class NetSpec:
    """``TYPE:ADDRESS/PREFIX[,ROUTER]`` with TYPE management, public or backup; ROUTER
    the default route the zone gets on that network."""

    net_type: str
    address: str
    prefixlen: int
    router: str | None = None

    @classmethod
    def parse(cls, text: str) -> NetSpec:
        """Read the command-line form."""
        net_type, _, rest = text.partition(":")
        cidr, _, router = rest.partition(",")
        if net_type not in NET_TYPES:
            raise UsageError(f"{text!r}: type must be one of {', '.join(NET_TYPES)}")
        try:
            interface = ipaddress.ip_interface(cidr)
        except ValueError:
            raise UsageError(f"{text!r}: {cidr!r} is not ADDRESS/PREFIX") from None
        if "/" not in cidr:
            raise UsageError(f"{text!r}: give the prefix length (ADDRESS/PREFIX)")
        if router:
            try:
                gateway = ipaddress.IPv4Address(router)
            except ValueError:
                raise UsageError(f"{text!r}: router {router!r} is not an IPv4 address") from None
            if gateway not in interface.network:
                raise UsageError(f"{text!r}: router {router} is not in {interface.network}")
        return cls(net_type, str(interface.ip), interface.network.prefixlen, router or None)


def _allocate_interface(node: m.Node, net: NetSpec) -> str:
    """The node's interface for a network: the one in the same subnet, else one typed
    for it, else the first physical link."""
    wanted = ipaddress.ip_network(f"{net.address}/{net.prefixlen}", strict=False)
    for address in (
        m.IpAddress.select().join(m.NetworkInterface).where(m.NetworkInterface.node == node)
    ):
        in_network = address.prefixlen and ipaddress.ip_address(address.address) in wanted
        if in_network and address.interface is not None:
            return address.interface.name
    typed = node.interfaces.where(m.NetworkInterface.net_type == net.net_type).first()
    if typed is not None:
        return typed.name
    phys = (
        node.interfaces.where(m.NetworkInterface.kind == "phys")
        .order_by(m.NetworkInterface.name)
        .first()
    )
    if phys is None:
        raise PrecheckFailed(f"node {node.name} has no interface for a {net.net_type} network")
    return phys.name


def read_definition(path: Path) -> tuple[str, str, list[str], list[str], list[str], str]:
    """A TOML definition file, in the command line's terms::

    name = "shop01"
    node = "node08"
    brand = "solaris"
    datasets = ["shop01_pool:600A0B80...0001,600A0B80...0002:1"]
    filesystems = ["data:/data:2G"]
    networks = ["management:192.168.10.81/24"]
    """
    try:
        data = tomllib.loads(read_text(path, "vServer definition"))
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: {exc}") from None
    unknown = sorted(set(data) - set(DEFINITION_KEYS))
    if unknown:
        raise UsageError(
            f"{path}: unknown key{'s' if len(unknown) > 1 else ''} {', '.join(unknown)} "
            f"(known: {', '.join(DEFINITION_KEYS)})"
        )
    try:
        return (
            str(data["name"]),
            str(data["node"]),
            list(data.get("datasets", [])),
            list(data.get("filesystems", [])),
            list(data.get("networks", [])),
            str(data.get("brand", "solaris")),
        )
    except KeyError as exc:
        raise UsageError(f"{path}: missing {exc.args[0]!r}") from None


def define_vserver(
    session: Session,
    name: str,
    node_name: str,
    datasets: list[DatasetSpec],
    filesystems: list[FilesystemSpec],
    nets: list[NetSpec],
    brand: str = "solaris",
) -> m.VServer:
    """Record a vServer definition (state DEFINED); nothing runs on any node."""
    session.require_writable(f"create vserver {name}")
    validate_zonename(name)
    if brand not in BRANDS:
        raise UsageError(f"unknown brand {brand!r}; one of {', '.join(BRANDS)}")
    validate_hostname(node_name)
    if not datasets or not nets:
        raise UsageError("a vServer needs at least one --dataset and one --net")
    if m.VServer.get_or_none(m.VServer.name == name) is not None:
        raise OperatorError(f"vServer {name} already exists")
    node = usable_node(node_name)
    for spec in datasets:
        if m.Dataset.get_or_none(m.Dataset.name == spec.name) is not None:
            raise OperatorError(f"dataset {spec.name} already exists")
    with transaction():
        zonepath = f"/zones/{name}"
        vserver = m.VServer.create(
            name=name,
            node=node,
            brand=brand,
            state="DEFINED",
            zonepath=zonepath,
            autoboot=True,
            ip_type="exclusive" if brand == "solaris" else "shared",
        )
        for index, spec in enumerate(datasets):
            dataset = m.Dataset.create(
                name=spec.name, vserver=vserver, raid=spec.raid, state="DEFINED"
            )
            for wwn in spec.wwns:
                lun, _ = m.Lun.get_or_create(wwn=wwn)
                m.DatasetLun.create(dataset=dataset, lun=lun)
            if index == 0:
                m.Filesystem.create(
                    dataset=dataset,
                    vserver=vserver,
                    name=f"{spec.name}/zone",
                    kind="root",
                    mountpoint=zonepath,
                )
                for fs in filesystems:
                    leaf = fs.mountpoint.strip("/").replace("/", "_")
                    m.Filesystem.create(
                        dataset=dataset,
                        vserver=vserver,
                        name=f"{spec.name}/{leaf}",
                        kind="data",
                        mountpoint=fs.mountpoint,
                        quota_bytes=fs.quota,
                    )
        for index, net in enumerate(nets):
            m.VServerNet.create(
                vserver=vserver,
                linkname=f"net{index}",
                net_type=net.net_type,
                interface_name=validate_link_name(_allocate_interface(node, net)),
                address=net.address,
                prefixlen=net.prefixlen,
                defrouter=net.router,
            )
        audit(session, "define", "vserver", name, json.dumps({"node": node_name}))
    return vserver


def plan_commit(name: str) -> Plan:
    """The plan that turns a definition into a running zone, with its pre-checks."""
    vserver = usable_vserver(name)
    if vserver.state != "DEFINED":
        raise PrecheckFailed(f"cannot commit {name}: it is {vserver.state}, not DEFINED")
    node = vserver.node
    if node is None or node.state != "up":
        raise PrecheckFailed(f"cannot commit {name}: its node is not up")
    checks = [f"{node.name} is up"]
    seen = {nl.lun_id: nl for nl in m.NodeLun.select().where(m.NodeLun.node == node)}
    steps: list[Step] = []
    datasets = list(vserver.datasets.order_by(m.Dataset.id))
    for dataset in datasets:
        pool = validate_zpool_name(dataset.name)
        devices = []
        for link in dataset.luns:
            if link.lun_id not in seen:
                raise PrecheckFailed(
                    f"cannot commit {name}: {node.name} does not see LUN "
                    f"{link.lun.wwn} (dataset {pool})"
                )
            used = (
                m.DatasetLun.select()
                .join(m.Dataset)
                .where((m.DatasetLun.lun == link.lun_id) & (m.Dataset.id != dataset.id))
                .first()
            )
            if used is not None:
                raise PrecheckFailed(
                    f"cannot commit {name}: LUN {link.lun.wwn} belongs to "
                    f"dataset {used.dataset.name}"
                )
            devices.append(seen[link.lun_id].device_name or link.lun.wwn)
        steps.append(
            Step(
                node.name,
                zpool_create(pool, devices, "mirror" if dataset.raid == "1" else ""),
                f"create dataset {pool} (RAID {dataset.raid})",
                undo=zpool_destroy(pool),
                check=zpool_list(),
                done_if=rf"^{re.escape(pool)}$",
            )
        )
        checks.append(f"{node.name} sees every LUN of {pool}, none in another dataset")
    for fs in vserver.filesystems.order_by(m.Filesystem.id):
        if fs.kind == "lofs":
            continue
        mountpoint = validate_mountpoint(fs.mountpoint or "")
        if fs.kind == "data":
            mountpoint = zone_root(vserver) + mountpoint
        steps.append(
            Step(
                node.name,
                zfs_create(fs.name, mountpoint, fs.quota_bytes),
                f"create {fs.kind} filesystem {fs.name}",
                check=dataset_check(fs.name),
                done_if=rf"^{re.escape(fs.name)}$",
            )
        )
    zone = validate_zonename(name)
    definition = ZoneDefinition(
        brand=vserver.brand or "",
        zonepath=vserver.zonepath or "",
        ip_type=vserver.ip_type or "",
        networks=tuple(
            ZoneNetwork(n.linkname, n.interface_name or "auto", n.address, n.prefixlen)
            for n in vserver.nets.order_by(m.VServerNet.linkname)
        ),
        datasets=tuple(d.name for d in datasets[1:]),
    )
    zones = zoneadm_list()
    steps.append(
        Step(
            node.name,
            zonecfg_script(zone, zone_definition_script(definition)),
            "configure the zone",
            undo=zonecfg_delete(zone),
            check=zones,
            done_if=rf"^[^:]*:{re.escape(zone)}:",
        )
    )
    identity = identity_of(vserver, load_vserver_settings())
    steps += install_configured(node.name, vserver, identity)
    steps.append(
        Step(
            node.name,
            zoneadm(zone, "boot"),
            "boot the zone",
            undo=zoneadm(zone, "halt"),
            check=zones,
            done_if=rf"^[^:]*:{re.escape(zone)}:running:",
        )
    )
    steps += address_steps(node.name, vserver, identity)
    return Plan(
        operation="commit",
        object_type="vserver",
        object_name=zone,
        steps=tuple(steps),
        prechecks=tuple(checks),
        locks=(("vserver", zone), *(("dataset", d.name) for d in datasets)),
        effects=(MoveVServer(zone, node.name), SetVServerState(zone, "running")),
    )
