"""Faults during a migration, in the lab with real engine processes: the workload ends
on exactly one node, a rollback never goes past the point of no return, a job's
direction survives a crash, and the CLI notices an engine that died."""

from __future__ import annotations

import os
import re
import signal
import subprocess

import asyncssh
import pytest

from tests.helpers import (
    VDCFTUI,
    assert_on_one_node,
    commands_done,
    commands_started,
    discover_lab,
    engine_counting_jobs,
    kill_engine_during,
    migration_plan,
    placements,
    wait_until,
)
from vdcftui.ops.jobs.journal import submit
from vdcftui.ops.jobs.states import JobState
from vdcftui.ops.session import Session
from vdcftui.remote.pool import fingerprint
from vdcftui.repo import models as m

# Migration of running web01 node03 -> node08: stop, detach, export, import,
# configure, attach, boot on node08 (the point of no return), delete on node03, read
# it back from node08.
BOOT_ON_TARGET, DELETE_ON_SOURCE = 6, 7


@pytest.fixture
def discovered(fresh_lab, tmp_path):
    repo = tmp_path / "repo.db"
    credentials = discover_lab(fresh_lab, repo)
    return fresh_lab, repo, credentials


def cli(repo, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [VDCFTUI, "--repo", str(repo), *args], capture_output=True, text=True, timeout=120
    )


def test_the_plan_marks_its_point_of_no_return(discovered):
    _, _, credentials = discovered
    migration = migration_plan(credentials)
    assert [s.commits for s in migration.steps].index(True) == BOOT_ON_TARGET
    assert migration.steps[BOOT_ON_TARGET].command.text() == "zoneadm -z web01 boot"


@pytest.mark.parametrize("kill_at", [BOOT_ON_TARGET, DELETE_ON_SOURCE])
def test_rollback_after_the_point_of_no_return_completes_instead(discovered, kill_at):
    lab, repo, credentials = discovered
    migration = migration_plan(credentials)
    job = submit(Session("alice"), migration)
    kill_engine_during(lab, repo, migration, kill_at)
    recovered = cli(repo, "job", "recover", str(job.id), "--rollback")
    assert recovered.returncode == 0, recovered.stdout + recovered.stderr
    assert "not rolled back: step 7 (start it on the target)" in recovered.stdout
    assert m.Job.get_by_id(job.id).state == JobState.SUCCEEDED
    assert_on_one_node(lab, "node08")


def test_a_failure_past_the_point_of_no_return_is_not_undone_and_recover_completes(
    discovered,
):
    lab, repo, credentials = discovered
    lab.faults.fail_next("node03", r"^zonecfg -z web01 delete", stderr="zonecfg: busy\n")
    migration = migration_plan(credentials)
    job = submit(Session("alice"), migration)
    ran = cli(repo, "engine", "--once")
    assert ran.returncode == 0, ran.stderr
    failed = m.Job.get_by_id(job.id)
    assert failed.state == JobState.FAILED
    assert failed.error.startswith("step 8 failed on node03: zonecfg: busy")
    assert f"vdcftui job recover {job.id}" in failed.error
    assert placements(lab, "web01") == {"node08": "running"}  # not taken down again
    assert m.VServer.get(m.VServer.name == "web01").state == "unknown"  # until recovered
    recovered = cli(repo, "job", "recover", str(job.id))
    assert recovered.returncode == 0, recovered.stdout + recovered.stderr
    assert m.Job.get_by_id(job.id).state == JobState.SUCCEEDED
    assert_on_one_node(lab, "node08")


def test_killed_while_rolling_back_recovery_goes_on_rolling_back(discovered):
    lab, repo, credentials = discovered
    # step 5 (configure on node08) fails; the rollback then re-imports web01's pool on
    # node03, slowly, and the engine is killed during that undo
    lab.faults.fail_next("node08", r"^zonecfg -z web01 ", stderr="zonecfg: no space\n")
    release = lab.faults.hold_next("node03", r"^zpool import")
    migration = migration_plan(credentials)
    job = submit(Session("alice"), migration)
    started = commands_started(lab, "node03")
    engine = engine_counting_jobs(repo)
    try:
        # node03 runs shutdown, detach, export, then the undo's import: the 4th command
        wait_until(lambda: commands_started(lab, "node03") >= started + 4, "the undo on node03")
        engine.kill()
    finally:
        engine.wait(timeout=30)
        release.set()
    # node03 finishes the import its client left (as a real node would)
    wait_until(lambda: commands_done(lab, "node03") >= started + 4, "node03 to finish")
    assert m.Job.get_by_id(job.id).rolling_back is True
    recovered = cli(repo, "job", "recover", str(job.id))  # no --rollback: its direction
    assert recovered.returncode == 0, recovered.stdout + recovered.stderr
    assert m.Job.get_by_id(job.id).state == JobState.ROLLED_BACK
    assert_on_one_node(lab, "node03")


