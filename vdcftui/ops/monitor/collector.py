"""The collectors: every node read in one batched SSH round trip per interval.

Each node is collected by a task of its own under a timeout, so a slow node holds up
nobody; a node whose last collection is still running is not collected again (the
collection due meanwhile is skipped and counted). Each kind of metric has its own
interval (:mod:`vdcftui.ops.monitor.config`); a collection sends the commands of the
kinds that are due in one batch. The samples of all nodes are written together, at
most once a second, and the history is rolled up and pruned every few minutes.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from vdcftui.display import printable
from vdcftui.errors import OperatorError
from vdcftui.ops.alerts.thresholds import ThresholdWatch
from vdcftui.ops.monitor.config import KINDS, MonitorSettings
from vdcftui.ops.monitor.history import prune, roll_up, store_rows
from vdcftui.ops.monitor.samples import Ticks, samples_from
from vdcftui.remote.batch import run_batch
from vdcftui.remote.pool import HostTarget, SSHPool
from vdcftui.repo import models as m
from vdcftui.repo.queries import tuples
from vdcftui.solaris.cmd import monitor as cmd
from vdcftui.solaris.cmd.command import Command

COMMANDS: dict[str, tuple[tuple[str, Command], ...]] = {
    "usage": (
        ("pagesize", cmd.pagesize()),
        ("kstat", cmd.kstat_node()),
        ("prstat", cmd.prstat_zones()),
        ("swap", cmd.swap_s()),
    ),
    "filesystems": (("zfs", cmd.zfs_usage()), ("df", cmd.df_k())),
    "health": (("svcs", cmd.svcs_x()), ("fmadm", cmd.fmadm_faulty())),
}
"""Each kind's commands, by the key the samples are read under."""
TICK_SECONDS = 1.0
"""How often the collectors look for due collections and write the samples taken."""
ROLLUP_SECONDS = 300.0
"""How often the history is rolled up and pruned."""
NODES_SECONDS = 30.0
"""How often the list of nodes (and their vServers' zonepaths) is read again."""


@dataclass
class NodeStatus:
    """What the collectors know of one node: its last collection and what went wrong."""

    collections: int = 0
    skipped: int = 0
    """Collections not started because the one before was still running."""
    failures: int = 0
    """Collections that failed in a row (0 after one that gave samples)."""
    last: datetime | None = None
    seconds: float = 0.0
    error: str | None = None
    problems: list[str] = field(default_factory=list)


Row = tuple[datetime, str, str, str, float]


