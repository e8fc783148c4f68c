"""What the NOC wall display shows, read from the repository: pool health, the nodes
that are not up, vServers by state, and the jobs of the last day. No Textual here."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from vdcftui.ops.jobs.states import JobState
from vdcftui.readmodel.nodes import node_state
from vdcftui.readmodel.survival import pool_verdict
from vdcftui.repo import models as m
from vdcftui.repo.queries import tuples

NODE_HEALTH = ("up", "down", "unreachable", "fenced")
"""The four health classes of a node; "down" is every state but up and unreachable."""
JOB_WINDOW = timedelta(hours=24)
"""How far back the NOC looks for failed and rolled-back jobs."""
RUNNING_JOB_STATES = (JobState.RUNNING, JobState.ROLLING_BACK)
FAILED_JOB_STATES = (JobState.FAILED, JobState.INTERRUPTED)
NO_POOL = "(none)"


def node_health(state: str | None, fenced: bool) -> str:
    """up, unreachable, fenced, or down (down, unknown and anything else not up)."""
    shown = node_state(state, fenced)
    return shown if shown in ("up", "unreachable", "fenced") else "down"


@dataclass
class PoolHealth:
    """One pool's nodes by health and vServers running or not."""

    pool: str
    nodes: Counter = field(default_factory=Counter)
    vservers_running: int = 0
    vservers_other: int = 0
    not_n_plus_one: int = 0
    """Nodes whose workload the rest of the pool could not take now (N+1)."""

    @property
    def node_count(self) -> int:
        """Every node of the pool."""
        return sum(self.nodes.values())


def pool_health() -> list[PoolHealth]:
    """Every pool by name, then nodes in no pool (only if there are some)."""
    names = dict(tuples(m.ComputePool.select(m.ComputePool.id, m.ComputePool.name)))
    pools = {name: PoolHealth(name) for name in sorted(names.values())}
    node_pool: dict[int, PoolHealth] = {}
    for node_id, pool, state, fenced in tuples(
        m.Node.select(m.Node.id, m.Node.pool, m.Node.state, m.Node.fenced)
    ):
        health = pools.setdefault(names.get(pool, NO_POOL), PoolHealth(names.get(pool, NO_POOL)))
        health.nodes[node_health(state, fenced)] += 1
        node_pool[node_id] = health
    for node_id, state in tuples(
        m.VServer.select(m.VServer.node, m.VServer.state).where(m.VServer.node.is_null(False))
    ):
        health = node_pool[node_id]
        if state == "running":
            health.vservers_running += 1
        else:
            health.vservers_other += 1
    for name, health in pools.items():
        if name != NO_POOL:
            health.not_n_plus_one = len(pool_verdict(name).unplaceable)
    return list(pools.values())


@dataclass(frozen=True)
class TroubledNode:
    """A node that is not up, and since when it has been seen so (if known)."""

    name: str
    pool: str
    health: str
    state: str
    since: datetime | None
    vservers: int
    model: str | None = None


def troubled_nodes() -> list[TroubledNode]:
    """Nodes down, unreachable or fenced: unreachable first, then down, then fenced."""
    order = {"unreachable": 0, "down": 1, "fenced": 2}
    pools = dict(tuples(m.ComputePool.select(m.ComputePool.id, m.ComputePool.name)))
    carried = Counter(
        node
        for (node,) in tuples(m.VServer.select(m.VServer.node).where(m.VServer.node.is_null(False)))
    )
    found = []
    for node_id, name, pool, state, fenced, seen, model in tuples(
        m.Node.select(
            m.Node.id,
            m.Node.name,
            m.Node.pool,
            m.Node.state,
            m.Node.fenced,
            m.Node.last_discovered,
            m.Node.model,
        )
    ):
        health = node_health(state, fenced)
        if health != "up":
            found.append(
                TroubledNode(
                    name,
                    pools.get(pool, NO_POOL),
                    health,
                    node_state(state, fenced),
                    seen,
                    carried[node_id],
                    model,
                )
            )
    return sorted(found, key=lambda n: (order[n.health], n.name))


def pool_names() -> list[str]:
    """Every compute pool's name, in order."""
    query = m.ComputePool.select(m.ComputePool.name).order_by(m.ComputePool.name)
    return [name for (name,) in tuples(query)]


def vserver_states() -> list[tuple[str, int]]:
    """(state, count) for every state some vServer is in: running first, then by count."""
    counts = Counter(state or "unknown" for (state,) in tuples(m.VServer.select(m.VServer.state)))
    return sorted(counts.items(), key=lambda item: (item[0] != "running", -item[1], item[0]))


@dataclass(frozen=True)
class JobLine:
    """One job as the NOC lists it."""

    job_id: int
    operation: str
    object_name: str
    operator: str
    state: str
    when: datetime | None
    error: str

    def text(self) -> str:
        """'job 12 migrate web01 (alice) rolled back 14:02: why'."""
        when = f" {self.when:%H:%M}" if self.when else ""
        error = f": {self.error}" if self.error else ""
        return (
            f"job {self.job_id} {self.operation} {self.object_name} ({self.operator}) "
            f"{JobState(self.state).label}{when}{error}"
        )


@dataclass(frozen=True)
class JobSummary:
    """Jobs in flight and those that went wrong in the last day."""

    running: list[JobLine]
    queued: int
    failed: list[JobLine]
    rolled_back: list[JobLine]


def _line(job: m.Job) -> JobLine:
    error = job.error.splitlines()[0][:80] if job.error else ""
    return JobLine(
        job.id,
        job.operation,
        job.object_name,
        job.operator,
        job.state,
        job.finished or job.started or job.created,
        error,
    )


def job_summary(now: datetime) -> JobSummary:
    """Running jobs, the queue's length, and failed/interrupted/rolled-back jobs of the
    last 24 h (an interrupted job counts until it is recovered, whenever it stopped)."""
    since = now - JOB_WINDOW
    running = [
        _line(j)
        for j in m.Job.select().where(m.Job.state.in_(RUNNING_JOB_STATES)).order_by(m.Job.id)
    ]
    queued = m.Job.select().where(m.Job.state == JobState.QUEUED).count()
    recent = (m.Job.finished > since) | (m.Job.finished.is_null() & (m.Job.created > since))
    failed = [
        _line(j)
        for j in m.Job.select()
        .where((m.Job.state == JobState.INTERRUPTED) | ((m.Job.state == JobState.FAILED) & recent))
        .order_by(m.Job.id.desc())
    ]
    rolled_back = [
        _line(j)
        for j in m.Job.select()
        .where((m.Job.state == JobState.ROLLED_BACK) & recent)
        .order_by(m.Job.id.desc())
    ]
    return JobSummary(running, queued, failed, rolled_back)
