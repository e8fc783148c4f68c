"""Drift: for each node and each item in effect for it, whether the node shows the
item's value, from one read-back batch per node.

- as it should be: the node shows the value;
- at next boot: a kernel parameter the node's system file holds, written by a job
  after the node last booted (the kernel reads it at the next boot);
- differs: a job applied the value and the node now shows another (changed behind
  vdcftui's back), both shown;
- not applied: no job applied this value and the node shows another or none;
- unreadable: the node or its read-back command did not answer, and why.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from vdcftui.errors import OperatorError
from vdcftui.ops.config.items import effective
from vdcftui.ops.config.kind import Effective, NodeConfig
from vdcftui.ops.config.kinds import KINDS
from vdcftui.ops.config.read import NodeReading, read_node
from vdcftui.remote.pool import HostTarget, SSHPool
from vdcftui.repo import models as m

OK, AT_BOOT, DIFFERS, NOT_APPLIED, UNREADABLE = (
    "as it should be",
    "at next boot",
    "differs",
    "not applied",
    "unreadable",
)
CONCURRENCY = 32


@dataclass(frozen=True)
class DriftRow:
    """One item on one node: what it should be, what the node shows, and the verdict."""

    node: str
    kind: str
    key: str
    origin: str
    status: str
    should: str
    host: str | None
    note: str = ""


def last_applied(node: str) -> dict[tuple[str, str], m.ConfigApplied]:
    """The latest record of each kind and key applied to the node."""
    rows = (
        m.ConfigApplied.select()
        .join(m.Node)
        .where(m.Node.name == node)
        .order_by(m.ConfigApplied.applied, m.ConfigApplied.id)
    )
    return {(row.kind, row.key): row for row in rows}


def judge(config: NodeConfig, reading: NodeReading) -> list[DriftRow]:
    """The verdict on each of the node's items from its reading."""
    applied = last_applied(config.node)
    rows = []
    for item in config.items:
        kind = KINDS[item.kind]
        seen = reading.observe(config, item)
        last = applied.get((item.kind, item.key))
        was_applied = last is not None and last.value == item.value
        note = ""
        if seen.error is not None:
            status, note = UNREADABLE, seen.error
        elif seen.value is not None and kind.matches(item, seen.value):
            status = OK
            if kind.at_boot and was_applied and last is not None:
                booted = reading.booted
                if booted is None or last.applied.timestamp() > booted:
                    status = AT_BOOT
                    note = f"written by job {last.job_id}; {config.node} has not booted since"
        elif was_applied and last is not None:
            status = DIFFERS
            note = f"applied by job {last.job_id} on {last.applied:%Y-%m-%d %H:%M}"
        else:
            status = NOT_APPLIED
        rows.append(_row(config.node, item, status, seen.value, note))
    return rows


def _row(node: str, item: Effective, status: str, host: str | None, note: str) -> DriftRow:
    return DriftRow(node, item.kind, item.key, item.origin, status, item.value, host, note)


async def drift(
    nodes: list[m.Node], pool: SSHPool, target_for: Callable[[str], HostTarget]
) -> list[DriftRow]:
    """The drift of every item of the given nodes (nodes without items give none); a
    node that cannot be read gives its items unreadable, saying why."""
    gate = asyncio.Semaphore(CONCURRENCY)

    async def one(node: m.Node) -> list[DriftRow]:
        config = effective(node)
        if not config.items:
            return []
        try:
            async with gate:
                reading = await read_node(pool, target_for(node.name), config)
        except OperatorError as exc:
            return [_row(node.name, i, UNREADABLE, None, str(exc)) for i in config.items]
        return judge(config, reading)

    found = await asyncio.gather(*(one(node) for node in nodes))
    return [row for rows in found for row in rows]
