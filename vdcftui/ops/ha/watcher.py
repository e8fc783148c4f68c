"""The health watcher: from keep-alives to up, suspect, failed; failover of the failed.

Every ``keepalive_interval`` it looks at the nodes of the pools that opted in. A node
silent for ``suspect_after`` seconds is *suspect*; the watcher then asks its system
controller and probes its SSH. The controller saying off makes it *failed*; so does
every check failing (no keep-alive, no SSH, no answer from the controller) for
``failed_after`` seconds. A node that is heard again is up. When more than
``partition_share`` of a pool's watched nodes are silent together, the management
network is the likelier culprit: nothing is fenced, and one alert says so.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from vdcftui.errors import OperatorError
from vdcftui.ops.alerts.store import (
    Condition,
    clear_alert,
    node_failure_key,
    partition_key,
    raise_alert,
)
from vdcftui.ops.ha.config import HaSettings
from vdcftui.ops.ha.failover import fail_over, ha_session, refuse
from vdcftui.ops.ha.keepalive import Heard
from vdcftui.ops.jobs.journal import audit
from vdcftui.ops.node.power import PowerReading, read_power
from vdcftui.remote.pool import HostTarget, SSHPool
from vdcftui.repo import models as m

PROBE_SECONDS = 20.0
"""How long one probe (controller and SSH) may take before it counts as failed."""


@dataclass
class Watcher:
    """The state the watcher keeps between looks (the rest is in ``node_health``)."""

    settings: HaSettings
    heard: Heard
    pool: SSHPool
    target_for: Callable[[str], HostTarget]
    started: datetime = field(default_factory=datetime.now)
    partitioned: set[str] = field(default_factory=set)
    """Pools whose partition alert has been given and not yet cleared."""
    failovers: dict[str, asyncio.Task[None]] = field(default_factory=dict)

    async def look(self) -> None:
        """One look at every node of every HA pool."""
        # every query is read whole before its rows are used: a query left
        # mid-iteration keeps a read transaction open on the engine's one connection,
        # and a write on it (here, or by a failover task while this one awaits) then
        # fails at once with "database is locked" if another process wrote meanwhile
        pools = list(m.ComputePool.select().where(m.ComputePool.ha_enabled == True))  # noqa: E712
        for ha_pool in pools:
            await self._look_at_pool(ha_pool)

    def _silence(self, node: m.Node, now: datetime) -> float:
        last = self.heard.last.get(node.name)
        baseline = max(last, self.started) if last else self.started
        return (now - baseline).total_seconds()

    async def _look_at_pool(self, ha_pool: m.ComputePool) -> None:
        now = datetime.now()
        rows = {}
        watched = []
        for node in list(ha_pool.nodes.order_by(m.Node.name)):  # read whole: see look()
            row, _ = m.NodeHealth.get_or_create(node=node, defaults={"since": now})
            if node.name in self.heard.last:
                row.last_keepalive = self.heard.last[node.name]
                row.save(only=[m.NodeHealth.last_keepalive])
            rows[node.name] = row
            if node.fenced and row.state != "fenced":
                _move(row, "fenced", node.fence_reason or "fenced")
            if not node.fenced and row.state == "fenced":
                _move(row, "up", "fence cleared")
            last = self.heard.last.get(node.name)
            heard = last is not None and (now - last).total_seconds() <= self.settings.suspect_after
            if row.state == "failed" and heard and self._refused(node.name, row):
                _move(row, "up", "keep-alives heard again (it was never fenced)")
            # a node discovered down, or powered off by an operator, sends nothing
            if (
                row.state not in ("fenced", "failed")
                and node.state == "up"
                and node.power_state != "off"
            ):
                watched.append(node)
        silent = [n for n in watched if self._silence(n, now) > self.settings.suspect_after]
        if watched and len(silent) / len(watched) > self.settings.partition_share:
            self._partition(ha_pool, silent, watched, rows)
            return
        if ha_pool.name in self.partitioned:
            self.partitioned.discard(ha_pool.name)
            audit(ha_session(), "ha alert cleared", "pool", ha_pool.name, "keep-alives heard again")
            clear_alert(partition_key(ha_pool.name), "keep-alives heard again")
        for node in watched:
            row = rows[node.name]
            quiet = self._silence(node, now)
            if node not in silent:
                if row.state == "suspect":
                    _move(row, "up", "keep-alives heard again")
            elif row.state == "up":
                _move(row, "suspect", f"no keep-alive for {quiet:.0f} s")
            else:
                await self._probe(node, row, quiet)

    def _refused(self, name: str, row: m.NodeHealth) -> bool:
        """Whether a failed node's failover was refused before any fence job."""
        task = self.failovers.get(name)
        return row.fence_job is None and (task is None or task.done())

    def _partition(
        self, ha_pool: m.ComputePool, silent: list[m.Node], watched: list[m.Node], rows: dict
    ) -> None:
        for node in silent:
            if rows[node.name].state == "up":
                _move(rows[node.name], "suspect", "silent with most of its pool: network?")
        if ha_pool.name in self.partitioned:
            return
        self.partitioned.add(ha_pool.name)
        names = ", ".join(n.name for n in silent)
        message = (
            f"{len(silent)} of {len(watched)} nodes of {ha_pool.name} went silent together "
            f"({names}), more than {self.settings.partition_share:.0%}: the management network "
            "is suspected, not the nodes; nothing is fenced or failed over"
        )
        audit(ha_session(), "ha alert", "pool", ha_pool.name, message)
        raise_alert(
            Condition(partition_key(ha_pool.name), "ha", "pool", ha_pool.name, "critical", message)
        )

    async def _probe(self, node: m.Node, row: m.NodeHealth, quiet: float) -> None:
        try:
            reading = await asyncio.wait_for(
                read_power(node.name, self.pool, self.target_for), PROBE_SECONDS
            )
        except (OperatorError, TimeoutError) as exc:
            reading = PowerReading(node.name, None, None, str(exc) or "timed out", False, "")
        if reading.power == "off":
            self._fail(node, row, f"its controller {reading.controller} says off")
        elif reading.answers:
            row.reason = f"no keep-alive for {quiet:.0f} s, but SSH answers"
            row.save(only=[m.NodeHealth.reason])
        elif reading.power == "on":
            row.reason = f"no keep-alive, no SSH ({reading.why_not}); controller says on"
            row.save(only=[m.NodeHealth.reason])
        elif (datetime.now() - row.since).total_seconds() >= self.settings.failed_after:
            self._fail(
                node,
                row,
                f"no keep-alive, no SSH and no answer from its controller for "
                f"{self.settings.failed_after:.0f} s",
                controller_silent=f"{reading.controller or 'none registered'}: {reading.said}",
            )
        else:
            row.reason = f"every check fails (controller: {reading.said})"
            row.save(only=[m.NodeHealth.reason])

    def take_up(self) -> None:
        """Go on with each failover an earlier engine began and did not end."""
        query = m.NodeHealth.select(m.NodeHealth, m.Node).join(m.Node)
        for row in list(query.where(m.NodeHealth.failover_why != "")):  # read whole: see look()
            audit(ha_session(), "ha failover taken up", "node", row.node.name, row.failover_why)
            self._start_failover(row.node.name, row.failover_why)

    def _start_failover(self, name: str, why: str) -> None:
        self.failovers[name] = asyncio.create_task(self._fail_over_until_ended(name, why))

    async def _fail_over_until_ended(self, name: str, why: str) -> None:
        """Fail the node over; an error (the repository briefly unwritable) is recorded
        and the failover taken up again where it stopped, never dropped half-way."""
        while True:
            try:
                await fail_over(name, why)
                return
            except Exception as exc:
                with contextlib.suppress(Exception):
                    audit(ha_session(), "ha failover error", "node", name, f"{exc}; again")
            await asyncio.sleep(self.settings.keepalive_interval)

    def _fail(
        self, node: m.Node, row: m.NodeHealth, why: str, controller_silent: str | None = None
    ) -> None:
        # the reason is saved with the state: an engine killed from here on is followed
        # by one that takes the failover up
        _move(row, "failed", why, failover_why=why if controller_silent is None else "")
        if controller_silent is None:
            raise_alert(
                Condition(
                    node_failure_key(node.name),
                    "ha",
                    "node",
                    node.name,
                    "critical",
                    f"{node.name} failed ({why}): fencing it and restarting its HA vServers "
                    "elsewhere",
                )
            )
        else:
            refuse(
                node,
                f"{node.name} failed ({why}); fencing cannot be confirmed without its "
                f"controller ({controller_silent}), so its vServers are not restarted "
                "elsewhere",
            )
            return
        self._start_failover(node.name, why)

    async def close(self) -> None:
        """Let running failovers end (they wait on jobs of this engine: cancel them)."""
        for task in self.failovers.values():
            task.cancel()
        for task in self.failovers.values():
            with contextlib.suppress(asyncio.CancelledError):
                await task


def _move(row: m.NodeHealth, state: str, reason: str, failover_why: str | None = None) -> None:
    row.state, row.since, row.reason = state, datetime.now(), reason
    fields = [m.NodeHealth.state, m.NodeHealth.since, m.NodeHealth.reason]
    if failover_why is not None:
        row.failover_why = failover_why
        fields.append(m.NodeHealth.failover_why)
    row.save(only=fields)
    audit(ha_session(), f"ha {state}", "node", row.node.name, reason)
    if state == "up":
        clear_alert(node_failure_key(row.node.name), reason)
