"""Monitoring graphs, driven with Pilot over a real repository file: at most 200
averaged points whatever the span, span keys, plain words when there is no sample,
pool totals from the nodes, the theme's colour, and samples another process writes."""

from __future__ import annotations

import sqlite3
import time
from datetime import datetime, timedelta

import pytest
from textual.color import Color
from textual.widgets import Label

from screens.graphs import GraphsScreen
from tests.helpers import pilot_until
from vdcftui.app import VdcfApp
from vdcftui.ops.session import Session
from vdcftui.readmodel.metrics import MAX_POINTS, load_series
from vdcftui.repo import models as m
from vdcftui.widgets.metric_graph import MetricGraph

SIZE = (160, 50)
FIELDS = [
    m.MetricSample.time,
    m.MetricSample.object_type,
    m.MetricSample.object_name,
    m.MetricSample.metric,
    m.MetricSample.value,
]


def _samples(
    object_type: str,
    name: str,
    metric: str,
    count: int,
    over: timedelta,
    value,
    now: datetime | None = None,
) -> None:
    """``count`` samples evenly over the ``over`` before ``now``, the newest at ``now``."""
    now = now or datetime.now()
    step = over / count
    rows = [(now - step * n, object_type, name, metric, float(value(n))) for n in range(count)]
    for first in range(0, len(rows), 2000):
        m.MetricSample.insert_many(rows[first : first + 2000], fields=FIELDS).execute()


@pytest.fixture
def metrics_repo(console_repo):
    """node01: 3,000 CPU and memory samples over a day; web01: 10,000 CPU samples over a
    year; node02 memory and CPU for the last hour (pool-a totals); node03 nothing."""
    with m.database_proxy.atomic():
        _samples("node", "node01", "cpu", 3000, timedelta(days=1), lambda n: n % 100)
        _samples("node", "node01", "memory", 3000, timedelta(days=1), lambda n: 1000)
        _samples("node", "node02", "memory", 120, timedelta(hours=1), lambda n: 500)
        _samples("node", "node02", "cpu", 120, timedelta(hours=1), lambda n: 30)
        _samples("vserver", "web01", "cpu", 10000, timedelta(days=365), lambda n: 50)
    return console_repo


def _app(view: str = "vservers") -> VdcfApp:
    return VdcfApp(site="test", session=Session("alice"), start_view=view)


async def _settle(app: VdcfApp, pilot) -> None:
    """Let the graphs' reading threads finish and the graphs repaint."""
    await app.workers.wait_for_complete()
    await pilot.pause()


def _graph(app: VdcfApp, metric: str) -> MetricGraph:
    return app.screen.query_one(f"#graph-{metric}", MetricGraph)


async def _open(app: VdcfApp, pilot, name: str) -> None:
    await pilot.press("colon", *f"graphs {name}", "enter")
    deadline = time.monotonic() + 30
    while not (isinstance(app.screen, GraphsScreen) and app.screen.objects_read):
        assert time.monotonic() < deadline, "the graphs screen did not read its objects"
        await pilot.pause(0.02)
    await _settle(app, pilot)


async def test_spans_switch_and_never_exceed_200_points(metrics_repo):
    app = _app()
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot, "node01")
        cpu, memory = _graph(app, "cpu"), _graph(app, "memory")
        assert (cpu.object_type, cpu.object_name, cpu.span) == ("node", "node01", "hour")
        hour = cpu.point_count
        assert 0 < hour <= MAX_POINTS  # ~125 samples in the last hour
        assert memory.point_count == hour and cpu.message == ""
        await pilot.press("2")
        await _settle(app, pilot)
        day = cpu.point_count
        assert hour < day <= MAX_POINTS and cpu.span == memory.span == "day"
        await pilot.press("m")
        await _settle(app, pilot)
        assert 0 < cpu.point_count < day  # a day of samples in 200 buckets of 3.6 h
        await pilot.press("y")
        await _settle(app, pilot)
        assert cpu.span == "year" and 0 < cpu.point_count <= 2


