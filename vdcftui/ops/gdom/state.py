"""Starting and stopping guest domains on their control domain (F-GDM operations):
`ldm start-domain` (binding an inactive domain first) and `ldm stop-domain`.

A GDom that acts as a node carries vServers: stopping it is refused while any of them
runs, naming them, so no workload goes down unannounced."""

from __future__ import annotations

import re

from vdcftui.errors import OperatorError
from vdcftui.ops.gdom.recovery import running_elsewhere
from vdcftui.ops.jobs.effects import SetGDomState
from vdcftui.ops.jobs.plan import Plan, Step
from vdcftui.ops.jobs.readback import GDomOnCDom
from vdcftui.ops.vserver.state import PrecheckFailed
from vdcftui.repo import models as m
from vdcftui.repo.lookup import usable_gdom
from vdcftui.solaris.cmd.ldm import ldm_domain, ldm_list

GDOM_VERBS = ("start", "stop")


def _listed(name: str, state: str) -> str:
    return rf"^DOMAIN\|name={re.escape(name)}\|state={state}\|"


def plan_gdom_state(text: str, verb: str) -> Plan:
    """The plan to start or stop a GDom on its control domain."""
    if verb not in GDOM_VERBS:
        raise OperatorError(f"unknown operation {verb!r}; one of {', '.join(GDOM_VERBS)}")
    gdom = usable_gdom(text)
    name, cdom = gdom.name, gdom.cdom
    if cdom.state != "up":
        raise PrecheckFailed(
            f"cannot {verb} {name}: its control domain {cdom.name} is {cdom.state}"
        )
    check = ldm_list(name)
    steps: list[Step] = []
    if verb == "start":
        if gdom.state == "active":
            raise PrecheckFailed(f"{name} is already active on {cdom.name}")
        if gdom.state == "detached":
            raise PrecheckFailed(
                f"cannot start {name} on {cdom.name}: it was detached from it "
                f"(vdcftui gdom attach {cdom.name}:{name} --to CDOM)"
            )
        twin = running_elsewhere(name, cdom)
        if twin is not None:
            raise PrecheckFailed(
                f"cannot start {name} on {cdom.name}: it is {twin.state} on "
                f"{twin.cdom.name}; a domain runs on one control domain only"
            )
        if gdom.state == "inactive":
            steps.append(
                Step(
                    cdom.name,
                    ldm_domain("bind-domain", name),
                    f"bind {name}",
                    undo=ldm_domain("unbind-domain", name),
                    check=check,
                    done_unless=_listed(name, "inactive"),
                )
            )
        steps.append(
            Step(
                cdom.name,
                ldm_domain("start-domain", name),
                f"start {name}",
                undo=ldm_domain("stop-domain", name),
                check=check,
                done_if=_listed(name, "active"),
            )
        )
        final = "active"
    else:
        if gdom.state != "active":
            raise PrecheckFailed(f"cannot stop {name}: it is {gdom.state}, not active")
        if gdom.node is not None:
            running = [
                v.name
                for v in gdom.node.vservers.where(
                    m.VServer.state.in_(("running", "ready"))
                ).order_by(m.VServer.name)
            ]
            if running:
                raise PrecheckFailed(
                    f"cannot stop {name}: it carries running vServers "
                    f"{', '.join(running)} (stop or migrate them first)"
                )
        steps.append(
            Step(
                cdom.name,
                ldm_domain("stop-domain", name),
                f"stop {name}",
                undo=ldm_domain("start-domain", name),
                check=check,
                done_unless=_listed(name, "active"),
            )
        )
        final = "bound"
    steps.append(
        Step(cdom.name, check, f"read {name} back from {cdom.name}", check=check, reads=True)
    )
    return Plan(
        operation=verb,
        object_type="gdom",
        object_name=f"{cdom.name}:{name}",
        steps=tuple(steps),
        prechecks=(f"{name} is {gdom.state} on {cdom.name} (up)",),
        locks=(("gdom", f"{cdom.name}:{name}"),),
        effects=(SetGDomState(cdom.name, name, final),),
        reads=(GDomOnCDom(len(steps), cdom.name, name),),
    )
