"""Automated failover of a failed node (F-HAF): fence it, then restart its HA vServers
on the other nodes of its pool; a job for each, with reasons and timings.

Nothing is restarted before the fence job has succeeded, i.e. before the node's
controller has said off: a workload never runs on two nodes. The restarts go where
the evacuation placement puts them (priority, masters before slaves, most free room);
each is a forced detach in the repository (the node is gone) and, on the target, the
pools imported with -f, the zone configured, attached and booted.

A failover outlives the engine that began it: ``node_health`` keeps its reason and its
two jobs, and the next engine takes it up where it stopped (:func:`fail_over` with the
row as it was left). A job of it that was interrupted is waited for until an operator
recovers it (`vdcftui job recover N`); nothing is submitted twice.
"""

from __future__ import annotations

import asyncio
import json
import time
from datetime import datetime

from vdcftui.errors import OperatorError
from vdcftui.ops.alerts.store import Condition, node_failure_key, raise_alert
from vdcftui.ops.jobs.journal import audit, submit
from vdcftui.ops.jobs.plan import Plan, combine
from vdcftui.ops.jobs.states import JobState
from vdcftui.ops.node.power import plan_fence
from vdcftui.ops.placement.load import PoolView, load_pool
from vdcftui.ops.placement.place import place_node
from vdcftui.ops.session import Session
from vdcftui.ops.vserver.detach import force_detach, plan_attach
from vdcftui.repo import models as m
from vdcftui.repo.queries import transaction

HA_OPERATOR = "ha"
"""Who the audit trail names for what the health watcher does."""
JOB_POLL_SECONDS = 0.2
FINAL = (JobState.SUCCEEDED, JobState.FAILED, JobState.ROLLED_BACK, JobState.CANCELLED)


def ha_session() -> Session:
    """The session the watcher acts in."""
    return Session(HA_OPERATOR)


def refuse(node: m.Node, why: str) -> None:
    """Record once that a failed node is not failed over, and why (the failover ends)."""
    health = m.NodeHealth.get(m.NodeHealth.node == node)
    health.reason = f"no failover: {why}"
    health.failover_why = ""
    health.save(only=[m.NodeHealth.reason, m.NodeHealth.failover_why])
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


async def _finished(job_id: int, node: m.Node) -> m.Job:
    """The job once it has ended; an interrupted one (its engine died) is waited for
    until an operator recovers it, and the node's health says so."""
    told = False
    while True:
        job = m.Job.get_by_id(job_id)
        if job.state in FINAL:
            return job
        if job.state == JobState.INTERRUPTED and not told:
            waiting = f"failover waits for job {job_id}, interrupted: vdcftui job recover {job_id}"
            _set(node, reason=waiting)
            audit(ha_session(), "ha failover waits", "node", node.name, waiting)
            told = True
        await asyncio.sleep(JOB_POLL_SECONDS)


def _set(node: m.Node, **values: object) -> None:
    m.NodeHealth.update(**values).where(m.NodeHealth.node == node).execute()


def _moves(job: m.Job) -> list[str]:
    """``VSERVER -> NODE`` for each restart of a failover job, in its order."""
    plan = Plan.from_json(job.plan)
    return [f"{part.object_name} -> {plan.steps[part.first - 1].host}" for part in plan.parts]


def _health(node: m.Node) -> m.NodeHealth:
    return m.NodeHealth.get(m.NodeHealth.node == node)


def _submit_fence(session: Session, node: m.Node, why: str) -> int | None:
    """Record the HA vServers to restart and submit the fence, in one transaction; None
    when the fence cannot be submitted (refused, and the failover ended)."""
    restart = [
        v.name
        for v in node.vservers.where(
            (m.VServer.ha_enabled == True) & (m.VServer.state == "running")  # noqa: E712
        ).order_by(m.VServer.name)
    ]
    try:
        with transaction():
            fence = submit(session, plan_fence(node.name, f"HA: {why}", HA_OPERATOR))
            _set(node, restart=json.dumps(restart), fence_job=fence.id)
    except OperatorError as exc:
        refuse(node, f"cannot fence {node.name}: {exc}")
        return None
    return fence.id


def _submit_restart(
    session: Session, node: m.Node, restart: list[str], timings: dict[str, float]
) -> int | None:
    """Place the HA vServers, detach them from the fenced node in the repository and
    submit their restart, all in one transaction; None when nothing can be restarted
    (refused, and the failover ended)."""
    assert node.pool is not None
    placing = time.monotonic()
    view = load_pool(node.pool, [node.name])
    ha_only = [w for w in view.workloads[node.name] if w.name in restart]
    view = PoolView(view.pool, view.hosts, {node.name: ha_only})
    placement = place_node(view, node.name)
    timings["placement"] = time.monotonic() - placing
    for name, reason in placement.unplaced:
        audit(session, "ha not restarted", "vserver", name, f"from {node.name}: {reason}")
    if not placement.moves:
        refuse(node, "none of its HA vServers can be placed on the rest of its pool")
        return None
    with transaction():
        plans = []
        for move in placement.moves:
            force_detach(session, move.name)
            try:
                plans.append(plan_attach(move.name, move.target, boot=True))
            except OperatorError as exc:  # left detached, for `vserver attach` by hand
                audit(session, "ha not restarted", "vserver", move.name, f"{move.target}: {exc}")
        if plans:
            job = submit(session, combine("failover", "node", node.name, plans))
            _set(node, restart_job=job.id)
    if not plans:
        refuse(node, "no restart of its HA vServers could be planned")
        return None
    return job.id


async def fail_over(node_name: str, why: str) -> None:
    """Fence the failed node, then restart its HA vServers elsewhere in its pool; go on
    from the jobs ``node_health`` records when an earlier engine began it."""
    session = ha_session()
    node = m.Node.get(m.Node.name == node_name)
    if node.pool is None:
        refuse(node, f"{node.name} is in no compute pool")
        return
    timings: dict[str, float] = {}
    started = time.monotonic()
    fence_id = _health(node).fence_job
    if fence_id is None:
        fence_id = _submit_fence(session, node, why)
        if fence_id is None:
            return
    fence = await _finished(fence_id, node)
    timings["fence"] = time.monotonic() - started
    if fence.state != JobState.SUCCEEDED:
        refuse(node, f"fence job {fence.id} {fence.state}: {fence.error}; nothing restarted")
        return
    health = _health(node)
    if health.restart_job is None:
        _set(node, state="fenced", since=datetime.now(), reason=f"fenced by job {fence.id}")
    restart = json.loads(health.restart)
    detail: dict[str, object] = {"reason": why, "fence_job": fence.id}
    job = None
    if restart:
        restart_id = health.restart_job or _submit_restart(session, node, restart, timings)
        if restart_id is None:
            return
        restarting = time.monotonic()
        job = await _finished(restart_id, node)
        timings["restart"] = time.monotonic() - restarting
        detail["restart_job"] = job.id
        detail["restart_state"] = str(job.state)
        detail["moves"] = _moves(job)
    detail["seconds"] = {k: round(v, 3) for k, v in timings.items()}
    with transaction():  # ended once, with its record
        _set(node, failover_why="")
        audit(session, "ha failover", "node", node.name, json.dumps(detail), job)
