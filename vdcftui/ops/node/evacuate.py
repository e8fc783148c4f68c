"""Evacuating a node (F-EVA): every vServer it carries migrated to the rest of its
compute pool as the placement decides, as one job of many parts.

Each vServer's migration is a part with its own point of no return: a failure undoes
only the migration it happens in, the vServers already moved stay where they are,
recorded, and running the evacuation again moves only what is left (the placement is
made again from the repository). GDoms of a control domain move with `gdom migrate`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from vdcftui.errors import OperatorError
from vdcftui.ops.jobs.plan import Plan, combine
from vdcftui.ops.placement.place import Placement, place_evacuation
from vdcftui.ops.vserver.migrate import plan_migration
from vdcftui.ops.vserver.state import PrecheckFailed
from vdcftui.remote.pool import HostTarget, SSHPool


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
    guests = [move.name for move in placement.moves if move.kind != "vserver"]
    if guests:
        raise OperatorError(
            f"{placement.node} is a control domain with GDoms {', '.join(guests)}: "
            "move them with vdcftui gdom migrate first"
        )
    moves = [move for move in placement.moves if move.kind == "vserver"]
    if not moves:
        raise PrecheckFailed(f"{placement.node} carries no vServer that needs to move")
    plans = [
        await plan_migration(move.name, move.target, pool, target_for, move.upgrade)
        for move in moves
    ]
    plan = combine("evacuate", "node", placement.node, plans)
    decisions = tuple(decision.text for decision in placement.decisions)
    locks = (("node", placement.node), *plan.locks)
    return placement, replace(plan, prechecks=decisions + plan.prechecks, locks=locks)
