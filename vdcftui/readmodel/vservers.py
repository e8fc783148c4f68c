"""vServers: rows of the vServers view and one vServer's details."""

from __future__ import annotations

import json
from collections import defaultdict

from vdcftui.readmodel.detail import Section, usage_text
from vdcftui.readmodel.rows import Row, raw_rows
from vdcftui.repo import models as m
from vdcftui.repo.queries import tuples

VSERVER_COLUMNS = (
    "vServer",
    "Node",
    "State",
    "Brand",
    "IP type",
    "Datasets",
    "Addresses",
    "Pending",
    "Locked by",
)


def _grouped(query) -> dict[int, list[str]]:
    grouped: dict[int, list[str]] = defaultdict(list)
    for owner, value in raw_rows(query):
        if value:
            grouped[owner].append(value)
    return grouped


def lock_holders(object_type: str) -> dict[str, str]:
    """Object name -> 'job N operation by operator' for every locked object of a type."""
    return {
        name: f"job {job} {operation} by {operator}"
        for name, job, operation, operator in tuples(
            m.Lock.select(m.Lock.object_name, m.Lock.job, m.Lock.operation, m.Lock.operator).where(
                m.Lock.object_type == object_type
            )
        )
    }


def vserver_rows(node_name: str | None = None) -> list[Row]:
    """One row per vServer (only those on ``node_name`` when given)."""
    nodes = dict(raw_rows(m.Node.select(m.Node.id, m.Node.name)))
    datasets = _grouped(
        m.Dataset.select(m.Dataset.vserver, m.Dataset.name)
        .where(m.Dataset.vserver.is_null(False))
        .order_by(m.Dataset.name)
    )
    addresses = _grouped(m.VServerNet.select(m.VServerNet.vserver, m.VServerNet.address))
    locks = lock_holders("vserver")
    query = m.VServer.select(
        m.VServer.id,
        m.VServer.name,
        m.VServer.node,
        m.VServer.state,
        m.VServer.brand,
        m.VServer.ip_type,
        m.VServer.pending_changes,
    )
    if node_name is not None:
        query = query.join(m.Node).where(m.Node.name == node_name)
    rows: list[Row] = []
    for vserver_id, name, node, state, brand, ip_type, pending in raw_rows(query):
        count = len(json.loads(pending)) if pending and pending != "[]" else 0
        rows.append(
            (
                name,
                (
                    name,
                    nodes.get(node),
                    state,
                    brand,
                    ip_type,
                    ", ".join(datasets.get(vserver_id, ())),
                    ", ".join(addresses.get(vserver_id, ())),
                    count or None,
                    locks.get(name),
                ),
            )
        )
    return rows


def vserver_detail(name: str) -> list[Section]:
    """Everything the vServers view shows beside the selected vServer."""
    vserver = m.VServer.get_or_none(m.VServer.name == name)
    if vserver is None:
        return [Section(name).add("state", "no longer in the repository")]
    lock = m.Lock.get_or_none((m.Lock.object_type == "vserver") & (m.Lock.object_name == name))
    identity = (
        Section(f"vServer {vserver.name}")
        .add("state", vserver.state)
        .add("node", vserver.node.name if vserver.node is not None else None)
        .add("brand", vserver.brand)
        .add("IP type", vserver.ip_type)
        .add("zonepath", vserver.zonepath)
        .add("autoboot", vserver.autoboot)
        .add("CPU cap", vserver.cpu_cap)
        .add("memory cap", f"{vserver.memory_cap_mb} MB" if vserver.memory_cap_mb else None)
        .add(
            "locked by",
            lock
            and f"job {lock.job_id} {lock.operation} by "
            f"{lock.operator} since {lock.since:%H:%M:%S}",
        )
    )
    storage = Section("storage")
    for dataset in vserver.datasets.order_by(m.Dataset.name):
        luns = [dl.lun.wwn for dl in dataset.luns]
        storage.add(
            f"dataset {dataset.name}",
            [f"RAID {dataset.raid}, {usage_text(dataset.used_bytes, dataset.size_bytes)}"] + luns,
        )
    for fs in vserver.filesystems.order_by(m.Filesystem.mountpoint):
        size = fs.quota_bytes or fs.size_bytes
        storage.add(
            f"{fs.kind} {fs.mountpoint or fs.name}",
            f"{fs.name}: {usage_text(fs.used_bytes, size)}"
            if size or fs.used_bytes
            else fs.special or fs.name,
        )
    if not storage.lines:
        storage.add("datasets", None)
    network = Section("network")
    for net in vserver.nets.order_by(m.VServerNet.linkname):
        address = f"{net.address}/{net.prefixlen}" if net.address and net.prefixlen else net.address
        network.add(
            net.linkname,
            f"{net.net_type or '?'} over {net.interface_name or '?'} {address or ''}".rstrip(),
        )
    if not network.lines:
        network.add("interfaces", None)
    masters = [d.master.name for d in vserver.masters]
    slaves = [d.slave.name for d in vserver.slaves]
    pending = [p.get("description", "?") for p in json.loads(vserver.pending_changes or "[]")]
    relations = (
        Section("dependencies and pending changes")
        .add("depends on", masters)
        .add("depended on by", slaves)
        .add("pending (next boot)", pending)
    )
    return [identity, storage, network, relations]
