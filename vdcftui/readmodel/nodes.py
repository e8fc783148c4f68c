"""Compute pools and nodes: rows of the Pools and Nodes views and a node's details."""

from __future__ import annotations

from collections import Counter, defaultdict

from peewee import fn

from vdcftui.readmodel.detail import Section
from vdcftui.readmodel.rows import Row
from vdcftui.readmodel.survival import pool_verdict
from vdcftui.repo import models as m
from vdcftui.repo.queries import tuples

POOL_COLUMNS = (
    "Pool",
    "Nodes",
    "Up",
    "Down",
    "GDoms",
    "vServers",
    "Running",
    "CPU thr",
    "Memory GB",
)
NODE_COLUMNS = (
    "Node",
    "Pool",
    "Kind",
    "State",
    "Model",
    "OS",
    "Build",
    "CPU thr",
    "CPU alloc",
    "Mem GB",
    "Mem alloc GB",
    "SC",
    "GDoms",
    "vServers",
)


def node_state(state: str | None, fenced: bool) -> str:
    """The state an operator sees: fenced wins over whatever was last discovered."""
    return "fenced" if fenced else (state or "unknown")


def _gb(megabytes: float | None) -> float | None:
    return None if megabytes is None else round(megabytes / 1024, 1)


def _allocations() -> tuple[dict[int, float], dict[int, float]]:
    """CPU and memory (MB) allotted per node: GDoms on a CDom plus vServer caps."""
    cpus: dict[int, float] = defaultdict(float)
    memory: dict[int, float] = defaultdict(float)
    for cdom, vcpus, mem in tuples(
        m.GDom.select(m.GDom.cdom, fn.SUM(m.GDom.vcpus), fn.SUM(m.GDom.memory_mb)).group_by(
            m.GDom.cdom
        )
    ):
        cpus[cdom] += vcpus or 0
        memory[cdom] += mem or 0
    for node, cap, mem in tuples(
        m.VServer.select(m.VServer.node, fn.SUM(m.VServer.cpu_cap), fn.SUM(m.VServer.memory_cap_mb))
        .where(m.VServer.node.is_null(False))
        .group_by(m.VServer.node)
    ):
        cpus[node] += cap or 0
        memory[node] += mem or 0
    return cpus, memory


def _counts(column) -> Counter:
    return Counter(
        dict(
            tuples(
                column.model.select(column, fn.COUNT(column.model.id))
                .where(column.is_null(False))
                .group_by(column)
            )
        )
    )


def node_rows() -> list[Row]:
    """One row per node."""
    cpus, memory = _allocations()
    gdoms, vservers = _counts(m.GDom.cdom), _counts(m.VServer.node)
    pools = dict(tuples(m.ComputePool.select(m.ComputePool.id, m.ComputePool.name)))
    scs = dict(tuples(m.SystemController.select(m.SystemController.id, m.SystemController.name)))
    builds = dict(tuples(m.Build.select(m.Build.id, m.Build.name)))
    query = tuples(
        m.Node.select(
            m.Node.id,
            m.Node.name,
            m.Node.pool,
            m.Node.kind,
            m.Node.state,
            m.Node.fenced,
            m.Node.model,
            m.Node.os_version,
            m.Node.sru,
            m.Node.build,
            m.Node.cpu_threads,
            m.Node.memory_mb,
            m.Node.sc,
        )
    )
    rows: list[Row] = []
    for (
        node_id,
        name,
        pool,
        kind,
        state,
        fenced,
        model,
        os_version,
        sru,
        build,
        threads,
        memory_mb,
        sc,
    ) in query:
        os_text = f"{os_version} SRU {sru}" if os_version and sru else os_version
        rows.append(
            (
                name,
                (
                    name,
                    pools.get(pool),
                    kind,
                    node_state(state, fenced),
                    model,
                    os_text,
                    builds.get(build),
                    threads,
                    round(cpus.get(node_id, 0.0), 1),
                    _gb(memory_mb),
                    _gb(memory.get(node_id, 0)),
                    scs.get(sc),
                    gdoms[node_id],
                    vservers[node_id],
                ),
            )
        )
    return rows


