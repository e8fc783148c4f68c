"""Migrating a guest domain between control domains with shared disk access (F-GMG),
live or cold (docs/solaris/procedures.md section 2).

Pre-checks, from the repository, before anything runs: the target is another control
domain, up, without a domain of that name; it sees every LUN of the GDom's disks; and
it serves the vds and vsw names the GDom's disks and networks use (as far as the
repository knows the target's services: those its own GDoms use).

Live: the LUN volumes vdcftui exported are exported on the target under the same
names; `ldm migrate-domain -n` checks the move on the source (its refusal, in the
CDom's own words, fails the job with nothing changed on the source); `ldm
migrate-domain` moves it (the point of no return); the source's volumes go.

Cold: `ldm list-constraints -x` on the source is kept in the job's record; the domain
is stopped and unbound there, rebuilt on the target from the repository definition
(the XML cannot travel from one step's output to a later step's command, so the
target's `ldm add-domain`, `set-vcpu`, `set-memory`, `add-vdisk` and `add-vnet` are
built from what the repository holds), bound and started (the point of no return),
and only then removed from the source. Until the target starts it, the domain is
bound or active on one control domain only; a rollback unbinds it on the target
before binding it again on the source.

The vServers the GDom carries move with it (effect MoveGDom).
"""

from __future__ import annotations

import json

from vdcftui.errors import UsageError
from vdcftui.ops.gdom.define import DEFINED
from vdcftui.ops.gdom.steps import (
    VDisk,
    VNet,
    build_domain,
    export_volumes,
    listed,
    read_back,
    tear_down,
    unexport_volumes,
    vdisks_of,
    vnets_of,
)
from vdcftui.ops.jobs.effects import MoveGDom, SetGDomState
from vdcftui.ops.jobs.expectations import GDomWas
from vdcftui.ops.jobs.plan import Plan, Step
from vdcftui.ops.jobs.readback import GDomOnCDom
from vdcftui.ops.vserver.state import PrecheckFailed
from vdcftui.repo import models as m
from vdcftui.repo.lookup import usable_gdom, usable_node
from vdcftui.solaris.cmd.ldm import (
    ldm_domain,
    ldm_list,
    ldm_list_constraints_xml,
    ldm_migrate,
)
from vdcftui.solaris.names import validate_path

PASSWORD_FILE = "/etc/opt/vdcftui/ldm-target.pw"
"""Where each control domain keeps the password `ldm migrate-domain -p` sends to the
target's ldmd (root-only; provisioned with the CDoms)."""


def _services_known(cdom: m.Node) -> tuple[set[str], set[str]]:
    """The vds and vsw names the repository has seen in use on ``cdom``."""
    vds: set[str] = set()
    vsw: set[str] = set()
    for guest in cdom.guests:
        for entry in json.loads(guest.vdisks or "[]"):
            vds.add(str(entry.get("vol", "")).partition("@")[2])
        for entry in json.loads(guest.vnets or "[]"):
            vsw.add(str(entry.get("service", "")).partition("@")[0])
    return vds, vsw


def _prechecks(
    gdom: m.GDom, target: m.Node, disks: list[VDisk], vnets: list[VNet]
) -> tuple[str, ...]:
    name, source = gdom.name, gdom.cdom
    if target.kind != "cdom":
        raise UsageError(f"{target.name} is not a control domain (it is a {target.kind} node)")
    if target.id == source.id:
        raise PrecheckFailed(f"{name} already runs on {target.name}")
    for cdom in (source, target):
        if cdom.state != "up":
            raise PrecheckFailed(f"cannot migrate {name}: {cdom.name} is {cdom.state}")
    if m.GDom.get_or_none((m.GDom.name == name) & (m.GDom.cdom == target)) is not None:
        raise PrecheckFailed(f"cannot migrate {name}: {target.name} already has a GDom {name}")
    seen = {lun.wwn for lun in m.Lun.select().join(m.NodeLun).where(m.NodeLun.node == target)}
    for disk in disks:
        if disk.lun is not None and disk.lun not in seen:
            raise PrecheckFailed(
                f"cannot migrate {name}: {target.name} does not see LUN {disk.lun} "
                f"(disk {disk.name})"
            )
    vds, vsw = _services_known(target)
    for disk in disks:
        if vds and disk.vds not in vds:
            raise PrecheckFailed(
                f"cannot migrate {name}: {target.name} has no disk service {disk.vds} "
                f"(disk {disk.name})"
            )
    for vnet in vnets:
        if vsw and vnet.vsw not in vsw:
            raise PrecheckFailed(
                f"cannot migrate {name}: {target.name} has no virtual switch {vnet.vsw} "
                f"(network {vnet.name})"
            )
    return (
        f"{source.name} and {target.name} are up; {target.name} has no GDom {name}",
        f"{target.name} sees every LUN of {name} and serves its disk services and virtual switches",
    )


