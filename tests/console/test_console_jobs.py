"""The Jobs view and the job screen, driven with Pilot over a real repository file:
newest first, plan and output beside a job, Enter opens its steps, scope by object,
and a step written by another process shows without a keypress."""

from __future__ import annotations

import sqlite3

import pytest
from textual.widgets import Label

from screens.job_detail import JobScreen
from screens.jobs import JobsScreen
from tests.helpers import pilot_until as _wait_for
from vdcftui.app import VdcfApp
from vdcftui.ops.jobs.journal import release_locks, set_job_state, submit
from vdcftui.ops.jobs.plan import Plan, Step
from vdcftui.ops.jobs.states import JobState
from vdcftui.ops.session import Session
from vdcftui.repo import models as m
from vdcftui.solaris.cmd.command import Command
from vdcftui.widgets.detail_pane import DetailPane

SIZE = (160, 50)


def _plan(operation: str, *commands: str, prechecks: tuple[str, ...] = ()) -> Plan:
    steps = tuple(
        Step(
            host="node01",
            command=Command(tuple(command.split())),
            description=f"{operation} step {n}",
            undo=Command(("undo", str(n))),
        )
        for n, command in enumerate(commands, start=1)
    )
    return Plan(
        operation=operation,
        object_type="vserver",
        object_name="web01",
        steps=steps,
        prechecks=prechecks,
        locks=(("vserver", "web01"),),
    )


def _finish(job: m.Job, state: str, outputs: dict[int, tuple[str, str, int]]) -> None:
    """What the engine writes: each step's output and status, then the job's end."""
    set_job_state(job, JobState.RUNNING)
    for seq, (stdout, stderr, status) in outputs.items():
        m.JobStep.update(
            stdout=stdout,
            stderr=stderr,
            exit_status=status,
            state="done" if status == 0 else "failed",
        ).where((m.JobStep.job == job) & (m.JobStep.seq == seq)).execute()
    set_job_state(job, JobState(state), None if state == "succeeded" else "step 2 failed")
    release_locks(job)


@pytest.fixture
def jobs_repo(console_repo):
    """The console repository plus a succeeded and a failed job on web01 (jobs 2, 3)."""
    session = Session("bob")
    boot = submit(
        session, _plan("boot", "zoneadm -z web01 boot", prechecks=("web01 is installed on node01",))
    )
    _finish(boot, "succeeded", {1: ("booted\n", "", 0)})
    shutdown = submit(
        session,
        _plan(
            "shutdown",
            "svcadm disable -s app",
            "zoneadm -z web01 shutdown",
            prechecks=("no running slave depends on web01",),
        ),
    )
    stdout = "".join(f"stopping service {n}\n" for n in range(1, 9))
    _finish(
        shutdown,
        "failed",
        {1: (stdout, "", 0), 2: ("", "zoneadm: zone 'web01': shutdown failed\n", 1)},
    )
    return console_repo


def _app(view: str = "jobs") -> VdcfApp:
    return VdcfApp(site="test", session=Session("alice"), start_view=view)


def _detail(app: VdcfApp) -> str:
    return app.screen.query_one(DetailPane).plain_text


def _title(app: VdcfApp) -> str:
    return str(app.screen.query_one("#title", Label).render())


async def test_jobs_newest_first_with_state_and_step(jobs_repo):
    app = _app()
    async with app.run_test(size=SIZE) as pilot:
        await _wait_for(pilot, lambda: app.screen.table.shown_keys() == ["3", "2", "1"])
        assert isinstance(app.screen, JobsScreen)
        table = app.screen.table
        assert _title(app) == "jobs (3)"
        assert table.row_cells("3")[1:5] == ("shutdown", "vserver web01", "bob", "failed")
        assert table.row_cells("3")[8] == "failed 2/2 shutdown step 2"
        assert table.row_cells("2")[8] == "1/1"
        assert table.row_cells("1")[8] == "2/2 detach it from the source"
        assert table.row_cells("2")[6] is not None and table.row_cells("1")[7] is None


