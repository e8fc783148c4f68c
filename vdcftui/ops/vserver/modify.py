"""Modifying a vServer's storage (F-VOP): add or grow a data filesystem, either live
(on the running zone, now) or at its next boot or reboot (kept as pending changes,
shown by `vserver show`, applied by the next boot/reboot job)."""

from __future__ import annotations

import re

from vdcftui.ops.jobs.effects import AddFilesystem, RemoveFilesystem, SetQuota
from vdcftui.ops.jobs.plan import Plan, Step
from vdcftui.ops.session import Session
from vdcftui.ops.vserver.define import FilesystemSpec
from vdcftui.ops.vserver.paths import dataset_check, placed, zone_root
from vdcftui.ops.vserver.pending import record_pending
from vdcftui.ops.vserver.state import PrecheckFailed
from vdcftui.repo import models as m
from vdcftui.repo.lookup import usable_vserver
from vdcftui.solaris.cmd.storage import zfs_create, zfs_destroy, zfs_set_quota
from vdcftui.solaris.names import validate_zfs_dataset


def _vserver(name: str) -> m.VServer:
    vserver = usable_vserver(name)
    if vserver.node is None:
        raise PrecheckFailed(f"cannot modify {name}: it is on no node")
    return vserver


def _add_fs_step(vserver: m.VServer, spec: FilesystemSpec) -> tuple[Step, str]:
    dataset = vserver.datasets.order_by(m.Dataset.name).first()
    if dataset is None:
        raise PrecheckFailed(f"cannot add a filesystem to {vserver.name}: it has no dataset")
    leaf = spec.mountpoint.strip("/").replace("/", "_")
    name = validate_zfs_dataset(f"{dataset.name}/{leaf}")
    if m.Filesystem.get_or_none(m.Filesystem.name == name) is not None:
        raise PrecheckFailed(f"{vserver.name} already has a filesystem {name}")
    step = Step(
        placed(vserver).name,
        zfs_create(name, zone_root(vserver) + spec.mountpoint, spec.quota),
        f"add filesystem {spec.mountpoint}",
        undo=zfs_destroy(name),
        check=dataset_check(name),
        done_if=rf"^{re.escape(name)}$",
    )
    return step, name


def plan_add_filesystem(name: str, spec: FilesystemSpec) -> Plan:
    """Add a data filesystem to a running vServer now."""
    vserver = _vserver(name)
    if vserver.state != "running":
        raise PrecheckFailed(
            f"cannot add {spec.mountpoint} live: {name} is {vserver.state} "
            "(leave out --live to add it at the next boot)"
        )
    step, fs_name = _add_fs_step(vserver, spec)
    return Plan(
        operation="add-fs",
        object_type="vserver",
        object_name=vserver.name,
        steps=(step,),
        prechecks=(f"{name} is running on {placed(vserver).name}",),
        locks=(("vserver", vserver.name),),
        effects=(AddFilesystem(fs_name, vserver.name, spec.mountpoint, spec.quota or 0),),
    )


def pend_add_filesystem(session: Session, name: str, spec: FilesystemSpec) -> None:
    """Record a filesystem to add at the vServer's next boot or reboot."""
    session.require_writable(f"modify vserver {name}")
    vserver = _vserver(name)
    step, fs_name = _add_fs_step(vserver, spec)
    record_pending(
        session,
        vserver,
        step.description,
        [step],
        [AddFilesystem(fs_name, vserver.name, spec.mountpoint, spec.quota or 0)],
    )


def _filesystem(vserver: m.VServer, mountpoint: str) -> m.Filesystem:
    fs = vserver.filesystems.where(
        (m.Filesystem.mountpoint == mountpoint) & (m.Filesystem.kind == "data")
    ).first()
    if fs is None:
        raise PrecheckFailed(f"{vserver.name} has no data filesystem at {mountpoint}")
    return fs


def plan_grow_filesystem(name: str, mountpoint: str, quota: int) -> Plan:
    """Raise the quota of a data filesystem (live: ZFS grows it in place)."""
    vserver = _vserver(name)
    fs = _filesystem(vserver, mountpoint)
    if fs.quota_bytes and quota <= fs.quota_bytes:
        raise PrecheckFailed(
            f"{mountpoint} of {name} has {fs.quota_bytes} bytes already: a filesystem only grows"
        )
    dataset = validate_zfs_dataset(fs.name)
    step = Step(
        placed(vserver).name,
        zfs_set_quota(dataset, quota),
        f"grow {mountpoint} to {quota} bytes",
        undo=zfs_set_quota(dataset, fs.quota_bytes or "none"),
    )
    return Plan(
        operation="grow-fs",
        object_type="vserver",
        object_name=vserver.name,
        steps=(step,),
        prechecks=(f"{dataset} is {fs.quota_bytes or 'unlimited'}",),
        locks=(("vserver", vserver.name),),
        effects=(SetQuota(dataset, quota),),
    )


def plan_remove_filesystem(name: str, mountpoint: str) -> Plan:
    """Destroy a data filesystem of a vServer (its data is gone: the operator confirms)."""
    vserver = _vserver(name)
    fs = _filesystem(vserver, mountpoint)
    dataset = validate_zfs_dataset(fs.name)
    step = Step(
        placed(vserver).name,
        zfs_destroy(dataset),
        f"remove {mountpoint}",
        check=dataset_check(dataset),
        done_unless=rf"^{re.escape(dataset)}$",
    )
    return Plan(
        operation="remove-fs",
        object_type="vserver",
        object_name=vserver.name,
        steps=(step,),
        prechecks=(f"{dataset} exists in the repository",),
        locks=(("vserver", vserver.name),),
        effects=(RemoveFilesystem(dataset),),
    )
