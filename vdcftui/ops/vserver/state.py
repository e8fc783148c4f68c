"""Run-state changes of vServers: boot, shutdown, halt, reboot (F-VOP), with the
master/slave dependencies checked on every change (F-VDP)."""

from __future__ import annotations

import re

from vdcftui.errors import OperatorError
from vdcftui.ops.jobs.effects import ClearPending, Effect, SetVServerState
from vdcftui.ops.jobs.expectations import VServerWas
from vdcftui.ops.jobs.plan import Plan, Step
from vdcftui.ops.vserver.pending import pending_parts
from vdcftui.repo import models as m
from vdcftui.repo.lookup import usable_vserver
from vdcftui.solaris.cmd.command import Command
from vdcftui.solaris.cmd.zones import zone_stop, zoneadm, zoneadm_list

RUNNING = ("running", "ready")
VERBS = ("boot", "shutdown", "halt", "reboot")
STOPS = ("shutdown", "halt")


class PrecheckFailed(OperatorError):
    """A pre-check refused the operation before anything ran."""

    exit_status = 5


def _masters(vserver: m.VServer) -> list[m.VServer]:
    return [
        d.master for d in m.VServerDependency.select().where(m.VServerDependency.slave == vserver)
    ]


def _slaves(vserver: m.VServer) -> list[m.VServer]:
    return [
        d.slave for d in m.VServerDependency.select().where(m.VServerDependency.master == vserver)
    ]


def _node_of(vserver: m.VServer, verb: str) -> m.Node:
    node = vserver.node
    if node is None:
        raise PrecheckFailed(
            f"cannot {verb} {vserver.name}: it is on no node (state {vserver.state})"
        )
    if verb == "boot" and (node.fenced or node.refused_as_boot_target):
        raise PrecheckFailed(
            f"cannot boot {vserver.name} on {node.name}: the node is "
            "fenced or refused as a boot target"
        )
    if node.state != "up":
        raise PrecheckFailed(f"cannot {verb} {vserver.name}: node {node.name} is {node.state}")
    return node


def _boot_chain(vserver: m.VServer, with_dependents: bool, seen: set[str]) -> list[m.VServer]:
    """The vServers to boot, masters first."""
    chain: list[m.VServer] = []
    for master in _masters(vserver):
        if master.state in RUNNING or master.name in seen:
            continue
        if not with_dependents:
            raise PrecheckFailed(
                f"cannot boot {vserver.name}: its master {master.name} is "
                f"{master.state} (use --with-dependents to boot it first)"
            )
        seen.add(master.name)
        chain += _boot_chain(master, with_dependents, seen)
    return [*chain, vserver]


def _stop_chain(
    vserver: m.VServer, verb: str, with_dependents: bool, seen: set[str]
) -> list[m.VServer]:
    """The vServers to stop, slaves first."""
    chain: list[m.VServer] = []
    for slave in _slaves(vserver):
        if slave.state not in RUNNING or slave.name in seen:
            continue
        if not with_dependents:
            raise PrecheckFailed(
                f"cannot {verb} {vserver.name}: its slave {slave.name} is "
                f"running (use --with-dependents to stop it first)"
            )
        seen.add(slave.name)
        chain += _stop_chain(slave, verb, with_dependents, seen)
    return [*chain, vserver]


def stop_command(node: m.Node, zone: str) -> Command:
    """The graceful stop of a zone on its node (`zoneadm halt` on Solaris 10, which has
    no `zoneadm shutdown`)."""
    return zone_stop(zone, solaris10=node.os_version == "10")


def plan_run_state(name: str, verb: str, with_dependents: bool = False) -> Plan:
    """The plan for boot, shutdown, halt or reboot of a vServer; refuses with the
    exact reason when a pre-check fails."""
    if verb not in VERBS:
        raise OperatorError(f"unknown operation {verb!r}; one of {', '.join(VERBS)}")
    vserver = usable_vserver(name)
    if verb == "boot":
        if vserver.state in RUNNING:
            raise PrecheckFailed(f"{name} is already {vserver.state}")
        if vserver.state != "installed":
            raise PrecheckFailed(f"cannot boot {name}: it is {vserver.state}, not installed")
        chain = _boot_chain(vserver, with_dependents, {name})
    else:
        if vserver.state not in RUNNING:
            raise PrecheckFailed(f"cannot {verb} {name}: it is {vserver.state}, not running")
        chain = (
            [vserver] if verb == "reboot" else _stop_chain(vserver, verb, with_dependents, {name})
        )
    steps: list[Step] = []
    checks: list[str] = []
    effects: list[Effect] = []
    for member in chain:
        node = _node_of(member, verb)
        checks.append(f"{member.name} is {member.state} on {node.name} (node {node.state})")
        steps.append(_run_state_step(node, member.name, verb))
        effects.append(SetVServerState(member.name, "installed" if verb in STOPS else "running"))
    before, after, pending_effects = _pending(chain, verb)
    return Plan(
        operation=verb,
        object_type="vserver",
        object_name=name,
        steps=tuple(before + steps + after),
        prechecks=tuple(checks),
        locks=tuple(("vserver", v.name) for v in chain),
        effects=(*effects, *pending_effects),
        expects=tuple(VServerWas(v.name, _node_of(v, verb).name, v.state) for v in chain),
    )


def _run_state_step(node: m.Node, zone: str, verb: str) -> Step:
    """The step that boots, stops or reboots one zone, with its check and undo."""
    check, running = zoneadm_list(), rf"^[^:]*:{re.escape(zone)}:(running|ready):"
    if verb == "boot":
        return Step(
            node.name,
            zoneadm(zone, "boot"),
            f"boot {zone}",
            undo=zoneadm(zone, "halt"),
            check=check,
            done_if=running,
        )
    if verb == "reboot":
        return Step(node.name, zoneadm(zone, "reboot"), f"reboot {zone}")
    command = stop_command(node, zone) if verb == "shutdown" else zoneadm(zone, "halt")
    return Step(
        node.name,
        command,
        f"{verb} {zone}",
        undo=zoneadm(zone, "boot"),
        check=check,
        done_unless=running,
    )


def _pending(chain: list[m.VServer], verb: str) -> tuple[list[Step], list[Step], list[Effect]]:
    """The pending changes a boot or reboot applies: steps before it, steps after it
    (releasing what the running zone held), and their effects, the pending changes
    of each vServer cleared with them."""
    if verb not in ("boot", "reboot"):
        return [], [], []
    before: list[Step] = []
    after: list[Step] = []
    effects: list[Effect] = []
    for member in chain:
        steps, later, found = pending_parts(member)
        if not (steps or later or found):
            continue
        before += steps
        after += later
        effects += [*found, ClearPending(member.name)]
    return before, after, effects