def pool_rows() -> list[Row]:
    """One row per compute pool, and '(none)' for nodes in no pool."""
    totals: dict[str, list] = {}
    vserver_counts = _counts(m.VServer.node)
    running = Counter(
        dict(
            tuples(
                m.VServer.select(m.VServer.node, fn.COUNT(m.VServer.id))
                .where(m.VServer.state == "running")
                .group_by(m.VServer.node)
            )
        )
    )
    gdoms = _counts(m.GDom.cdom)
    names = {None: "(none)"} | dict(
        tuples(m.ComputePool.select(m.ComputePool.id, m.ComputePool.name))
    )
    for name in names.values():
        totals[name] = [0, 0, 0, 0, 0, 0, 0, 0.0]
    query = tuples(
        m.Node.select(
            m.Node.id,
            m.Node.pool,
            m.Node.state,
            m.Node.fenced,
            m.Node.cpu_threads,
            m.Node.memory_mb,
        )
    )
    for node_id, pool, state, fenced, threads, memory_mb in query:
        total = totals[names.get(pool, "(none)")]
        up = node_state(state, fenced) == "up"
        for index, value in enumerate(
            (
                1,
                int(up),
                int(not up),
                gdoms[node_id],
                vserver_counts[node_id],
                running[node_id],
                threads or 0,
                (memory_mb or 0) / 1024,
            )
        ):
            total[index] += value
    return [
        (name, (name, *values[:3], _n_plus_one(name), *values[3:7], round(values[7], 1)))
        for name, values in totals.items()
        if name != "(none)" or values[0]
    ]


def _n_plus_one(pool: str) -> str:
    """The pool's N+1 verdict ('-' for nodes in no pool)."""
    return "-" if pool == "(none)" else pool_verdict(pool).text


def node_detail(name: str) -> list[Section]:
    """Everything the Nodes view shows beside the selected node."""
    node = m.Node.get_or_none(m.Node.name == name)
    if node is None:
        return [Section(name).add("state", "no longer in the repository")]
    cpus, memory = _allocations()
    identity = (
        Section(f"node {node.name}")
        .add("state", node_state(node.state, node.fenced))
        .add("kind", node.kind)
        .add("pool", node.pool.name if node.pool is not None else None)
        .add("address", f"{node.address}:{node.ssh_port}" if node.address else None)
        .add("model", node.model)
        .add("arch", node.arch)
        .add("serial", node.serial)
        .add(
            "OS", " ".join(filter(None, (node.os_version, node.sru and f"SRU {node.sru}"))) or None
        )
        .add("build", node.build.name if node.build is not None else None)
        .add("refused as boot target", "yes" if node.refused_as_boot_target else None)
        .add("last discovered", node.last_discovered and f"{node.last_discovered:%Y-%m-%d %H:%M}")
    )
    capacity = (
        Section("capacity")
        .add("CPU threads", node.cpu_threads)
        .add("CPU allotted", f"{cpus.get(node.id, 0):g}")
        .add("memory", f"{_gb(node.memory_mb)} GB" if node.memory_mb else None)
        .add("memory allotted", f"{_gb(memory.get(node.id, 0))} GB")
    )
    sc = Section("console")
    if node.sc is not None:
        sc.add("system controller", f"{node.sc.name} ({node.sc.type}, {node.sc.address})")
    port = node.console_port
    if port is not None:
        sc.add("terminal server", f"{port.terminal_server.name} port {port.port}")
    if not sc.lines:
        sc.add("console", "no system controller or terminal-server port recorded")
    guests = [
        f"{g.name} ({g.state or '?'}, {g.vcpus or '?'} vCPU, {_gb(g.memory_mb)} GB)"
        for g in node.guests.order_by(m.GDom.name)
    ]
    zones = [f"{v.name} ({v.state})" for v in node.vservers.order_by(m.VServer.name)]
    carried = Section("carries").add("GDoms", guests).add("vServers", zones)
    return [identity, capacity, sc, carried]
