"""Powering nodes on and off (F-NOP): through the system controller, or the node's own
way while it answers; and fencing a node that must not run anything.

Every change reads the power state back from the controller, as fence agents do:
status, act, then poll the status until it holds or a time limit passes. A node that
carries running vServers or active GDoms is not powered down by an operation other than
fencing: the refusal names them (evacuate or stop them first).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from vdcftui.errors import OperatorError
from vdcftui.ops.jobs.effects import FenceNode, SetNodePower
from vdcftui.ops.jobs.journal import audit
from vdcftui.ops.jobs.plan import Plan, Step, console_host
from vdcftui.ops.node.hosts import sc_host
from vdcftui.ops.session import Session
from vdcftui.ops.vserver.state import PrecheckFailed
from vdcftui.remote.pool import HostTarget, SSHPool
from vdcftui.repo import models as m
from vdcftui.repo.lookup import controller_of, node_named, usable_node
from vdcftui.repo.queries import transaction
from vdcftui.solaris import dialogue
from vdcftui.solaris.cmd.controllers import sc_power, sc_power_status
from vdcftui.solaris.cmd.system import boot_time, shutdown_node, uname_a
from vdcftui.solaris.controllers import power_pattern, power_state

POWER_VERBS = ("poweron", "poweroff", "shutdown")
GRACEFUL_OFF_SECONDS = 300.0
"""How long a graceful power-off (services and zones stopping) may take."""
FORCED_OFF_SECONDS = 60.0
POWER_ON_SECONDS = 120.0
BOOT_SECONDS = 900.0
"""How long a node may take from power on until its SSH answers."""
FENCE_REASON_MAX = 500


def _running_workloads(node: m.Node) -> list[str]:
    zones = [
        v.name
        for v in node.vservers.where(m.VServer.state.in_(("running", "ready"))).order_by(
            m.VServer.name
        )
    ]
    guests = [
        f"GDom {g.name}"
        for g in m.GDom.select()
        .where((m.GDom.cdom == node) & (m.GDom.state == "active"))
        .order_by(m.GDom.name)
    ]
    return zones + guests


def refuse_carrying(node: m.Node, verb: str) -> None:
    """Refuse ``verb`` on a node that runs vServers or active GDoms, naming them."""
    carried = _running_workloads(node)
    if carried:
        raise PrecheckFailed(
            f"cannot {verb} {node.name}: it runs {', '.join(carried)} "
            f"(evacuate it first: vdcftui node evacuate {node.name})"
        )


def power_step(node: m.Node, action: str, force: bool, settle: float) -> Step:
    """Power ``node`` on or off through its controller, waiting up to ``settle``
    seconds until the controller says so."""
    sc, address = controller_of(node)
    status = sc_power_status(address)
    wanted = "on" if action == "on" else "off"
    how = " at once" if force else ""
    return Step(
        sc_host(sc),
        sc_power(address, action, force),
        f"power {node.name} {wanted}{how} through {sc.type.upper()} {sc.name}, "
        f"until it says {wanted}",
        check=status,
        done_if=power_pattern(address, wanted),
        settle=settle,
    )


def _off_check(node: m.Node) -> Step:
    sc, address = controller_of(node)
    status = sc_power_status(address)
    return Step(
        sc_host(sc),
        status,
        f"wait until {sc.name} says {node.name} is off",
        check=status,
        done_if=power_pattern(address, "off"),
        settle=GRACEFUL_OFF_SECONDS,
    )


def plan_power(name: str, verb: str, force: bool = False) -> Plan:
    """The plan to power a node on or off through its controller (``poweron``,
    ``poweroff`` [``force``: at once]) or shut it down its own way (``shutdown``)."""
    if verb not in POWER_VERBS:
        raise OperatorError(f"unknown operation {verb!r}; one of {', '.join(POWER_VERBS)}")
    node = usable_node(name)
    if node.kind == "gdom":
        raise OperatorError(
            f"{node.name} is a guest domain: start or stop it on its CDom "
            f"(vdcftui gdom start|stop {node.name})"
        )
    steps: list[Step] = []
    if verb == "poweron":
        if node.fenced:
            raise PrecheckFailed(
                f"{node.name} is fenced ({node.fence_reason}): clear the fence first "
                f"(vdcftui node unfence {node.name})"
            )
        steps.append(power_step(node, "on", False, POWER_ON_SECONDS))
        if node.address:
            steps.append(
                Step(
                    node.name,
                    uname_a(),
                    f"wait until {node.name} answers over SSH",
                    settle=BOOT_SECONDS,
                    awaits_host=True,
                    reads=True,
                )
            )
        power = "on"
    else:
        refuse_carrying(node, verb)
        if verb == "poweroff":
            settle = FORCED_OFF_SECONDS if force else GRACEFUL_OFF_SECONDS
            steps.append(power_step(node, "off", force, settle))
        else:
            steps.append(
                Step(node.name, shutdown_node("off"), f"shut {node.name} down (run state 5)")
            )
            if node.sc is not None:
                steps.append(_off_check(node))
        power = "off"
    return Plan(
        operation=verb,
        object_type="node",
        object_name=node.name,
        steps=tuple(steps),
        prechecks=_prechecks(node),
        locks=(("node", node.name),),
        effects=(SetNodePower(node.name, power),),
    )


def plan_fence(name: str, reason: str, operator: str) -> Plan:
    """The plan to fence a node: power it off at once through its controller and read
    the controller again until it says off; the fence is recorded only then."""
    node = usable_node(name)
    reason = reason.strip()
    if not reason:
        raise OperatorError("say why the node is fenced (--reason TEXT)")
    if len(reason) > FENCE_REASON_MAX or re.search(r"[\x00-\x1f\x7f]", reason):
        raise OperatorError(
            f"a fence reason is one line of at most {FENCE_REASON_MAX} printable characters"
        )
    if node.fenced:
        raise PrecheckFailed(f"{node.name} is already fenced ({node.fence_reason})")
    step = power_step(node, "off", True, FORCED_OFF_SECONDS)
    return Plan(
        operation="fence",
        object_type="node",
        object_name=node.name,
        steps=(step,),
        prechecks=_prechecks(node),
        locks=(("node", node.name),),
        effects=(FenceNode(node.name, operator, reason),),
    )


def _prechecks(node: m.Node) -> tuple[str, ...]:
    checks = [f"{node.name} is {node.state} (power {node.power_state or 'not read yet'})"]
    if node.sc is not None:
        checks.append(f"controller {node.sc.name} ({node.sc.type}) is registered")
    return tuple(checks)


@dataclass(frozen=True)
class PowerReading:
    """What a node's controller says of its power, and whether the node answers."""

    node: str
    controller: str | None
    power: str | None
    said: str
    answers: bool
    why_not: str


