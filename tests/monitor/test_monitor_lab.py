"""The collectors against the lab over real SSH, into a real SQLite repository: one
batch per node fills samples for nodes, zones and datasets; a slow node holds up no
other and is not collected twice at once; the engine runs them; the graphs show them."""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import datetime

import pytest

from screens.graphs import GraphsScreen
from tests.helpers import commands_started, discover_lab, pilot_until
from vdcftui.app import VdcfApp
from vdcftui.lab.load import node_ticks, zone_cpu_percent, zone_rss_k
from vdcftui.ops.alerts.settings import AlertSettings
from vdcftui.ops.alerts.thresholds import FAILURES_BEFORE_ALERT, ThresholdWatch
from vdcftui.ops.jobs.engine import serve
from vdcftui.ops.monitor.collector import Collectors
from vdcftui.ops.monitor.config import MonitorSettings
from vdcftui.ops.node.hosts import target_for
from vdcftui.ops.session import Session
from vdcftui.readmodel.metrics import METRICS
from vdcftui.remote.pool import SSHPool
from vdcftui.repo import models as m
from vdcftui.repo.database import close_repository
from vdcftui.widgets.metric_graph import MetricGraph

NODE_METRICS = {"cpu", "memory", "swap", "services", "faults"}


@pytest.fixture
def discovered(lab_session, tmp_path):
    """The shared lab discovered into a repository file; its credential store."""
    credentials = discover_lab(lab_session, tmp_path / "repo.db")
    yield credentials
    close_repository()


@pytest.fixture
def discovered_fresh(fresh_lab, tmp_path):
    """A lab of the test's own discovered into a repository file; its credential store."""
    credentials = discover_lab(fresh_lab, tmp_path / "repo.db")
    yield credentials
    close_repository()


def _series() -> dict[tuple[str, str], set[str]]:
    found: dict[tuple[str, str], set[str]] = {}
    for kind, name, metric in m.MetricSample.select(
        m.MetricSample.object_type, m.MetricSample.object_name, m.MetricSample.metric
    ).tuples():
        found.setdefault((kind, name), set()).add(metric)
    return found


async def _collect_once(collectors: Collectors) -> list[str]:
    started = collectors.start_due()
    await collectors.finish()
    collectors.write()
    return started


async def test_one_collection_fills_nodes_zones_and_datasets(lab_session, discovered):
    pool = SSHPool()
    collectors = Collectors(pool, lambda host: target_for(host, discovered), MonitorSettings())
    try:
        started = await _collect_once(collectors)
        nodes = {n.name for n in m.Node.select()}
        assert set(started) == nodes
        series = _series()
        for node in nodes:
            status = collectors.status[node]
            assert status.error is None and status.problems == [], (node, status)
            assert series[("node", node)] == NODE_METRICS, node
        running = {
            z.name
            for n in lab_session.state.nodes.values()
            for z in n.zones.values()
            if z.state == "running"
        }
        assert running and all(series[("vserver", z)] == {"cpu", "memory", "disk"} for z in running)
        assert ("dataset", "rpool") in series
        assert {metric for metrics in series.values() for metric in metrics} <= set(METRICS)
        # the second collection reads CPU from the tick differences since the first
        before = m.MetricSample.select().count()
        assert await _collect_once(collectors) == []  # nothing due yet: intervals hold
        collectors._due = {}  # every kind due again at once
        execs = {node: commands_started(lab_session, node) for node in nodes}
        await _collect_once(collectors)
        # one SSH exec per node per collection: every command in one batch
        assert {n: commands_started(lab_session, n) - execs[n] for n in nodes} == dict.fromkeys(
            nodes, 1
        )
        assert m.MetricSample.select().count() == 2 * before
        cpu = [
            s.value
            for s in m.MetricSample.select().where(
                (m.MetricSample.object_type == "node") & (m.MetricSample.metric == "cpu")
            )
        ]
        assert all(0 <= value <= 100 for value in cpu)
        assert all(c.collections == 2 for c in collectors.status.values())
    finally:
        await pool.close()


def test_lab_values_move_over_time(lab_session):
    node = next(n for n in lab_session.state.nodes.values() if n.zones)
    zone = next(iter(node.zones.values()))
    now = time.time()
    first, later = node_ticks(node, now), node_ticks(node, now + 150)
    assert later[0] > first[0] and later[1] > first[1] and later[2] >= first[2]
    assert zone_cpu_percent(node, zone, now) != zone_cpu_percent(node, zone, now + 150)
    assert zone_rss_k(zone, now) != zone_rss_k(zone, now + 150)


