"""Resource monitoring (F-MRS): the metrics of nodes, vServers, datasets and pools over
a span, averaged into at most :data:`MAX_POINTS` buckets in SQL so a year stays fast.

The samples are :class:`~vdcftui.repo.models.MetricSample` rows that the collectors
(:mod:`vdcftui.ops.monitor`) write, rolled up into hourly and daily
:class:`~vdcftui.repo.models.MetricRollup` rows: an hour or day view reads raw
samples, a month view hourly rollups, a year view daily ones (each completed by the
finer rows of the time not rolled up yet). ``object_type`` is ``"node"``,
``"vserver"``, ``"dataset"`` or ``"pool"`` and ``metric`` one of :data:`METRICS`:

- ``cpu``: CPU in use, in percent (0-100) of the object's capacity: all hardware threads
  of a node; for a vServer, its node's threads (as ``prstat -Z`` reports it); for a
  pool, all threads of its nodes.
- ``memory``: memory in use, in MB: physical memory in use on a node, the resident
  set of a vServer's processes, the sum over a pool's nodes.
- ``swap``: swap in use on a node (allocated and reserved, ``swap -s``), in MB.
- ``disk``: the file system in use, in percent: a vServer's zonepath, a dataset's pool.
- ``services``: SMF services in maintenance on a node (``svcs -x``).
- ``faults``: hardware faults a node's fault manager holds (``fmadm faulty``).

A pool without samples of its own is computed from its nodes, bucket by bucket:
memory is the sum of the nodes' averages, CPU the nodes' averages weighted by their
hardware threads (the pool's share of busy threads).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from peewee import ModelSelect, ValuesList, fn

from vdcftui.ops.monitor.history import rolled_until
from vdcftui.repo import models as m
from vdcftui.repo.queries import tuples

METRICS: dict[str, str] = {
    "cpu": "%",
    "memory": "MB",
    "swap": "MB",
    "disk": "%",
    "services": "in maintenance",
    "faults": "faults",
}
"""Metric name -> unit."""
SPANS: dict[str, timedelta] = {
    "hour": timedelta(hours=1),
    "day": timedelta(days=1),
    "month": timedelta(days=30),
    "year": timedelta(days=365),
}
"""The spans a graph shows, ending now."""
OBJECT_TYPES = ("pool", "node", "vserver", "dataset")
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
    extremes: tuple[tuple[float, float], ...] = ()
    """(least, greatest) sample of each point's bucket (empty for a computed pool)."""
    counts: tuple[int, ...] = ()
    """How many samples each point averages (empty for a computed pool)."""

    def average(self) -> float | None:
        """The mean over the span: of the samples where they are counted, else of the
        points (buckets hold different numbers of samples)."""
        values = [value for _, value in self.points]
        if not values:
            return None
        total: int = sum(self.counts) if len(self.counts) == len(values) else 0
        if total:
            weighted = sum(v * c for v, c in zip(values, self.counts, strict=True))
            return float(weighted) / total
        return sum(values) / len(values)

    @property
    def bucket(self) -> timedelta:
        """How long each averaged point covers."""
        return SPANS[self.span] / MAX_POINTS

    @property
    def unit(self) -> str:
        """The metric's unit ('%', 'MB', or what it counts)."""
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


Bucket = tuple[float, int, float, float]
"""Sum, count, least and greatest value of the samples in one bucket."""


def _bounds(start: datetime, end: datetime) -> list[tuple[int, datetime, datetime]]:
    """(number, low, high) of the MAX_POINTS buckets between start and end."""
    width = (end - start) / MAX_POINTS
    bounds = [
        (number, start + width * number, start + width * (number + 1))
        for number in range(MAX_POINTS)
    ]
    bounds[-1] = (MAX_POINTS - 1, bounds[-1][1], end + timedelta(microseconds=1))
    return bounds


