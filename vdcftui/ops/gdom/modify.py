"""Resizing a guest domain's virtual CPUs and memory.

- A definition (DEFINED) is changed in the repository; commit applies it.
- An active domain is resized live by dynamic reconfiguration (`ldm set-vcpu`,
  `ldm set-memory`) where its Solaris has it: Solaris 11, and Solaris 10 from 9/10
  (update 9), the first with memory DR in guest domains.
- A bound or inactive domain is resized with the same commands: `ldm` records the new
  constraints, and the domain runs with them from its next start.
An active domain whose Solaris has no dynamic reconfiguration is refused: stop it
first, then the change is recorded and applied at its next start.
"""

from __future__ import annotations

import json

from vdcftui.errors import UsageError
from vdcftui.ops.gdom.define import DEFINED, check_vcpus, parse_memory
from vdcftui.ops.gdom.steps import listed, memory_pattern, read_back
from vdcftui.ops.jobs.effects import SetGDomSize
from vdcftui.ops.jobs.journal import audit
from vdcftui.ops.jobs.plan import Plan, Step
from vdcftui.ops.jobs.readback import GDomOnCDom
from vdcftui.ops.session import Session
from vdcftui.ops.vserver.state import PrecheckFailed
from vdcftui.repo import models as m
from vdcftui.repo.lookup import usable_gdom
from vdcftui.repo.queries import transaction
from vdcftui.solaris.cmd.ldm import (
    ldm_list,
    ldm_list_constraints_xml,
    ldm_set_memory,
    ldm_set_vcpu,
)

FIRST_MEMORY_DR_UPDATE = 9
"""Solaris 10 9/10 (update 9) is the first Solaris 10 with memory DR in a guest."""


def dynamic_reconfiguration(gdom: m.GDom) -> bool:
    """Whether the GDom's Solaris resizes while running (unknown counts as yes: a GDom
    that is no node of the repository is judged by `ldm`'s own refusal)."""
    node = gdom.node
    if node is None or node.os_version != "10":
        return True
    return (node.os_update or 0) >= FIRST_MEMORY_DR_UPDATE


def _new_size(gdom: m.GDom, vcpus: int | None, memory: str | None) -> tuple[int, int]:
    if vcpus is None and memory is None:
        raise UsageError("give --vcpus, --memory or both")
    new_vcpus = check_vcpus(vcpus, gdom.cdom) if vcpus is not None else gdom.vcpus
    new_memory = parse_memory(memory) if memory is not None else gdom.memory_mb
    if new_vcpus is None or new_memory is None:
        raise PrecheckFailed(f"the size of {gdom.name} is unknown: rediscover {gdom.cdom.name}")
    if (new_vcpus, new_memory) == (gdom.vcpus, gdom.memory_mb):
        raise PrecheckFailed(f"{gdom.name} already has that size")
    return new_vcpus, new_memory


def resize_definition(session: Session, text: str, vcpus: int | None, memory: str | None) -> bool:
    """Change a definition's size in the repository; False when the GDom is
    committed (a job resizes it on its control domain)."""
    gdom = usable_gdom(text)
    if gdom.state != DEFINED:
        return False
    session.require_writable(f"modify gdom {gdom.name}")
    new_vcpus, new_memory = _new_size(gdom, vcpus, memory)
    with transaction():
        gdom.vcpus, gdom.memory_mb = new_vcpus, new_memory
        gdom.save(only=[m.GDom.vcpus, m.GDom.memory_mb])
        audit(
            session,
            "modify definition",
            "gdom",
            f"{gdom.cdom.name}:{gdom.name}",
            json.dumps({"vcpus": new_vcpus, "memory_mb": new_memory}),
        )
    return True


def plan_gdom_modify(text: str, vcpus: int | None, memory: str | None) -> Plan:
    """The plan that resizes a committed GDom: live on an active domain, otherwise
    effective from its next start."""
    gdom = usable_gdom(text)
    name, cdom = gdom.name, gdom.cdom
    if cdom.state != "up":
        raise PrecheckFailed(f"cannot modify {name}: its control domain {cdom.name} is down")
    if gdom.state not in ("active", "bound", "inactive"):
        raise PrecheckFailed(f"cannot modify {name}: it is {gdom.state}")
    new_vcpus, new_memory = _new_size(gdom, vcpus, memory)
    live = gdom.state == "active"
    if live and not dynamic_reconfiguration(gdom):
        raise PrecheckFailed(
            f"cannot resize {name} live: Solaris 10 before 9/10 has no dynamic "
            "reconfiguration of memory; stop it first, the new size then applies at its "
            "next start"
        )
    old_vcpus, old_memory = gdom.vcpus or new_vcpus, gdom.memory_mb or new_memory
    check = ldm_list() if live else ldm_list_constraints_xml(name)
    steps = []
    if new_vcpus != gdom.vcpus:
        steps.append(
            Step(
                cdom.name,
                ldm_set_vcpu(new_vcpus, name),
                f"set {name} to {new_vcpus} virtual CPUs",
                undo=ldm_set_vcpu(old_vcpus, name),
                check=check,
                done_if=listed(name, "active") + rf".*\|ncpu={new_vcpus}\|"
                if live
                else rf"<number>{new_vcpus}</number>",
            )
        )
    if new_memory != gdom.memory_mb:
        steps.append(
            Step(
                cdom.name,
                ldm_set_memory(new_memory, name),
                f"set {name} to {new_memory} MB of memory",
                undo=ldm_set_memory(old_memory, name),
                check=check,
                done_if=listed(name, "active") + rf".*\|mem={new_memory << 20}\|"
                if live
                else memory_pattern(new_memory),
            )
        )
    steps.append(read_back(cdom.name, name))
    when = (
        "live, by dynamic reconfiguration"
        if live
        else f"{name} is {gdom.state}: the new size applies at its next start"
    )
    return Plan(
        operation="modify",
        object_type="gdom",
        object_name=f"{cdom.name}:{name}",
        steps=tuple(steps),
        prechecks=(f"{name} is {gdom.state} on {cdom.name} (up)", when),
        locks=(("gdom", f"{cdom.name}:{name}"),),
        effects=(SetGDomSize(cdom.name, name, new_vcpus, new_memory),),
        reads=(GDomOnCDom(len(steps), cdom.name, name),),
    )
