"""Reconfiguring a vServer (F-VOP): add or remove a dataset, rename a filesystem, add or
remove a network, live or at its next boot or reboot.

A change is built once, as steps: the persistent zone configuration (`zonecfg -z Z`)
always, the running zone's too (`zonecfg -z Z -r`, Solaris 11.2 and later) when it is
live. Live, the change is a plan run as a job; otherwise it is a pending change that
the next boot or reboot job applies. Either way the repository records the result only
when the job succeeds.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from vdcftui.ops.jobs.effects import (
    AddDataset,
    AddNetwork,
    Effect,
    ReleaseDataset,
    RemoveNetwork,
    RenameFilesystem,
)
from vdcftui.ops.jobs.plan import Plan, Step
from vdcftui.ops.session import Session
from vdcftui.ops.vserver.define import DatasetSpec, NetSpec, _allocate_interface
from vdcftui.ops.vserver.modify import _filesystem, _vserver
from vdcftui.ops.vserver.paths import dataset_check, placed, zone_root
from vdcftui.ops.vserver.pending import changes_of, record_pending
from vdcftui.ops.vserver.state import PrecheckFailed
from vdcftui.repo import models as m
from vdcftui.solaris.cmd.storage import (
    zfs_rename,
    zfs_set_mountpoint,
    zpool_create,
    zpool_destroy,
    zpool_export,
    zpool_import,
    zpool_list,
)
from vdcftui.solaris.cmd.zones import zonecfg_export, zonecfg_script
from vdcftui.solaris.names import (
    validate_link_name,
    validate_mountpoint,
    validate_zfs_dataset,
    validate_zpool_name,
)

P = TypeVar("P", bound=Effect)


@dataclass(frozen=True)
class Change:
    """One reconfiguration: its steps around the boot (or all now, live) and its effects."""

    operation: str
    description: str
    before: tuple[Step, ...]
    after: tuple[Step, ...] = ()
    effects: tuple[Effect, ...] = ()
    locks: tuple[tuple[str, str], ...] = ()
    prechecks: tuple[str, ...] = ()
    zonecfg: bool = True


Builder = Callable[[m.VServer, bool], Change]


def live_reconfiguration(node: m.Node) -> bool:
    """Whether the node's zonecfg has a live mode (-r): Solaris 11.2 and later."""
    try:
        return tuple(int(p) for p in (node.os_version or "").split(".")[:2]) >= (11, 2)
    except ValueError:
        return False


def plan_reconfigure(name: str, build: Builder) -> Plan:
    """The plan of a live change to a running vServer."""
    vserver = _vserver(name)
    change = build(vserver, True)
    if vserver.state != "running":
        raise PrecheckFailed(
            f"cannot {change.description} live: {name} is {vserver.state} "
            "(leave out --live to apply it at the next boot)"
        )
    node = placed(vserver)
    if change.zonecfg and not live_reconfiguration(node):
        raise PrecheckFailed(
            f"cannot {change.description} live: {node.name} runs Solaris "
            f"{node.os_version or 'unknown'}, whose zonecfg has no live reconfiguration "
            "(zonecfg -r, Solaris 11.2 and later); leave out --live to apply it at the "
            "next boot or reboot"
        )
    return Plan(
        operation=change.operation,
        object_type="vserver",
        object_name=name,
        steps=change.before + change.after,
        prechecks=(f"{name} is running on {node.name}", *change.prechecks),
        locks=(("vserver", name), *change.locks),
        effects=change.effects,
    )


def pend_reconfigure(session: Session, name: str, build: Builder) -> Change:
    """Record a change for the vServer's next boot or reboot; returns it."""
    session.require_writable(f"modify vserver {name}")
    vserver = _vserver(name)
    change = build(vserver, False)
    record_pending(
        session, vserver, change.description, change.before, change.effects, change.after
    )
    return change


def preview_pending(name: str, build: Builder) -> Change:
    """The change as it would be recorded (for --dry-run)."""
    return build(_vserver(name), False)


def _config_steps(
    vserver: m.VServer,
    what: str,
    apply: list[str],
    revert: list[str],
    marker: str,
    adds: bool,
    live: bool,
) -> list[Step]:
    """Change the stored zone configuration, and the running zone's when live; each
    checked by the marker line of `zonecfg export` (present after an add)."""
    zone, host = vserver.name, placed(vserver).name
    done_if, done_unless = (marker, None) if adds else (None, marker)
    steps = [
        Step(
            host,
            zonecfg_script(zone, apply),
            f"{what} (zone configuration)",
            undo=zonecfg_script(zone, revert),
            check=zonecfg_export(zone),
            done_if=done_if,
            done_unless=done_unless,
        )
    ]
    if live:
        live_step = Step(
            host,
            zonecfg_script(zone, apply, live=True),
            f"{what} (running zone)",
            undo=zonecfg_script(zone, revert, live=True),
            check=zonecfg_export(zone, live=True),
            done_if=done_if,
            done_unless=done_unless,
        )
        steps = [*steps, live_step] if adds else [live_step, *steps]
    return steps