async def test_job_detail_shows_plan_states_exit_and_last_output(jobs_repo):
    app = _app()
    async with app.run_test(size=SIZE) as pilot:
        await _wait_for(pilot, lambda: "3" in app.screen.table.shown_keys())
        app.screen.table.move_to_key("3")
        await _wait_for(pilot, lambda: "job 3: shutdown vserver web01" in _detail(app))
        detail = _detail(app)
        assert "job 3: shutdown vserver web01" in detail
        assert "no running slave depends on web01" in detail
        assert "1. [node01] svcadm disable -s app" in detail
        assert "2. [node01] zoneadm -z web01 shutdown" in detail
        assert "step 2 [failed] on node01" in detail
        assert "zoneadm: zone 'web01': shutdown failed" in detail
        assert "stdout (last 5 of 8)" in detail
        assert "stopping service 8" in detail and "stopping service 3" not in detail
        assert "step 2 failed" in detail  # the job's error


async def test_enter_opens_the_job_screen_on_its_running_step_and_escape_returns(jobs_repo):
    app = _app()
    async with app.run_test(size=SIZE) as pilot:
        await _wait_for(pilot, lambda: "3" in app.screen.table.shown_keys())
        app.screen.table.move_to_key("3")
        await pilot.press("enter")
        await _wait_for(
            pilot,
            lambda: (
                isinstance(app.screen, JobScreen) and app.screen.table.shown_keys() == ["1", "2"]
            ),
        )
        assert app.screen.selected_key() == "2"  # the failed step
        assert _title(app).startswith("job 3 shutdown vserver web01 by bob: failed")
        app.screen.table.move_to_key("1")
        await _wait_for(pilot, lambda: "stopping service 1" in _detail(app))
        assert "stopping service 8" in _detail(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, JobsScreen)


async def test_job_screen_follows_another_process_writing_the_running_step(jobs_repo):
    app = _app()
    async with app.run_test(size=SIZE) as pilot:
        await _wait_for(pilot, lambda: "1" in app.screen.table.shown_keys())
        app.screen.table.move_to_key("1")
        await pilot.press("enter")
        await _wait_for(
            pilot, lambda: isinstance(app.screen, JobScreen) and app.screen.selected_key() == "2"
        )
        assert "progress 2" not in _detail(app)
        other = sqlite3.connect(jobs_repo)
        other.execute(
            "UPDATE job_step SET stdout = 'progress 1\nprogress 2\n' WHERE job_id = 1 AND seq = 2"
        )
        other.commit()
        await _wait_for(pilot, lambda: "progress 2" in _detail(app))
        other.execute(
            "UPDATE job_step SET state = 'done', exit_status = 0 WHERE job_id = 1 AND seq = 2"
        )
        other.execute(
            "INSERT INTO job_step (job_id, seq, host, command, description, state, "
            "stdout, stderr, checks) VALUES (1, 3, 'node03', 'zoneadm -z app01 "
            "attach', 'attach on the target', 'running', '', '', '{}')"
        )
        other.commit()
        other.close()
        await _wait_for(pilot, lambda: "3" in app.screen.table.shown_keys())
        assert app.screen.table.row_cells("2")[1:5] == (
            "done",
            "node02",
            "zoneadm -z app01 detach",
            0,
        )
        assert app.screen.selected_key() == "2"  # the cursor stays on its step


async def test_jobs_scoped_to_an_object_or_opened_on_a_job(jobs_repo):
    app = _app("vservers")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("colon", *"jobs web01", "enter")
        await _wait_for(
            pilot,
            lambda: (
                isinstance(app.screen, JobsScreen) and app.screen.table.shown_keys() == ["3", "2"]
            ),
        )
        assert _title(app) == "jobs on web01 (2)"
        await pilot.press("colon", *"jo 2", "enter")
        await _wait_for(pilot, lambda: "job 2: boot vserver web01" in _detail(app))
        assert isinstance(app.screen, JobsScreen)
        assert app.screen.table.shown_count == 3
        assert app.screen.selected_key() == "2"


async def test_jobs_view_filters_by_state(jobs_repo):
    app = _app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"failed")
        await pilot.pause()
        assert app.screen.table.shown_keys() == ["3"]


async def test_jobs_on_an_object_without_jobs_say_so(jobs_repo):
    app = _app("vservers")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("colon", *"jobs mail02", "enter")
        await pilot.pause()
        assert app.screen.table.total_count == 0
        assert app.screen.table.empty_text == "no jobs on mail02"
