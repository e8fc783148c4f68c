"""Builders of storage commands: zpool, zfs, format, mpathadm."""

from __future__ import annotations

import re
from collections.abc import Sequence

from vdcftui.solaris.cmd.command import Command
from vdcftui.solaris.names import (
    validate_device_name,
    validate_mountpoint,
    validate_wwn,
    validate_zfs_dataset,
    validate_zpool_name,
)

_FIELD = re.compile(r"[a-z][a-z0-9_.:-]*")
_DEVICE = re.compile(r"c\d+t([0-9A-Fa-f]{16}|[0-9A-Fa-f]{32})d\d+")
_LAYOUTS = ("", "mirror", "raidz", "raidz1", "raidz2", "raidz3")


def _fields(fields: Sequence[str]) -> str:
    if not fields or not all(_FIELD.fullmatch(f) for f in fields):
        raise ValueError(f"invalid field list {list(fields)!r}")
    return ",".join(fields)


def device_name(lun: str) -> str:
    """The MPxIO device of a LUN: ``c0t<WWN>d0`` from a WWN, or a device name as given."""
    match = _DEVICE.fullmatch(lun)
    if match:
        validate_wwn(match.group(1))
        return lun
    return f"c0t{validate_wwn(lun)}d0"


def zpool_list(fields: Sequence[str] = ("name",)) -> Command:
    """`zpool list -H -o FIELDS`."""
    return Command(("zpool", "list", "-H", "-o", _fields(fields)))


def zpool_status(pool: str | None = None) -> Command:
    """`zpool status [POOL]`."""
    named = (validate_zpool_name(pool),) if pool is not None else ()
    return Command(("zpool", "status", *named))


def zpool_attach(pool: str, device: str, new_device: str) -> Command:
    """`zpool attach -f POOL DEVICE NEW_DEVICE`: ``NEW_DEVICE`` mirrors ``DEVICE`` (the
    root pool's mirror disk; -f: the new disk may carry an old label)."""
    return Command(
        (
            "zpool",
            "attach",
            "-f",
            validate_zpool_name(pool),
            validate_device_name(device),
            validate_device_name(new_device),
        )
    )


def zpool_import(pool: str, force: bool = False) -> Command:
    """`zpool import [-f] POOL` (force only when the old host is known to be down)."""
    return Command(("zpool", "import", *(("-f",) if force else ()), validate_zpool_name(pool)))


def zpool_export(pool: str) -> Command:
    """`zpool export POOL`."""
    return Command(("zpool", "export", validate_zpool_name(pool)))


def zpool_destroy(pool: str) -> Command:
    """`zpool destroy POOL`."""
    return Command(("zpool", "destroy", validate_zpool_name(pool)))


def zpool_create(pool: str, luns: Sequence[str], layout: str = "") -> Command:
    """`zpool create POOL [mirror|raidzN] DEVICE...`; ``luns`` are WWNs or MPxIO device
    names (``c0t600A...d0``)."""
    if layout not in _LAYOUTS:
        raise ValueError(f"unsupported vdev layout {layout!r}")
    if not luns:
        raise ValueError("zpool create needs at least one LUN")
    devices = [device_name(lun) for lun in luns]
    return Command(
        ("zpool", "create", validate_zpool_name(pool), *((layout,) if layout else ()), *devices)
    )


def zfs_size(size: int | str) -> str:
    """A ZFS size value: bytes, ``10G``-style, or ``none``."""
    text = str(size)
    if text != "none" and not re.fullmatch(r"\d+(\.\d+)?[BKMGTPE]?", text, re.IGNORECASE):
        raise ValueError(f"invalid size {text!r}")
    return text


def zfs_create(name: str, mountpoint: str | None = None, quota: int | str | None = None) -> Command:
    """`zfs create [-o mountpoint=PATH] [-o quota=SIZE] POOL/FS`."""
    options: list[str] = []
    if mountpoint is not None:
        if mountpoint not in ("legacy", "none"):
            validate_mountpoint(mountpoint)
        options += ["-o", f"mountpoint={mountpoint}"]
    if quota:
        options += ["-o", f"quota={zfs_size(quota)}"]
    return Command(("zfs", "create", *options, validate_zfs_dataset(name)))


def zfs_destroy(name: str, recursive: bool = False) -> Command:
    """`zfs destroy [-r] POOL/FS`."""
    return Command(("zfs", "destroy", *(("-r",) if recursive else ()), validate_zfs_dataset(name)))


def zfs_set_quota(name: str, quota: int | str) -> Command:
    """`zfs set quota=SIZE POOL/FS` (``none`` lifts it)."""
    return Command(("zfs", "set", f"quota={zfs_size(quota)}", validate_zfs_dataset(name)))


def zfs_set_mountpoint(name: str, mountpoint: str) -> Command:
    """`zfs set mountpoint=PATH POOL/FS`."""
    return Command(
        ("zfs", "set", f"mountpoint={validate_mountpoint(mountpoint)}", validate_zfs_dataset(name))
    )


def zfs_rename(old: str, new: str) -> Command:
    """`zfs rename OLD NEW` (within one pool)."""
    return Command(("zfs", "rename", validate_zfs_dataset(old), validate_zfs_dataset(new)))


def zfs_list(
    fields: Sequence[str] = ("name",),
    dataset: str | None = None,
    types: Sequence[str] = (),
    recursive: bool = False,
) -> Command:
    """`zfs list -H -o FIELDS [-t TYPES] [-r] [DATASET]`."""
    for kind in types:
        if kind not in ("filesystem", "volume", "snapshot", "all"):
            raise ValueError(f"invalid zfs type {kind!r}")
    argv = ["zfs", "list", "-H", "-o", _fields(fields)]
    if types:
        argv += ["-t", ",".join(types)]
    if recursive:
        argv.append("-r")
    if dataset is not None:
        argv.append(validate_zfs_dataset(dataset))
    return Command(tuple(argv))


def format_disks() -> Command:
    """`format </dev/null`: the disk list, without waiting for a disk number."""
    return Command(("format",), stdin="/dev/null")


def mpathadm_list_lu() -> Command:
    """`mpathadm list lu`: the multipathed LUNs and their paths."""
    return Command(("mpathadm", "list", "lu"))
