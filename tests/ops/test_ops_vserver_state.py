"""Run-state changes of vServers as jobs, on the lab over real SSH."""

from __future__ import annotations

import subprocess

import pytest

from tests.helpers import VDCFTUI, discover_lab, run_cli
from vdcftui.ops.jobs.inline import run_plan
from vdcftui.ops.jobs.journal import LockHeld, submit
from vdcftui.ops.jobs.plan import Plan, Step
from vdcftui.ops.session import ReadOnlyRefused, Session
from vdcftui.ops.vserver.dependencies import add_dependency
from vdcftui.ops.vserver.state import PrecheckFailed, plan_run_state
from vdcftui.repo import models as m
from vdcftui.repo.database import open_repository
from vdcftui.solaris.cmd.command import Command

OPERATOR = Session("alice")


@pytest.fixture
def discovered(fresh_lab, tmp_path):
    repo = tmp_path / "repo.db"
    credentials = discover_lab(fresh_lab, repo, pools=True)
    return fresh_lab, repo, credentials


def zone_state(lab, node: str, zone: str) -> str:
    listing = lab.state.nodes[node].exec_command("zoneadm list -cp")[0]
    return next(line.split(":")[2] for line in listing.splitlines() if line.split(":")[1] == zone)


def test_boot_runs_as_a_job_and_the_repository_agrees(discovered):
    lab, _, credentials = discovered
    job = run_plan(OPERATOR, plan_run_state("web03", "boot"), credentials)
    assert job.state == "succeeded"
    assert zone_state(lab, "node03", "web03") == "running"
    assert m.VServer.get(m.VServer.name == "web03").state == "running"
    step = job.steps.get()
    assert (step.host, step.command, step.exit_status) == ("node03", "zoneadm -z web03 boot", 0)
    actions = [r.action for r in m.AuditRecord.select().where(m.AuditRecord.job == job)]
    assert actions == ["submit boot", "boot succeeded"]
    assert m.Lock.select().count() == 0


def test_failed_step_rolls_back_the_steps_done_in_reverse(discovered):
    lab, _, credentials = discovered
    add_dependency(OPERATOR, "web04", "web03")
    m.VServer.update(state="installed").where(m.VServer.name == "web04").execute()
    lab.state.nodes["node03"].exec_command("zoneadm -z web04 install")
    lab.faults.fail_next(
        "node03", r"zoneadm -z web04 boot", stderr="zoneadm: zone 'web04': simulated boot failure"
    )
    plan = plan_run_state("web04", "boot", with_dependents=True)
    assert [s.command.text() for s in plan.steps] == [
        "zoneadm -z web03 boot",
        "zoneadm -z web04 boot",
    ]
    job = run_plan(OPERATOR, plan, credentials)
    assert job.state == "rolled_back"
    assert "simulated boot failure" in job.error
    assert zone_state(lab, "node03", "web03") == "installed"
    states = [s.state for s in job.steps.order_by(m.JobStep.seq)]
    assert states == ["undone", "failed"]
    assert m.VServer.get(m.VServer.name == "web03").state == "installed"


def test_dependencies_refuse_boot_and_shutdown_naming_the_other(discovered):
    add_dependency(OPERATOR, "web02", "web03")
    with pytest.raises(PrecheckFailed, match="its master web03 is installed"):
        m.VServer.update(state="installed").where(m.VServer.name == "web02").execute()
        plan_run_state("web02", "boot")
    m.VServer.update(state="running").where(m.VServer.name.in_(["web02", "web03"])).execute()
    with pytest.raises(PrecheckFailed, match="its slave web02 is running"):
        plan_run_state("web03", "shutdown")
    with pytest.raises(Exception, match="cycle"):
        add_dependency(OPERATOR, "web03", "web02")


def test_second_job_on_a_locked_vserver_is_refused_naming_the_holder(discovered):
    plan = Plan(
        "migrate",
        "vserver",
        "web01",
        (Step("node03", Command(("true",)), "nothing"),),
        locks=(("vserver", "web01"),),
    )
    first = submit(Session("alice"), plan)
    with pytest.raises(LockHeld, match=rf"locked by job {first.id} \(migrate by alice, since"):
        submit(Session("bob"), plan)


