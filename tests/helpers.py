"""Helpers shared by the tests: the lab, the CLI run as a process, the lab discovered
into a repository, stopping background engines, waiting for a condition with a
deadline (never a fixed sleep), and keys typed into a console in a burst. Fixtures
built on these live in tests/conftest.py."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from vdcftui.lab.runner import Lab, LabThread
from vdcftui.lab.spec import load_spec
from vdcftui.ops.discovery.run import discover, record_lab_controllers, targets_from_inventory
from vdcftui.ops.jobs.journal import submit
from vdcftui.ops.jobs.plan import Plan, Step
from vdcftui.ops.node.hosts import target_for
from vdcftui.ops.node.inventory import load_inventory
from vdcftui.ops.session import Session
from vdcftui.ops.vserver.migrate import plan_migration
from vdcftui.remote.pool import SSHPool
from vdcftui.repo import models as m
from vdcftui.repo.credentials import CredentialStore, default_credentials_path
from vdcftui.repo.database import close_repository, open_repository
from vdcftui.solaris.cmd.zones import zoneadm

VDCFTUI = str(Path(sys.executable).with_name("vdcftui"))
"""The installed `vdcftui` command of the interpreter running the tests."""


@contextlib.contextmanager
def running_lab(workdir: Path, spec: Path | None = None) -> Iterator[Lab]:
    """A lab (the default spec, or the one at ``spec``) on ephemeral loopback ports in a
    background thread, stopped on leaving the block."""
    runner = LabThread(load_spec(spec), workdir, ephemeral_ports=True)
    lab = runner.start()
    try:
        yield lab
    finally:
        runner.stop()


def run_cli(
    repo: Path | str, *args: str, check: bool = True, timeout: float = 120
) -> subprocess.CompletedProcess:
    """Run `vdcftui --repo REPO ARGS...`; with ``check``, it must exit 0 (the failure
    shows its output)."""
    result = subprocess.run(
        [VDCFTUI, "--repo", str(repo), *args], capture_output=True, text=True, timeout=timeout
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def discover_lab(lab: Lab, repo: Path, *, pools: bool = False) -> CredentialStore:
    """Open the repository file ``repo`` and discover every lab node into it over SSH,
    recording the lab's system controllers and their credentials; with ``pools``, the
    nodes join the pools the lab's inventory gives. Returns the credential store."""
    open_repository(repo)
    inventory = load_inventory(lab.workdir / "inventory.json")
    if pools:
        in_pools = {n.name: n.pool for n in inventory.nodes if n.pool}
        asyncio.run(discover(targets_from_inventory(inventory), pools=in_pools))
    else:
        asyncio.run(discover(targets_from_inventory(inventory)))
    credentials = CredentialStore(default_credentials_path(repo))
    record_lab_controllers(inventory, credentials)
    return credentials


def stop_engines(workdir: Path) -> None:
    """Stop the engines that CLI commands started in the background under ``workdir``."""
    for pid_file in workdir.rglob("engine.pid"):
        pid = pid_file.read_text().strip().rpartition(":")[2]
        if pid.isdigit():
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(pid), signal.SIGTERM)


