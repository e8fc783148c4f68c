"""Evacuating a node (F-EVA): every vServer it carries migrated to the rest of its
compute pool as the placement decides, as one job of many parts.

Each vServer's migration is a part with its own point of no return: a failure undoes
only the migration it happens in, the vServers already moved stay where they are,
recorded, and running the evacuation again moves only what is left (the placement is
made again from the repository). A running master moves in one part with its running
slaves (F-VDP): the slaves are stopped first, the master moved and started, then the
slaves moved and started beside it; the master's start on its target is the part's
point of no return. The GDoms of a control domain are parts too, each a GDom migration
(live, or cold where the placement says so) whose pre-checks ran when it was planned.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from vdcftui.ops.gdom.migrate import plan_gdom_migrate
from vdcftui.ops.jobs.effects import SetVServerState
from vdcftui.ops.jobs.plan import Plan, combine
from vdcftui.ops.jobs.readback import ReadBack, ZoneOnNode
from vdcftui.ops.placement.place import Move, Placement, place_evacuation
from vdcftui.ops.vserver.migrate import plan_migration
from vdcftui.ops.vserver.state import PrecheckFailed
from vdcftui.ops.vserver.steps import boot, read_zone, stop
from vdcftui.remote.pool import HostTarget, SSHPool
from vdcftui.repo import models as m

RUNS = ("running", "ready")


def _running_slaves(master: str) -> list[m.VServer]:
    return list(
        m.VServer.select()
        .join(m.VServerDependency, on=m.VServerDependency.slave == m.VServer.id)
        .join(
            m.VServer.alias("master"), on=m.VServerDependency.master == m.VServer.alias("master").id
        )
        .where((m.VServer.alias("master").name == master) & m.VServer.state.in_(RUNS))
        .order_by(m.VServer.name)
    )


def _groups(moves: list[Move]) -> list[tuple[Move, list[Move]]]:
    """Each move with the moves of the running slaves that go in its part (a running
    master's); refused when such a slave does not move in this evacuation."""
    by_name = {move.name: move for move in moves}
    grouped: set[str] = set()
    groups: list[tuple[Move, list[Move]]] = []
    for move in moves:
        if move.name in grouped:
            continue
        master = m.VServer.get(m.VServer.name == move.name)
        slaves: list[Move] = []
        if master.state == "running":
            for slave in _running_slaves(move.name):
                if slave.name not in by_name:
                    where = slave.node.name if slave.node else "no node"
                    raise PrecheckFailed(
                        f"cannot evacuate {move.source}: {slave.name}, a running slave of "
                        f"{move.name}, runs on {where} and does not move with it "
                        "(stop it first)"
                    )
                if _running_slaves(slave.name):
                    raise PrecheckFailed(
                        f"cannot evacuate {move.source}: {slave.name} is both a slave of "
                        f"{move.name} and the master of running vServers (move them by hand)"
                    )
                slaves.append(by_name[slave.name])
                grouped.add(slave.name)
        groups.append((move, slaves))
    return groups


async def _master_with_slaves(
    master: Move, slaves: list[Move], pool: SSHPool, target_for: Callable[[str], HostTarget]
) -> Plan:
    """One plan: stop the slaves, migrate the master, migrate the slaves (stopped) and
    start them on their targets, each read back."""
    source = m.Node.get(m.Node.name == master.source)
    names = frozenset(s.name for s in slaves)
    first = await plan_migration(
        master.name, master.target, pool, target_for, master.upgrade, stopped_slaves=names
    )
    followers = [
        await plan_migration(s.name, s.target, pool, target_for, s.upgrade, as_installed=True)
        for s in slaves
    ]
    steps = [stop(source, s.name) for s in slaves]
    reads: list[ReadBack] = [
        replace(item, step=item.step + len(steps))  # type: ignore[type-var]
        for item in first.reads
    ]
    steps += first.steps
    for plan in followers:
        steps += [step for step in plan.steps if not step.reads]
    steps += [boot(s.target, s.name, f"start {s.name} beside its master") for s in slaves]
    for s in slaves:
        steps.append(read_zone(s.target, s.name))
        reads.append(ZoneOnNode(len(steps), s.name))
    effects = [*first.effects]
    for plan in followers:
        effects += plan.effects
    effects += [SetVServerState(s.name, "running") for s in slaves]
    everything = [first, *followers]
    return Plan(
        operation="migrate",
        object_type="vserver",
        object_name="+".join([master.name, *names]),
        steps=tuple(steps),
        prechecks=tuple(c for plan in everything for c in plan.prechecks),
        locks=tuple(dict.fromkeys(lock for plan in everything for lock in plan.locks)),
        effects=tuple(effects),
        expects=tuple(e for plan in everything for e in plan.expects),
        reads=tuple(reads),
    )


async def plan_evacuation_job(
    name: str, pool: SSHPool, target_for: Callable[[str], HostTarget]
) -> tuple[Placement, Plan]:
    """The placement of the node's workload and the job that carries it out; refused
    when some vServer has no target (the table says why) or nothing is left to move."""
    placement = place_evacuation(name)
    if not placement.complete:
        names = ", ".join(item for item, _why in placement.unplaced)
        raise PrecheckFailed(
            f"cannot evacuate {placement.node}: no target for {names} "
            f"(vdcftui node evacuate {placement.node} --dry-run explains why)"
        )
    if not placement.moves:
        raise PrecheckFailed(f"{placement.node} carries no vServer or GDom that needs to move")
    moves = [move for move in placement.moves if move.kind == "vserver"]
    groups = dict(_groups(moves))
    plans = []
    for move in placement.moves:
        if move.kind == "gdom":
            text = f"{move.source}:{move.name}"
            plans.append(plan_gdom_migrate(text, move.target, move.cold))
            continue
        if move not in groups:
            continue
        slaves = groups[move]
        if slaves:
            plans.append(await _master_with_slaves(move, slaves, pool, target_for))
        else:
            plans.append(
                await plan_migration(move.name, move.target, pool, target_for, move.upgrade)
            )
    plan = combine("evacuate", "node", placement.node, plans)
    decisions = tuple(decision.text for decision in placement.decisions)
    locks = (("node", placement.node), *plan.locks)
    return placement, replace(plan, prechecks=decisions + plan.prechecks, locks=locks)