def plan_gdom_migrate(
    text: str, target_name: str, cold: bool, password_file: str = PASSWORD_FILE
) -> Plan:
    """The plan that moves a GDom to another control domain, live or cold."""
    gdom = usable_gdom(text)
    name, source = gdom.name, gdom.cdom
    target = usable_node(target_name)
    if gdom.state in (DEFINED, None) or gdom.state not in ("active", "bound", "inactive"):
        raise PrecheckFailed(f"cannot migrate {name}: it is {gdom.state}")
    if not cold and gdom.state != "active":
        raise PrecheckFailed(
            f"cannot migrate {name} live: it is {gdom.state}, not active (use --cold)"
        )
    disks, vnets = vdisks_of(gdom), vnets_of(gdom)
    prechecks = _prechecks(gdom, target, disks, vnets)
    steps = export_volumes(target.name, disks)
    if cold:
        steps += _cold(gdom, target, disks, vnets)
    else:
        steps += _live(gdom, target, validate_path(password_file, "password file"))
    steps += unexport_volumes(source.name, disks)
    steps.append(read_back(target.name, name))
    state = gdom.state if not cold else "active"
    return Plan(
        operation="migrate",
        object_type="gdom",
        object_name=f"{source.name}:{name}",
        steps=tuple(steps),
        prechecks=(*prechecks, f"{'cold' if cold else 'live'} migration to {target.name}"),
        locks=(("gdom", f"{source.name}:{name}"), ("gdom", f"{target.name}:{name}")),
        effects=(MoveGDom(source.name, target.name, name), SetGDomState(target.name, name, state)),
        expects=(GDomWas(source.name, name, gdom.state),),
        reads=(GDomOnCDom(len(steps), target.name, name),),
    )


def _live(gdom: m.GDom, target: m.Node, password_file: str) -> list[Step]:
    name, source = gdom.name, gdom.cdom.name
    host = target.hostname or target.name
    return [
        Step(
            source,
            ldm_migrate(name, host, password_file, dry_run=True),
            f"check the migration of {name} to {target.name} (dry run)",
            check=ldm_list(),
        ),
        Step(
            source,
            ldm_migrate(name, host, password_file),
            f"migrate {name} live to {target.name}",
            check=ldm_list(),
            done_unless=listed(name),
            commits=True,
        ),
    ]


def _cold(gdom: m.GDom, target: m.Node, disks: list[VDisk], vnets: list[VNet]) -> list[Step]:
    name, source = gdom.name, gdom.cdom.name
    steps = [
        Step(
            source,
            ldm_list_constraints_xml(name),
            f"save the constraints of {name} (kept in the job's record)",
            check=ldm_list(),
        ),
        *tear_down(source, name, gdom.state or ""),
    ]
    built = build_domain(target.name, name, gdom.vcpus or 1, gdom.memory_mb or 0, disks, vnets)
    start = built[-1]
    steps += built[:-1]
    steps.append(
        Step(
            start.host,
            start.command,
            start.description,
            undo=start.undo,
            check=start.check,
            done_if=start.done_if,
            commits=True,
        )
    )
    steps.append(
        Step(
            source,
            ldm_domain("remove-domain", name),
            f"remove {name} from {source}",
            check=ldm_list(),
            done_unless=listed(name),
        )
    )
    return steps
