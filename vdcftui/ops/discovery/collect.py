"""Reading nodes over SSH: two batched round trips per node, many nodes at once."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

from vdcftui.errors import OperatorError
from vdcftui.ops.discovery.facts import (
    PROBE_COMMANDS,
    DiscoveryFailed,
    NodeFacts,
    build_facts,
    zonecfg_commands,
)
from vdcftui.remote.batch import BatchFramingError, run_batch
from vdcftui.remote.errors import CommandTimeout, HostUnreachable
from vdcftui.remote.pool import HostTarget, SSHPool
from vdcftui.solaris import parsers as p


@dataclass
class NodeReading:
    """The outcome of reading one node: its facts, or why there are none."""

    target: HostTarget
    facts: NodeFacts | None
    error: str | None
    presented_key: str | None
    seconds: float
    unreachable: bool = False


async def read_node(pool: SSHPool, target: HostTarget, timeout: float = 60.0) -> NodeReading:
    """Read one node; never raises for a node-level failure, it is reported instead."""
    started = time.perf_counter()
    try:
        keys = list(PROBE_COMMANDS)
        first = await run_batch(pool, target, [PROBE_COMMANDS[k] for k in keys], timeout)
        outputs = {key: (o.output, o.exit_status) for key, o in zip(keys, first, strict=True)}
        zone_text, zone_status = outputs["zones"]
        zones = p.parse_zoneadm_list_p(zone_text) if zone_status == 0 else []
        commands = zonecfg_commands(zones)
        configs: dict[str, tuple[str, int]] = {}
        if commands:
            second = await run_batch(pool, target, commands, timeout)
            names = [z.zonename for z in zones if z.zonename != "global"]
            configs = {n: (o.output, o.exit_status) for n, o in zip(names, second, strict=True)}
        facts = build_facts(target.name, outputs, configs)
    except (HostUnreachable, CommandTimeout) as exc:
        return NodeReading(target, None, str(exc), pool.presented_key(target),
                           time.perf_counter() - started, unreachable=True)
    except (OperatorError, DiscoveryFailed, BatchFramingError, ValueError) as exc:
        return NodeReading(target, None, str(exc), pool.presented_key(target),
                           time.perf_counter() - started)
    return NodeReading(target, facts, None, pool.presented_key(target),
                       time.perf_counter() - started)


async def read_nodes(pool: SSHPool, targets: list[HostTarget], concurrency: int = 64,
                     timeout: float = 60.0) -> list[NodeReading]:
    """Read many nodes concurrently (at most ``concurrency`` at once), in target order."""
    gate = asyncio.Semaphore(concurrency)

    async def one(target: HostTarget) -> NodeReading:
        async with gate:
            return await read_node(pool, target, timeout)

    return list(await asyncio.gather(*(one(t) for t in targets)))
