"""Guest domains: rows of the GDoms view and one GDom's details."""

from __future__ import annotations

import json

from vdcftui.errors import OperatorError
from vdcftui.readmodel.detail import Section
from vdcftui.readmodel.rows import Row
from vdcftui.repo import models as m
from vdcftui.repo.lookup import gdom_named
from vdcftui.repo.queries import tuples

GDOM_COLUMNS = (
    "GDom",
    "CDom",
    "State",
    "vCPUs",
    "Memory GB",
    "Root disks",
    "vNets",
    "As node",
    "vServers",
)


def gdom_key(cdom: str, name: str) -> str:
    """A GDom's key in the console: names are unique only per control domain."""
    return f"{cdom}/{name}"


def _names(text: str | None) -> list[str]:
    items = json.loads(text or "[]")
    return [i.get("name", str(i)) if isinstance(i, dict) else str(i) for i in items]


def gdom_rows() -> list[Row]:
    """One row per guest domain."""
    nodes = dict(tuples(m.Node.select(m.Node.id, m.Node.name)))
    carried: dict[int, int] = {}
    for node in tuples(m.VServer.select(m.VServer.node).where(m.VServer.node.is_null(False))):
        carried[node[0]] = carried.get(node[0], 0) + 1
    rows: list[Row] = []
    for name, cdom, node, state, vcpus, memory_mb, roots, vnets in tuples(
        m.GDom.select(
            m.GDom.name,
            m.GDom.cdom,
            m.GDom.node,
            m.GDom.state,
            m.GDom.vcpus,
            m.GDom.memory_mb,
            m.GDom.root_disks,
            m.GDom.vnets,
        )
    ):
        cdom_name = nodes.get(cdom, "?")
        rows.append(
            (
                gdom_key(cdom_name, name),
                (
                    name,
                    cdom_name,
                    state,
                    vcpus,
                    round(memory_mb / 1024, 1) if memory_mb else None,
                    ", ".join(_names(roots)),
                    ", ".join(_names(vnets)),
                    nodes.get(node),
                    carried.get(node, 0) if node else None,
                ),
            )
        )
    return rows


def find_gdom(key: str) -> m.GDom | None:
    """The GDom of a console key ('cdom/name', or a bare name when it is unique)."""
    try:
        return gdom_named(key)
    except OperatorError:
        return None


def gdom_detail(key: str) -> list[Section]:
    """Everything the GDoms view shows beside the selected GDom."""
    gdom = find_gdom(key)
    if gdom is None:
        return [Section(key).add("state", "no longer in the repository")]
    identity = (
        Section(f"GDom {gdom.name}")
        .add("state", gdom.state)
        .add("flags", gdom.flags)
        .add("control domain", gdom.cdom.name)
        .add("vCPUs", gdom.vcpus)
        .add("memory", f"{gdom.memory_mb} MB" if gdom.memory_mb else None)
        .add("console port", gdom.cons)
        .add("uuid", gdom.uuid)
    )
    devices = (
        Section("devices")
        .add("root disks", _names(gdom.root_disks))
        .add("virtual disks", _names(gdom.vdisks))
        .add("virtual networks", _names(gdom.vnets))
    )
    carried = Section("carries")
    if gdom.node is not None:
        carried.add("acts as node", gdom.node.name)
        carried.add(
            "vServers",
            [f"{v.name} ({v.state})" for v in gdom.node.vservers.order_by(m.VServer.name)],
        )
    else:
        carried.add("acts as node", "no (not discovered as a node)")
    return [identity, devices, carried]