async def test_a_slow_node_holds_up_no_other_and_is_not_collected_twice(
    fresh_lab, discovered_fresh
):
    credentials = discovered_fresh
    slow = "node04"
    fresh_lab.faults.slow(slow, 6.0)
    fresh_lab.state.nodes["node03"].fm_cases.append(
        (time.time(), str(uuid.uuid4()), "SUN4V-8001-8H", "Minor", "fault.cpu.generic-sparc")
    )
    pool = SSHPool()
    settings = MonitorSettings(timeout=4.0)
    collectors = Collectors(pool, lambda host: target_for(host, credentials), settings)
    try:
        began = time.monotonic()
        collectors.start_due()
        running = collectors.running()
        others = [task for node, task in running.items() if node != slow]
        await asyncio.wait(others)
        others_took = time.monotonic() - began
        assert not running[slow].done(), "the slow node finished with the others"
        assert all(collectors.status[n].error is None for n in running if n != slow)
        # a collection falls due while the slow one runs: it is skipped, not doubled
        collectors._due[slow] = dict.fromkeys(collectors._due[slow], 0.0)
        collectors.start_due()
        assert collectors.status[slow].skipped == 1
        await collectors.finish()
        assert others_took < settings.timeout
        assert "Timeout" in (collectors.status[slow].error or "")
        collectors.write()
        faults = {
            s.object_name: s.value
            for s in m.MetricSample.select().where(m.MetricSample.metric == "faults")
        }
        assert faults["node03"] == 1.0 and faults["node05"] == 0.0 and slow not in faults
    finally:
        await pool.close()


async def test_the_engine_runs_the_collectors(lab_session, discovered):
    stop = asyncio.Event()
    settings = MonitorSettings(intervals={"usage": 1.0, "filesystems": 60.0, "health": 60.0})
    engine = asyncio.create_task(
        serve(Session("alice"), lambda h: target_for(h, discovered), stop, monitor=settings)
    )
    deadline = time.monotonic() + 60
    nodes = m.Node.select().count()
    # two rounds of usage for every node
    while m.MetricSample.select().where(m.MetricSample.metric == "swap").count() < 2 * nodes:
        assert time.monotonic() < deadline and not engine.done(), "no samples from the engine"
        await asyncio.wait({engine}, timeout=0.1)
    stop.set()
    await engine
    assert m.MetricSample.select().where(m.MetricSample.metric == "faults").count() == nodes


async def test_graphs_show_collected_samples(lab_session, discovered):
    pool = SSHPool()
    collectors = Collectors(pool, lambda host: target_for(host, discovered), MonitorSettings())
    try:
        await _collect_once(collectors)
    finally:
        await pool.close()
    zone = next(
        z.name
        for n in lab_session.state.nodes.values()
        for z in n.zones.values()
        if z.state == "running"
    )
    app = VdcfApp(site="test", session=Session("alice"), start_view="vservers")
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("colon", *f"graphs {zone}", "enter")
        await pilot_until(
            pilot, lambda: isinstance(app.screen, GraphsScreen) and app.screen.objects_read
        )
        await app.workers.wait_for_complete()
        await pilot.pause()
        for metric in ("cpu", "memory"):
            graph = app.screen.query_one(f"#graph-{metric}", MetricGraph)
            await pilot_until(pilot, lambda g=graph: g.point_count > 0)
            assert graph.object_name == zone and graph.message == ""
    assert datetime.now() > min(s.time for s in m.MetricSample.select())


async def test_a_node_that_keeps_failing_is_an_alert_until_it_answers(fresh_lab, discovered_fresh):
    credentials = discovered_fresh
    now = [0.0]
    watch = ThresholdWatch(AlertSettings())
    pool = SSHPool(connect_attempts=1)
    collectors = Collectors(
        pool,
        lambda host: target_for(host, credentials),
        MonitorSettings(timeout=5.0),
        clock=lambda: now[0],
        watch=watch,
    )
    fresh_lab.faults.unreachable("node06")
    try:
        for round_ in range(FAILURES_BEFORE_ALERT):
            assert m.AlertRecord.select().count() == 0, f"an alert after {round_} failures"
            await _collect_once(collectors)
            now[0] += 3600.0
        (alert,) = m.AlertRecord.select()
        assert (alert.kind, alert.object_name, alert.severity) == ("monitor", "node06", "warning")
        assert alert.message.startswith(
            f"node node06 gives no samples: {FAILURES_BEFORE_ALERT} collections failed in a row"
        )
        assert collectors.status["node05"].failures == 0
        fresh_lab.faults.unreachable("node06", on=False)
        await _collect_once(collectors)
        alert = m.AlertRecord.get()
        assert alert.cleared is not None and alert.cleared_why == "collected again"
    finally:
        await pool.close()