def wait_until(predicate: Callable[[], object], what: str, seconds: float = 30.0) -> None:
    """Poll another process's or thread's progress (the engine's, the lab's) until
    ``predicate()`` holds; fail naming ``what`` after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


async def pilot_until(
    pilot: Any, condition: Callable[[], object], seconds: float = 30.0, step: float = 0.05
) -> float:
    """Let a Textual app under test run until ``condition()`` holds; returns how long
    it took. Fails after ``seconds``."""
    start = time.monotonic()
    while not condition():
        assert time.monotonic() - start < seconds, "condition not reached in time"
        await pilot.pause(step)
    return time.monotonic() - start


TYPED_KEYS = {"enter": "\r", "escape": "\x1b"}
"""The key names ``burst`` takes, and what the terminal sends for each."""


def burst(app: Any, *typed: str) -> None:
    """Keys as a terminal delivers a burst: all queued at once, nothing waited for.
    Each argument is a key name (enter, escape) or text typed character by character."""
    from textual import events
    from textual.keys import _character_to_key

    for part in typed:
        if part in TYPED_KEYS:
            app.post_message(events.Key(part, TYPED_KEYS[part]))
            continue
        for char in part:
            app.post_message(events.Key(_character_to_key(char), char))


def queued_job(repo: Path) -> int:
    """A repository file holding one queued job (boot web01 on node01); its id."""
    open_repository(repo)
    try:
        plan = Plan("boot", "vserver", "web01", (Step("node01", zoneadm("web01", "boot"), "boot"),))
        return submit(Session("alice"), plan).id
    finally:
        close_repository()


def migration_plan(credentials, name="web01", target="node08", allow_upgrade=False):
    async def go():
        pool = SSHPool()
        try:
            return await plan_migration(
                name, target, pool, lambda host: target_for(host, credentials), allow_upgrade
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


def assert_on_one_node(lab, node: str, zone: str = "web01") -> None:
    """``zone`` is configured and running on ``node`` only, and the repository agrees."""
    assert placements(lab, zone) == {node: "running"}
    configured = [n for n, host in lab.state.nodes.items() if zone in host.zones]
    assert configured == [node]
    vserver = m.VServer.get(m.VServer.name == zone)
    assert (vserver.node.name, vserver.state) == (node, "running")


def commands_done(lab, host: str) -> int:
    stats = lab.faults.stats.get(host)
    return stats.commands if stats else 0


def commands_started(lab, host: str) -> int:
    stats = lab.faults.stats.get(host)
    return stats.started if stats else 0


def _slow_step(lab, plan, index: int) -> Callable[[], bool]:
    """Make step ``index`` of ``plan`` take a second on its node; a predicate telling
    when the node has begun it."""
    step = plan.steps[index]
    pattern = "^" + re.escape(step.command.text().split(" '")[0])
    same = sum(
        1
        for s in plan.steps[:index]
        if s.host == step.host and re.search(pattern, s.command.text())
    )  # the same command earlier in the plan (an evacuation reads zones back twice)
    lab.faults.slow_next(step.host, pattern, 1.0, skip=same)
    earlier = sum(1 for s in plan.steps[:index] if s.host == step.host)
    started = commands_started(lab, step.host)
    return lambda: commands_started(lab, step.host) > started + earlier


def engine_counting_jobs(repo: Path) -> subprocess.Popen:
    """A resident engine (`vdcftui engine`) whose collectors are off: a test that counts
    the commands a node ran to find a job's step would count their batches too."""
    settings = Path(repo).parent / "settings-no-monitor.toml"
    settings.write_text("[monitor]\nenabled = false\n")
    return subprocess.Popen(
        [VDCFTUI, "--repo", str(repo), "engine"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "VDCFTUI_SETTINGS": str(settings)},
    )


def kill_engine_during(lab, repo, migration, index: int) -> None:
    """Start an engine, kill it with SIGKILL while step ``index`` runs on its node, and
    let the node finish that command (as a real node would)."""
    step = migration.steps[index]
    earlier = sum(1 for s in migration.steps[:index] if s.host == step.host)
    done = commands_done(lab, step.host)
    begun = _slow_step(lab, migration, index)
    engine = engine_counting_jobs(repo)
    try:
        wait_until(begun, f"step {index + 1} to reach {step.host}")
        engine.kill()
    finally:
        engine.wait(timeout=30)
    wait_until(lambda: commands_done(lab, step.host) > done + earlier, "the node to finish")


def fault_during(lab, repo, plan, index: int, fault: Callable[[], None]) -> None:
    """Run the queued job to its end in an engine (`engine --once`), calling ``fault``
    while step ``index`` of ``plan`` runs on its node."""
    begun = _slow_step(lab, plan, index)
    engine = subprocess.Popen(
        [VDCFTUI, "--repo", str(repo), "engine", "--once"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_until(begun, f"step {index + 1} to reach {plan.steps[index].host}")
        fault()
        _, err = engine.communicate(timeout=120)
    finally:
        engine.kill()
    assert engine.returncode == 0, err
