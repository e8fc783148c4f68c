"""The steps that build a guest domain on a control domain from its repository
definition (commit, and the target side of a cold migration), and the patterns that
tell recovery whether each took effect.

Checks: `ldm list -p` (every domain, so the check succeeds whether or not the domain
exists) for the domain's existence and state; `ldm list-constraints -x DOMAIN` for
its VCPUs, memory, disks and networks (an inactive domain's `ldm list -p` record has
empty values); `ldm list-services -p` for the vds volumes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from vdcftui.ops.jobs.plan import Step
from vdcftui.repo import models as m
from vdcftui.solaris.cmd.ldm import (
    ldm_add_vdisk,
    ldm_add_vdsdev,
    ldm_add_vnet,
    ldm_domain,
    ldm_list,
    ldm_list_constraints_xml,
    ldm_list_services,
    ldm_rm_vdisk,
    ldm_rm_vdsdev,
    ldm_rm_vnet,
    ldm_set_memory,
    ldm_set_vcpu,
)
from vdcftui.solaris.cmd.storage import device_name
from vdcftui.solaris.names import validate_ldm_name

DEFAULT_VDS = "primary-vds0"


@dataclass(frozen=True)
class VDisk:
    """A virtual disk: its name, its volume on a vds, and (when vdcftui exported it)
    the SAN LUN behind the volume."""

    name: str
    volume: str
    vds: str
    lun: str | None = None

    @property
    def backend(self) -> str:
        """The LUN's whole-disk device, as `ldm add-vdsdev` exports it."""
        if self.lun is None:
            raise ValueError(f"virtual disk {self.name} has no LUN")
        return f"/dev/dsk/{device_name(self.lun)}s2"


@dataclass(frozen=True)
class VNet:
    """A virtual network device on a virtual switch."""

    name: str
    vsw: str


def vdisks_of(gdom: m.GDom) -> list[VDisk]:
    """The GDom's virtual disks as the repository holds them (a definition's, with
    LUNs, or what discovery read: ``vol=VOLUME@VDS``)."""
    out = []
    for entry in json.loads(gdom.vdisks or "[]"):
        volume, _, vds = str(entry.get("vol", "")).partition("@")
        out.append(
            VDisk(
                validate_ldm_name(str(entry.get("name", "")), "virtual disk"),
                validate_ldm_name(volume, "volume"),
                validate_ldm_name(vds, "disk service"),
                entry.get("lun"),
            )
        )
    return out


def vnets_of(gdom: m.GDom) -> list[VNet]:
    """The GDom's virtual networks (discovery's ``service`` is ``VSW@DOMAIN``)."""
    return [
        VNet(
            validate_ldm_name(str(entry.get("name", "")), "virtual network device"),
            validate_ldm_name(str(entry.get("service", "")).partition("@")[0], "virtual switch"),
        )
        for entry in json.loads(gdom.vnets or "[]")
    ]


def listed(name: str, state: str = r"[a-z]*") -> str:
    """A pattern for the `ldm list -p` record of domain ``name`` in ``state``."""
    return rf"^DOMAIN\|name={re.escape(name)}\|state={state}\|"


def volume_listed(volume: str) -> str:
    """A pattern for a vds volume in `ldm list-services -p`."""
    return rf"^\|vol={re.escape(volume)}\|"


def _constraint(tag: str, value: str) -> str:
    return rf"<{tag}>{value}</{tag}>"


def memory_pattern(memory_mb: int) -> str:
    """The memory size as `list-constraints -x` may print it (``16G`` or ``16384M``)."""
    sizes = [f"{memory_mb}M"] + ([f"{memory_mb // 1024}G"] if memory_mb % 1024 == 0 else [])
    return _constraint("size", f"({'|'.join(sizes)})")


def export_volumes(host: str, disks: list[VDisk]) -> list[Step]:
    """`ldm add-vdsdev` of every disk whose LUN vdcftui knows, undone by rm-vdsdev."""
    return [
        Step(
            host,
            ldm_add_vdsdev(disk.backend, disk.volume, disk.vds),
            f"export LUN {disk.lun} as {disk.volume}@{disk.vds}",
            undo=ldm_rm_vdsdev(disk.volume, disk.vds),
            check=ldm_list_services(),
            done_if=volume_listed(disk.volume),
        )
        for disk in disks
        if disk.lun is not None
    ]


