"""The Audit and Patch targets views, driven with Pilot over a real repository file:
the trail newest first, filtered by operator and object with `o` and `b` and as you
type; patch targets explained when none exists, and per node what a set still lacks."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from textual.widgets import Input, Label

from screens.audit import AuditScreen
from screens.jobs import JobsScreen
from screens.patches import PatchTargetsScreen
from tests.helpers import pilot_until
from vdcftui.app import VdcfApp
from vdcftui.ops.jobs.journal import audit
from vdcftui.ops.session import Session
from vdcftui.readmodel.patches import EMPTY_LINE
from vdcftui.repo import models as m
from vdcftui.widgets.detail_pane import DetailPane

SIZE = (160, 50)
START = datetime(2026, 11, 20, 9, 0, 0)


@pytest.fixture
def audit_repo(console_repo):
    """The console repository plus five audit records by three operators."""
    job = m.Job.get_by_id(1)
    records = [
        ("alice", "submit migrate", "vserver", "app01", '{"steps": 2}', job),
        ("bob", "boot succeeded", "vserver", "web01", "", None),
        ("bob", "shutdown failed", "vserver", "db01", "zone db01 did not stop", None),
        ("carol", "fence", "node", "node04", "keep-alives stopped", None),
        ("alice", "boot", "vserver", "web01", "", None),
    ]
    for minute, (operator, action, object_type, name, detail, record_job) in enumerate(records):
        audit(Session(operator), action, object_type, name, detail, record_job)
        m.AuditRecord.update(time=START + timedelta(minutes=minute)).where(
            m.AuditRecord.id == minute + 1
        ).execute()
    return console_repo


@pytest.fixture
def patched_repo(console_repo):
    """One patch set of three patches, targeted at node01 (applied) and node02."""
    patches = {
        pid: m.Patch.create(patch_id=pid, synopsis=synopsis, reboot_required=reboot)
        for pid, synopsis, reboot in (
            ("150400-59", "SunOS 5.10: Kernel Patch", True),
            ("150401-02", "SunOS 5.10: ZFS Patch", True),
            ("150402-10", "SunOS 5.10: libc Patch", False),
            ("150402-12", "SunOS 5.10: libc Patch", False),
        )
    }
    patch_set = m.PatchSet.create(name="s10-2026q3", baseline_date=datetime(2026, 9, 30))
    for pid in ("150400-59", "150401-02", "150402-10"):
        m.PatchSetPatch.create(patch_set=patch_set, patch=patches[pid])
    node01 = m.Node.get(m.Node.name == "node01")
    node02 = m.Node.get(m.Node.name == "node02")
    for pid in ("150400-59", "150402-12"):
        m.NodePatch.create(node=node01, patch=patches[pid])
    target = m.PatchTarget.create(name="t-sparc", patch_set=patch_set)
    m.PatchTargetNode.create(target=target, node=node01, status="applied")
    m.PatchTargetNode.create(target=target, node=node02, status="failed")
    return console_repo


def _app(view: str) -> VdcfApp:
    return VdcfApp(site="test", session=Session("alice"), start_view=view)


def _detail(app: VdcfApp) -> str:
    return app.screen.query_one(DetailPane).plain_text


def _title(app: VdcfApp) -> str:
    return str(app.screen.query_one("#title", Label).render())


def _column(app: VdcfApp, index: int) -> set[object]:
    table = app.screen.table
    return {table.row_cells(key)[index] for key in table.shown_keys()}


async def test_audit_newest_first_with_record_and_job_beside(audit_repo):
    app = _app("audit")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, AuditScreen)
        table = app.screen.table
        assert table.shown_keys() == ["5", "4", "3", "2", "1"]
        assert _title(app) == "audit trail (5)"
        assert table.row_cells("1") == (
            "2026-11-20 09:00:00",
            "alice",
            "submit migrate",
            "vserver",
            "app01",
            1,
            '{"steps": 2}',
        )
        table.move_to_key("1")
        await pilot.pause()
        detail = _detail(app)
        assert "steps: 2" in detail
        assert "migrate vserver app01" in detail and "running" in detail  # its job
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, JobsScreen)
        assert app.screen.selected_key() == "1"


async def test_audit_o_keeps_the_operator_and_b_the_object(audit_repo):
    app = _app("audit")
    async with app.run_test(size=SIZE) as pilot:
        await pilot_until(pilot, lambda: app.screen.loaded)
        table = app.screen.table
        table.move_to_key("3")  # bob, db01
        await pilot.press("o")
        await pilot.pause()
        assert table.shown_keys() == ["3", "2"]
        assert _column(app, 1) == {"bob"}
        assert app.screen.query_one("#filter", Input).value == "bob"
        assert _title(app) == "audit trail (2 of 5)  /bob"
        table.move_to_key("2")  # bob, web01
        await pilot.press("b")
        await pilot.pause()
        assert table.shown_keys() == ["5", "2"]
        assert _column(app, 4) == {"web01"}
        assert _column(app, 1) == {"alice", "bob"}
        await pilot.press("escape")
        await pilot.pause()
        assert table.shown_count == 5


async def test_audit_filter_as_you_type_matches_operator_and_object(audit_repo):
    app = _app("audit")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"carol")
        await pilot.pause()
        assert app.screen.table.shown_keys() == ["4"]
        await pilot.press(*["backspace"] * 5, *"node04")
        await pilot.pause()
        assert app.screen.table.shown_keys() == ["4"]
        await pilot.press(*["backspace"] * 6, *"app01|db01")
        await pilot.pause()
        assert app.screen.table.shown_keys() == ["3", "1"]


async def test_patch_targets_empty_state_explains_them(console_repo):
    app = _app("vservers")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("colon", *"pt", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PatchTargetsScreen)
        assert app.screen.table.total_count == 0
        assert app.screen.table.empty_text == EMPTY_LINE
        detail = _detail(app)
        assert "A patch target pairs nodes with a patch set" in detail
        assert "None is defined yet" in detail
        assert "vdcftui patchtarget install" in detail


async def test_patch_targets_per_node_with_what_the_node_has(patched_repo):
    app = _app("patches")
    async with app.run_test(size=SIZE) as pilot:
        await pilot_until(pilot, lambda: app.screen.loaded)
        table = app.screen.table
        assert table.shown_keys() == ["t-sparc/node01", "t-sparc/node02"]
        assert table.row_cells("t-sparc/node01")[:5] == (
            "t-sparc",
            "s10-2026q3",
            "node01",
            "applied",
            "2/3",
        )
        assert table.row_cells("t-sparc/node02")[3:5] == ("failed", "0/3")
        table.move_to_key("t-sparc/node01")
        await pilot_until(pilot, lambda: "patches released before 2026-09-30" in _detail(app))
        detail = _detail(app)
        assert "patches released before 2026-09-30" in detail
        assert "150400-59  installed, reboot  SunOS 5.10: Kernel Patch" in detail
        assert "150401-02  missing, reboot" in detail
        assert "150402-10  newer installed (-12)" in detail
        await pilot.press("slash", *"failed")
        await pilot_until(pilot, lambda: "150400-59  missing" in _detail(app))
        assert table.shown_keys() == ["t-sparc/node02"]
