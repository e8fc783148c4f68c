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
    valid_zonename,
    zonecfg_commands,
    zonecfg_commands_for,
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


async def read_node(
    pool: SSHPool, target: HostTarget, timeout: float = 60.0, known_zones: list[str] | None = None
) -> NodeReading:
    """Read one node; never raises for a node-level failure, it is reported instead.

    The configurations of the zones the repository already knows on this node travel
    in the first batch, so a re-discovery needs one round trip; only zones that are
    new on the node need a second one.
    """
    started = time.perf_counter()
    try:
        keys = list(PROBE_COMMANDS)
        commands = [PROBE_COMMANDS[k] for k in keys]
        # names the repository holds from before they were checked are not sent
        known = [name for name in known_zones or [] if valid_zonename(name)]
        commands += zonecfg_commands_for(known)
        first = await run_batch(pool, target, commands, timeout)
        outputs = {key: (o.output, o.exit_status) for key, o in zip(keys, first, strict=False)}
        configs = {
            name: (o.output, o.exit_status)
            for name, o in zip(known, first[len(keys) :], strict=True)
        }
        zone_text, zone_status = outputs["zones"]
        zones = p.parse_zoneadm_list_p(zone_text) if zone_status == 0 else []
        new = [
            z
            for z in zones
            if z.zonename != "global" and z.zonename not in configs and valid_zonename(z.zonename)
        ]
        if new:
            second = await run_batch(pool, target, zonecfg_commands(new), timeout)
            configs.update(
                {z.zonename: (o.output, o.exit_status) for z, o in zip(new, second, strict=True)}
            )
        facts = build_facts(target.name, outputs, configs)
    except (HostUnreachable, CommandTimeout) as exc:
        return NodeReading(
            target,
            None,
            str(exc),
            pool.presented_key(target),
            time.perf_counter() - started,
            unreachable=True,
        )
    except (OperatorError, DiscoveryFailed, BatchFramingError, ValueError) as exc:
        return NodeReading(
            target, None, str(exc), pool.presented_key(target), time.perf_counter() - started
        )
    return NodeReading(
        target, facts, None, pool.presented_key(target), time.perf_counter() - started
    )


async def read_nodes(
    pool: SSHPool,
    targets: list[HostTarget],
    concurrency: int = 64,
    timeout: float = 60.0,
    known_zones: dict[str, list[str]] | None = None,
) -> list[NodeReading]:
    """Read many nodes concurrently (at most ``concurrency`` at once), in target order;
    ``known_zones`` gives, per node, the zones the repository expects there."""
    gate = asyncio.Semaphore(concurrency)
    known_zones = known_zones or {}

    async def one(target: HostTarget) -> NodeReading:
        async with gate:
            return await read_node(pool, target, timeout, known_zones.get(target.name))

    return list(await asyncio.gather(*(one(t) for t in targets)))