def unexport_volumes(host: str, disks: list[VDisk]) -> list[Step]:
    """`ldm rm-vdsdev` of every volume vdcftui exported for the disks."""
    return [
        Step(
            host,
            ldm_rm_vdsdev(disk.volume, disk.vds),
            f"remove volume {disk.volume}@{disk.vds}",
            undo=ldm_add_vdsdev(disk.backend, disk.volume, disk.vds),
            check=ldm_list_services(),
            done_unless=volume_listed(disk.volume),
        )
        for disk in disks
        if disk.lun is not None
    ]


def build_domain(
    host: str, name: str, vcpus: int, memory_mb: int, disks: list[VDisk], vnets: list[VNet]
) -> list[Step]:
    """Define, size, equip, bind and start the domain on ``host``: every step checked,
    each undone by its opposite (removing the domain undoes its sizing)."""
    every = ldm_list()
    constraints = ldm_list_constraints_xml(name)
    steps = [
        Step(
            host,
            ldm_domain("add-domain", name),
            f"define domain {name}",
            undo=ldm_domain("remove-domain", name),
            check=every,
            done_if=listed(name),
        ),
        Step(
            host,
            ldm_set_vcpu(vcpus, name),
            f"give {name} {vcpus} virtual CPUs",
            check=constraints,
            done_if=_constraint("number", str(vcpus)),
        ),
        Step(
            host,
            ldm_set_memory(memory_mb, name),
            f"give {name} {memory_mb} MB of memory",
            check=constraints,
            done_if=memory_pattern(memory_mb),
        ),
    ]
    steps += [
        Step(
            host,
            ldm_add_vdisk(disk.name, disk.volume, disk.vds, name),
            f"add virtual disk {disk.name} on {disk.volume}@{disk.vds}",
            undo=ldm_rm_vdisk(disk.name, name),
            check=constraints,
            done_if=_constraint("vdisk_name", re.escape(disk.name)),
        )
        for disk in disks
    ]
    steps += [
        Step(
            host,
            ldm_add_vnet(vnet.name, vnet.vsw, name),
            f"add virtual network {vnet.name} on {vnet.vsw}",
            undo=ldm_rm_vnet(vnet.name, name),
            check=constraints,
            done_if=_constraint("vnet_name", re.escape(vnet.name)),
        )
        for vnet in vnets
    ]
    steps += [
        Step(
            host,
            ldm_domain("bind-domain", name),
            f"bind {name}",
            undo=ldm_domain("unbind-domain", name),
            check=every,
            done_if=listed(name, "(bound|active)"),
        ),
        Step(
            host,
            ldm_domain("start-domain", name),
            f"start {name}",
            undo=ldm_domain("stop-domain", name),
            check=every,
            done_if=listed(name, "active"),
        ),
    ]
    return steps


def tear_down(host: str, name: str, state: str) -> list[Step]:
    """Stop (when active) and unbind (when bound) the domain on ``host``, each undone
    by its opposite."""
    every = ldm_list()
    steps = []
    if state == "active":
        steps.append(
            Step(
                host,
                ldm_domain("stop-domain", name),
                f"stop {name}",
                undo=ldm_domain("start-domain", name),
                check=every,
                done_unless=listed(name, "active"),
            )
        )
    if state in ("active", "bound"):
        steps.append(
            Step(
                host,
                ldm_domain("unbind-domain", name),
                f"unbind {name}",
                undo=ldm_domain("bind-domain", name),
                check=every,
                done_unless=listed(name, "(active|bound)"),
            )
        )
    return steps


def read_back(host: str, name: str) -> Step:
    """The last step: `ldm list -p` on ``host``, read into the repository."""
    return Step(host, ldm_list(), f"read {name} back from {host}", check=ldm_list(), reads=True)
