"""Resource monitoring (F-MRS): CPU and memory of nodes, vServers and pools over a span,
averaged into at most :data:`MAX_POINTS` buckets in SQL so a year of minute samples
stays fast.

The samples are :class:`~vdcftui.repo.models.MetricSample` rows that collectors write:
``object_type`` is ``"node"``, ``"vserver"`` or ``"pool"`` and ``metric`` one of
:data:`METRICS`:

- ``cpu``: CPU in use, in percent (0-100) of the object's capacity: all hardware threads
  of a node; for a vServer, its node's threads (as ``prstat -Z`` reports it); for a
  pool, all threads of its nodes.
- ``memory``: memory in use, in MB: physical memory in use on a node, the resident
  set of a vServer's processes, the sum over a pool's nodes.

A pool without samples of its own is computed from its nodes, bucket by bucket:
memory is the sum of the nodes' averages, CPU the nodes' averages weighted by their
hardware threads (the pool's share of busy threads).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from peewee import ValuesList, fn

from vdcftui.repo import models as m
from vdcftui.repo.queries import tuples

METRICS: dict[str, str] = {"cpu": "%", "memory": "MB"}
"""Metric name -> unit."""
SPANS: dict[str, timedelta] = {
    "hour": timedelta(hours=1),
    "day": timedelta(days=1),
    "month": timedelta(days=30),
    "year": timedelta(days=365),
}
"""The spans a graph shows, ending now."""
OBJECT_TYPES = ("pool", "node", "vserver")
MAX_POINTS = 200
"""Most points of one series: samples are averaged per bucket of span / MAX_POINTS."""

Point = tuple[datetime, float]


@dataclass(frozen=True)
class Series:
    """One metric of one object over a span: averaged points, oldest first."""

    object_type: str
    object_name: str
    metric: str
    span: str
    end: datetime
    points: tuple[Point, ...]
    from_nodes: int = 0
    """For a pool computed from its nodes: how many nodes it has (0 otherwise)."""

    @property
    def bucket(self) -> timedelta:
        """How long each averaged point covers."""
        return SPANS[self.span] / MAX_POINTS

    @property
    def unit(self) -> str:
        """The metric's unit ('%' or 'MB')."""
        return METRICS[self.metric]

    def empty_text(self) -> str:
        """What a graph says instead of an empty plot."""
        return (
            f"no samples for {self.object_name} {self.metric} in the last {self.span}: "
            "collectors record them"
        )


def graph_objects() -> list[tuple[str, str]]:
    """(object type, name) of every pool, node and vServer, in that order."""
    objects = [
        ("pool", name)
        for (name,) in tuples(m.ComputePool.select(m.ComputePool.name).order_by(m.ComputePool.name))
    ]
    objects += [
        ("node", name) for (name,) in tuples(m.Node.select(m.Node.name).order_by(m.Node.name))
    ]
    objects += [
        ("vserver", name)
        for (name,) in tuples(m.VServer.select(m.VServer.name).order_by(m.VServer.name))
    ]
    return objects


def find_object(name: str) -> tuple[str, str] | None:
    """The object a name on the command line means: a node, else a vServer, else a pool."""
    for object_type, model in (("node", m.Node), ("vserver", m.VServer), ("pool", m.ComputePool)):
        if model.select().where(model.name == name).exists():
            return object_type, name
    return None


def _buckets(
    object_type: str, names: list[str], metric: str, start: datetime, end: datetime
) -> dict[str, dict[int, float]]:
    """Object name -> bucket number -> average of the samples in that bucket.

    The bucket bounds go to the database as a VALUES table joined on the time range,
    so each bucket is one range scan of the samples' index, with no per-row date
    arithmetic and no sort (twice as fast as grouping by a computed bucket, and the
    same SQL for SQLite and PostgreSQL)."""
    width = (end - start) / MAX_POINTS
    bounds = [
        (number, start + width * number, start + width * (number + 1))
        for number in range(MAX_POINTS)
    ]
    bounds[-1] = (MAX_POINTS - 1, bounds[-1][1], end + timedelta(microseconds=1))
    table = ValuesList(bounds).cte("bounds", columns=("number", "low", "high"))
    sample = m.MetricSample
    query = (
        sample.select(sample.object_name, table.c.number, fn.AVG(sample.value))
        .join(table, on=(sample.time >= table.c.low) & (sample.time < table.c.high))
        .where(
            (sample.object_type == object_type)
            & sample.object_name.in_(names)
            & (sample.metric == metric)
        )
        .group_by(sample.object_name, table.c.number)
        .with_cte(table)
    )
    averages: dict[str, dict[int, float]] = defaultdict(dict)
    for name, number, average in tuples(query):
        averages[name][number] = average
    return averages


def _pool_nodes(pool: str) -> dict[str, int]:
    """Node name -> hardware threads (1 when unknown) of a pool's nodes."""
    return {
        name: threads or 1
        for name, threads in tuples(
            m.Node.select(m.Node.name, m.Node.cpu_threads)
            .join(m.ComputePool)
            .where(m.ComputePool.name == pool)
        )
    }


def _combine(
    metric: str, per_node: dict[str, dict[int, float]], weights: dict[str, int]
) -> dict[int, float]:
    """A pool's buckets from its nodes': summed memory, thread-weighted CPU."""
    totals: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for name, buckets in per_node.items():
        weight = weights[name] if metric == "cpu" else 1
        for bucket, value in buckets.items():
            totals[bucket][0] += value * weight
            totals[bucket][1] += weight
    if metric == "cpu":
        return {bucket: total / weight for bucket, (total, weight) in totals.items()}
    return {bucket: total for bucket, (total, _) in totals.items()}


def load_series(
    object_type: str, object_name: str, metric: str, span: str = "hour", now: datetime | None = None
) -> Series:
    """The metric of the object over the span ending ``now``, at most MAX_POINTS points,
    each the average of its bucket (a pool without samples: from its nodes)."""
    if metric not in METRICS:
        raise ValueError(f"no metric {metric!r}: one of {', '.join(METRICS)}")
    if span not in SPANS:
        raise ValueError(f"no span {span!r}: one of {', '.join(SPANS)}")
    end = now or datetime.now()
    start = end - SPANS[span]
    buckets = _buckets(object_type, [object_name], metric, start, end).get(object_name, {})
    from_nodes = 0
    if object_type == "pool" and not buckets:
        nodes = _pool_nodes(object_name)
        from_nodes = len(nodes)
        buckets = _combine(metric, _buckets("node", list(nodes), metric, start, end), nodes)
    width = SPANS[span] / MAX_POINTS
    points = tuple((start + width * (bucket + 0.5), buckets[bucket]) for bucket in sorted(buckets))
    return Series(object_type, object_name, metric, span, end, points, from_nodes)
