"""Alerts derived from the repository, for the NOC wall: what an operator must look at.

Nothing is stored: every alert is recomputed from the current rows, so it clears itself
when the cause goes away (a node rediscovered up, a job recovered, a path restored).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from vdcftui.ops.jobs.states import JobState
from vdcftui.readmodel.noc import JOB_WINDOW, node_health, troubled_nodes
from vdcftui.repo import models as m
from vdcftui.repo.queries import tuples

CRITICAL = "critical"
WARNING = "warning"


@dataclass(frozen=True)
class Alert:
    """One condition to act on: how bad, what kind, on which object, since when, and
    (a recorded alert) the operator who acknowledged it."""

    severity: str
    kind: str
    object_name: str
    message: str
    since: datetime | None = None
    acked_by: str | None = None


def _node_alerts() -> list[Alert]:
    alerts = []
    for node in troubled_nodes():
        severity = WARNING if node.health == "fenced" else CRITICAL
        alerts.append(
            Alert(
                severity,
                f"node {node.health}",
                node.name,
                f"node {node.name} ({node.pool}) is {node.state}",
                node.since,
            )
        )
    return alerts


def _job_alerts(now: datetime) -> list[Alert]:
    since = now - JOB_WINDOW
    query = (
        m.Job.select()
        .where(
            (m.Job.state == JobState.INTERRUPTED)
            | ((m.Job.state == JobState.FAILED) & (m.Job.finished > since))
        )
        .order_by(m.Job.id)
    )
    alerts = []
    for job in query:
        advice = ": recover it (vdcftui job recover)" if job.state == JobState.INTERRUPTED else ""
        reason = f": {job.error.splitlines()[0][:60]}" if job.error and not advice else ""
        alerts.append(
            Alert(
                CRITICAL,
                f"job {job.state}",
                job.object_name,
                f"job {job.id} {job.operation} {job.object_name} {job.state}{advice}{reason}",
                job.finished or job.started,
            )
        )
    return alerts


def _stranded_vserver_alerts() -> list[Alert]:
    """vServers on nodes that are not up, one alert per node."""
    stranded: dict[str, list[str]] = defaultdict(list)
    health: dict[str, str] = {}
    for name, node, state, fenced in tuples(
        m.VServer.select(m.VServer.name, m.Node.name, m.Node.state, m.Node.fenced).join(m.Node)
    ):
        node_is = node_health(state, fenced)
        if node_is != "up":
            stranded[node].append(name)
            health[node] = node_is
    alerts = []
    for node, names in sorted(stranded.items()):
        listed = ", ".join(sorted(names)[:5]) + (", ..." if len(names) > 5 else "")
        count = f"{len(names)} vServer{'s' if len(names) != 1 else ''}"
        alerts.append(
            Alert(
                CRITICAL, "vServers stranded", node, f"{count} on {node} ({health[node]}): {listed}"
            )
        )
    return alerts


def _lun_path_alerts() -> list[Alert]:
    query = (
        m.NodeLun.select(m.Node.name, m.Lun.wwn, m.NodeLun.operational_paths, m.NodeLun.total_paths)
        .join(m.Node)
        .switch(m.NodeLun)
        .join(m.Lun)
        .where(m.NodeLun.operational_paths < m.NodeLun.total_paths)
        .order_by(m.Node.name, m.Lun.wwn)
    )
    alerts = []
    for node, wwn, working, total in tuples(query):
        severity = CRITICAL if working == 0 else WARNING
        alerts.append(
            Alert(
                severity,
                "LUN paths degraded",
                node,
                f"LUN {wwn} on {node}: {working} of {total} paths working",
            )
        )
    return alerts


def current_alerts(now: datetime) -> list[Alert]:
    """Every alert, critical first; within a severity nodes, vServers, jobs, LUNs."""
    alerts = _node_alerts() + _stranded_vserver_alerts() + _job_alerts(now) + _lun_path_alerts()
    return sorted(alerts, key=lambda a: a.severity != CRITICAL)