def test_read_only_session_is_refused_in_ops_and_cli(discovered):
    _, repo, _ = discovered
    plan = plan_run_state("web03", "boot")
    with pytest.raises(ReadOnlyRefused):
        submit(Session("noc", readonly=True), plan)
    with pytest.raises(ReadOnlyRefused):
        add_dependency(Session("noc", readonly=True), "web02", "web03")
    mutating = (
        ["vserver", "boot", "web03"],
        ["--readonly", "vserver", "halt", "web01"],
        ["vserver", "shutdown", "web01"],
        ["vserver", "reboot", "web01"],
        ["vserver", "depend", "web02", "--on", "web03"],
        ["vserver", "migrate", "web01", "--to", "node08"],
        [
            "vserver",
            "create",
            "x1",
            "--node",
            "node08",
            "--dataset",
            "x1_pool:600A0B800011382800000A0B84D10001",
            "--net",
            "public:10.0.0.9/24",
        ],
        ["vserver", "commit", "web01"],
        ["vserver", "detach", "web01"],
        ["vserver", "detach", "web01", "--force"],
        ["vserver", "attach", "web01", "--to", "n"],
        ["vserver", "modify", "web01", "--add-fs", "data:/x"],
        ["vserver", "modify", "web01", "--add-fs", "data:/x", "--live"],
        ["job", "cancel", "1"],
        ["job", "recover", "1"],
        ["node", "discover", "--lab"],
    )
    for args in mutating:
        env = {"PATH": "/usr/bin:/bin", "VDCFTUI_READONLY": "1"}
        result = subprocess.run(
            [VDCFTUI, "--repo", str(repo), *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        assert result.returncode == 3, result.stderr
        assert "this session is read-only" in result.stderr
    assert m.Job.select().count() == 0


def test_dry_run_prints_the_plan_and_changes_nothing(discovered):
    lab, repo, _ = discovered
    result = subprocess.run(
        [VDCFTUI, "--repo", str(repo), "vserver", "boot", "web03", "--dry-run"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0
    assert "1. [node03] zoneadm -z web03 boot" in result.stdout
    assert "undo: zoneadm -z web03 halt" in result.stdout
    assert zone_state(lab, "node03", "web03") == "installed"
    assert m.Job.select().count() == 0


@pytest.mark.parametrize(
    "args",
    [
        ["vserver", "boot", "web01;reboot"],
        ["vserver", "migrate", "web01;reboot", "--to", "node08"],
        ["vserver", "migrate", "web01", "--to", "node08;reboot"],
        ["vserver", "attach", "web01", "--to", "node$(reboot)"],
        ["vserver", "detach", "web01 && reboot"],
        ["vserver", "modify", "web01", "--add-fs", "data:/x;reboot"],
        [
            "vserver",
            "create",
            "x" * 65,
            "--node",
            "node08",
            "--dataset",
            "p:600A0B800011382800000A0B84D10001",
            "--net",
            "public:10.0.0.9/24",
        ],
        [
            "vserver",
            "create",
            "shop",
            "--node",
            "node08",
            "--dataset",
            "p;rm:600A0B800011382800000A0B84D10001",
            "--net",
            "public:10.0.0.9/24",
        ],
    ],
)
def test_hostile_names_are_refused_before_anything_runs(args, tmp_path):
    run_cli(tmp_path / "repo.db", "init")
    result = subprocess.run(
        [VDCFTUI, "--repo", str(tmp_path / "repo.db"), *args],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("vdcftui: ") and "invalid " in result.stderr
    open_repository(tmp_path / "repo.db")
    assert m.Job.select().count() == 0


def test_solaris10_zones_are_stopped_with_halt(discovered):
    lab, _, credentials = discovered
    plan = plan_run_state("app01", "shutdown")
    assert [s.command.text() for s in plan.steps] == ["zoneadm -z app01 halt"]
    assert lab.state.nodes["node04"].exec_command("zoneadm -z app01 shutdown")[2] == 253
    job = run_plan(OPERATOR, plan, credentials)
    assert job.state == "succeeded"
    assert zone_state(lab, "node04", "app01") == "installed"
