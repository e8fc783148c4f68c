"""Submitting a change as a job from the CLI: the engine runs it, the CLI follows it."""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

from vdcftui.commands.common import engine_pid_file, repository_location
from vdcftui.commands.job import print_step
from vdcftui.errors import OperatorError
from vdcftui.ops.engine import running_engine
from vdcftui.ops.follow import follow
from vdcftui.ops.journal import submit
from vdcftui.ops.plan import Plan
from vdcftui.ops.session import Session

ENGINE_START_SECONDS = 15.0
ENGINE_IDLE_EXIT_SECONDS = 600


def ensure_engine(args: argparse.Namespace) -> None:
    """Start an engine for the repository in the background unless one is alive; it
    outlives this command, so a dropped SSH session never stops a job half-way."""
    pid_file = engine_pid_file(args)
    if running_engine(pid_file) is not None:
        return
    log = pid_file.with_name("engine.log").open("a")
    subprocess.Popen([sys.executable, "-m", "vdcftui", "--repo", repository_location(args),
                      "engine", "--idle-exit", str(ENGINE_IDLE_EXIT_SECONDS)],
                     stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                     start_new_session=True)
    deadline = time.monotonic() + ENGINE_START_SECONDS
    while running_engine(pid_file) is None:
        if time.monotonic() > deadline:
            raise OperatorError(f"the engine did not start; see {log.name}")
        time.sleep(0.05)


def run_as_job(args: argparse.Namespace, session: Session, plan: Plan) -> int:
    """Submit the plan; unless --no-wait, follow its steps until it ends."""
    job = submit(session, plan)
    ensure_engine(args)
    if getattr(args, "no_wait", False):
        print(job.id)
        return 0
    print(f"job {job.id}: {plan.operation} {plan.object_name}", flush=True)
    pid_file = engine_pid_file(args)
    job = follow(job.id, print_step, engine_alive=lambda: running_engine(pid_file) is not None)
    print(f"job {job.id}: {job.state}")
    if job.state != "succeeded":
        raise OperatorError(f"job {job.id} {job.state}" + (f": {job.error}" if job.error
                                                           else ""))
    return 0
