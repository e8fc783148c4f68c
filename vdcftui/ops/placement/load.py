"""A compute pool read from the repository in a few bulk queries into plain objects.

Placement then computes in memory: no query runs per vServer or per candidate node.
Only the LUNs the moving workloads need are read, and only for the pool's nodes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from peewee import JOIN

from vdcftui.ops.placement.capacity import Demand, NodeCapacity
from vdcftui.ops.placement.guests import GuestNeeds, guest_needs
from vdcftui.ops.placement.rules import LunNeed, Release
from vdcftui.repo import models as m

VSERVER_COMMITTED = ("running", "installed")
"""vServer states whose caps count on their node, and that a placement moves."""
GDOM_COMMITTED = ("active", "bound")
"""GDom states that hold CPUs and memory on their CDom, and that a placement moves."""


@dataclass(frozen=True)
class Host:
    """A node of the pool, as a source of workloads and as a place to go."""

    name: str
    kind: str
    state: str
    fenced: bool
    refused_as_boot_target: bool
    invalid_reason: str | None
    release: Release
    cpu_type: str | None
    cdom: bool
    """Whether it is a control domain running the Logical Domains Manager."""
    capacity: NodeCapacity
    luns: frozenset[int]
    """The LUNs it sees, among those the moving workloads need."""
    vds: frozenset[str] = frozenset()
    """The disk services its GDoms use (a control domain's, as far as the repository
    knows them; empty: not known)."""
    vsw: frozenset[str] = frozenset()
    """The virtual switches its GDoms use (likewise)."""

    def unavailable(self) -> str | None:
        """Why no workload may be placed here, or None."""
        if self.state != "up":
            return f"{self.name} is {self.state}"
        if self.fenced:
            return f"{self.name} is fenced"
        if self.refused_as_boot_target:
            return f"{self.name} is refused as a boot target"
        if self.invalid_reason:
            return f"{self.name} is refused ({self.invalid_reason})"
        return None


@dataclass(frozen=True)
class Workload:
    """A vServer, or a GDom of a CDom, that an evacuation of its node must place."""

    kind: str
    """'vserver' or 'gdom'."""
    name: str
    node: str
    state: str
    priority: int
    demand: Demand
    capped: bool
    """Whether it reserves capacity at all (a vServer without caps does not)."""
    luns: tuple[LunNeed, ...]
    datasets: int
    masters: tuple[str, ...]
    """The vServers it depends on (F-VDP), wherever they are."""
    refused: str | None
    """Why it cannot move whatever the target (invalid values, a job's lock)."""
    guest: GuestNeeds | None = None
    """A GDom's disk services, virtual switches and disks of unknown backend."""

    @property
    def movable(self) -> bool:
        """Whether it holds resources on its node, so an evacuation must move it."""
        committed = VSERVER_COMMITTED if self.kind == "vserver" else GDOM_COMMITTED
        return self.state in committed


@dataclass(frozen=True)
class PoolView:
    """A compute pool's nodes and the workloads of the nodes asked for."""

    pool: str
    hosts: dict[str, Host]
    workloads: dict[str, list[Workload]]
    """Workloads by node name, for the nodes the view was loaded for."""


def _s10_patches(node_ids: list[int]) -> dict[int, frozenset[str]]:
    """The patches of these (Solaris 10) nodes, by node id."""
    found: dict[int, set[str]] = defaultdict(set)
    if node_ids:
        rows = _rows(
            m.NodePatch.select(m.NodePatch.node, m.Patch.patch_id)
            .join(m.Patch)
            .where(m.NodePatch.node.in_(node_ids))
        )
        for node_id, patch in rows:
            found[node_id].add(patch)
    return {node_id: frozenset(p) for node_id, p in found.items()}


def load_pool(pool: m.ComputePool, sources: Sequence[str] | None = None) -> PoolView:
    """Read ``pool``: every node with what is committed on it, and the workloads of
    the nodes named in ``sources`` (every node of the pool when None)."""
    node_rows = _rows(
        m.Node.select(
            m.Node.id,
            m.Node.name,
            m.Node.kind,
            m.Node.state,
            m.Node.fenced,
            m.Node.refused_as_boot_target,
            m.Node.invalid_reason,
            m.Node.arch,
            m.Node.os_version,
            m.Node.sru,
            m.Node.kernel_id,
            m.Node.os_update,
            m.Node.cpu_type,
            m.Node.ldom_control,
            m.Node.ldom_version,
            m.Node.cpu_threads,
            m.Node.memory_mb,
            m.Node.base_units,
        ).where(m.Node.pool == pool.id)
    )
    names = {row[0]: row[1] for row in node_rows}
    wanted = set(names.values()) if sources is None else set(sources)
    source_ids = [i for i, name in names.items() if name in wanted]
    in_pool = m.Node.select(m.Node.id).where(m.Node.pool == pool.id)
    vservers = _vservers(in_pool)
    gdoms = _gdoms(in_pool)
    moving = m.VServer.select(m.VServer.id).where(m.VServer.node.in_(source_ids))
    needs, datasets = _lun_needs(moving)
    guests = {(row[1], row[0]): guest_needs(row[6], row[7]) for row in gdoms}
    disk_luns = _luns_by_wwn(
        {wwn for (cdom_id, _), g in guests.items() if cdom_id in source_ids for wwn, _d in g.luns}
    )
    seen = _seen_luns(in_pool, moving, frozenset(disk_luns.values()))
    served: dict[int, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    for (cdom_id, _name), needs_of in guests.items():
        served[cdom_id][0].update(needs_of.vds)
        served[cdom_id][1].update(needs_of.vsw)
    used: dict[int, Demand] = defaultdict(Demand)
    carried: dict[int, int] = {}
    for _vid, _name, node_id, state, priority, units, cpu, memory, _invalid in vservers:
        carried[node_id] = max(carried.get(node_id, priority), priority)
        if state in VSERVER_COMMITTED:
            used[node_id] += Demand(cpu or 0.0, memory or 0, units or 0.0)
    for _name, cdom_id, _node_id, state, vcpus, memory, *_json in gdoms:
        if state in GDOM_COMMITTED:
            used[cdom_id] += Demand(float(vcpus or 0), memory or 0)
    patches = _s10_patches([row[0] for row in node_rows if row[8] == "10"])
    hosts = {}
    for row in node_rows:
        (nid, name, kind, state, fenced, refused, invalid, arch, version, sru, kernel) = row[:11]
        update, cpu_type, control, ldm, threads, memory, units = row[11:]
        hosts[name] = Host(
            name,
            kind,
            state,
            bool(fenced),
            bool(refused),
            invalid,
            Release.from_values(
                name, arch, version, sru, kernel, update, patches.get(nid, frozenset())
            ),
            cpu_type,
            kind == "cdom" or bool(control and ldm),
            NodeCapacity(name, threads, memory, units, used[nid]),
            frozenset(seen.get(nid, ())),
            frozenset(served[nid][0]) if nid in served else frozenset(),
            frozenset(served[nid][1]) if nid in served else frozenset(),
        )
    masters = _masters(moving)
    locks = _locks()
    workloads: dict[str, list[Workload]] = {names[i]: [] for i in source_ids}
    for vid, name, node_id, state, priority, units, cpu, memory, invalid in vservers:
        if node_id not in source_ids:
            continue
        refused = f"refused: {invalid}" if invalid else locks.get(name)
        workloads[names[node_id]].append(
            Workload(
                "vserver",
                name,
                names[node_id],
                state,
                priority,
                Demand(cpu or 0.0, memory or 0, units or 0.0),
                cpu is not None or memory is not None,
                tuple(needs.get(vid, ())),
                datasets.get(vid, 0),
                tuple(sorted(masters.get(vid, ()))),
                refused,
            )
        )
    for name, cdom_id, node_id, state, vcpus, memory, *_json in gdoms:
        if cdom_id not in source_ids:
            continue
        needs_of = guests[(cdom_id, name)]
        workloads[names[cdom_id]].append(
            Workload(
                "gdom",
                name,
                names[cdom_id],
                state or "unknown",
                carried.get(node_id, 0) if node_id is not None else 0,
                Demand(float(vcpus or 0), memory or 0),
                True,
                tuple(
                    LunNeed(disk_luns[wwn], wwn, f"disk {disk}")
                    if wwn in disk_luns
                    else LunNeed(-1, wwn, f"disk {disk}, a LUN the repository does not know")
                    for wwn, disk in needs_of.luns
                ),
                0,
                (),
                None,
                needs_of,
            )
        )
    return PoolView(pool.name, hosts, workloads)


def _vservers(node_ids: Any) -> list[tuple]:
    return _rows(
        m.VServer.select(
            m.VServer.id,
            m.VServer.name,
            m.VServer.node,
            m.VServer.state,
            m.VServer.priority,
            m.VServer.base_units,
            m.VServer.cpu_cap,
            m.VServer.memory_cap_mb,
            m.VServer.invalid_reason,
        ).where(m.VServer.node.in_(node_ids))
    )


def _gdoms(node_ids: Any) -> list[tuple]:
    return _rows(
        m.GDom.select(
            m.GDom.name,
            m.GDom.cdom,
            m.GDom.node,
            m.GDom.state,
            m.GDom.vcpus,
            m.GDom.memory_mb,
            m.GDom.vdisks,
            m.GDom.vnets,
        ).where(m.GDom.cdom.in_(node_ids))
    )


def _lun_needs(vserver_ids: Any) -> tuple[dict[int, list[LunNeed]], dict[int, int]]:
    """The LUNs of each vServer's datasets (by dataset, then WWN) and how many datasets
    each has."""
    rows = _rows(
        m.Dataset.select(m.Dataset.vserver, m.Dataset.name, m.Lun.id, m.Lun.wwn)
        .join(m.DatasetLun, JOIN.LEFT_OUTER)
        .join(m.Lun, JOIN.LEFT_OUTER)
        .where(m.Dataset.vserver.in_(vserver_ids))
        .order_by(m.Dataset.name, m.Lun.wwn)
    )
    needs: dict[int, list[LunNeed]] = defaultdict(list)
    datasets: dict[int, set[str]] = defaultdict(set)
    for vserver_id, dataset, lun_id, wwn in rows:
        datasets[vserver_id].add(dataset)
        if lun_id is not None:
            needs[vserver_id].append(LunNeed(lun_id, wwn, f"dataset {dataset}"))
    return needs, {vid: len(names) for vid, names in datasets.items()}


def _luns_by_wwn(wwns: set[str]) -> dict[str, int]:
    """The repository's LUN ids of the given WWNs (those it knows)."""
    if not wwns:
        return {}
    return dict(_rows(m.Lun.select(m.Lun.wwn, m.Lun.id).where(m.Lun.wwn.in_(sorted(wwns)))))


def _seen_luns(node_ids: Any, vserver_ids: Any, disk_luns: frozenset[int]) -> dict[int, set[int]]:
    """Which of the moving vServers' LUNs, and of the moving GDoms' disk LUNs, each
    node sees."""
    needed = (
        m.DatasetLun.select(m.DatasetLun.lun)
        .join(m.Dataset)
        .where(m.Dataset.vserver.in_(vserver_ids))
    )
    wanted = m.NodeLun.lun.in_(needed)
    if disk_luns:
        wanted = wanted | m.NodeLun.lun.in_(sorted(disk_luns))
    seen: dict[int, set[int]] = defaultdict(set)
    for node_id, lun_id in _rows(
        m.NodeLun.select(m.NodeLun.node, m.NodeLun.lun).where(m.NodeLun.node.in_(node_ids) & wanted)
    ):
        seen[node_id].add(lun_id)
    return seen


def _masters(vserver_ids: Any) -> dict[int, list[str]]:
    rows = _rows(
        m.VServerDependency.select(m.VServerDependency.slave, m.VServer.name)
        .join(m.VServer, on=m.VServerDependency.master == m.VServer.id)
        .where(m.VServerDependency.slave.in_(vserver_ids))
    )
    masters: dict[int, list[str]] = defaultdict(list)
    for slave_id, master in rows:
        masters[slave_id].append(master)
    return masters


def _locks() -> dict[str, str]:
    rows = _rows(
        m.Lock.select(m.Lock.object_name, m.Lock.job, m.Lock.operation, m.Lock.operator).where(
            m.Lock.object_type == "vserver"
        )
    )
    return {
        name: f"locked by job {job} ({operation} by {operator})"
        for name, job, operation, operator in rows
    }


def _rows(query: Any) -> list[tuple[Any, ...]]:
    """A query's rows straight from the database cursor, without building models."""
    return list(m.database_proxy.execute(query).fetchall())
