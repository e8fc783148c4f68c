"""Benchmark: the console's vServers view over a repository of 1,000 nodes and 10,000
vServers (each with a dataset and a network).

Run by hand: ``cd tests/perf && ../../.venv/bin/python bench_console.py``.
Prints the time from starting the app to the first full paint of the vServers view
(repository queries included), the median and worst time from a filter keystroke
(typed into the filter line, as an operator does) to the repainted table, and the
peak resident memory. Targets: first paint < 1 s, filter median < 100 ms, < 400 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path

from textual.strip import Strip

from vdcftui.app import VdcfApp
from vdcftui.ops.session import Session
from vdcftui.repo import models as m
from vdcftui.repo.database import open_repository
from vdcftui.widgets.resource_table import ResourceTable

QUERIES = ["node0417", "web-prod", "solaris10", "10.20.3"]


def fill(nodes: int, vservers: int) -> None:
    """Nodes in ten pools, vServers spread over them with a dataset and a net each."""
    rng = random.Random(7)
    with m.database_proxy.atomic():
        pools = [m.ComputePool.create(name=f"pool-{n:02d}") for n in range(10)]
        m.Node.insert_many(
            [
                {
                    "name": f"node{n:04d}",
                    "pool": pools[n % 10].id,
                    "state": "up",
                    "kind": "physical",
                    "model": "SPARC T7-1",
                    "os_version": "11.4",
                    "sru": "11.4.42.111.0",
                    "cpu_threads": 256,
                    "memory_mb": 524288,
                }
                for n in range(nodes)
            ]
        ).execute()
        node_ids = [row[0] for row in m.Node.select(m.Node.id).tuples()]
        apps, envs = ["web", "db", "app", "mq", "ldap"], ["prod", "test", "dev"]
        states = ["running"] * 6 + ["installed", "configured"]
        brands = ["solaris", "solaris", "solaris10"]
        rows = [
            {
                "name": f"{rng.choice(apps)}-{rng.choice(envs)}-{v:05d}",
                "node": rng.choice(node_ids),
                "state": rng.choice(states),
                "brand": rng.choice(brands),
                "ip_type": "exclusive",
                "pending_changes": "[]",
            }
            for v in range(vservers)
        ]
        for start in range(0, len(rows), 500):
            m.VServer.insert_many(rows[start : start + 500]).execute()
        for vserver_id, name, node in m.VServer.select(
            m.VServer.id, m.VServer.name, m.VServer.node
        ).tuples():
            m.Dataset.create(name=f"{name}_pool", vserver=vserver_id, node=node)
            m.VServerNet.create(
                vserver=vserver_id,
                linkname="net0",
                net_type="public",
                address=f"10.20.{vserver_id // 250}.{vserver_id % 250 + 1}",
                prefixlen=24,
            )


def painted_at(table: ResourceTable) -> float:
    """When the table last rendered a line (patched onto this instance for the run)."""
    return getattr(table, "_bench_painted", 0.0)


def time_paints(table: ResourceTable) -> None:
    """Note the time of every rendered line of this table."""
    original = table.render_line

    def render_line(y: int) -> Strip:
        strip = original(y)
        table._bench_painted = time.perf_counter()
        return strip

    table.render_line = render_line


async def measure(nodes: int, vservers: int) -> None:
    """Build the repository, run the console, print the figures."""
    workdir = Path(tempfile.mkdtemp(prefix="vdcftui-bench-"))
    open_repository(workdir / "repo.db")
    started = time.perf_counter()
    fill(nodes, vservers)
    print(
        f"repository            {nodes} nodes, {vservers} vServers "
        f"(filled in {time.perf_counter() - started:.1f} s)"
    )
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    app = VdcfApp(site="bench", session=Session("bench", readonly=True))
    async with app.run_test(size=(200, 50)) as pilot:
        # the rows are read in a worker: the view is painted once they are in
        while not (getattr(app.screen, "loaded", False) and app.screen.table.total_count):
            await pilot.pause(0.005)
        await pilot.pause()
        table = app.screen.table
        assert table.total_count == vservers
        first_paint = time.perf_counter() - start
        print(f"first paint           {first_paint:.3f} s (app start to vServers painted)")
        time_paints(table)
        await pilot.press("slash")
        timings = []
        for query in QUERIES:
            for char in query:
                before = time.perf_counter()
                await pilot.press(char)
                assert painted_at(table) > before, "no repaint after a keystroke"
                timings.append(painted_at(table) - before)
            print(f"  {query!r:12} {table.shown_count:6d} rows shown")
            for _ in query:
                await pilot.press("backspace")
        print(f"filter keystrokes     {len(timings)}")
        print(f"filter median         {statistics.median(timings) * 1000:.1f} ms")
        print(f"filter worst          {max(timings) * 1000:.1f} ms")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory           {peak:.0f} MB (of which {rss_before:.0f} MB before the app)")


def main() -> None:
    """Parse the arguments and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=1000)
    parser.add_argument("--vservers", type=int, default=10_000)
    args = parser.parse_args()
    asyncio.run(measure(args.nodes, args.vservers))


if __name__ == "__main__":
    main()
