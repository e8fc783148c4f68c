"""Run-state changes of vServers: boot, shutdown, halt, reboot (F-VOP), with the
master/slave dependencies checked on every change (F-VDP)."""

from __future__ import annotations

from vdcftui.errors import OperatorError
from vdcftui.ops.jobs.plan import Plan, Step
from vdcftui.ops.vserver.pending import pending_parts, plan_fields
from vdcftui.repo import models as m
from vdcftui.solaris.names import validate_zonename

RUNNING = ("running", "ready")
VERBS = ("boot", "shutdown", "halt", "reboot")


class PrecheckFailed(OperatorError):
    """A pre-check refused the operation before anything ran."""

    exit_status = 5


def _vserver(name: str) -> m.VServer:
    validate_zonename(name)
    vserver = m.VServer.get_or_none(m.VServer.name == name)
    if vserver is None:
        raise OperatorError(f"no vServer named {name!r} in the repository")
    return vserver


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


def stop_command(node: m.Node, zone: str) -> str:
    """The graceful stop of a zone: `zoneadm shutdown` on Solaris 11; Solaris 10's
    zoneadm has none, so `zoneadm halt` there."""
    verb = "halt" if node.os_version == "10" else "shutdown"
    return f"zoneadm -z {zone} {verb}"


def plan_run_state(name: str, verb: str, with_dependents: bool = False) -> Plan:
    """The plan for boot, shutdown, halt or reboot of a vServer; refuses with the
    exact reason when a pre-check fails."""
    if verb not in VERBS:
        raise OperatorError(f"unknown operation {verb!r}; one of {', '.join(VERBS)}")
    vserver = _vserver(name)
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
    steps, checks, finals = [], [], []
    for member in chain:
        node = _node_of(member, verb)
        checks.append(f"{member.name} is {member.state} on {node.name} (node {node.state})")
        zone = validate_zonename(member.name)
        zones, running = "zoneadm list -cp", rf"^[^:]*:{zone}:(running|ready):"
        if verb == "boot":
            steps.append(
                Step(
                    node.name,
                    f"zoneadm -z {zone} boot",
                    f"boot {zone}",
                    undo=f"zoneadm -z {zone} halt",
                    check=zones,
                    done_if=running,
                )
            )
            finals.append((member.name, "running"))
        elif verb == "reboot":
            steps.append(Step(node.name, f"zoneadm -z {zone} reboot", f"reboot {zone}"))
            finals.append((member.name, "running"))
        else:
            command = stop_command(node, zone) if verb == "shutdown" else f"zoneadm -z {zone} halt"
            steps.append(
                Step(
                    node.name,
                    command,
                    f"{verb} {zone}",
                    undo=f"zoneadm -z {zone} boot",
                    check=zones,
                    done_unless=running,
                )
            )
            finals.append((member.name, "installed"))
    before, after, records, cleared = _pending(chain, verb)
    return Plan(
        operation=verb,
        object_type="vserver",
        object_name=name,
        steps=tuple(before + steps + after),
        prechecks=tuple(checks),
        locks=tuple(("vserver", v.name) for v in chain),
        final_states=tuple(finals),
        clears_pending=cleared,
        **plan_fields(records),
        planned_for=tuple((v.name, v.node.name, v.state) for v in chain),
    )


def _pending(
    chain: list[m.VServer], verb: str
) -> tuple[list[Step], list[Step], dict[str, list], tuple[str, ...]]:
    """The pending changes a boot or reboot applies: steps before it, steps after it
    (releasing what the running zone held), their records, the vServers cleared."""
    if verb not in ("boot", "reboot"):
        return [], [], {}, ()
    before: list[Step] = []
    after: list[Step] = []
    records: dict[str, list] = {}
    cleared = []
    for member in chain:
        steps, later, found = pending_parts(member)
        if not (steps or later):
            continue
        before += steps
        after += later
        for key, rows in found.items():
            records.setdefault(key, []).extend(rows)
        cleared.append(member.name)
    return before, after, records, tuple(cleared)
