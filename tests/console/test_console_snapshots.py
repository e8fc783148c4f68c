"""Snapshots of every main view and every NOC dashboard at 80x24 and 160x50, over a
repository with fixed names and fixed times, so that a change of layout shows up as a
diff of the SVGs under __snapshots__ (update with --snapshot-update, then look at them)."""

from __future__ import annotations

from datetime import datetime

import pytest
from textual.widgets import Input

from screens.confirm_plan import PlanConfirmScreen
from screens.keys import screen_ready
from screens.noc.wall import DASHBOARD_NAMES
from screens.resource import READING, ResourceScreen
from tests.helpers import pilot_until
from vdcftui.app import VdcfApp
from vdcftui.noc_app import NocApp
from vdcftui.ops.jobs.plan import Plan, Step
from vdcftui.ops.session import Session
from vdcftui.repo import models as m
from vdcftui.solaris.cmd.storage import zpool_export, zpool_import
from vdcftui.solaris.cmd.zones import zoneadm
from vdcftui.widgets.detail_pane import DetailPane

SIZES = [(80, 24), (160, 50)]
VIEWS = ["pools", "nodes", "gdoms", "vservers", "jobs", "alerts"]
NOW = datetime(2025, 3, 4, 12, 0)
EARLIER = datetime(2025, 3, 4, 9, 30)


@pytest.fixture
def snapshot_repo(alerts_repo):
    """The console's repository with recorded alerts, every time fixed, and trouble for
    the NOC."""
    m.Job.update(created=EARLIER, started=EARLIER).execute()
    m.Lock.update(since=EARLIER).execute()
    node03 = m.Node.get(m.Node.name == "node03")
    m.Node.update(last_discovered=EARLIER).where(m.Node.id == node03.id).execute()
    m.VServer.create(name="ftp01", node=node03, state="running", brand="solaris")
    m.NodeLun.create(
        node=m.Node.get(m.Node.name == "node01"),
        lun=m.Lun.create(wwn="600A0B800011382800000A0B84B10002"),
        total_paths=4,
        operational_paths=2,
        multipath=True,
    )
    m.Job.create(
        operation="boot",
        object_type="vserver",
        object_name="db01",
        operator="bob",
        state="failed",
        created=EARLIER,
        started=EARLIER,
        finished=datetime(2025, 3, 4, 9, 31),
        error="zoneadm: boot failed",
    )
    return alerts_repo


async def _until(pilot, condition, seconds: float = 30.0) -> None:
    """Let the app run until ``condition()`` holds (state, not a fixed number of pauses)."""
    await pilot_until(pilot, condition, seconds, step=0.02)


async def view_read(pilot) -> None:
    """The view's rows and the selected row's details are in (read in workers)."""
    app = pilot.app

    def read() -> bool:
        screen = app.screen
        if not isinstance(screen, ResourceScreen) or not screen.loaded:
            return False
        if screen.query_one(DetailPane).plain_text.startswith(READING):
            return False
        return not [w for w in app.workers if w.group != "poll" and w.is_running]

    await _until(pilot, read)
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("view", VIEWS)
def test_console_view(snap_compare, snapshot_repo, view, size):
    app = VdcfApp(site="snap", session=Session("operator"), start_view=view)
    assert snap_compare(app, terminal_size=size, run_before=view_read)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("dashboard", DASHBOARD_NAMES)
def test_noc_dashboard(snap_compare, snapshot_repo, dashboard, size):
    app = NocApp(operator="operator", cycle=0, start=dashboard, clock=lambda: NOW, show_clock=False)

    async def samples_read(pilot) -> None:
        # the dashboard reads its summary, then graphs their samples, in worker
        # threads: shoot once they are in and the figures have found their sizes
        await _until(pilot, lambda: pilot.app.screen.current.shown > 0)
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        shots: list[str] = []

        def settled() -> bool:
            shots.append(pilot.app.export_screenshot())
            return len(shots) > 1 and shots[-1] == shots[-2]

        await _until(pilot, settled)

    assert snap_compare(app, terminal_size=size, run_before=samples_read)


MIGRATION = Plan(
    operation="migrate",
    object_type="vserver",
    object_name="web01",
    prechecks=("web01 is running on node01; node02 is up", "node02 sees every LUN of web01_pool"),
    steps=(
        Step(
            "node01",
            zoneadm("web01", "shutdown"),
            "stop the zone",
            undo=zoneadm("web01", "boot"),
        ),
        Step(
            "node01",
            zoneadm("web01", "detach"),
            "detach it from the source",
            undo=zoneadm("web01", "attach"),
        ),
        Step(
            "node01",
            zpool_export("web01_pool"),
            "release web01_pool on the source",
            undo=zpool_import("web01_pool"),
        ),
        Step(
            "node02",
            zpool_import("web01_pool"),
            "take web01_pool on the target",
            undo=zpool_export("web01_pool"),
        ),
    ),
)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("destructive", [True, False], ids=["typed-name", "enter"])
def test_plan_confirmation_dialog(snap_compare, snapshot_repo, destructive, size):
    """The dialog in front of every change: it must keep showing the plan and asking for
    the name (destructive) so that a regression cannot slip through."""
    app = VdcfApp(site="snap", session=Session("operator"))

    async def open_dialog(pilot) -> None:
        await view_read(pilot)
        app = pilot.app
        app.push_screen(PlanConfirmScreen(MIGRATION, destructive=destructive))

        def dialog_ready() -> bool:
            screen = app.screen
            if not isinstance(screen, PlanConfirmScreen) or not screen_ready(screen):
                return False
            return not destructive or screen.query_one("#confirm-name", Input).has_focus

        await _until(pilot, dialog_ready)
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=open_dialog)