def recover_racing(lab, repo, credentials, command: str, nth: int) -> int:
    """Kill the engine while node03 runs its ``nth`` command, a held ``command``; run
    `job recover`, whose own ``command`` is held too, and let the engine's end first
    (a host finishes a command whose client went away); the job's id."""
    engines = lab.faults.hold_next("node03", command)
    recoverys = lab.faults.hold_next("node03", command)
    job = submit(Session("alice"), migration_plan(credentials))
    started = commands_started(lab, "node03")
    engine = engine_counting_jobs(repo)
    try:
        wait_until(lambda: commands_started(lab, "node03") >= started + nth, "the command")
        engine.kill()
    finally:
        engine.wait(timeout=30)
    recovery = subprocess.Popen(
        [VDCFTUI, "--repo", str(repo), "job", "recover", str(job.id)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # recovery's check (zpool list) and its own command reach node03
        wait_until(lambda: commands_started(lab, "node03") >= started + nth + 2, "recovery's")
        engines.set()
        wait_until(lambda: commands_done(lab, "node03") >= started + nth + 1, "the first")
        recoverys.set()
        out, err = recovery.communicate(timeout=120)
    finally:
        engines.set()
        recoverys.set()
        recovery.kill()
    assert recovery.returncode == 0, out + err
    return job.id


@pytest.mark.faults
def test_recovery_whose_undo_races_the_dead_engines_own_counts_what_the_host_shows(
    discovered,
):
    lab, repo, credentials = discovered
    # the engine dies while its undo (re-import on node03, its 4th command) is under
    # way; recovery reads the pool still exported and imports it too
    lab.faults.fail_next("node08", r"^zonecfg -z web01 ", stderr="zonecfg: no space\n")
    job_id = recover_racing(lab, repo, credentials, r"^zpool import", 4)
    export = m.JobStep.get(m.JobStep.job == job_id, m.JobStep.seq == 3)
    assert "already created/imported" in export.stderr
    assert "(recovered: its host shows it undone)" in export.stderr
    assert m.Job.get_by_id(job_id).state == JobState.ROLLED_BACK
    assert_on_one_node(lab, "node03")


@pytest.mark.faults
def test_recovery_whose_step_races_the_dead_engines_own_counts_what_the_host_shows(
    discovered,
):
    lab, repo, credentials = discovered
    # the engine dies while node03 exports web01's pool (its 3rd command); recovery
    # reads the pool still there and exports it too
    job_id = recover_racing(lab, repo, credentials, r"^zpool export", 3)
    export = m.JobStep.get(m.JobStep.job == job_id, m.JobStep.seq == 3)
    assert "(recovered: its host shows it done)" in export.stderr
    assert m.Job.get_by_id(job_id).state == JobState.SUCCEEDED
    assert_on_one_node(lab, "node08")


def test_the_cli_following_a_job_notices_its_engine_died(discovered):
    lab, repo, _ = discovered
    lab.faults.slow_next("node03", r"^zoneadm -z web01 detach", 30.0)
    started = commands_started(lab, "node03")
    follower = subprocess.Popen(
        [VDCFTUI, "--repo", str(repo), "vserver", "migrate", "web01", "--to", "node08"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_until(lambda: commands_started(lab, "node03") >= started + 2, "the detach")
        engine = (repo.parent / "engine.pid").read_text().strip()
        os.kill(int(engine.rpartition(":")[2]), signal.SIGKILL)
        out, err = follower.communicate(timeout=20)
    finally:
        follower.kill()
    assert follower.returncode != 0
    job_id = re.search(r"job (\d+): migrate web01", out).group(1)
    assert f"job {job_id} interrupted" in err
    assert f"vdcftui job recover {job_id}" in err
    assert m.Job.get_by_id(int(job_id)).state == JobState.INTERRUPTED
    assert m.VServer.get(m.VServer.name == "web01").state == "unknown"


def test_a_changed_host_key_on_the_target_refuses_before_the_source_is_touched(discovered):
    lab, repo, credentials = discovered
    migration = migration_plan(credentials)
    other = asyncssh.generate_private_key("ssh-ed25519").export_public_key("openssh").decode()
    m.HostKey.update(public_key=other).where(m.HostKey.host == "node08").execute()
    started = commands_started(lab, "node03")
    job = submit(Session("alice"), migration)
    ran = cli(repo, "engine", "--once")
    assert ran.returncode == 0, ran.stderr
    refused = m.Job.get_by_id(job.id)
    assert refused.state == JobState.FAILED
    assert refused.error.startswith(
        "refused before any step, nothing was changed: cannot reach node08: "
    )
    assert "host key changed" in refused.error
    assert commands_started(lab, "node03") == started  # web01 was never stopped
    assert_on_one_node(lab, "node03")


def test_node_rekey_shows_both_fingerprints_and_pins_only_the_one_named(discovered):
    lab, repo, credentials = discovered
    real = m.HostKey.get(m.HostKey.host == "node08")
    other = asyncssh.generate_private_key("ssh-ed25519").export_public_key("openssh").decode()
    m.HostKey.update(public_key=other, fingerprint=fingerprint(other)).where(
        m.HostKey.host == "node08"
    ).execute()
    shown = cli(repo, "node", "rekey", "node08")
    assert shown.returncode == 0, shown.stderr
    assert f"node08: pinned    {fingerprint(other)}" in shown.stdout
    assert f"node08: presented {real.fingerprint}" in shown.stdout
    assert m.HostKey.get(m.HostKey.host == "node08").fingerprint == fingerprint(other)
    wrong = cli(repo, "node", "rekey", "node08", "--accept", fingerprint(other))
    assert wrong.returncode == 1 and "nothing was pinned" in wrong.stderr
    pinned = cli(repo, "node", "rekey", "node08", "--accept", real.fingerprint)
    assert pinned.returncode == 0, pinned.stderr
    assert (
        m.HostKey.get(m.HostKey.host == "node08").public_key.split()[:2]
        == (real.public_key.split()[:2])
    )
    record = m.AuditRecord.select().where(m.AuditRecord.action == "rekey").get()
    assert (record.object_name, record.detail) == (
        "node08",
        f"{fingerprint(other)} -> {real.fingerprint}",
    )
    job = submit(Session("alice"), migration_plan(credentials))
    assert cli(repo, "engine", "--once").returncode == 0
    assert m.Job.get_by_id(job.id).state == JobState.SUCCEEDED
    assert_on_one_node(lab, "node08")


def test_a_failed_job_whose_undo_failed_is_recovered_onto_one_node(discovered):
    lab, repo, credentials = discovered
    # configuring on node08 fails; undoing the export on node03 (re-import) fails too
    lab.faults.fail_next("node08", r"^zonecfg -z web01 ", stderr="zonecfg: no space\n")
    lab.faults.fail_next("node03", r"^zpool import", stderr="cannot import: I/O error\n")
    job = submit(Session("alice"), migration_plan(credentials))
    assert cli(repo, "engine", "--once").returncode == 0
    failed = m.Job.get_by_id(job.id)
    assert failed.state == JobState.FAILED
    assert failed.error.startswith("step 5 failed on node08: zonecfg: no space")
    shown = cli(repo, "job", "show", str(job.id))
    assert "cannot import: I/O error" in shown.stdout
    assert m.VServer.get(m.VServer.name == "web01").state == "unknown"
    # it failed while rolling back: recovery goes on in that direction, from what the
    # hosts show now (the pool is on neither node)
    recovered = cli(repo, "job", "recover", str(job.id))
    assert recovered.returncode == 0, recovered.stdout + recovered.stderr
    assert m.Job.get_by_id(job.id).state == JobState.ROLLED_BACK
    assert_on_one_node(lab, "node03")


def _rollback_case(kill_at: int) -> object:
    """Every step in the full matrix (-m faults); two of them in CI."""
    marks = () if kill_at in (2, BOOT_ON_TARGET) else (pytest.mark.faults,)
    return pytest.param(kill_at, marks=marks, id=f"step{kill_at + 1}")


@pytest.mark.parametrize("kill_at", [_rollback_case(i) for i in range(9)])
def test_killed_at_a_step_then_recovered_with_rollback(discovered, kill_at):
    """Before the point of no return the zone goes back to node03; from it on, it
    stays on node08 and the job is completed."""
    lab, repo, credentials = discovered
    migration = migration_plan(credentials)
    job = submit(Session("alice"), migration)
    kill_engine_during(lab, repo, migration, kill_at)
    recovered = cli(repo, "job", "recover", str(job.id), "--rollback")
    assert recovered.returncode == 0, recovered.stdout + recovered.stderr
    forward = kill_at >= BOOT_ON_TARGET
    expected = JobState.SUCCEEDED if forward else JobState.ROLLED_BACK
    assert m.Job.get_by_id(job.id).state == expected
    assert_on_one_node(lab, "node08" if forward else "node03")
