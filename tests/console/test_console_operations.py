"""Operations from the keyboard over the lab: the migration target picker with its
reasons, the plan, the typed confirmation, the job run by a real engine process, and
every refusal path (pre-check, lock, read-only) shown as a message."""

from __future__ import annotations

import os
import socket

import pytest
from textual.widgets import Input

from screens.confirm_plan import PlanConfirmScreen
from screens.migrate_target import MigrationTargetScreen
from screens.modify_prompt import ModifyPrompt
from screens.vservers import VServersScreen
from tests.helpers import discover_lab
from tests.helpers import pilot_until as _until
from vdcftui.app import VdcfApp
from vdcftui.ops.session import Session
from vdcftui.repo import models as m
from vdcftui.repo.database import close_repository
from vdcftui.widgets.resource_table import ResourceTable

SIZE = (160, 50)


@pytest.fixture
def lab_repo(fresh_lab, tmp_path):
    """The lab discovered into a repository file of the test's own."""
    repo = tmp_path / "repo.db"
    discover_lab(fresh_lab, repo)
    yield fresh_lab, repo
    close_repository()


def _where(lab, zone: str) -> dict[str, str]:
    return {
        name: node.zones[zone].state
        for name, node in lab.state.nodes.items()
        if node.powered and zone in node.zones
    }


def _messages(app: VdcfApp) -> list[str]:
    return [n.message for n in app._notifications]


async def _select(pilot, app: VdcfApp, name: str) -> None:
    await pilot.press("slash", *name, "enter")
    await pilot.pause()
    assert app.screen.selected_key() == name


async def test_migrate_with_the_keyboard_alone(lab_repo):
    lab, repo = lab_repo
    app = VdcfApp(site="lab", session=Session("alice"), repo_location=str(repo))
    async with app.run_test(size=SIZE) as pilot:
        await _select(pilot, app, "web01")
        await pilot.press("m")
        await _until(pilot, lambda: isinstance(app.screen, MigrationTargetScreen), 10)
        picker = app.screen
        fitting = [c.node for c in picker.candidates.values() if c.fits]
        assert fitting == ["gdom01", "node08"]
        targets = picker.query_one("#targets", ResourceTable)
        assert targets.shown_keys()[:2] == ["gdom01", "node08"]
        await pilot.press("down", "enter")
        await _until(pilot, lambda: isinstance(app.screen, PlanConfirmScreen), 15)
        plan = app.screen.plan
        assert [s.host for s in plan.steps][:4] == ["node03", "node03", "node03", "node08"]
        assert plan.steps[0].command.text() == "zoneadm -z web01 shutdown"
        await pilot.press(*"web02", "enter")  # the wrong name runs nothing
        await pilot.pause()
        assert isinstance(app.screen, PlanConfirmScreen)
        assert m.Job.select().count() == 0
        await pilot.press(*"web01", "enter")
        await _until(pilot, lambda: m.Job.select().count() == 1, 10)
        assert isinstance(app.screen, VServersScreen)
        job = m.Job.get()
        assert (job.operation, job.object_name, job.operator) == ("migrate", "web01", "alice")
        await _until(pilot, lambda: m.Job.get_by_id(job.id).state == "succeeded", 60)
        await _until(pilot, lambda: app.screen.table.row_cells("web01")[1] == "node08", 3)
        assert "job 1 migrate web01 (alice): succeeded" in str(
            app.screen.query_one("#jobs-ticker").render()
        )
    assert _where(lab, "web01") == {"node08": "running"}


async def test_a_node_that_cannot_see_the_luns_is_refused_with_the_lun(lab_repo):
    _, repo = lab_repo
    app = VdcfApp(site="lab", session=Session("alice"), repo_location=str(repo))
    async with app.run_test(size=SIZE) as pilot:
        await _select(pilot, app, "web01")
        await pilot.press("m")
        await _until(pilot, lambda: isinstance(app.screen, MigrationTargetScreen), 10)
        app.screen.query_one("#targets", ResourceTable).move_to_key("cdom01")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MigrationTargetScreen)
        lun = (
            m.DatasetLun.select()
            .join(m.Dataset)
            .where(m.Dataset.name == "web01_pool")
            .first()
            .lun.wwn
        )
        assert any(
            f"cdom01 refused: cannot migrate web01 to cdom01: it does not see LUN {lun}" in text
            for text in _messages(app)
        )
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, VServersScreen)
    assert m.Job.select().count() == 0


