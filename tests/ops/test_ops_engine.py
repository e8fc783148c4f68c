"""The engine in its own process: claims jobs, dies by SIGKILL mid-step, and the job is
recovered so that the vServer runs on exactly one node and the repository agrees."""

from __future__ import annotations

import asyncio
import re
import subprocess

import pytest

from tests.helpers import VDCFTUI, discover_lab
from tests.helpers import wait_until as wait_for
from vdcftui.ops.jobs.journal import PlanOutdated, submit
from vdcftui.ops.node.hosts import target_for
from vdcftui.ops.session import Session
from vdcftui.ops.vserver.migrate import plan_migration
from vdcftui.remote.pool import SSHPool
from vdcftui.repo import models as m

MIGRATION_STEPS = 8


@pytest.fixture
def discovered(fresh_lab, tmp_path):
    repo = tmp_path / "repo.db"
    credentials = discover_lab(fresh_lab, repo)
    return fresh_lab, repo, credentials


def migration_plan(credentials, name="web01", target="node08"):
    async def go():
        pool = SSHPool()
        try:
            return await plan_migration(
                name, target, pool, lambda host: target_for(host, credentials)
            )
        finally:
            await pool.close()

    return asyncio.run(go())


def placements(lab, zone: str) -> dict[str, str]:
    return {
        name: node.zones[zone].state
        for name, node in lab.state.nodes.items()
        if zone in node.zones and node.zones[zone].state != "configured"
    }


def commands_done(lab, host: str) -> int:
    stats = lab.faults.stats.get(host)
    return stats.commands if stats else 0


def commands_started(lab, host: str) -> int:
    stats = lab.faults.stats.get(host)
    return stats.started if stats else 0


def kill_engine_during(lab, repo, migration, index: int) -> None:
    """Start an engine, kill it with SIGKILL while step ``index`` runs on its node, and
    let the node finish that command (as a real node would)."""
    step = migration.steps[index]
    lab.faults.slow_next(step.host, "^" + re.escape(step.command.text().split(" '")[0]), 1.0)
    earlier = sum(1 for s in migration.steps[:index] if s.host == step.host)
    started, done = commands_started(lab, step.host), commands_done(lab, step.host)
    engine = subprocess.Popen(
        [VDCFTUI, "--repo", str(repo), "engine"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(
            lambda: commands_started(lab, step.host) > started + earlier,
            f"step {index + 1} to reach {step.host}",
        )
        engine.kill()
    finally:
        engine.wait(timeout=30)
    wait_for(lambda: commands_done(lab, step.host) > done + earlier, "the node to finish")


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


@pytest.mark.parametrize("kill_at", range(MIGRATION_STEPS))
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
