"""Builders of the shell command lines vdcftui runs on nodes.

Every name is checked with :mod:`vdcftui.solaris.names` (a refused name raises
``InvalidName`` before any string exists) and every operand is quoted with
:func:`shlex.quote`.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence

from vdcftui.solaris.names import (
    validate_domainname,
    validate_hostname,
    validate_mountpoint,
    validate_wwn,
    validate_zfs_dataset,
    validate_zonename,
    validate_zpool_name,
)

__all__ = [
    "zoneadm_list",
    "zoneadm",
    "zonecfg_export",
    "zonecfg_info",
    "zonecfg_from_file",
    "zonecfg_delete",
    "zpool_import",
    "zpool_export",
    "zpool_create",
    "zpool_list",
    "zpool_status",
    "zfs_create",
    "zfs_list",
    "ldm_list_p",
    "ldm_list_l_p",
    "ldm_list_bindings_p",
    "ldm_list_constraints_p",
    "ldm_list_constraints_xml",
    "ldm_list_devices_p",
    "ldm",
    "ldm_migrate_domain",
    "kstat_p",
    "svcs",
    "zfs_size",
]

_q = shlex.quote
_FIELD = re.compile(r"[a-z][a-z0-9_.:-]*", re.IGNORECASE)


def _field_list(fields: Sequence[str], what: str) -> str:
    if not fields:
        raise ValueError(f"{what}: empty field list")
    for f in fields:
        if not _FIELD.fullmatch(f):
            raise ValueError(f"{what}: invalid field name {f!r}")
    return ",".join(fields)


def zfs_size(size: str) -> str:
    """Check a ZFS size value (``10G``, ``512M``, ``none``)."""
    if size != "none" and not re.fullmatch(r"\d+(\.\d+)?[BKMGTPE]?", size, re.IGNORECASE):
        raise ValueError(f"invalid size {size!r}")
    return size


def zoneadm_list() -> str:
    """`zoneadm list -cp`: every configured zone, parseable."""
    return "/usr/sbin/zoneadm list -cp"


_ZONEADM_VERBS = {
    "boot": set(),
    "halt": set(),
    "shutdown": {"-r"},
    "reboot": set(),
    "ready": set(),
    "detach": {"-n"},
    "attach": {"-u", "-U", "-F", "-n"},
    "install": {"-u", "-U"},
    "uninstall": {"-F"},
    "verify": set(),
    "mark": {"incomplete", "unavailable"},
}


def zoneadm(zone: str, verb: str, *args: str) -> str:
    """`zoneadm -z ZONE VERB [ARGS]` for boot, halt, shutdown [-r], reboot, ready,
    detach [-n], attach [-u|-U] [-F] [-n PATH], install [-u|-U], uninstall -F, verify.
    ``attach -n`` takes the path of a manifest (checked as an absolute path)."""
    validate_zonename(zone)
    if verb not in _ZONEADM_VERBS:
        raise ValueError(f"unsupported zoneadm verb {verb!r}")
    out: list[str] = []
    items = iter(args)
    for arg in items:
        if arg not in _ZONEADM_VERBS[verb]:
            raise ValueError(f"unsupported option {arg!r} for zoneadm {verb}")
        out.append(arg)
        if verb == "attach" and arg == "-n":
            out.append(validate_mountpoint(next(items, "")))
    return " ".join(["/usr/sbin/zoneadm", "-z", _q(zone), verb, *map(_q, out)])


def zonecfg_export(zone: str) -> str:
    """`zonecfg -z ZONE export`."""
    return f"/usr/sbin/zonecfg -z {_q(validate_zonename(zone))} export"


def zonecfg_info(zone: str) -> str:
    """`zonecfg -z ZONE info`."""
    return f"/usr/sbin/zonecfg -z {_q(validate_zonename(zone))} info"


def zonecfg_from_file(zone: str, path: str) -> str:
    """`zonecfg -z ZONE -f PATH` (configure from a command file)."""
    return f"/usr/sbin/zonecfg -z {_q(validate_zonename(zone))} -f {_q(validate_mountpoint(path))}"


def zonecfg_delete(zone: str) -> str:
    """`zonecfg -z ZONE delete -F`."""
    return f"/usr/sbin/zonecfg -z {_q(validate_zonename(zone))} delete -F"


def zpool_import(pool: str, force: bool = False) -> str:
    """`zpool import [-f] POOL` (force only when the old host is known to be down)."""
    flag = "-f " if force else ""
    return f"/usr/sbin/zpool import {flag}{_q(validate_zpool_name(pool))}"


def zpool_export(pool: str) -> str:
    """`zpool export POOL`."""
    return f"/usr/sbin/zpool export {_q(validate_zpool_name(pool))}"


_RAID = {
    "": "",
    "stripe": "",
    "mirror": "mirror",
    "raidz": "raidz",
    "raidz1": "raidz1",
    "raidz2": "raidz2",
    "raidz3": "raidz3",
}


def zpool_create(pool: str, luns: Sequence[str], raid: str = "") -> str:
    """`zpool create POOL [mirror|raidzN] c0t<WWN>d0 ...`; ``luns`` are WWNs or MPxIO
    device names (``c0t600A...d0``)."""
    validate_zpool_name(pool)
    if raid not in _RAID:
        raise ValueError(f"unsupported vdev type {raid!r}")
    if not luns:
        raise ValueError("zpool create needs at least one LUN")
    devices = []
    for lun in luns:
        match = re.fullmatch(r"c\d+t([0-9A-Fa-f]{16}|[0-9A-Fa-f]{32})d\d+", lun)
        devices.append(lun if match else f"c0t{validate_wwn(lun)}d0")
        if match:
            validate_wwn(match.group(1))
    parts = ["/usr/sbin/zpool", "create", _q(pool)]
    if _RAID[raid]:
        parts.append(_RAID[raid])
    return " ".join(parts + [_q(d) for d in devices])


def zpool_list(fields: Sequence[str] = ("name", "size", "alloc", "free", "health")) -> str:
    """`zpool list -H -o FIELDS`."""
    return f"/usr/sbin/zpool list -H -o {_field_list(fields, 'zpool list')}"


def zpool_status(pool: str | None = None) -> str:
    """`zpool status [POOL]`."""
    tail = f" {_q(validate_zpool_name(pool))}" if pool else ""
    return f"/usr/sbin/zpool status{tail}"


def zfs_create(name: str, mountpoint: str | None = None, quota: str | None = None) -> str:
    """`zfs create [-o mountpoint=...] [-o quota=...] POOL/FS`."""
    parts = ["/usr/sbin/zfs", "create"]
    if mountpoint is not None:
        if mountpoint not in ("legacy", "none"):
            validate_mountpoint(mountpoint)
        parts += ["-o", _q(f"mountpoint={mountpoint}")]
    if quota is not None:
        parts += ["-o", _q(f"quota={zfs_size(quota)}")]
    return " ".join(parts + [_q(validate_zfs_dataset(name))])


def zfs_list(
    fields: Sequence[str] = ("name", "used", "avail", "refer", "mountpoint"),
    types: Sequence[str] = ("filesystem",),
    dataset: str | None = None,
) -> str:
    """`zfs list -H -o FIELDS -t TYPES [-r DATASET]`."""
    for t in types:
        if t not in ("filesystem", "volume", "snapshot", "all"):
            raise ValueError(f"invalid zfs type {t!r}")
    cmd = f"/usr/sbin/zfs list -H -o {_field_list(fields, 'zfs list')} -t {','.join(types)}"
    return cmd + (f" -r {_q(validate_zfs_dataset(dataset))}" if dataset else "")


def ldm_list_p() -> str:
    """`ldm list -p`."""
    return "/usr/sbin/ldm list -p"


def _domain_tail(domain: str | None) -> str:
    return f" {_q(validate_domainname(domain))}" if domain else ""


def ldm_list_l_p(domain: str | None = None) -> str:
    """`ldm list -l -p [DOMAIN]`."""
    return "/usr/sbin/ldm list -l -p" + _domain_tail(domain)


def ldm_list_bindings_p(domain: str | None = None) -> str:
    """`ldm list-bindings -p [DOMAIN]`."""
    return "/usr/sbin/ldm list-bindings -p" + _domain_tail(domain)


def ldm_list_constraints_p(domain: str | None = None) -> str:
    """`ldm list-constraints -p [DOMAIN]`."""
    return "/usr/sbin/ldm list-constraints -p" + _domain_tail(domain)


def ldm_list_constraints_xml(domain: str) -> str:
    """`ldm list-constraints -x DOMAIN` (the XML `ldm add-domain -i` takes)."""
    return "/usr/sbin/ldm list-constraints -x" + _domain_tail(domain)


def ldm_list_devices_p(all_resources: bool = True) -> str:
    """`ldm list-devices [-a] -p`."""
    return "/usr/sbin/ldm list-devices " + ("-a -p" if all_resources else "-p")


_LDM_VERBS = {
    "start-domain": set(),
    "stop-domain": {"-f"},
    "bind-domain": set(),
    "unbind-domain": set(),
    "remove-domain": set(),
    "panic-domain": set(),
}


def ldm(verb: str, domain: str, *flags: str) -> str:
    """`ldm VERB [FLAGS] DOMAIN` for start, stop [-f], bind, unbind, remove, panic
    (short verbs ``start``/``stop``/... are accepted)."""
    full = verb if verb.endswith("-domain") else f"{verb}-domain"
    if full not in _LDM_VERBS:
        raise ValueError(f"unsupported ldm verb {verb!r}")
    for flag in flags:
        if flag not in _LDM_VERBS[full]:
            raise ValueError(f"unsupported option {flag!r} for ldm {full}")
    return " ".join(["/usr/sbin/ldm", full, *flags, _q(validate_domainname(domain))])


def ldm_migrate_domain(
    domain: str,
    target: str,
    user: str | None = None,
    dry_run: bool = False,
    new_name: str | None = None,
) -> str:
    """`ldm migrate-domain [-n] DOMAIN [USER@]TARGET[:NEWNAME]`."""
    validate_domainname(domain)
    dest = validate_hostname(target)
    if user is not None:
        if not re.fullmatch(r"[a-z_][a-z0-9_.-]{0,31}", user):
            raise ValueError(f"invalid user name {user!r}")
        dest = f"{user}@{dest}"
    if new_name is not None:
        dest = f"{dest}:{validate_domainname(new_name)}"
    flag = "-n " if dry_run else ""
    return f"/usr/sbin/ldm migrate-domain {flag}{_q(domain)} {_q(dest)}"


_KSTAT_SPEC = re.compile(r"[A-Za-z0-9_.,*?\[\]-]*(?::[A-Za-z0-9_.,*?\[\]-]*){0,3}")


def kstat_p(spec: str) -> str:
    """`kstat -p 'MODULE:INSTANCE:NAME:STATISTIC'` (shell globs allowed in each part)."""
    if not spec or not _KSTAT_SPEC.fullmatch(spec):
        raise ValueError(f"invalid kstat selector {spec!r}")
    return f"/usr/bin/kstat -p {_q(spec)}"


def svcs(fields: Sequence[str] = ("state", "fmri"), all_services: bool = True) -> str:
    """`svcs [-a] -H -o FIELDS`."""
    flag = "-a " if all_services else ""
    return f"/usr/bin/svcs {flag}-H -o {_field_list(fields, 'svcs')}"
