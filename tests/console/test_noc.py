"""The NOC wall display, driven with Textual's Pilot over a real repository file: its
dashboards, cycling and pausing, live refresh, and that nothing on it (keys, palette,
its session in ops/) can start an operation."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

import pytest
from textual.command import CommandList, CommandPalette
from textual.widgets import Label

from screens.noc.dashboard import BigFigure, Dashboard, LineList
from screens.noc.pools import PoolCard
from screens.noc.wall import NocScreen
from tests.console.conftest import SSH_MAINTENANCE, add_alerts
from tests.helpers import pilot_until as _wait_for
from vdcftui.display import printable
from vdcftui.noc_app import REFUSED_OPERATIONS, NocApp
from vdcftui.ops.jobs import journal
from vdcftui.ops.jobs.plan import Plan, Step
from vdcftui.ops.session import ReadOnlyRefused
from vdcftui.readmodel.alerts import CRITICAL, WARNING, current_alerts
from vdcftui.repo import models as m
from vdcftui.widgets.metric_graph import MetricGraph

SIZE = (160, 50)
NOW = datetime(2025, 3, 4, 12, 0)


def add_trouble() -> None:
    """What a NOC must show: a vServer stranded on an unreachable node, a degraded and a
    dead LUN path, a failed, an interrupted, a rolled-back and an old failed job."""
    node03 = m.Node.get(m.Node.name == "node03")
    node03.last_discovered = datetime(2025, 3, 4, 9, 30)
    node03.save()
    m.VServer.create(name="ftp01", node=node03, state="running", brand="solaris")
    node01 = m.Node.get(m.Node.name == "node01")
    for wwn, working in (
        ("600A0B800011382800000A0B84B10002", 1),
        ("600A0B800011382800000A0B84B10003", 0),
    ):
        m.NodeLun.create(
            node=node01,
            lun=m.Lun.create(wwn=wwn),
            total_paths=2,
            operational_paths=working,
            multipath=True,
        )
    m.NodeLun.create(
        node=node01,
        lun=m.Lun.get(m.Lun.wwn.endswith("10001")),
        total_paths=2,
        operational_paths=2,
        multipath=True,
    )
    for operation, name, state, finished, error in (
        ("boot", "db01", "failed", datetime(2025, 3, 4, 11, 0), "zoneadm: boot failed"),
        ("migrate", "mail02", "interrupted", None, None),
        ("reboot", "mail03", "rolled_back", datetime(2025, 3, 4, 8, 0), "step 2 failed"),
        ("boot", "mail04", "failed", datetime(2025, 3, 2, 8, 0), "too old to show"),
    ):
        m.Job.create(
            operation=operation,
            object_type="vserver",
            object_name=name,
            operator="bob",
            state=state,
            created=datetime(2025, 3, 2, 7, 0),
            started=datetime(2025, 3, 2, 7, 0),
            finished=finished,
            error=error,
        )


@pytest.fixture
def noc_repo(console_repo):
    """The console's repository with trouble in it."""
    add_trouble()
    return console_repo


def _app(**kwargs) -> NocApp:
    kwargs.setdefault("cycle", 0)
    return NocApp(operator="alice", show_clock=False, clock=lambda: NOW, **kwargs)


async def _shown(pilot, app: NocApp, name: str | None = None) -> Dashboard:
    """Show dashboard ``name`` (or stay on the one shown) and wait until it has shown
    what it read for it (summaries are read on a worker thread)."""
    screen = app.screen
    assert isinstance(screen, NocScreen)
    if name is None:
        dashboard = screen.current
        await _wait_for(pilot, lambda: dashboard.shown > 0)
    else:
        dashboard = screen.query_one(f"#{name}", Dashboard)
        before = dashboard.shown
        screen.show_dashboard(name)
        await _wait_for(pilot, lambda: dashboard.shown > before)
    await pilot.pause()  # what it mounted is composed
    return dashboard


def _figures(dashboard) -> dict[str, int]:
    return {figure.caption: figure.value for figure in dashboard.query(BigFigure)}


def _lines(dashboard) -> list[str]:
    return dashboard.query_one(LineList).texts


def test_alerts_are_derived_from_the_repository(noc_repo):
    alerts = current_alerts(NOW)
    texts = [a.message for a in alerts]
    assert texts[:2] == [
        "node node03 (pool-b) is unreachable",
        "1 vServer on node03 (unreachable): ftp01",
    ]
    assert "node node04 (pool-b) is fenced" in texts  # fenced: a warning
    assert [a.severity for a in alerts if "node04" in a.message] == [WARNING]
    assert "job 2 boot db01 failed: zoneadm: boot failed" in texts
    assert "job 3 migrate mail02 interrupted: recover it (vdcftui job recover)" in texts
    assert not any("mail04" in t or "mail03" in t for t in texts)  # too old; rolled back
    luns = [a for a in alerts if a.kind == "LUN paths degraded"]
    assert [(a.severity, a.message) for a in luns] == [
        (CRITICAL, "LUN 600A0B800011382800000A0B84B10003 on node01: 0 of 2 paths working"),
        (WARNING, "LUN 600A0B800011382800000A0B84B10002 on node01: 1 of 2 paths working"),
    ]
    assert [a.severity for a in alerts] == sorted(
        (a.severity for a in alerts), key=lambda s: s != CRITICAL
    )
    # alerts clear with their cause
    m.NodeLun.update(operational_paths=2).execute()
    m.Node.update(state="up", fenced=False).execute()
    assert not any(
        a.kind in ("LUN paths degraded", "node unreachable", "vServers stranded")
        for a in current_alerts(NOW)
    )