async def test_readonly_console_refuses_every_operation_key(lab_repo):
    _, repo = lab_repo
    app = VdcfApp(site="lab", session=Session("noc", readonly=True), repo_location=str(repo))
    async with app.run_test(size=SIZE) as pilot:
        await _select(pilot, app, "web01")

        def refusals() -> int:
            return sum("this session is read-only" in t for t in _messages(app))

        for count, key in enumerate(("b", "x", "r", "m", "D", "A"), start=1):
            await pilot.press(key)
            await _until(pilot, lambda count=count: refusals() == count, 5)
            assert isinstance(app.screen, VServersScreen)
    assert m.Job.select().count() == 0


async def test_a_locked_vserver_is_refused_naming_the_holder(lab_repo):
    _, repo = lab_repo
    job = m.Job.create(
        operation="reboot",
        object_type="vserver",
        object_name="web01",
        operator="bob",
        state="running",
    )
    m.Lock.create(
        object_type="vserver", object_name="web01", job=job, operator="bob", operation="reboot"
    )
    app = VdcfApp(site="lab", session=Session("alice"), repo_location=str(repo))
    async with app.run_test(size=SIZE) as pilot:
        await _select(pilot, app, "web01")
        await pilot.press("m")
        await _until(
            pilot,
            lambda: any(f"locked by job {job.id} (reboot by bob)" in t for t in _messages(app)),
            5,
        )
        await pilot.press("r")
        await _until(pilot, lambda: isinstance(app.screen, PlanConfirmScreen), 5)
        await pilot.press(*"web01", "enter")
        await _until(pilot, lambda: any("is locked by" in t for t in _messages(app)), 5)
        assert any(
            f"vserver web01 is locked by job {job.id} (reboot by bob" in t for t in _messages(app)
        )
    assert m.Job.select().count() == 1


async def test_boot_of_a_running_vserver_is_refused_by_its_precheck(lab_repo):
    _, repo = lab_repo
    app = VdcfApp(site="lab", session=Session("alice"), repo_location=str(repo))
    async with app.run_test(size=SIZE) as pilot:
        await _select(pilot, app, "web01")
        await pilot.press("b")
        await _until(pilot, lambda: "web01 is already running" in _messages(app), 5)
        assert isinstance(app.screen, VServersScreen)
        assert not app.screen.query_one("#filter", Input).has_focus


async def test_modify_from_the_keyboard_adds_a_filesystem_live(lab_repo):
    _, repo = lab_repo
    app = VdcfApp(site="lab", session=Session("alice"), repo_location=str(repo))
    async with app.run_test(size=SIZE) as pilot:
        await _select(pilot, app, "web01")
        await pilot.press("e")
        await _until(pilot, lambda: isinstance(app.screen, ModifyPrompt), 5)
        await pilot.press(*"add-fs data:/data9;reboot", "enter")
        await _until(
            pilot,
            lambda: any("invalid mount point name '/data9;reboot'" in t for t in _messages(app)),
            5,
        )
        assert m.Job.select().count() == 0
        await pilot.press("e")
        await _until(pilot, lambda: isinstance(app.screen, ModifyPrompt), 5)
        await pilot.press(*"add-fs data:/data9:1G", "enter")
        await _until(pilot, lambda: isinstance(app.screen, PlanConfirmScreen), 5)
        assert "zfs create" in app.screen.plan.steps[0].command.text()
        await pilot.press("enter")
        await _until(pilot, lambda: m.Job.select().count() == 1, 10)
        await _until(pilot, lambda: m.Job.get().state == "succeeded", 60)
    fs = m.Filesystem.get(m.Filesystem.mountpoint == "/data9")
    assert (fs.name, fs.quota_bytes) == ("web01_pool/data9", 2**30)
    step = m.JobStep.get()
    assert (step.host, step.exit_status) == ("node03", 0)


