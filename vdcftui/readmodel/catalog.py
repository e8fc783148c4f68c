"""The CLI's list and show records of the repository, as plain dicts.

The CLI prints them as tables or JSON; the console shows the same records. Every
name is looked up through :mod:`vdcftui.repo.lookup`: validated by Solaris's rules
first, an unknown name a clear :class:`NotFound`. A value a host reported that failed
its check shows as ``invalid_reason``.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from vdcftui.readmodel.nodes import node_state
from vdcftui.repo import models as m
from vdcftui.repo.lookup import (
    NotFound,
    checked,
    dataset_named,
    gdom_named,
    node_named,
    pool_named,
    vserver_named,
)
from vdcftui.solaris.names import validate_node_name, validate_pool_name

__all__ = [
    "NotFound",
    "list_pools",
    "show_pool",
    "list_nodes",
    "show_node",
    "list_gdoms",
    "show_gdom",
    "list_vservers",
    "show_vserver",
    "list_datasets",
    "show_dataset",
]


def _name(row: Any) -> str | None:
    """The name of a related row, or None when the foreign key is empty."""
    return None if row is None else str(row.name)


def _vserver_counts() -> Counter:
    return Counter(v.node_id for v in m.VServer.select(m.VServer.node) if v.node_id)


def pool_record(pool: m.ComputePool) -> dict[str, Any]:
    """A compute pool with its nodes and totals."""
    nodes = list(pool.nodes.order_by(m.Node.name))
    return {
        "name": pool.name,
        "description": pool.description,
        "nodes": [n.name for n in nodes],
        "cpu_threads": sum(n.cpu_threads or 0 for n in nodes),
        "memory_mb": sum(n.memory_mb or 0 for n in nodes),
        "nodes_up": sum(1 for n in nodes if n.state == "up"),
    }


def list_pools() -> list[dict[str, Any]]:
    """Every compute pool."""
    return [pool_record(p) for p in m.ComputePool.select().order_by(m.ComputePool.name)]


def show_pool(name: str) -> dict[str, Any]:
    """One compute pool."""
    return pool_record(pool_named(name))


def node_record(node: m.Node, vservers: int | None = None) -> dict[str, Any]:
    """A node's summary."""
    return {
        "name": node.name,
        "hostname": node.hostname,
        "kind": node.kind,
        "pool": _name(node.pool),
        "state": node_state(node.state, node.fenced),
        "power": node.power_state,
        "fence": (
            f"by {node.fenced_by} at {node.fenced_at:%Y-%m-%d %H:%M:%S}: {node.fence_reason}"
            if node.fenced and node.fenced_at
            else None
        ),
        "address": node.address,
        "model": node.model,
        "arch": node.arch,
        "platform": node.platform,
        "os_version": node.os_version,
        "os_update": node.os_update,
        "sru": node.sru,
        "kernel_id": node.kernel_id,
        "cpu_type": node.cpu_type,
        "cpu_sockets": node.cpu_sockets,
        "cpu_cores": node.cpu_cores,
        "cpu_threads": node.cpu_threads,
        "memory_mb": node.memory_mb,
        "sc": _name(node.sc),
        "build": _name(node.build),
        "vservers": vservers if vservers is not None else node.vservers.count(),
        "invalid_reason": node.invalid_reason,
        "last_discovered": node.last_discovered.isoformat(timespec="seconds")
        if node.last_discovered
        else None,
    }


def list_nodes(pool: str | None = None) -> list[dict[str, Any]]:
    """Every node, or those of one compute pool."""
    query = m.Node.select().order_by(m.Node.name)
    if pool:
        checked(validate_pool_name, pool)
        query = query.join(m.ComputePool).where(m.ComputePool.name == pool)
    counts = _vserver_counts()
    return [node_record(n, counts.get(n.id, 0)) for n in query]


def show_node(name: str) -> dict[str, Any]:
    """One node with its LUNs, interfaces, addresses, GDoms and vServers."""
    node = node_named(name)
    record = node_record(node)
    record["luns"] = [
        {
            "wwn": nl.lun.wwn,
            "device": nl.device_name,
            "paths": nl.total_paths,
            "operational_paths": nl.operational_paths,
        }
        for nl in node.luns.order_by(m.NodeLun.device_name)
    ]
    record["interfaces"] = [
        {
            "name": i.name,
            "kind": i.kind,
            "over": i.over,
            "state": i.state,
            "addresses": [a.address for a in i.addresses],
        }
        for i in node.interfaces.order_by(m.NetworkInterface.name)
    ]
    record["gdoms"] = [
        g.name for g in m.GDom.select().where(m.GDom.cdom == node).order_by(m.GDom.name)
    ]
    record["vservers_list"] = [v.name for v in node.vservers.order_by(m.VServer.name)]
    return record


