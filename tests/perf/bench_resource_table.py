"""Benchmark: one ResourceTable of 10,000 vServer-like rows x 8 columns.

Run by hand: ``cd tests/perf && ../../.venv/bin/python bench_resource_table.py [--rows N]``.
Prints the time from app start to the first full paint, the median and worst time of
about 30 filter keystrokes (set_filter and the repaint) and the peak resident memory.
Textual runs headless: the lines are rendered and composited, not written to a terminal.
Targets: first paint < 1 s, filter median < 100 ms, memory < 400 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import statistics
import time

from textual.app import App, ComposeResult
from textual.strip import Strip

from vdcftui.widgets.resource_table import Column, ResourceTable, Row

COLUMNS = [
    Column("NAME", "name"),
    Column("NODE", "node"),
    Column("STATE", "state", styled=True),
    Column("BRAND", "brand"),
    Column("DATASET", "dataset"),
    Column("IP", "ip"),
    Column("CPU", "cpu", numeric=True),
    Column("MEMORY MB", "memory", numeric=True),
]
QUERIES = ["node017", "running", "10.20.3", "solaris10", "db-prod-01"]
"""Typed one key at a time (prefixes), 30+ keystrokes in all."""


def vserver_rows(count: int) -> list[Row]:
    """Realistic vServer rows: names, nodes, states, brands, datasets, IPs, caps."""
    rng = random.Random(42)
    apps = ["web", "db", "app", "cache", "mq", "batch", "ldap", "proxy"]
    envs = ["prod", "test", "dev", "int"]
    states = ["running"] * 7 + ["installed", "configured", "down", "failed", "incomplete"]
    brands = ["solaris", "solaris", "solaris10", "solaris-kz"]
    rows: list[Row] = []
    for number in range(count):
        name = f"{rng.choice(apps)}-{rng.choice(envs)}-{number:05d}"
        node = f"node{rng.randrange(200):03d}"
        cpu = rng.choice([None, 1, 2, 4, 8, 16, 32])
        rows.append(
            (
                name,
                (
                    name,
                    node,
                    rng.choice(states),
                    rng.choice(brands),
                    f"{node}_pool/zones/{name}",
                    f"10.20.{number // 250}.{number % 250 + 1}",
                    cpu,
                    rng.choice([2048, 4096, 8192, 16384, 65536]),
                ),
            )
        )
    return rows


class TimedTable(ResourceTable):
    """A ResourceTable that notes when it last rendered a line."""

    painted_at = 0.0

    def render_line(self, y: int) -> Strip:
        """Render as usual, noting the time."""
        strip = super().render_line(y)
        self.painted_at = time.perf_counter()
        return strip


class BenchApp(App[None]):
    """The table alone, filled when mounted."""

    def __init__(self, rows: list[Row]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        yield TimedTable(COLUMNS)

    def on_mount(self) -> None:
        table = self.query_one(TimedTable)
        table.set_rows(self.rows)
        table.focus()


def max_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def measure(count: int) -> None:
    """Build the rows, run the app, print the figures."""
    rows = vserver_rows(count)
    print(f"rows x columns        {count} x {len(COLUMNS)}")
    print(f"peak memory, rows     {max_rss_mb():.0f} MB")
    start = time.perf_counter()
    app = BenchApp(rows)
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        table = app.query_one(TimedTable)
        assert table.painted_at > start and table.shown_count == count
        print(f"first paint           {table.painted_at - start:.3f} s")
        timings: list[float] = []
        settled: list[float] = []
        for query in QUERIES:
            for end in range(1, len(query) + 1):
                before = time.perf_counter()
                table.set_filter(query[:end])
                await pilot.pause()
                assert table.painted_at > before, "no repaint after set_filter"
                timings.append(table.painted_at - before)
                settled.append(time.perf_counter() - before)
            assert table.shown_count > 0, f"{query!r} matched nothing"
            print(f"  {query!r:14} {table.shown_count:5d} rows shown")
        print(f"filter keystrokes     {len(timings)}")
        print(f"filter median         {statistics.median(timings) * 1000:.1f} ms")
        print(f"filter worst          {max(timings) * 1000:.1f} ms")
        print(
            f"  until idle: median  {statistics.median(settled) * 1000:.1f} ms, worst "
            f"{max(settled) * 1000:.1f} ms"
        )
        before = time.perf_counter()
        table.set_filter("")
        table.sort_by("memory")
        await pilot.pause()
        print(f"sort + repaint        {(table.painted_at - before) * 1000:.1f} ms")
    print(f"peak memory, total    {max_rss_mb():.0f} MB")


def main() -> None:
    """Parse the arguments and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    asyncio.run(measure(parser.parse_args().rows))


if __name__ == "__main__":
    main()
