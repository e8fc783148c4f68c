"""The explained tables: one row per decision of an evacuation, one row per node of a
pool's survival check; as table records and as JSON."""

from __future__ import annotations

from typing import Any

from vdcftui.ops.placement.place import Placement, Survival

DECISION_COLUMNS = ("order", "kind", "priority", "decision")
SURVIVAL_COLUMNS = ("node", "state", "workloads", "placed", "placeable", "why")


def decision_rows(placement: Placement) -> list[dict[str, Any]]:
    """The table: one row per workload, in the order the decisions were taken."""
    return [
        {"order": number, "kind": d.kind, "priority": d.priority, "decision": d.text}
        for number, d in enumerate(placement.decisions, 1)
    ]


def placement_record(placement: Placement) -> dict[str, Any]:
    """The whole placement as JSON: the ordered moves a job would run, the unplaced
    with their reasons, and every decision."""
    return {
        "node": placement.node,
        "pool": placement.pool,
        "complete": placement.complete,
        "moves": [
            {
                "order": number,
                "kind": move.kind,
                "name": move.name,
                "source": move.source,
                "target": move.target,
                "attach_update": move.upgrade,
                "cold": move.cold,
            }
            for number, move in enumerate(placement.moves, 1)
        ],
        "unplaced": [{"name": name, "reason": reason} for name, reason in placement.unplaced],
        "decisions": [
            {
                "kind": d.kind,
                "name": d.name,
                "priority": d.priority,
                "outcome": d.outcome.value,
                "target": d.target,
                "reason": d.reason,
                "text": d.text,
            }
            for d in placement.decisions
        ],
    }


def placement_summary(placement: Placement) -> str:
    """One line under the table: how many move, how many cannot."""
    moving = len(placement.moves) + len(placement.unplaced)
    if not moving:
        return f"{placement.node}: nothing to move"
    if placement.complete:
        return f"{placement.node}: all {moving} placed in {placement.pool}"
    return (
        f"{placement.node}: {len(placement.unplaced)} of {moving} cannot be placed "
        f"in {placement.pool}"
    )


def survival_rows(rows: list[Survival], as_json: bool) -> list[dict[str, Any]]:
    """One record per node; ``placeable`` is a boolean in JSON, yes/no in the table."""
    return [
        {
            "node": row.node,
            "state": row.state,
            "workloads": row.workloads,
            "placed": row.placed,
            "placeable": row.placeable if as_json else ("yes" if row.placeable else "no"),
            "why": row.why,
        }
        for row in rows
    ]
