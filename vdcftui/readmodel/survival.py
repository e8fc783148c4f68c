"""N+1 at a glance, for the pools view and the NOC: which nodes of each pool carry a
workload the rest of the pool could not take now (`pool survive`'s verdict).

Placing every node's workload costs about a second and a half for a pool of 100
nodes, too much for every refresh of a view; each pool's verdict is kept until the
repository shows a change that can alter it (a node's state or fencing, a discovery,
a job's end, a lock, an audited change such as a priority) and is computed again
then."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from peewee import fn

from vdcftui.errors import OperatorError
from vdcftui.ops.placement.place import pool_survival
from vdcftui.repo import models as m
from vdcftui.repo.queries import tuples


@dataclass(frozen=True)
class PoolVerdict:
    """Whether a pool survives losing any one node: the nodes whose workload could not
    be placed, or why the check could not run."""

    unplaceable: tuple[str, ...]
    error: str | None = None

    @property
    def text(self) -> str:
        """'yes', 'no: node04', 'no: 3 nodes' or 'unknown'."""
        if self.error:
            return "unknown"
        if not self.unplaceable:
            return "yes"
        if len(self.unplaceable) == 1:
            return f"no: {self.unplaceable[0]}"
        return f"no: {len(self.unplaceable)} nodes"


_cache: dict[tuple[str, str], tuple[tuple[Any, ...], PoolVerdict]] = {}


def pool_verdict(pool: str) -> PoolVerdict:
    """The pool's N+1 verdict, computed again only when the repository changed."""
    key = (str(getattr(m.database_proxy.obj, "database", "")), pool)
    mark = _change_mark()
    kept = _cache.get(key)
    if kept is not None and kept[0] == mark:
        return kept[1]
    try:
        rows = pool_survival(pool)
        verdict = PoolVerdict(tuple(row.node for row in rows if not row.placeable))
    except OperatorError as exc:
        verdict = PoolVerdict((), str(exc))
    _cache[key] = (mark, verdict)
    return verdict


def _change_mark() -> tuple[Any, ...]:
    """What changes whenever a placement could: node states and fencing, the last
    discovery of nodes, vServers and GDoms, the last job to end, the locks held, the
    last audited change."""
    nodes = tuple(
        tuples(
            m.Node.select(m.Node.state, m.Node.fenced, fn.COUNT(m.Node.id), fn.MAX(m.Node.id))
            .group_by(m.Node.state, m.Node.fenced)
            .order_by(m.Node.state, m.Node.fenced)
        )
    )
    seen = tuple(
        next(iter(tuples(model.select(fn.MAX(model.last_discovered), fn.COUNT(model.id)))))
        for model in (m.Node, m.VServer, m.GDom)
    )
    jobs = next(iter(tuples(m.Job.select(fn.MAX(m.Job.finished), fn.MAX(m.Job.id)))))
    locks = next(iter(tuples(m.Lock.select(fn.COUNT(m.Lock.id), fn.MAX(m.Lock.id)))))
    audited = next(iter(tuples(m.AuditRecord.select(fn.MAX(m.AuditRecord.id)))))
    return (nodes, seen, jobs, locks, audited)
