"""Benchmark: explained placement over a repository of 1,000 nodes in pools of 100 and
20,000 vServers, each on a dataset of two SAN LUNs.

Run by hand: ``cd tests/perf && ../../.venv/bin/python bench_placement.py``.
Each pool is cabled as five fabrics of 20 nodes: a LUN is seen by the nodes of its
fabric (one in a hundred only by its own node). vServers have CPU and memory caps and
priorities 0-9, one in twenty is the slave of another vServer of its node, and one node
in a hundred is fenced. Prints the time to build the repository, then the median and
worst time of the full explained table of one node's evacuation (``place_evacuation``
and its rows: lookup, bulk load, placement, text) and of ``pool survive`` over a pool
of 100 nodes. Targets: evacuation < 1 s, survival of a pool < 5 s.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from vdcftui.ops.placement.explain import decision_rows, survival_rows
from vdcftui.ops.placement.place import place_evacuation, pool_survival
from vdcftui.repo import models as m
from vdcftui.repo.database import open_repository
from vdcftui.repo.queries import insert_rows

POOL_SIZE = 100
FABRIC = 20


def bulk(model: type[m.BaseModel], rows: list[dict]) -> None:
    """Insert rows in batches through peewee, which fills the fields' defaults."""
    for start in range(0, len(rows), 500):
        model.insert_many(rows[start : start + 500]).execute()


def ids(model: type[m.BaseModel]) -> list[int]:
    """Every id of a model's rows, in insertion order."""
    return [row[0] for row in model.select(model.id).order_by(model.id).tuples()]


def fill(nodes: int, vservers: int) -> None:
    """Pools, nodes, vServers with caps, datasets, LUNs, who sees them, dependencies."""
    rng = random.Random(11)
    with m.database_proxy.atomic():
        pools = len(range(0, nodes, POOL_SIZE))
        bulk(m.ComputePool, [{"name": f"pool-{p:02d}"} for p in range(pools)])
        pool_ids = ids(m.ComputePool)
        bulk(
            m.Node,
            [
                {
                    "name": f"node{n:04d}",
                    "pool": pool_ids[n // POOL_SIZE],
                    "state": "up",
                    "kind": "physical",
                    "fenced": n % 100 == 37,
                    "arch": "sparc",
                    "os_version": "11.4",
                    "sru": "11.4.42.111.0",
                    "cpu_threads": 128,
                    "memory_mb": 524288,
                }
                for n in range(nodes)
            ],
        )
        node_ids = ids(m.Node)
        per_node = vservers // nodes
        bulk(
            m.VServer,
            [
                {
                    "name": f"zone{v:05d}",
                    "node": node_ids[v // per_node],
                    "state": "running" if v % 10 else "installed",
                    "priority": rng.randrange(10),
                    "cpu_cap": float(rng.choice([1, 2, 4])),
                    "memory_cap_mb": rng.choice([4096, 8192, 16384]),
                }
                for v in range(vservers)
            ],
        )
        vserver_ids = ids(m.VServer)
        bulk(
            m.Dataset,
            [
                {"name": f"zone{v:05d}_pool", "vserver": vid, "node": node_ids[v // per_node]}
                for v, vid in enumerate(vserver_ids)
            ],
        )
        dataset_ids = ids(m.Dataset)
        bulk(m.Lun, [{"wwn": f"600A0B800026B282{n:016X}"} for n in range(2 * len(dataset_ids))])
        lun_ids = ids(m.Lun)
        bulk(
            m.DatasetLun,
            [
                {"dataset": did, "lun": lun_ids[2 * d + k]}
                for d, did in enumerate(dataset_ids)
                for k in (0, 1)
            ],
        )
        seen = []
        for index, lun_id in enumerate(lun_ids):
            node = (index // 2) // per_node
            if index % 100 == 99:
                seen.append({"node": node_ids[node], "lun": lun_id, "multipath": False})
                continue
            first = node - node % FABRIC
            seen += [
                {"node": node_ids[n], "lun": lun_id, "multipath": False}
                for n in range(first, first + FABRIC)
            ]
        insert_rows(m.NodeLun, seen)
        bulk(
            m.VServerDependency,
            [
                {"master": vserver_ids[v - 1], "slave": vserver_ids[v]}
                for v in range(1, len(vserver_ids))
                if v % 20 == 7
            ],
        )


def timed(action, repeat: int) -> tuple[float, float, object]:
    """Median and worst seconds of ``repeat`` runs, and the last result."""
    times = []
    result = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - started)
    return statistics.median(times), max(times), result


def main() -> None:
    """Build the repository, time evacuation and survival, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--nodes", type=int, default=1000)
    parser.add_argument("--vservers", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        open_repository(Path(tmp) / "repo.db")
        started = time.perf_counter()
        fill(args.nodes, args.vservers)
        print(
            f"repository: {m.Node.select().count()} nodes, {m.VServer.select().count()} "
            f"vServers, {m.Lun.select().count()} LUNs, {m.NodeLun.select().count()} "
            f"node-LUN rows, built in {time.perf_counter() - started:.1f} s"
        )
        node = "node0107"  # one of its LUNs is seen by no other node
        median, worst, placement = timed(lambda: decision_rows(place_evacuation(node)), args.repeat)
        assert isinstance(placement, list)
        placed = sum(" -> " in row["decision"] for row in placement)
        print(
            f"node evacuate {node}: {len(placement)} rows ({placed} placed); "
            f"median {median * 1000:.0f} ms, worst {worst * 1000:.0f} ms (target < 1 s)"
        )
        median, worst, rows = timed(
            lambda: survival_rows(pool_survival("pool-01"), False), args.repeat
        )
        assert isinstance(rows, list)
        placeable = sum(row["placeable"] == "yes" for row in rows)
        print(
            f"pool survive pool-01: {len(rows)} nodes ({placeable} placeable); "
            f"median {median:.2f} s, worst {worst:.2f} s (target < 5 s)"
        )


if __name__ == "__main__":
    main()
