"""Benchmark: monitoring 10,000 zones on 1,000 nodes at one sample a minute.

Run by hand: ``cd tests/perf && ../../.venv/bin/python bench_metrics.py``.
Each node has 64 hardware threads and 10 running zones, each zone a pool of its own
with a zonepath; the outputs are those a Solaris 11 node prints (kstat -p, prstat -Z,
swap -s every minute; zfs list -H -p, df -k, svcs -x, fmadm faulty every 5 minutes).
Prints:

- the CPU time to parse one minute of every node's outputs into samples, and to store
  them (written once a second, as the collectors do) and judge them against the alert
  levels, as a share of one core;
- the repository growth per day: one hour of samples written to a SQLite file and
  rolled up, scaled to a day; raw rows are kept a day, so after the first day the file
  grows by the hourly and daily rollups only (hourly dropped after 31 days);
- the time to read a year graph (200 points) of one zone's CPU out of a year of daily
  rollups of every zone, a month of hourly rollups and a day of raw samples.
  Target < 200 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from vdcftui.ops.alerts.settings import AlertSettings
from vdcftui.ops.alerts.thresholds import ThresholdWatch
from vdcftui.ops.monitor.history import roll_up, store_rows
from vdcftui.ops.monitor.samples import samples_from
from vdcftui.readmodel.metrics import load_series
from vdcftui.repo import models as m
from vdcftui.repo.database import close_repository, open_repository

THREADS = 64
ZONES = 10


def zone_name(node: int, zone: int) -> str:
    return f"z{node:04d}-{zone:02d}"


def usage_outputs(node: int, minute: int) -> dict[str, tuple[str, int]]:
    """kstat -p, pagesize, prstat -Z and swap -s of one node at one minute."""
    ticks = 6000 * (1000 + minute)
    kstat = [f"unix:0:system_pages:freemem\t{1_000_000 + minute * 37 % 5000}"]
    kstat.append("unix:0:system_pages:physmem\t4194304")
    for cpu in range(THREADS):
        kstat += [
            f"cpu:{cpu}:sys:cpu_ticks_idle\t{ticks * 8 // 10}",
            f"cpu:{cpu}:sys:cpu_ticks_kernel\t{ticks // 20}",
            f"cpu:{cpu}:sys:cpu_ticks_user\t{ticks * 3 // 20}",
            f"cpu:{cpu}:sys:cpu_ticks_wait\t0",
        ]
    prstat = [
        "   PID USERNAME  SIZE   RSS STATE  PRI NICE      TIME  CPU PROCESS/NLWP",
        "  4321 root     6916K 3468K cpu0    59    0   0:00:00 0.1% prstat/1",
        "ZONEID    NPROC  SWAP   RSS MEMORY      TIME  CPU ZONE",
        "     0      117 2885M  794M   9.5%   0:03:28 2.5% global",
    ]
    for zone in range(ZONES):
        cpu = (node + zone + minute) % 50 / 10
        prstat.append(
            f"{zone + 1:>6} {28:>8} {230:>4}M {62 + zone:>4}M   0.7%   0:00:30 {cpu:.1f}% "
            f"{zone_name(node, zone)}"
        )
    prstat.append("Total: 397 processes, 1588 lwps, load averages: 0.12, 0.10, 0.09")
    swap = (
        "total: 4996272k bytes allocated + 1636152k reserved = 6632424k used, 15287360k available"
    )
    return {
        "pagesize": ("8192\n", 0),
        "kstat": ("\n".join(kstat) + "\n", 0),
        "prstat": ("\n".join(prstat) + "\n", 0),
        "swap": (swap + "\n", 0),
    }


def other_outputs(node: int) -> dict[str, tuple[str, int]]:
    """zfs list -H -p, df -k, svcs -x and fmadm faulty of one node."""
    zfs = ["rpool\t128849018880\t468151435264\t/rpool"]
    df = ["Filesystem           1024-blocks        Used   Available Capacity  Mounted on"]
    for zone in range(ZONES):
        name = zone_name(node, zone)
        zfs += [
            f"{name}_pool\t98304\t21474738176\t/{name}_pool",
            f"{name}_pool/zone\t1992294400\t19482542080\t/zones/{name}",
        ]
        df.append(f"{name}_pool/zone  20971520  1945600  19025920  10%  /zones/{name}")
    return {
        "zfs": ("\n".join(zfs) + "\n", 0),
        "df": ("\n".join(df) + "\n", 0),
        "svcs": ("", 0),
        "fmadm": ("", 0),
    }


def zonepaths(node: int) -> dict[str, str]:
    return {zone_name(node, z): f"/zones/{zone_name(node, z)}" for z in range(ZONES)}


def ingest_minute(
    nodes: int, minute: int, at: datetime, full: bool, watch: ThresholdWatch | None = None
) -> tuple[float, float, int]:
    """Parse and store one minute of every node (``full``: with the 5-minute kinds), the
    samples judged against the alert levels as the engine does (``watch``); (parse CPU
    seconds, store and judge CPU seconds, rows)."""
    parse = store = 0.0
    rows = 0
    per_tick = max(nodes // 60, 1)
    for first in range(0, nodes, per_tick):
        began = time.process_time()
        batch = []
        for node in range(first, min(first + per_tick, nodes)):
            outputs = usage_outputs(node, minute)
            if full:
                outputs.update(other_outputs(node))
            reading = samples_from(f"node{node:04d}", outputs, zonepaths(node))
            batch += [(at, *sample) for sample in reading.samples]
        parsed = time.process_time()
        rows += store_rows(batch)
        if watch is not None:
            watch.judge(batch)
        parse += parsed - began
        store += time.process_time() - parsed
    return parse, store, rows


def fill_history(nodes: int, now: datetime) -> None:
    """A year of daily and a month of hourly CPU rollups of every zone (bulk)."""
    fields = [
        m.MetricRollup.period,
        m.MetricRollup.time,
        m.MetricRollup.object_type,
        m.MetricRollup.object_name,
        m.MetricRollup.metric,
        m.MetricRollup.count,
        m.MetricRollup.total,
        m.MetricRollup.minimum,
        m.MetricRollup.maximum,
    ]
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    with m.database_proxy.atomic():
        for node in range(nodes):
            rows = []
            for zone in range(ZONES):
                name = zone_name(node, zone)
                rows += [
                    (
                        "day",
                        today - timedelta(days=d),
                        "vserver",
                        name,
                        "cpu",
                        1440,
                        1440.0 * 3,
                        0.0,
                        9.0,
                    )
                    for d in range(1, 366)
                ]
                if node < nodes // 10:
                    hour = now.replace(minute=0, second=0, microsecond=0)
                    rows += [
                        (
                            "hour",
                            hour - timedelta(hours=h),
                            "vserver",
                            name,
                            "cpu",
                            60,
                            180.0,
                            0.0,
                            9.0,
                        )
                        for h in range(1, 24 * 31)
                    ]
            for start in range(0, len(rows), 5000):
                m.MetricRollup.insert_many(rows[start : start + 5000], fields=fields).execute()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=1000)
    parser.add_argument("--minutes", type=int, default=60, help="minutes of samples to write")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "repo.db"
        open_repository(path, create=True)
        empty = os.path.getsize(path)
        start = datetime(2026, 3, 10, 9, 0)
        parse_total = store_total = 0.0
        rows_total = 0
        wall = time.perf_counter()
        watch = ThresholdWatch(AlertSettings())
        for minute in range(args.minutes):
            parse, store, rows = ingest_minute(
                args.nodes, minute, start + timedelta(minutes=minute), minute % 5 == 0, watch
            )
            parse_total += parse
            store_total += store
            rows_total += rows
        wall = time.perf_counter() - wall
        per_minute = (parse_total + store_total) / args.minutes
        print(
            f"ingest: {args.nodes} nodes, {args.nodes * ZONES} zones, {args.minutes} minutes, "
            f"{rows_total:,} samples ({rows_total / args.minutes:,.0f} a minute), {wall:.1f} s"
        )
        print(
            f"  CPU a minute: parsing {parse_total / args.minutes:.2f} s, storing and judging "
            f"{store_total / args.minutes:.2f} s = {100 * per_minute / 60:.1f} % of one core"
        )
        raw = os.path.getsize(path) - empty
        began = time.process_time()
        hours, _ = roll_up(start + timedelta(minutes=args.minutes + 15))
        rollup_cpu = time.process_time() - began
        hourly = os.path.getsize(path) - empty - raw
        scale = 24 * 60 / args.minutes
        print(
            f"  roll-up of {hours} hour(s): {rollup_cpu:.1f} s CPU "
            f"({100 * rollup_cpu / 3600 / max(hours, 1):.2f} % of one core)"
        )
        series = m.MetricRollup.select().where(m.MetricRollup.period == "hour").count()
        print(
            f"growth: raw samples {raw * scale / 2**30:.2f} GiB a day (kept one day: "
            f"the file holds about that much raw data from then on)"
        )
        hourly_day = hourly * 24 / max(hours, 1)
        print(
            f"  hourly rollups {hourly_day / 2**20:.0f} MiB a day ({series:,} series), kept "
            f"31 days: {hourly_day * 31 / 2**30:.2f} GiB; daily rollups "
            f"{hourly_day / 24 / 2**20:.1f} MiB a day ({hourly_day / 24 * 365 / 2**20:.0f} MiB "
            f"a year)"
        )
        close_repository()
        path.unlink()
        open_repository(path, create=True)
        now = datetime(2026, 3, 10, 12, 0)
        began = time.perf_counter()
        fill_history(args.nodes, now)
        ingest_minute(args.nodes // 10, 0, now - timedelta(minutes=1), True)
        print(
            f"year graph: {m.MetricRollup.select().count():,} rollups built in "
            f"{time.perf_counter() - began:.0f} s"
        )
        times = []
        for trial in range(20):
            name = zone_name(trial * 7 % (args.nodes // 10), trial % ZONES)
            began = time.perf_counter()
            series_read = load_series("vserver", name, "cpu", "year", now=now)
            times.append(time.perf_counter() - began)
            assert series_read.points, name
        print(
            f"  read a year of one zone's CPU ({len(series_read.points)} points): median "
            f"{1000 * statistics.median(times):.1f} ms, worst {1000 * max(times):.1f} ms "
            "(target < 200 ms)"
        )
        close_repository()


if __name__ == "__main__":
    main()
