"""Submitting a change as a job from the CLI: the engine runs it, the CLI follows it."""

from __future__ import annotations

import argparse

from vdcftui.commands.common import engine_pid_file, repository_location, say
from vdcftui.commands.job import print_step
from vdcftui.errors import OperatorError
from vdcftui.ops.jobs.engine_pid import running_engine
from vdcftui.ops.jobs.engine_process import ensure_engine
from vdcftui.ops.jobs.follow import follow
from vdcftui.ops.jobs.journal import submit
from vdcftui.ops.jobs.plan import Plan
from vdcftui.ops.jobs.states import JobState
from vdcftui.ops.session import Session


class JobLeftRunning(OperatorError):
    """The operator stopped following a job (Ctrl+C); the engine goes on with it."""

    exit_status = 130


def run_as_job(args: argparse.Namespace, session: Session, plan: Plan) -> int:
    """Submit the plan; unless --no-wait, follow its steps until it ends."""
    job = submit(session, plan)
    ensure_engine(repository_location(args))
    if getattr(args, "no_wait", False):
        say(job.id)
        return 0
    say(f"job {job.id}: {plan.operation} {plan.object_name}", flush=True)
    pid_file = engine_pid_file(args)
    try:
        job = follow(job.id, print_step, engine_alive=lambda: running_engine(pid_file) is not None)
    except KeyboardInterrupt:
        raise JobLeftRunning(
            f"stopped following job {job.id}: it goes on in the engine; "
            f"`vdcftui job show {job.id}` shows where it is"
        ) from None
    state = JobState(job.state)
    say(f"job {job.id}: {state.label}")
    if state == JobState.INTERRUPTED:
        raise OperatorError(
            f"job {job.id} interrupted: its engine stopped while it ran; "
            f"`vdcftui job recover {job.id}` completes it (--rollback undoes it)"
        )
    if state != JobState.SUCCEEDED:
        raise OperatorError(f"job {job.id} {state.label}" + (f": {job.error}" if job.error else ""))
    return 0