async def test_a_year_of_samples_stays_within_200_points(metrics_repo):
    app = _app()
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot, "web01")
        assert _graph(app, "cpu").object_type == "vserver"
        await pilot.press("4")
        await _settle(app, pilot)
        assert 190 <= _graph(app, "cpu").point_count <= MAX_POINTS
        assert _graph(app, "memory").message == (
            "no samples for web01 memory in the last year: collectors record them"
        )


async def test_no_samples_says_so_plainly(metrics_repo):
    app = _app()
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot, "node03")
        graph = _graph(app, "cpu")
        assert graph.point_count == 0
        text = "no samples for node03 cpu in the last hour: collectors record them"
        assert graph.message == text
        assert str(graph.render()) == text


async def test_plot_line_takes_the_theme_colour(metrics_repo):
    app = _app()
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot, "node01")
        for metric, variable in (("cpu", "primary"), ("memory", "accent")):
            wanted = Color.parse(app.theme_variables[variable]).rgb
            colours = {
                span.style.color.triplet
                for span in _graph(app, metric).render().spans
                if not isinstance(span.style, str) and span.style.color and span.style.color.triplet
            }
            assert tuple(wanted) in {tuple(c) for c in colours}, metric


async def test_pool_totals_from_its_nodes(metrics_repo):
    m.Node.update(cpu_threads=3).where(m.Node.name == "node03").execute()
    m.Node.update(cpu_threads=1).where(m.Node.name == "node04").execute()
    now = datetime.now()
    for name, cpu, memory in (("node03", 90, 1000), ("node04", 30, 500)):
        _samples("node", name, "cpu", 60, timedelta(hours=1), lambda n, v=cpu: v, now)
        _samples("node", name, "memory", 60, timedelta(hours=1), lambda n, v=memory: v, now)
    memory = load_series("pool", "pool-b", "memory", "hour")
    cpu = load_series("pool", "pool-b", "cpu", "hour")
    assert memory.from_nodes == 2 and 50 <= len(memory.points) <= MAX_POINTS
    # the nodes' samples fall in the same buckets: memory adds up, CPU is thread-weighted
    assert {round(value) for _, value in memory.points} == {1500}
    assert {round(value) for _, value in cpu.points} == {75}  # (90*3 + 30*1) / 4
    app = _app()
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot, "pool-b")
        graph = _graph(app, "memory")
        assert (graph.object_type, graph.point_count) == ("pool", len(memory.points))
        assert "sum of 2 nodes" in str(graph.render())


async def test_pool_samples_of_its_own_win(metrics_repo):
    _samples("pool", "pool-a", "memory", 10, timedelta(minutes=30), lambda n: 7777)
    series = load_series("pool", "pool-a", "memory", "hour")
    assert series.from_nodes == 0 and {value for _, value in series.points} == {7777}


async def test_choosing_another_object_on_the_left(metrics_repo):
    app = _app()
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot, "node01")
        await pilot.press("down")  # node02
        await _settle(app, pilot)
        assert _graph(app, "cpu").object_name == "node02"
        assert _graph(app, "cpu").point_count > 0
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, GraphsScreen)  # opened with `:`, nothing to go back to


async def test_unknown_name_is_named(metrics_repo):
    app = _app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("colon", *"graphs nosuch", "enter")
        help_line = app.screen.query_one("#command-help", Label)
        await pilot_until(pilot, lambda: help_line.has_class("refused"))
        assert str(help_line.render()) == "no node, vServer or pool named 'nosuch'"


async def test_samples_written_by_another_process_show(metrics_repo):
    app = _app()
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot, "node03")
        graph = _graph(app, "cpu")
        assert graph.point_count == 0
        other = sqlite3.connect(metrics_repo)
        now = datetime.now()
        other.executemany(
            "INSERT INTO metric_sample (time, object_type, object_name, metric, "
            "value) VALUES (?, 'node', 'node03', 'cpu', 42.0)",
            [(str(now - timedelta(minutes=n)),) for n in range(5)],
        )
        other.commit()
        other.close()
        await pilot_until(pilot, lambda: graph.point_count > 0)
        assert graph.point_count == 5 and graph.message == ""
