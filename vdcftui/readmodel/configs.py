"""The CLI's records of system configurations: per node, each item in effect, where
its value comes from (all, its pool, itself) and the job that last applied it."""

from __future__ import annotations

from typing import Any

from vdcftui.ops.config.drift import last_applied
from vdcftui.ops.config.items import effective
from vdcftui.repo import models as m
from vdcftui.repo.lookup import node_named

__all__ = ["list_configs"]


def _node_records(node: m.Node) -> list[dict[str, Any]]:
    config = effective(node)
    applied = last_applied(node.name)
    records = []
    for item in config.items:
        last = applied.get((item.kind, item.key))
        current = last is not None and last.value == item.value
        records.append(
            {
                "node": node.name,
                "kind": item.kind,
                "key": item.key,
                "value": item.value,
                "from": item.origin,
                "applied": (
                    f"job {last.job_id} {last.applied:%Y-%m-%d %H:%M}"
                    if current and last is not None
                    else None
                ),
            }
        )
    return records


def list_configs(node: str | None = None) -> list[dict[str, Any]]:
    """The items in effect for one node, or for every node, by node."""
    nodes = [node_named(node)] if node else list(m.Node.select().order_by(m.Node.name))
    return [record for n in nodes for record in _node_records(n)]
