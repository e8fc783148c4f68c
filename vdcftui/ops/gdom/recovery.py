"""Disaster recovery of a GDom whose control domain is dead (F-GDR): detach it from
the old CDom (only once that CDom is fenced, or the operator forces it, recorded), then
attach it to another CDom, built there from its repository definition on the shared
LUNs.

The old CDom still holds the domain's constraints and may start it when it comes
back: the repository refuses to start a GDom that runs on another control domain, and
discovery flags a GDom found active on two (see ``ops/discovery/record.py``).
"""

from __future__ import annotations

from dataclasses import replace

from vdcftui.errors import UsageError
from vdcftui.ops.gdom.steps import build_domain, export_volumes, read_back, vdisks_of, vnets_of
from vdcftui.ops.jobs.effects import MoveGDom, SetGDomState
from vdcftui.ops.jobs.journal import audit
from vdcftui.ops.jobs.plan import Plan
from vdcftui.ops.jobs.readback import GDomOnCDom
from vdcftui.ops.session import Session
from vdcftui.ops.vserver.state import PrecheckFailed
from vdcftui.repo import models as m
from vdcftui.repo.lookup import usable_gdom, usable_node
from vdcftui.repo.queries import transaction

DETACHED = "detached"
RUNS = ("active", "bound")


def detach_gdom(session: Session, text: str, force: bool) -> m.GDom:
    """Record that a GDom no longer runs on its control domain, which is dead: refused
    unless that CDom is fenced or ``force`` (the operator vouches it is down)."""
    gdom = usable_gdom(text)
    session.require_writable(f"detach gdom {gdom.cdom.name}:{gdom.name}")
    cdom = gdom.cdom
    if gdom.state == DETACHED:
        raise PrecheckFailed(f"{gdom.name} is already detached from {cdom.name}")
    if not cdom.fenced and not force:
        raise PrecheckFailed(
            f"cannot detach {gdom.name}: its control domain {cdom.name} is not fenced "
            f"(vdcftui node fence {cdom.name} --reason TEXT), or say --force if it is "
            "certainly down; while it runs, move the GDom with gdom migrate"
        )
    why = f"{cdom.name} fenced ({cdom.fence_reason})" if cdom.fenced else "forced by the operator"
    with transaction():
        m.GDom.update(state=DETACHED).where(m.GDom.id == gdom.id).execute()
        audit(
            session,
            "detach",
            "gdom",
            f"{cdom.name}:{gdom.name}",
            f"was {gdom.state} on {cdom.name}; {why}",
        )
    return m.GDom.get_by_id(gdom.id)


def plan_gdom_attach(text: str, target_name: str) -> Plan:
    """The plan that brings a detached GDom up on another control domain: its volumes
    exported there, the domain defined, sized, equipped, bound and started from its
    definition, then read back."""
    gdom = usable_gdom(text)
    name, source = gdom.name, gdom.cdom
    if gdom.state != DETACHED:
        raise PrecheckFailed(
            f"cannot attach {name}: it is {gdom.state} on {source.name}; detach it first "
            f"(vdcftui gdom detach {source.name}:{name}, once {source.name} is fenced)"
        )
    target = usable_node(target_name)
    if target.kind != "cdom":
        raise UsageError(f"{target.name} is not a control domain (it is a {target.kind} node)")
    if target.id == source.id:
        raise PrecheckFailed(f"cannot attach {name} to {target.name}: it was detached from it")
    if target.state != "up" or target.fenced:
        state = "fenced" if target.fenced else target.state
        raise PrecheckFailed(f"cannot attach {name}: {target.name} is {state}")
    if m.GDom.get_or_none((m.GDom.name == name) & (m.GDom.cdom == target)) is not None:
        raise PrecheckFailed(f"cannot attach {name}: {target.name} already has a GDom {name}")
    disks, vnets = vdisks_of(gdom), vnets_of(gdom)
    seen = {lun.wwn for lun in m.Lun.select().join(m.NodeLun).where(m.NodeLun.node == target)}
    missing = [d.lun for d in disks if d.lun is not None and d.lun not in seen]
    if missing:
        raise PrecheckFailed(f"cannot attach {name}: {target.name} does not see LUN {missing[0]}")
    built = build_domain(target.name, name, gdom.vcpus or 1, gdom.memory_mb or 0, disks, vnets)
    built[-1] = replace(built[-1], commits=True)  # running on the target: never undone
    steps = [*export_volumes(target.name, disks), *built, read_back(target.name, name)]
    return Plan(
        operation="attach",
        object_type="gdom",
        object_name=f"{source.name}:{name}",
        steps=tuple(steps),
        prechecks=(
            f"{name} is detached from {source.name}",
            f"{target.name} is up, has no GDom {name} and sees its LUNs",
        ),
        locks=(("gdom", f"{source.name}:{name}"), ("gdom", f"{target.name}:{name}")),
        effects=(
            MoveGDom(source.name, target.name, name),
            SetGDomState(target.name, name, "active"),
        ),
        reads=(GDomOnCDom(len(steps), target.name, name),),
    )


def running_elsewhere(name: str, cdom: m.Node) -> m.GDom | None:
    """Another control domain's GDom of the same name that is active or bound (a GDom
    attached elsewhere while ``cdom`` was down)."""
    return (
        m.GDom.select()
        .where((m.GDom.name == name) & (m.GDom.cdom != cdom) & m.GDom.state.in_(RUNS))
        .first()
    )