async def test_dashboards_show_pools_nodes_vservers_jobs_and_alerts(noc_repo):
    app = _app()
    async with app.run_test(size=SIZE) as pilot:
        await _shown(pilot, app)
        screen = app.screen
        assert isinstance(screen, NocScreen)
        assert app.sub_title == "[read-only NOC]" and app.theme == "vdcf-noc"
        cards = {card.health.pool: card for card in screen.query(PoolCard)}
        assert _figures(cards["pool-a"]) == {
            "nodes up": 3,
            "down": 0,
            "unreachable": 0,
            "fenced": 0,
            "vs running": 2,
            "vs other": 9,
            "not N+1": 2,  # two nodes carry running vServers with no dataset to move
        }
        assert _figures(cards["pool-b"]) == {
            "nodes up": 0,
            "down": 0,
            "unreachable": 1,
            "fenced": 1,
            "vs running": 1,
            "vs other": 0,
            "not N+1": 1,  # node03's vServer: no other node of pool-b is up
        }
        assert cards["pool-b"].query_one(".figure.-error").caption == "unreachable"

        await _shown(pilot, app, "nodes")
        assert _figures(screen.current) == {"unreachable": 1, "down": 0, "fenced": 1}
        assert _lines(screen.current) == [
            "node03  pool-b  unreachable  since 2025-03-04 09:30 (2 h ago)  1 vServer",
            "node04  pool-b  fenced  since unknown  0 vServers",
        ]

        await _shown(pilot, app, "vservers")
        assert _figures(screen.current) == {"running": 3, "installed": 9}

        await _shown(pilot, app, "jobs")
        assert _figures(screen.current) == {
            "running": 1,
            "queued": 0,
            "failed/interr.": 2,
            "rolled back": 1,
        }
        lines = _lines(screen.current)
        assert lines[0].startswith("job 1 migrate app01 (alice) running")
        assert lines[1:] == [
            "job 3 migrate mail02 (bob) interrupted 07:00",
            "job 2 boot db01 (bob) failed 11:00: zoneadm: boot failed",
            "job 4 reboot mail03 (bob) rolled back 08:00: step 2 failed",
        ]

        await _shown(pilot, app, "alerts")
        assert _figures(screen.current) == {"critical": 5, "warning": 2}
        assert _lines(screen.current)[0] == (
            "CRITICAL  node node03 (pool-b) is unreachable  since 2025-03-04 09:30 (2 h ago)"
        )


async def test_alerts_dashboard_shows_recorded_alerts_with_the_derived(noc_repo):
    add_alerts()  # alert 2 critical, alert 1 a warning carol acknowledged, alert 3 cleared
    app = _app(start="alerts")
    async with app.run_test(size=SIZE) as pilot:
        dashboard = await _shown(pilot, app)
        assert _figures(dashboard) == {"critical": 6, "warning": 3}
        lines = _lines(dashboard)
        assert lines[:2] == [
            f"CRITICAL  {printable(SSH_MAINTENANCE)}  since 2025-03-04 11:00 (1 h ago)",
            "CRITICAL  node node03 (pool-b) is unreachable  since 2025-03-04 09:30 (2 h ago)",
        ]
        assert lines[6] == (
            "WARNING   node01 cpu 91% (warning at 90%)  since 2025-03-04 10:00 (2 h ago)  ACK carol"
        )
        assert not any("fmadm" in line for line in lines)  # cleared
        shown = [str(label.render()) for label in dashboard.query_one(LineList).query(Label)]
        assert "maintenance\\e[2J" in shown[0] and "\x1b" not in "".join(shown)
        await pilot.press("a")  # the wall never acknowledges
        await pilot.pause()
        assert "read-only NOC display: acknowledge refused" in [
            n.message for n in app._notifications
        ]
    assert m.AlertRecord.get_by_id(2).acked_by is None