async def read_power(
    name: str, pool: SSHPool, target_for: Callable[[str], HostTarget]
) -> PowerReading:
    """Ask the node's controller for its power state and the node itself over SSH."""
    node = usable_node(name)
    controller, power, said = None, None, "no system controller registered"
    if node.sc is not None:
        sc, address = controller_of(node)
        controller = sc.name
        try:
            result = await pool.run(target_for(sc_host(sc)), sc_power_status(address))
            lines = (result.stdout.strip() or result.stderr.strip()).splitlines()
            said = lines[-1] if lines else "nothing"
            power = power_state(address, result.stdout)
        except OperatorError as exc:
            said = str(exc)
    answers, why_not = False, "no address"
    if node.address:
        try:
            await pool.run(target_for(node.name), uname_a())
            answers, why_not = True, ""
        except OperatorError as exc:
            why_not = str(exc)
    return PowerReading(node.name, controller, power, said, answers, why_not)


async def plan_boot(name: str, pool: SSHPool, target_for: Callable[[str], HostTarget]) -> Plan:
    """The plan to bring a node up: read its controller and its SSH first; a node that
    is off is powered on (it boots as its OpenBoot settings say) and waited for until
    its SSH answers. A node that answers has nothing to boot; one that is on but
    silent gets ``boot`` typed at its ``ok`` prompt on its console (one that shows no
    ``ok`` prompt, hung, fails the job saying what its console shows)."""
    reading = await read_power(name, pool, target_for)
    if reading.answers:
        raise PrecheckFailed(f"{reading.node} is up and answers over SSH: nothing to boot")
    if reading.controller is None:
        raise PrecheckFailed(
            f"cannot boot {reading.node}: no system controller is registered to power it "
            f"on (vdcftui node set {reading.node} --sc ...), and it does not answer over SSH"
        )
    if reading.power == "on":
        return _plan_boot_from_ok(usable_node(name), reading)
    if reading.power != "off":
        raise PrecheckFailed(
            f"cannot boot {reading.node}: {reading.controller} does not say whether it is on "
            f"or off ({reading.said})"
        )
    plan = plan_power(name, "poweron")
    return replace(plan, operation="boot")