def _pending(vserver: m.VServer, kind: type[P]) -> list[P]:
    """The effects of one kind among the vServer's pending changes."""
    return [e for change in changes_of(vserver) for e in change.effects if isinstance(e, kind)]


def add_dataset(spec: DatasetSpec) -> Builder:
    """Create a zpool on LUNs the node sees and delegate it to the zone."""

    def build(vserver: m.VServer, live: bool) -> Change:
        node, pool = placed(vserver), validate_zpool_name(spec.name)
        taken = {e.pool for e in _pending(vserver, AddDataset)}
        if m.Dataset.get_or_none(m.Dataset.name == pool) is not None or pool in taken:
            raise PrecheckFailed(f"cannot add dataset {pool}: a dataset of that name exists")
        seen = {
            nl.lun.wwn.upper(): nl
            for nl in m.NodeLun.select().join(m.Lun).where(m.NodeLun.node == node)
        }
        devices = []
        for wwn in spec.wwns:
            if wwn not in seen:
                raise PrecheckFailed(
                    f"cannot add dataset {pool} to {vserver.name}: "
                    f"{node.name} does not see LUN {wwn}"
                )
            used = m.DatasetLun.select().join(m.Lun).where(m.Lun.wwn == wwn).first()
            if used is not None:
                raise PrecheckFailed(
                    f"cannot add dataset {pool}: LUN {wwn} belongs to dataset {used.dataset.name}"
                )
            devices.append(seen[wwn].device_name or wwn)
        create = Step(
            node.name,
            zpool_create(pool, devices, "mirror" if spec.raid == "1" else ""),
            f"create dataset {pool} (RAID {spec.raid})",
            undo=zpool_destroy(pool),
            check=zpool_list(),
            done_if=rf"^{re.escape(pool)}$",
        )
        what = f"add dataset {pool}"
        config = _config_steps(
            vserver,
            what,
            ["add dataset", f"set name={pool}", "end"],
            [f"remove dataset name={pool}"],
            rf"^set name={re.escape(pool)}$",
            True,
            live,
        )
        return Change(
            "add-dataset",
            what,
            (create, *config),
            effects=(AddDataset(pool, vserver.name, node.name, spec.raid, tuple(spec.wwns)),),
            locks=(("dataset", pool),),
            prechecks=(f"{node.name} sees every LUN of {pool}, none in a dataset",),
        )

    return build


def remove_dataset(pool: str, destroy: bool) -> Builder:
    """Take a delegated pool from the zone; export it (data kept) or destroy it."""

    def build(vserver: m.VServer, live: bool) -> Change:
        validate_zpool_name(pool)
        dataset = vserver.datasets.where(m.Dataset.name == pool).first()
        if dataset is None:
            raise PrecheckFailed(f"{vserver.name} has no dataset {pool}")
        if dataset.filesystems.where(
            (m.Filesystem.kind == "root") & (m.Filesystem.vserver == vserver)
        ).exists():
            raise PrecheckFailed(
                f"{pool} holds the zone root of {vserver.name}: it can only "
                "go with the vServer (vdcftui vserver remove)"
            )
        what = f"remove dataset {pool}"
        config = _config_steps(
            vserver,
            what,
            [f"remove dataset name={pool}"],
            ["add dataset", f"set name={pool}", "end"],
            rf"^set name={re.escape(pool)}$",
            False,
            live,
        )
        host = placed(vserver).name
        if destroy:
            release = Step(
                host,
                zpool_destroy(pool),
                f"destroy {pool} and its data",
                check=zpool_list(),
                done_unless=rf"^{re.escape(pool)}$",
            )
        else:
            release = Step(
                host,
                zpool_export(pool),
                f"export {pool} (its data kept)",
                undo=zpool_import(pool),
                check=zpool_list(),
                done_unless=rf"^{re.escape(pool)}$",
            )
        operation = "destroy-dataset" if destroy else "remove-dataset"
        return Change(
            operation,
            what,
            tuple(config),
            (release,),
            effects=(ReleaseDataset(pool, destroy),),
            locks=(("dataset", pool),),
            prechecks=(f"{pool} is a delegated dataset of {vserver.name}",),
        )

    return build


def _in_zone(vserver: m.VServer, mountpoint: str) -> str:
    """A mount point as the zone sees it (the repository holds either form)."""
    root = f"{vserver.zonepath}/root"
    return mountpoint[len(root) :] if mountpoint.startswith(f"{root}/") else mountpoint