class Collectors:
    """The collection of every node of the repository, at each kind's interval."""

    def __init__(
        self,
        pool: SSHPool,
        target_for: Callable[[str], HostTarget],
        settings: MonitorSettings,
        clock: Callable[[], float] = time.monotonic,
        watch: ThresholdWatch | None = None,
    ) -> None:
        self.pool = pool
        self.watch = watch
        self._notes: dict[tuple[str, str, str], str] = {}
        self.target_for = target_for
        self.settings = settings
        self.clock = clock
        self.status: dict[str, NodeStatus] = {}
        self._due: dict[str, dict[str, float]] = {}
        self._ticks: dict[str, Ticks] = {}
        self._running: dict[str, asyncio.Task[None]] = {}
        self._rows: list[Row] = []
        self._nodes_read: tuple[float, dict[str, dict[str, str]]] | None = None

    def _nodes(self) -> dict[str, dict[str, str]]:
        """The nodes to collect, read again every :data:`NODES_SECONDS`."""
        now = self.clock()
        if self._nodes_read is None or now - self._nodes_read[0] >= NODES_SECONDS:
            self._nodes_read = (now, self._read_nodes())
        return self._nodes_read[1]

    def _read_nodes(self) -> dict[str, dict[str, str]]:
        """Node name -> {vServer: zonepath} of every node to collect (with an address,
        not fenced, not powered off by an operator)."""
        nodes: dict[str, dict[str, str]] = {
            name: {}
            for (name,) in tuples(
                m.Node.select(m.Node.name).where(
                    m.Node.address.is_null(False)
                    & (m.Node.fenced == False)  # noqa: E712
                    & ((m.Node.power_state != "off") | m.Node.power_state.is_null())
                )
            )
        }
        zones = m.VServer.select(m.VServer.name, m.VServer.zonepath, m.Node.name).join(m.Node)
        for zone, zonepath, node in tuples(zones):
            if node in nodes and zonepath:
                nodes[node][zone] = zonepath
        return nodes

    def start_due(self) -> list[str]:
        """Start the collections that are due; the nodes started."""
        now = self.clock()
        started = []
        for node, zonepaths in self._nodes().items():
            due = self._due.setdefault(node, dict.fromkeys(KINDS, now))
            kinds = [kind for kind in KINDS if due[kind] <= now]
            if not kinds:
                continue
            for kind in kinds:
                due[kind] = now + self.settings.intervals[kind]
            status = self.status.setdefault(node, NodeStatus())
            if node in self._running:
                status.skipped += 1
                continue
            task = asyncio.create_task(self._collect(node, kinds, zonepaths))
            self._running[node] = task
            task.add_done_callback(self._finished)
            started.append(node)
        return started

    def running(self) -> dict[str, asyncio.Task[None]]:
        """The collections under way, by node."""
        return dict(self._running)

    async def finish(self) -> None:
        """Wait for the collections under way."""
        if self._running:
            await asyncio.gather(*self._running.values(), return_exceptions=True)

    def _finished(self, task: asyncio.Task[None]) -> None:
        """Forget a finished collection (the node may be collected again)."""
        for node, running in list(self._running.items()):
            if running is task:
                del self._running[node]

    async def _collect(self, node: str, kinds: list[str], zonepaths: dict[str, str]) -> None:
        """One collection of one node: one batch, its samples kept for the next write."""
        status = self.status[node]
        began = self.clock()
        taken = datetime.now()
        keyed = [entry for kind in kinds for entry in COMMANDS[kind]]
        try:
            target = self.target_for(node)
            outputs = await asyncio.wait_for(
                run_batch(self.pool, target, [c for _, c in keyed], self.settings.timeout),
                self.settings.timeout,
            )
        except (OperatorError, TimeoutError, OSError, ValueError) as exc:  # ValueError: framing
            status.error = printable(str(exc)) or type(exc).__name__
            status.seconds = self.clock() - began
            status.failures += 1
            if self.watch is not None:
                self.watch.collection_failed(node, status.failures, status.error)
            return
        reading = samples_from(
            node,
            {key: (o.output, o.exit_status) for (key, _), o in zip(keyed, outputs, strict=True)},
            zonepaths,
            self._ticks.get(node),
        )
        if reading.ticks is not None:
            self._ticks[node] = reading.ticks
        self._rows += [(taken, *sample) for sample in reading.samples]
        self._notes.update(reading.notes)
        status.collections += 1
        status.failures = 0
        if self.watch is not None:
            self.watch.collection_succeeded(node)
        status.last = taken
        status.error = None
        status.problems = reading.problems
        status.seconds = self.clock() - began

    def write(self) -> int:
        """Write the samples the finished collections took, then judge them against
        the alert levels; how many samples."""
        rows, self._rows = self._rows, []
        notes, self._notes = self._notes, {}
        if not rows:
            return 0
        written = store_rows(rows)
        if self.watch is not None:
            self.watch.judge(rows, notes)
        return written

    def maintain(self) -> None:
        """Roll the history up and drop what the retention no longer keeps."""
        roll_up()
        prune(self.settings.retention)

    async def run(self, stop: asyncio.Event) -> None:
        """Collect until ``stop`` is set; then wait for the collections under way."""
        next_maintenance = self.clock()
        try:
            while not stop.is_set():
                self.start_due()
                self.write()
                if self.clock() >= next_maintenance:
                    self.maintain()
                    next_maintenance = self.clock() + ROLLUP_SECONDS
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), TICK_SECONDS)
        finally:
            await self.finish()
            self.write()


def start_collectors(
    pool: SSHPool,
    target_for: Callable[[str], HostTarget],
    stop: asyncio.Event,
    settings: MonitorSettings,
    watch: ThresholdWatch | None = None,
) -> asyncio.Task[None] | None:
    """The collectors as a task beside the engine's jobs (None when disabled); with
    ``watch``, the samples are judged against the alert levels as they are written."""
    if not settings.enabled:
        return None
    return asyncio.create_task(Collectors(pool, target_for, settings, watch=watch).run(stop))
