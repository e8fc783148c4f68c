"""Node operations from the nodes and pools views, with the keyboard alone: fencing asks
for its reason, shows the plan and wants the node's name typed; evacuation shows the
placement table in its plan before the confirmation; a pool's detail says, per node,
whether its workload could go elsewhere (N+1)."""

from __future__ import annotations

import pytest

from screens.confirm_plan import PlanConfirmScreen
from screens.text_prompt import TextPrompt
from tests.helpers import discover_lab
from tests.helpers import pilot_until as _until
from vdcftui.app import VdcfApp
from vdcftui.ops.session import Session
from vdcftui.repo import models as m
from vdcftui.repo.database import close_repository

SIZE = (160, 50)


@pytest.fixture
def pooled_repo(fresh_lab, tmp_path):
    """The lab discovered into a repository of the test's own, nodes in their pools."""
    repo = tmp_path / "repo.db"
    discover_lab(fresh_lab, repo, pools=True)
    yield fresh_lab, repo
    close_repository()


async def test_fence_a_node_from_the_nodes_view(pooled_repo):
    lab, repo = pooled_repo
    app = VdcfApp(site="lab", session=Session("alice"), repo_location=str(repo), start_view="nodes")
    async with app.run_test(size=SIZE) as pilot:
        await _until(pilot, lambda: "node08" in app.screen.table.shown_keys(), 10)
        app.screen.table.move_to_key("node08")
        await pilot.press("F")
        await _until(pilot, lambda: isinstance(app.screen, TextPrompt), 5)
        # a steady cursor: no repaint twice a second over a slow link
        assert app.screen.query_one("#answer").cursor_blink is False
        await pilot.press(*"SAN paths lost", "enter")
        await _until(pilot, lambda: isinstance(app.screen, PlanConfirmScreen), 5)
        assert app.screen.plan.steps[0].command.text() == "stop -script -force /SYS"
        await pilot.press(*"node08", "enter")
        await _until(pilot, lambda: m.Job.select().count() == 1, 10)
        await _until(pilot, lambda: m.Job.get().state == "succeeded", 60)
        await _until(pilot, lambda: app.screen.table.row_cells("node08")[3] == "fenced", 5)
    node = m.Node.get(m.Node.name == "node08")
    assert (node.fenced, node.fenced_by, node.fence_reason) == (True, "alice", "SAN paths lost")
    assert not lab.state.nodes["node08"].powered


async def test_evacuate_shows_the_placement_before_the_confirmation(pooled_repo):
    lab, repo = pooled_repo
    app = VdcfApp(site="lab", session=Session("alice"), repo_location=str(repo), start_view="nodes")
    async with app.run_test(size=SIZE) as pilot:
        await _until(pilot, lambda: "node05" in app.screen.table.shown_keys(), 10)
        app.screen.table.move_to_key("node05")
        await pilot.press("E")
        await _until(pilot, lambda: isinstance(app.screen, PlanConfirmScreen), 15)
        plan = app.screen.plan
        assert plan.operation == "evacuate" and [p.object_name for p in plan.parts] == [
            "db01",
            "db02",
            "db03",
        ]
        assert plan.prechecks[0].startswith("db01 -> node06: sees 2/2 LUNs")
        await pilot.press("escape")
        await _until(pilot, lambda: not isinstance(app.screen, PlanConfirmScreen), 5)
    assert m.Job.select().count() == 0
    assert "db01" in lab.state.nodes["node05"].zones


async def test_a_pools_detail_says_whether_each_node_could_be_lost(pooled_repo):
    _, repo = pooled_repo
    app = VdcfApp(site="lab", session=Session("alice"), repo_location=str(repo), start_view="pools")
    async with app.run_test(size=SIZE) as pilot:
        await _until(pilot, lambda: "pool-b" in app.screen.table.shown_keys(), 10)
        sections = app.screen.load_detail("pool-b")
        survival = next(s for s in sections if s.title.startswith("N+1"))
        lines = dict(survival.lines)
        assert str(lines["node05"]).startswith("placeable")


async def test_migrate_a_gdom_from_the_gdoms_view_asks_the_target_and_shows_the_plan(
    pooled_repo,
):
    _, repo = pooled_repo
    app = VdcfApp(site="lab", session=Session("alice"), repo_location=str(repo), start_view="gdoms")
    async with app.run_test(size=SIZE) as pilot:
        await _until(pilot, lambda: "cdom02/gdom04" in app.screen.table.shown_keys(), 10)
        app.screen.table.move_to_key("cdom02/gdom04")
        await pilot.press("M")
        await _until(pilot, lambda: isinstance(app.screen, TextPrompt), 5)
        assert app.screen.placeholder == "cdom01"
        await pilot.press(*"cdom01", "enter")
        await _until(pilot, lambda: isinstance(app.screen, PlanConfirmScreen), 10)
        texts = [step.command.text() for step in app.screen.plan.steps]
        assert "ldm list-constraints -x gdom04" in texts and "ldm add-domain gdom04" in texts
        await pilot.press("escape")
        await _until(pilot, lambda: not isinstance(app.screen, PlanConfirmScreen), 5)
    assert m.Job.select().count() == 0