def rename_filesystem(old_mountpoint: str, new_mountpoint: str) -> Builder:
    """Rename a data filesystem and move its mount point, as `zfs rename` and
    `zfs set mountpoint` do it."""

    def build(vserver: m.VServer, live: bool) -> Change:
        validate_mountpoint(new_mountpoint)
        fs = _filesystem(vserver, old_mountpoint)
        old = validate_zfs_dataset(fs.name)
        inside = _in_zone(vserver, new_mountpoint)
        new = validate_zfs_dataset(f"{old.split('/')[0]}/{inside.strip('/').replace('/', '_')}")
        if m.Filesystem.get_or_none(m.Filesystem.name == new) is not None:
            raise PrecheckFailed(f"cannot rename {old_mountpoint}: {new} exists already")
        root = zone_root(vserver)
        host, what = placed(vserver).name, f"rename {old_mountpoint} to {new_mountpoint}"
        steps = (
            Step(
                host,
                zfs_rename(old, new),
                f"rename {old} to {new}",
                undo=zfs_rename(new, old),
                check=dataset_check(new),
                done_if=rf"^{re.escape(new)}$",
            ),
            Step(
                host,
                zfs_set_mountpoint(new, root + inside),
                f"mount {new} at {inside} in the zone",
                undo=zfs_set_mountpoint(new, root + _in_zone(vserver, fs.mountpoint or "")),
            ),
        )
        return Change(
            "rename-fs",
            what,
            steps,
            effects=(RenameFilesystem(old, new, new_mountpoint),),
            prechecks=(f"{old} is a data filesystem of {vserver.name}",),
            zonecfg=False,
        )

    return build


def _net_lines(
    vserver: m.VServer, linkname: str, interface: str, address: str | None
) -> tuple[list[str], list[str], str]:
    """The zonecfg lines that add and remove a network, and its export marker."""
    if vserver.ip_type == "exclusive":
        lines = ["add anet", f"set linkname={linkname}", f"set lower-link={interface}"]
        if address:
            lines.append(f"set allowed-address={address}")
        return (
            [*lines, "end"],
            [f"remove anet linkname={linkname}"],
            rf"^set linkname={re.escape(linkname)}$",
        )
    lines = ["add net", f"set physical={interface}"]
    if address:
        lines.append(f"set address={address}")
    key = f"address={address}" if address else f"physical={interface}"
    return [*lines, "end"], [f"remove net {key}"], rf"^set {re.escape(key)}$"


def add_net(spec: NetSpec) -> Builder:
    """Add a network of a type on the node's interface the framework allocates: an
    anet over it (exclusive IP) or a net on it (shared IP, Solaris 10)."""

    def build(vserver: m.VServer, live: bool) -> Change:
        address = f"{spec.address}/{spec.prefixlen}"
        in_use = m.VServerNet.get_or_none(m.VServerNet.address == spec.address)
        if in_use is not None or spec.address in {e.address for e in _pending(vserver, AddNetwork)}:
            owner = in_use.vserver.name if in_use is not None else vserver.name
            raise PrecheckFailed(f"cannot add {spec.address}: {owner} has it already")
        interface = validate_link_name(_allocate_interface(placed(vserver), spec))
        taken = {n.linkname for n in vserver.nets} | {
            e.linkname for e in _pending(vserver, AddNetwork)
        }
        linkname = next(f"net{i}" for i in range(len(taken) + 1) if f"net{i}" not in taken)
        apply, revert, marker = _net_lines(vserver, linkname, interface, address)
        what = f"add {spec.net_type} network {address} on {interface}"
        return Change(
            "add-net",
            what,
            tuple(_config_steps(vserver, what, apply, revert, marker, True, live)),
            effects=(
                AddNetwork(
                    vserver.name, linkname, spec.net_type, interface, spec.address, spec.prefixlen
                ),
            ),
            prechecks=(
                f"{interface} of {placed(vserver).name} carries the {spec.net_type} network",
            ),
        )

    return build


def remove_net(linkname: str) -> Builder:
    """Remove a network of the zone, by its link name in the repository."""

    def build(vserver: m.VServer, live: bool) -> Change:
        validate_link_name(linkname)
        net = vserver.nets.where(m.VServerNet.linkname == linkname).first()
        if net is None:
            raise PrecheckFailed(f"{vserver.name} has no network {linkname}")
        interface = validate_link_name(net.interface_name or "auto")
        address = None
        if net.address:
            try:
                address = str(ipaddress.ip_interface(f"{net.address}/{net.prefixlen or 24}"))
            except ValueError:
                raise PrecheckFailed(
                    f"the address of {linkname} in the repository, "
                    f"{net.address!r}, is not an IP address"
                ) from None
        add, remove, marker = _net_lines(vserver, linkname, interface, address)
        what = f"remove network {linkname}"
        return Change(
            "remove-net",
            what,
            tuple(_config_steps(vserver, what, remove, add, marker, False, live)),
            effects=(RemoveNetwork(vserver.name, linkname),),
            prechecks=(f"{linkname} is a network of {vserver.name}",),
        )

    return build
