"""Removing a guest domain: refused while it carries vServers; a definition that was
never committed is deleted from the repository, a committed GDom is stopped, unbound
and removed from its control domain as a job (and the vds volumes vdcftui exported
for it removed)."""

from __future__ import annotations

from vdcftui.ops.gdom.define import DEFINED
from vdcftui.ops.gdom.steps import listed, tear_down, unexport_volumes, vdisks_of
from vdcftui.ops.jobs.effects import RemoveGDom
from vdcftui.ops.jobs.journal import audit
from vdcftui.ops.jobs.plan import Plan, Step
from vdcftui.ops.session import Session
from vdcftui.ops.vserver.state import PrecheckFailed
from vdcftui.repo import models as m
from vdcftui.repo.lookup import usable_gdom
from vdcftui.repo.queries import transaction
from vdcftui.solaris.cmd.ldm import ldm_domain, ldm_list


def _removable(text: str) -> m.GDom:
    gdom = usable_gdom(text)
    if gdom.node is not None:
        carried = [v.name for v in gdom.node.vservers.order_by(m.VServer.name)]
        if carried:
            raise PrecheckFailed(
                f"cannot remove {gdom.name}: it carries vServers {', '.join(carried)} "
                "(migrate or remove them first)"
            )
    return gdom


def forget_definition(session: Session, text: str) -> bool:
    """Delete a GDom that is only a definition; False when it is committed (a job
    must remove it from its control domain)."""
    gdom = _removable(text)
    if gdom.state != DEFINED:
        return False
    session.require_writable(f"remove gdom {gdom.name}")
    with transaction():
        gdom.delete_instance()
        audit(session, "remove definition", "gdom", f"{gdom.cdom.name}:{gdom.name}", "")
    return True


def plan_gdom_remove(text: str) -> Plan:
    """The plan that stops, unbinds and removes a committed GDom on its CDom."""
    gdom = _removable(text)
    name, cdom = gdom.name, gdom.cdom
    if gdom.state == DEFINED:
        raise PrecheckFailed(
            f"{name} is only a definition: removing it deletes it from the repository, "
            "nothing runs on a host"
        )
    if gdom.state not in ("active", "bound", "inactive"):
        raise PrecheckFailed(
            f"cannot remove {name}: it is {gdom.state} (rediscover {cdom.name} first)"
        )
    if cdom.state != "up":
        raise PrecheckFailed(f"cannot remove {name}: its control domain {cdom.name} is down")
    steps = tear_down(cdom.name, name, gdom.state)
    steps.append(
        Step(
            cdom.name,
            ldm_domain("remove-domain", name),
            f"remove domain {name}",
            check=ldm_list(),
            done_unless=listed(name),
            commits=True,
        )
    )
    steps += unexport_volumes(cdom.name, vdisks_of(gdom))
    return Plan(
        operation="remove",
        object_type="gdom",
        object_name=f"{cdom.name}:{name}",
        steps=tuple(steps),
        prechecks=(f"{name} is {gdom.state} on {cdom.name} (up) and carries no vServers",),
        locks=(("gdom", f"{cdom.name}:{name}"),),
        effects=(RemoveGDom(cdom.name, name),),
    )
