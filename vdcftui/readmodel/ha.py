"""The health of the nodes of HA pools, as `vdcftui ha status` shows it."""

from __future__ import annotations

import json
from typing import Any

from vdcftui.repo import models as m


def ha_status() -> list[dict[str, Any]]:
    """One record per node of a pool with HA enabled (by pool, then name): its state
    (up, suspect, failed, fenced; 'not watched yet' before the engine looked), its last
    keep-alive, why, and the failover jobs."""
    records = []
    query = (
        m.Node.select(m.Node, m.ComputePool)
        .join(m.ComputePool)
        .where(m.ComputePool.ha_enabled == True)  # noqa: E712
        .order_by(m.ComputePool.name, m.Node.name)
    )
    for node in query:
        row = m.NodeHealth.get_or_none(m.NodeHealth.node == node)
        records.append(
            {
                "pool": node.pool.name if node.pool else None,
                "node": node.name,
                "state": row.state if row else "not watched yet",
                "since": row.since.isoformat(timespec="seconds") if row else None,
                "last_keepalive": (
                    row.last_keepalive.isoformat(timespec="seconds")
                    if row and row.last_keepalive
                    else None
                ),
                "reason": row.reason if row else "",
                "restart": json.loads(row.restart) if row else [],
                "fence_job": row.fence_job if row else None,
                "restart_job": row.restart_job if row else None,
            }
        )
    return records