async def test_discover_a_node_from_the_nodes_view(lab_repo):
    _, repo = lab_repo
    m.Node.update(memory_mb=1).where(m.Node.name == "node08").execute()
    app = VdcfApp(site="lab", session=Session("alice"), repo_location=str(repo), start_view="nodes")
    async with app.run_test(size=SIZE) as pilot:
        await _select(pilot, app, "node08")
        await pilot.press("d")
        await _until(pilot, lambda: any("node08 discovered" in t for t in _messages(app)), 30)
        assert m.Node.get(m.Node.name == "node08").memory_mb > 1
        await _until(pilot, lambda: app.screen.table.row_cells("node08")[9] > 1, 3)


async def test_a_console_held_by_another_operator_is_reported_before_anything(lab_repo):
    _, repo = lab_repo
    m.ConsoleHold.create(
        object_type="node",
        object_name="node08",
        operator="bob",
        pid=os.getpid(),
        host=socket.gethostname(),
    )
    app = VdcfApp(site="lab", session=Session("alice"), repo_location=str(repo), start_view="nodes")
    async with app.run_test(size=SIZE) as pilot:
        await _select(pilot, app, "node08")
        await pilot.press("c")
        await pilot.pause()
        assert any(
            "the console of node node08 is held by bob (pid" in t and "(C in the console)" in t
            for t in _messages(app)
        )
        await pilot.press("C")  # headless: no terminal to hand over, said plainly
        await pilot.pause()
        assert any("cannot hand its terminal to a console" in t for t in _messages(app))
    readonly = VdcfApp(
        site="lab",
        session=Session("noc", readonly=True),
        repo_location=str(repo),
        start_view="nodes",
    )
    async with readonly.run_test(size=SIZE) as pilot:
        await _select(pilot, readonly, "node08")
        await pilot.press("C")  # taking over is a change: refused when read-only
        await pilot.pause()
        assert any("this session is read-only" in t for t in _messages(readonly))
    assert m.ConsoleHold.get().operator == "bob"


async def test_start_and_stop_a_gdom_from_the_gdoms_view(lab_repo):
    lab, repo = lab_repo
    app = VdcfApp(site="lab", session=Session("alice"), repo_location=str(repo), start_view="gdoms")
    async with app.run_test(size=SIZE) as pilot:
        # the rows are read in a worker: wait for them, not for a fixed time
        await _until(pilot, lambda: "cdom01/gdom01" in app.screen.table.shown_keys(), 10)
        key = next(k for k in app.screen.table.shown_keys() if k.endswith("/gdom01"))
        app.screen.table.move_to_key(key)
        await pilot.press("x")
        await _until(
            pilot,
            lambda: any("it carries running vServers gz01, gz03" in t for t in _messages(app)),
            5,
        )
        key = next(k for k in app.screen.table.shown_keys() if k.endswith("/gdom04"))
        app.screen.table.move_to_key(key)
        await pilot.press("b")
        await _until(pilot, lambda: isinstance(app.screen, PlanConfirmScreen), 5)
        assert app.screen.plan.steps[0].command.text() == "ldm start-domain gdom04"
        await pilot.press("enter")
        await _until(pilot, lambda: m.Job.select().count() == 1, 10)
        await _until(pilot, lambda: m.Job.get().state == "succeeded", 60)
        await _until(pilot, lambda: app.screen.table.row_cells(key)[2] == "active", 3)
    assert lab.state.nodes["gdom04"].powered


async def test_node_power_from_the_nodes_view_shows_its_plan_and_refusals(lab_repo):
    lab, repo = lab_repo
    app = VdcfApp(site="lab", session=Session("alice"), repo_location=str(repo), start_view="nodes")
    async with app.run_test(size=SIZE) as pilot:
        await _until(pilot, lambda: "node08" in app.screen.table.shown_keys(), 10)
        app.screen.table.move_to_key("node08")
        await pilot.press("O")
        await _until(
            pilot, lambda: any("cannot poweroff node08: it runs" in t for t in _messages(app)), 5
        )
        assert not isinstance(app.screen, PlanConfirmScreen)
        await pilot.press("o")
        await _until(pilot, lambda: isinstance(app.screen, PlanConfirmScreen), 5)
        assert app.screen.plan.steps[0].command.text() == "start -script /SYS"
        assert app.screen.plan.steps[0].host == "sc:ilom-node08"
        await pilot.press("escape")
        await _until(
            pilot, lambda: any("poweron node node08: cancelled" in t for t in _messages(app)), 5
        )
    assert m.Job.select().count() == 0
    assert lab.state.nodes["node08"].powered
