"""The engine in its own process: claims jobs, dies by SIGKILL mid-step, and the job is
recovered so that the vServer runs on exactly one node and the repository agrees."""

from __future__ import annotations

import re
import signal
import subprocess

import pytest

from tests.helpers import (
    VDCFTUI,
    commands_started,
    discover_lab,
    kill_engine_during,
    migration_plan,
    placements,
    wait_until,
)
from vdcftui.ops.jobs.journal import PlanOutdated, submit
from vdcftui.ops.jobs.states import JobState
from vdcftui.ops.session import Session
from vdcftui.repo import models as m

MIGRATION_STEPS = 9


@pytest.fixture
def discovered(fresh_lab, tmp_path):
    repo = tmp_path / "repo.db"
    credentials = discover_lab(fresh_lab, repo)
    return fresh_lab, repo, credentials


def test_engine_runs_queued_jobs_and_exits_once_idle(discovered):
    lab, repo, credentials = discovered
    job = submit(Session("alice"), migration_plan(credentials))
    result = subprocess.run(
        [VDCFTUI, "--repo", str(repo), "engine", "--once"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert m.Job.get_by_id(job.id).state == "succeeded"
    assert placements(lab, "web01") == {"node08": "running"}


# CI kills the engine before the point of no return and at the last step; the other
# steps (and tests/faults/ for the whole matrix with rollbacks) run by hand: -m faults
CI_KILLS = {2, MIGRATION_STEPS - 1}


@pytest.mark.parametrize(
    "kill_at",
    [
        pytest.param(step, marks=() if step in CI_KILLS else (pytest.mark.faults,))
        for step in range(MIGRATION_STEPS)
    ],
)
def test_engine_killed_at_each_step_is_recovered_onto_one_node(discovered, kill_at):
    lab, repo, credentials = discovered
    migration = migration_plan(credentials)
    assert len(migration.steps) == MIGRATION_STEPS
    job = submit(Session("alice"), migration)
    kill_engine_during(lab, repo, migration, kill_at)
    assert m.Job.get_by_id(job.id).state == "running"
    recovered = subprocess.run(
        [VDCFTUI, "--repo", str(repo), "job", "recover", str(job.id)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert recovered.returncode == 0, recovered.stdout + recovered.stderr
    assert m.Job.get_by_id(job.id).state == "succeeded"
    assert placements(lab, "web01") == {"node08": "running"}
    vserver = m.VServer.get(m.VServer.name == "web01")
    assert (vserver.node.name, vserver.state) == ("node08", "running")
    assert m.Lock.select().count() == 0


def test_recover_with_rollback_returns_the_vserver_to_its_source(discovered):
    lab, repo, credentials = discovered
    migration = migration_plan(credentials)
    job = submit(Session("alice"), migration)
    kill_engine_during(lab, repo, migration, 3)
    recovered = subprocess.run(
        [VDCFTUI, "--repo", str(repo), "job", "recover", str(job.id), "--rollback"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert recovered.returncode == 0, recovered.stdout + recovered.stderr
    assert m.Job.get_by_id(job.id).state == "rolled_back"
    assert placements(lab, "web01") == {"node03": "running"}
    assert m.VServer.get(m.VServer.name == "web01").node.name == "node03"


def test_two_migrations_of_one_vserver_at_once_one_runs_the_other_is_refused(discovered):
    lab, repo, _ = discovered
    # the first shutdown takes 2 s on the node, so the job that wins still holds its lock
    lab.faults.slow_next("node03", r"^zoneadm -z web01 shutdown", 2.0)
    command = [VDCFTUI, "--repo", str(repo), "vserver", "migrate", "web01", "--to", "node08"]
    both = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    results = [(p.wait(timeout=120), *p.communicate()) for p in both]
    assert sorted(status for status, _, _ in results) == [0, 4], results
    winner = next(out for status, out, _ in results if status == 0)
    refused = next(err for status, _, err in results if status == 4)
    job_id = re.search(r"^job (\d+): migrate web01$", winner, re.MULTILINE).group(1)
    assert f"vserver web01 is locked by job {job_id} (migrate by " in refused
    assert m.Job.select().count() == 1
    assert placements(lab, "web01") == {"node08": "running"}


def test_a_plan_made_before_the_vserver_moved_is_refused_at_submission(discovered):
    lab, repo, credentials = discovered
    stale = migration_plan(credentials)
    job = submit(Session("alice"), migration_plan(credentials))
    subprocess.run(
        [VDCFTUI, "--repo", str(repo), "engine", "--once"],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert m.Job.get_by_id(job.id).state == "succeeded"
    with pytest.raises(
        PlanOutdated,
        match="planned for it running on node03; it is now running on node08: plan it again",
    ):
        submit(Session("bob"), stale)
    assert m.Job.select().count() == 1
    assert placements(lab, "web01") == {"node08": "running"}


def _as_a_terminal_would() -> None:
    """SIGINT as a shell leaves it for a foreground command: handled by default and not
    blocked (the test process's threads may have blocked or ignored it, and a child
    inherits both)."""
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_while_following_a_migration_says_the_job_goes_on(discovered):
    lab, repo, _ = discovered
    release = lab.faults.hold_next("node03", r"^zoneadm -z web01 detach")
    started = commands_started(lab, "node03")
    follower = subprocess.Popen(
        [VDCFTUI, "--repo", str(repo), "vserver", "migrate", "web01", "--to", "node08"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_as_a_terminal_would,
    )
    try:
        assert follower.stdout is not None
        following = ""  # the plan, then the line the CLI prints as it starts to follow
        while not re.search(r"^job \d+: migrate web01$", following, re.MULTILINE):
            line = follower.stdout.readline()
            assert line, following
            following += line
        wait_until(lambda: commands_started(lab, "node03") >= started + 2, "the detach")
        follower.send_signal(signal.SIGINT)  # what Ctrl+C sends to the foreground
        rest, err = follower.communicate(timeout=30)
    finally:
        follower.kill()
        release.set()  # the detach goes on
    out = following + rest
    job_id = re.search(r"job (\d+): migrate web01", out).group(1)
    assert follower.returncode == 130
    assert err == (
        f"vdcftui: stopped following job {job_id}: it goes on in the engine; "
        f"`vdcftui job show {job_id}` shows where it is\n"
    )
    # the engine (its own session: Ctrl+C does not reach it) finishes the migration
    wait_until(
        lambda: m.Job.get_by_id(int(job_id)).state == JobState.SUCCEEDED, "the job", seconds=60
    )
    assert placements(lab, "web01") == {"node08": "running"}