def _source_buckets(
    source: str,
    object_type: str,
    names: list[str],
    metric: str,
    bounds: list[tuple[int, datetime, datetime]],
    low: datetime,
    high: datetime,
) -> dict[str, dict[int, Bucket]]:
    """Object name -> bucket number -> (sum, count, min, max) of one source (``raw``
    samples, ``hour`` or ``day`` rollups) within [low, high).

    The bucket bounds go to the database as a VALUES table joined on the time range,
    so each bucket is one range scan of the index, with no per-row date arithmetic and
    no sort (twice as fast as grouping by a computed bucket, and the same SQL for
    SQLite and PostgreSQL)."""
    table = ValuesList(bounds).cte("bounds", columns=("number", "low", "high"))
    query: ModelSelect[Any]
    if source == "raw":
        sample = m.MetricSample
        query = sample.select(
            sample.object_name,
            table.c.number,
            fn.SUM(sample.value),
            fn.COUNT(sample.value),
            fn.MIN(sample.value),
            fn.MAX(sample.value),
        ).where(sample.time >= low, sample.time < high)
        model: type[m.MetricSample] | type[m.MetricRollup] = sample
    else:
        rollup = m.MetricRollup
        query = rollup.select(
            rollup.object_name,
            table.c.number,
            fn.SUM(rollup.total),
            fn.SUM(rollup.count),
            fn.MIN(rollup.minimum),
            fn.MAX(rollup.maximum),
        ).where(rollup.period == source, rollup.time >= low, rollup.time < high)
        model = rollup
    query = (
        query.join(table, on=(model.time >= table.c.low) & (model.time < table.c.high))
        .where(
            (model.object_type == object_type)
            & model.object_name.in_(names)
            & (model.metric == metric)
        )
        .group_by(model.object_name, table.c.number)
        .with_cte(table)
    )
    found: dict[str, dict[int, Bucket]] = defaultdict(dict)
    for name, number, total, count, low_value, high_value in tuples(query):
        found[name][number] = (total, count, low_value, high_value)
    return found


def _sources(span: str, start: datetime, end: datetime) -> list[tuple[str, datetime, datetime]]:
    """Which resolution covers which part of the span: daily rollups (a year view),
    hourly rollups (month and year views), raw samples for the rest, the hours not
    rolled up yet included. An hour or day view reads raw samples only."""
    if span in ("hour", "day"):
        return [("raw", start, end + timedelta(microseconds=1))]
    parts = []
    low = start
    for period in ("day", "hour") if span == "year" else ("hour",):
        until = rolled_until(period)
        if until is not None and until > low:
            parts.append((period, low, min(until, end)))
            low = min(until, end)
    parts.append(("raw", low, end + timedelta(microseconds=1)))
    return parts


def _buckets(
    object_type: str, names: list[str], metric: str, span: str, start: datetime, end: datetime
) -> dict[str, dict[int, Bucket]]:
    """Object name -> bucket number -> (sum, count, min, max), from the resolutions the
    span needs (:func:`_sources`)."""
    bounds = _bounds(start, end)
    merged: dict[str, dict[int, Bucket]] = defaultdict(dict)
    for source, low, high in _sources(span, start, end):
        if low >= high:
            continue
        found = _source_buckets(source, object_type, names, metric, bounds, low, high)
        for name, buckets in found.items():
            mine = merged[name]
            for number, (total, count, least, most) in buckets.items():
                if number in mine:
                    before = mine[number]
                    total, count = total + before[0], count + before[1]
                    least, most = min(least, before[2]), max(most, before[3])
                mine[number] = (total, count, least, most)
    return merged


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
    metric: str, per_node: dict[str, dict[int, Bucket]], weights: dict[str, int]
) -> dict[int, float]:
    """A pool's buckets from its nodes': summed memory, thread-weighted CPU."""
    totals: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for name, buckets in per_node.items():
        weight = weights[name] if metric == "cpu" else 1
        for bucket, (total, count, _, _) in buckets.items():
            totals[bucket][0] += total / count * weight
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
    buckets = _buckets(object_type, [object_name], metric, span, start, end).get(object_name, {})
    width = SPANS[span] / MAX_POINTS
    if object_type == "pool" and not buckets:
        nodes = _pool_nodes(object_name)
        averages = _combine(metric, _buckets("node", list(nodes), metric, span, start, end), nodes)
        points = tuple(
            (start + width * (bucket + 0.5), averages[bucket]) for bucket in sorted(averages)
        )
        return Series(object_type, object_name, metric, span, end, points, len(nodes))
    ordered = sorted(buckets)
    points = tuple(
        (start + width * (bucket + 0.5), buckets[bucket][0] / buckets[bucket][1])
        for bucket in ordered
    )
    extremes = tuple((buckets[bucket][2], buckets[bucket][3]) for bucket in ordered)
    counts = tuple(int(buckets[bucket][1]) for bucket in ordered)
    return Series(
        object_type, object_name, metric, span, end, points, extremes=extremes, counts=counts
    )