def _plan_boot_from_ok(node: m.Node, reading: PowerReading) -> Plan:
    """Type ``boot`` at the ``ok`` prompt of a node that is on but silent, then wait
    until its SSH answers."""
    if node.sc is None and node.console_port is None:
        raise PrecheckFailed(
            f"{node.name} is powered on ({reading.controller} says: {reading.said}) but does "
            "not answer over SSH, and it has no console route to type boot on"
        )
    steps = [
        Step(
            console_host(node.name),
            dialogue.boot_from_ok(node.name),
            f"type boot at {node.name}'s ok prompt, until its console login shows",
            check=dialogue.probe(node.name),
            done_if=dialogue.LOGIN_PROMPT,
        )
    ]
    if node.address:
        steps.append(
            Step(
                node.name,
                uname_a(),
                f"wait until {node.name} answers over SSH",
                settle=BOOT_SECONDS,
                awaits_host=True,
                reads=True,
            )
        )
    return Plan(
        operation="boot",
        object_type="node",
        object_name=node.name,
        steps=tuple(steps),
        prechecks=(
            *_prechecks(node),
            f"{reading.controller} says it is on; it does not answer over SSH "
            f"({reading.why_not}): at the ok prompt or hung",
        ),
        locks=(("node", node.name),),
        effects=(SetNodePower(node.name, "on"),),
    )


def unfence(session: Session, name: str) -> m.Node:
    """Clear a node's fence (the operator has made sure it is safe to use again):
    repository only, audited; its power is left as it is."""
    session.require_writable(f"unfence node {name}")
    node = node_named(name)
    if not node.fenced:
        raise PrecheckFailed(f"{node.name} is not fenced")
    with transaction():
        m.Node.update(fenced=False).where(m.Node.id == node.id).execute()
        audit(
            session,
            "unfence",
            "node",
            node.name,
            f"fenced by {node.fenced_by} at {node.fenced_at:%Y-%m-%d %H:%M:%S}: "
            f"{node.fence_reason}",
        )
    return m.Node.get_by_id(node.id)


async def plan_reboot(name: str, pool: SSHPool, target_for: Callable[[str], HostTarget]) -> Plan:
    """The plan to reboot a node its own way (``shutdown -i6``) and wait until it has
    booted again: its boot time (read now) changes and its SSH answers."""
    node = usable_node(name)
    if node.kind == "gdom":
        raise OperatorError(f"{node.name} is a guest domain: reboot it from its OS or its CDom")
    refuse_carrying(node, "reboot")
    result = await pool.run(target_for(node.name), boot_time())
    booted = result.stdout.strip().rpartition("\t")[2]
    if not result.ok or not booted.isdigit():
        raise PrecheckFailed(
            f"cannot read when {node.name} booted: {result.stderr.strip() or result.stdout.strip()}"
        )
    steps = (
        Step(node.name, shutdown_node("reboot"), f"reboot {node.name} (run state 6)"),
        Step(
            node.name,
            boot_time(),
            f"wait until {node.name} has booted again and answers",
            check=boot_time(),
            done_unless=rf"\t{booted}\s*$",
            settle=BOOT_SECONDS,
            awaits_host=True,
        ),
    )
    return Plan(
        operation="reboot",
        object_type="node",
        object_name=node.name,
        steps=steps,
        prechecks=(*_prechecks(node), f"{node.name} booted at {booted} (epoch)"),
        locks=(("node", node.name),),
        effects=(SetNodePower(node.name, "on"),),
    )