def gdom_record(gdom: m.GDom) -> dict[str, Any]:
    """A guest domain's summary."""
    return {
        "name": gdom.name,
        "cdom": gdom.cdom.name,
        "state": gdom.state,
        "flags": gdom.flags,
        "vcpus": gdom.vcpus,
        "memory_mb": gdom.memory_mb,
        "cons": gdom.cons,
        "uuid": gdom.uuid,
        "node": _name(gdom.node),
        "root_disks": json.loads(gdom.root_disks or "[]"),
        "vdisks": json.loads(gdom.vdisks or "[]"),
        "vnets": json.loads(gdom.vnets or "[]"),
        "vservers": [v.name for v in gdom.node.vservers] if gdom.node is not None else [],
    }


def list_gdoms(cdom: str | None = None) -> list[dict[str, Any]]:
    """Every guest domain, or those of one control domain."""
    query = (
        m.GDom.select()
        .join(m.Node, on=(m.GDom.cdom == m.Node.id))
        .order_by(m.Node.name, m.GDom.name)
    )
    if cdom:
        checked(validate_node_name, cdom)
        query = query.where(m.Node.name == cdom)
    return [gdom_record(g) for g in query]


def show_gdom(name: str) -> dict[str, Any]:
    """One guest domain (``NAME``, or ``CDOM:NAME`` / ``CDOM/NAME`` when names repeat
    across CDoms)."""
    return gdom_record(gdom_named(name))


def vserver_record(vserver: m.VServer) -> dict[str, Any]:
    """A vServer's summary with its datasets."""
    return {
        "name": vserver.name,
        "node": _name(vserver.node),
        "state": vserver.state,
        "brand": vserver.brand,
        "ip_type": vserver.ip_type,
        "zonepath": vserver.zonepath,
        "autoboot": vserver.autoboot,
        "datasets": sorted(d.name for d in vserver.datasets),
        "invalid_reason": vserver.invalid_reason,
    }


def list_vservers(node: str | None = None) -> list[dict[str, Any]]:
    """Every vServer, or those on one node."""
    query = m.VServer.select().order_by(m.VServer.name)
    if node:
        checked(validate_node_name, node)
        query = query.join(m.Node).where(m.Node.name == node)
    return [vserver_record(v) for v in query]


def show_vserver(name: str) -> dict[str, Any]:
    """One vServer with its filesystems, networks and dependencies."""
    vserver = vserver_named(name)
    record = vserver_record(vserver)
    record.update(
        {
            "uuid": vserver.uuid,
            "category": vserver.category,
            "priority": vserver.priority,
            "base_units": vserver.base_units,
            "cpu_shares": vserver.cpu_shares,
            "filesystems": [
                {
                    "name": f.name,
                    "kind": f.kind,
                    "mountpoint": f.mountpoint,
                    "special": f.special,
                    "used_bytes": f.used_bytes,
                    "quota_bytes": f.quota_bytes,
                }
                for f in vserver.filesystems.order_by(m.Filesystem.name)
            ],
            "networks": [
                {
                    "linkname": n.linkname,
                    "interface": n.interface_name,
                    "address": n.address,
                    "prefixlen": n.prefixlen,
                    "type": n.net_type,
                }
                for n in vserver.nets.order_by(m.VServerNet.linkname)
            ],
            "depends_on": [
                d.master.name
                for d in m.VServerDependency.select().where(m.VServerDependency.slave == vserver)
            ],
            "pending_changes": [
                c["description"] for c in json.loads(vserver.pending_changes or "[]")
            ],
        }
    )
    return record


def dataset_record(dataset: m.Dataset) -> dict[str, Any]:
    """A dataset with its LUNs and where it is imported."""
    return {
        "name": dataset.name,
        "manager": dataset.manager,
        "raid": dataset.raid,
        "state": dataset.state,
        "node": _name(dataset.node),
        "vserver": _name(dataset.vserver),
        "size_bytes": dataset.size_bytes,
        "used_bytes": dataset.used_bytes,
        "luns": [dl.lun.wwn for dl in dataset.luns],
    }


def list_datasets() -> list[dict[str, Any]]:
    """Every dataset."""
    return [dataset_record(d) for d in m.Dataset.select().order_by(m.Dataset.name)]


def show_dataset(name: str) -> dict[str, Any]:
    """One dataset with its filesystems and the nodes that see all its LUNs."""
    dataset = dataset_named(name)
    record = dataset_record(dataset)
    lun_ids = [dl.lun_id for dl in dataset.luns]
    seen_by: Counter = Counter(
        nl.node.name for nl in m.NodeLun.select().where(m.NodeLun.lun.in_(lun_ids))
    )
    record["visible_on"] = sorted(n for n, c in seen_by.items() if c == len(lun_ids))
    record["filesystems"] = [f.name for f in dataset.filesystems.order_by(m.Filesystem.name)]
    return record