async def test_graphs_dashboard_plots_pool_totals_or_says_there_are_none(noc_repo):
    now = datetime.now()
    node = m.Node.get(m.Node.name == "node01")
    m.MetricSample.insert_many(
        [
            {
                "time": now - timedelta(minutes=minute),
                "object_type": "node",
                "object_name": node.name,
                "metric": "cpu",
                "value": 20.0 + minute % 7,
            }
            for minute in range(1, 50)
        ]
    ).execute()
    app = _app()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await _shown(pilot, app, "graphs")
        await app.workers.wait_for_complete()
        await pilot.pause()
        graphs = {(g.object_name, g.metric): g for g in screen.current.query(MetricGraph)}
        assert set(graphs) == {
            ("pool-a", "cpu"),
            ("pool-a", "memory"),
            ("pool-b", "cpu"),
            ("pool-b", "memory"),
        }
        assert graphs["pool-a", "cpu"].point_count > 0
        assert "no samples" in graphs["pool-b", "cpu"].message


async def test_dashboards_cycle_pause_and_switch_with_arrows(noc_repo):
    app = _app(cycle=0.2)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await _wait_for(pilot, lambda: screen.current.NAME == "vservers")
        await pilot.press("space")
        assert screen.paused
        assert "PAUSED" in str(screen.query_one("#noc-status").render())
        shown = screen.current.NAME
        await pilot.press("right")
        assert shown != screen.current.NAME
        shown = screen.current.NAME
        await pilot.pause(1.0)  # five cycles' time: a paused wall stays where it is,
        assert shown == screen.current.NAME  # even after switching by hand
        assert "PAUSED" in str(screen.query_one("#noc-status").render())
        await pilot.press("space")
        assert not screen.paused
        moved_from = screen.current.NAME
        await _wait_for(pilot, lambda: moved_from != screen.current.NAME)


async def test_arrows_wrap_around(noc_repo):
    app = _app(start="pools")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("left")
        assert app.screen.current.NAME == "graphs"
        await pilot.press("right", "right")
        assert app.screen.current.NAME == "nodes"
        assert "nodes not up  2/6" in str(app.screen.query_one("#noc-status").render())


async def test_another_process_change_shows_within_two_seconds(noc_repo):
    app = _app(start="nodes")
    async with app.run_test(size=SIZE) as pilot:
        await _shown(pilot, app)
        assert _figures(app.screen.current)["unreachable"] == 1
        other = sqlite3.connect(noc_repo)
        other.execute("UPDATE node SET state='up' WHERE name='node03'")
        other.commit()
        other.close()
        await _wait_for(pilot, lambda: _figures(app.screen.current)["unreachable"] == 0)
        assert _lines(app.screen.current) == ["node04  pool-b  fenced  since unknown  0 vServers"]


async def test_operation_keys_are_refused_with_a_notice(noc_repo):
    jobs, states = m.Job.select().count(), list(m.VServer.select(m.VServer.state).tuples())
    app = _app()
    async with app.run_test(size=SIZE) as pilot:
        for key, operation in REFUSED_OPERATIONS:
            await pilot.press(key)
            await pilot.pause()
            assert f"read-only NOC display: {operation} refused" in [
                n.message for n in app._notifications
            ]
        assert isinstance(app.screen, NocScreen)
    assert [op for _, op in REFUSED_OPERATIONS] == [
        "boot",
        "shutdown",
        "reboot",
        "migrate",
        "detach",
        "attach",
        "modify",
        "console take-over",
        "acknowledge",
    ]
    assert m.Job.select().count() == jobs
    assert list(m.VServer.select(m.VServer.state).tuples()) == states


async def test_its_session_is_refused_in_ops_whatever_the_ui_does(noc_repo):
    app = _app()
    async with app.run_test(size=SIZE):
        assert app.readonly and app.session.operator == "alice"
        plan = Plan(
            "boot",
            "vserver",
            "mail05",
            (Step("node02", "zoneadm -z mail05 boot", "boot the zone"),),
            locks=(("vserver", "mail05"),),
        )
        with pytest.raises(ReadOnlyRefused, match="boot vserver mail05"):
            journal.submit(app.session, plan)
        with pytest.raises(ReadOnlyRefused):
            journal.cancel_job(app.session, m.Job.get_by_id(1))
    assert not m.Job.select().where(m.Job.object_name == "mail05").exists()
    assert not m.Lock.select().where(m.Lock.object_name == "mail05").exists()


async def test_palette_offers_dashboards_and_no_operation(noc_repo):
    app = _app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("colon")
        await _wait_for(
            pilot,
            lambda: (
                isinstance(app.screen, CommandPalette)
                and app.screen.query_one(CommandList).option_count >= 5
            ),
        )
        commands = app.screen.query_one(CommandList)
        titles = [
            str(commands.get_option_at_index(i).prompt).lower().partition("\n")[0]
            for i in range(commands.option_count)
        ]
        assert {"show pool health", "show nodes not up", "show alerts"} <= set(titles)
        for _, operation in REFUSED_OPERATIONS:
            assert not any(operation.split()[0] in title for title in titles), titles
        await pilot.press(*"alerts", "enter")
        await _wait_for(
            pilot,
            lambda: isinstance(app.screen, NocScreen) and app.screen.current.NAME == "alerts",
        )
