"""Automated failover of a failed node (F-HAF): fence it, then restart its HA vServers
on the other nodes of its pool; a job for each, with reasons and timings.

Nothing is restarted before the fence job has succeeded, i.e. before the node's
controller has said off: a workload never runs on two nodes. The restarts go where
the evacuation placement puts them (priority, masters before slaves, most free room);
each is a forced detach in the repository (the node is gone) and, on the target, the
pools imported with -f, the zone configured, attached and booted.
"""

from __future__ import annotations

import asyncio
import json
import time
from datetime import datetime

from vdcftui.errors import OperatorError
from vdcftui.ops.alerts.store import Condition, node_failure_key, raise_alert
from vdcftui.ops.jobs.journal import audit, submit
from vdcftui.ops.jobs.plan import combine
from vdcftui.ops.jobs.states import JobState
from vdcftui.ops.node.power import plan_fence
from vdcftui.ops.placement.load import PoolView, load_pool
from vdcftui.ops.placement.place import place_node
from vdcftui.ops.session import Session
from vdcftui.ops.vserver.detach import force_detach, plan_attach
from vdcftui.repo import models as m

HA_OPERATOR = "ha"
"""Who the audit trail names for what the health watcher does."""
JOB_POLL_SECONDS = 0.2
FINAL = (JobState.SUCCEEDED, JobState.FAILED, JobState.ROLLED_BACK, JobState.CANCELLED)


def ha_session() -> Session:
    """The session the watcher acts in."""
    return Session(HA_OPERATOR)


def refuse(node: m.Node, why: str) -> None:
    """Record once that a failed node is not failed over, and why."""
    health = m.NodeHealth.get(m.NodeHealth.node == node)
    health.reason = f"no failover: {why}"
    health.save(only=[m.NodeHealth.reason])
    audit(ha_session(), "ha no failover", "node", node.name, why)
    raise_alert(
        Condition(
            node_failure_key(node.name),
            "ha",
            "node",
            node.name,
            "critical",
            f"no failover of {node.name}: {why}",
        ),
        notify_again=True,
    )


async def _finished(job_id: int) -> m.Job:
    while True:
        job = m.Job.get_by_id(job_id)
        if job.state in FINAL or job.state == JobState.INTERRUPTED:
            return job
        await asyncio.sleep(JOB_POLL_SECONDS)


def _set(node: m.Node, **values: object) -> None:
    m.NodeHealth.update(**values).where(m.NodeHealth.node == node).execute()


async def fail_over(node_name: str, why: str) -> None:
    """Fence the failed node, then restart its HA vServers elsewhere in its pool."""
    session = ha_session()
    node = m.Node.get(m.Node.name == node_name)
    if node.pool is None:
        refuse(node, f"{node.name} is in no compute pool")
        return
    restart = [
        v.name
        for v in node.vservers.where(
            (m.VServer.ha_enabled == True) & (m.VServer.state == "running")  # noqa: E712
        ).order_by(m.VServer.name)
    ]
    _set(node, restart=json.dumps(restart))
    timings: dict[str, float] = {}
    started = time.monotonic()
    try:
        fence = submit(session, plan_fence(node.name, f"HA: {why}", HA_OPERATOR))
    except OperatorError as exc:
        refuse(node, f"cannot fence {node.name}: {exc}")
        return
    _set(node, fence_job=fence.id)
    fence = await _finished(fence.id)
    timings["fence"] = time.monotonic() - started
    if fence.state != JobState.SUCCEEDED:
        refuse(node, f"fence job {fence.id} {fence.state}: {fence.error}; nothing restarted")
        return
    _set(node, state="fenced", since=datetime.now(), reason=f"fenced by job {fence.id}")
    if not restart:
        audit(session, "ha failover", "node", node.name, json.dumps({"fence_job": fence.id}))
        return
    placed = time.monotonic()
    view = load_pool(node.pool, [node.name])
    ha_only = [w for w in view.workloads[node.name] if w.name in restart]
    view = PoolView(view.pool, view.hosts, {node.name: ha_only})
    placement = place_node(view, node.name)
    timings["placement"] = time.monotonic() - placed
    for name, reason in placement.unplaced:
        audit(session, "ha not restarted", "vserver", name, f"from {node.name}: {reason}")
    if not placement.moves:
        refuse(node, "none of its HA vServers can be placed on the rest of its pool")
        return
    restarting = time.monotonic()
    plans = []
    for move in placement.moves:
        force_detach(session, move.name)
        try:
            plans.append(plan_attach(move.name, move.target, boot=True))
        except OperatorError as exc:  # left detached, for `vserver attach` by hand
            audit(session, "ha not restarted", "vserver", move.name, f"{move.target}: {exc}")
    if not plans:
        refuse(node, "no restart of its HA vServers could be planned")
        return
    job = submit(session, combine("failover", "node", node.name, plans))
    _set(node, restart_job=job.id)
    job = await _finished(job.id)
    timings["restart"] = time.monotonic() - restarting
    detail = {
        "reason": why,
        "fence_job": fence.id,
        "restart_job": job.id,
        "restart_state": str(job.state),
        "moves": [f"{move.name} -> {move.target}" for move in placement.moves],
        "seconds": {k: round(v, 3) for k, v in timings.items()},
    }
    audit(session, "ha failover", "node", node.name, json.dumps(detail), job)
