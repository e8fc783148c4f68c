"""`vdcftui job list|show` and `vdcftui audit`: jobs and the audit trail."""

from __future__ import annotations

import argparse
import asyncio

from vdcftui.commands.common import (
    credentials_for,
    open_repo,
    print_records,
    say,
    session_for,
)
from vdcftui.display import printable
from vdcftui.errors import OperatorError
from vdcftui.ops.jobs.journal import cancel_job
from vdcftui.ops.jobs.plan import Plan, render_plan
from vdcftui.ops.jobs.recover import Recovery, recover
from vdcftui.ops.jobs.states import JobState, StepState
from vdcftui.ops.node.hosts import target_for
from vdcftui.remote.pool import SSHPool
from vdcftui.repo import models as m


def print_step(step: m.JobStep) -> None:
    """One line per step state change, with its output when it ends."""
    say(f"  [{StepState(step.state).label:>7}] {step.seq}. {step.host}: {step.command}", flush=True)
    if step.state in (StepState.FAILED, StepState.UNDO_FAILED) and (step.stderr or step.stdout):
        for line in (step.stderr or step.stdout).strip().splitlines():
            say(f"            {line}", flush=True)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `job` and `audit` nouns."""
    parser = subparsers.add_parser("job", help="jobs: every change, with plan and output")
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", required=True)
    lister = verbs.add_parser("list", help="list jobs, newest first")
    lister.add_argument("--json", action="store_true")
    lister.set_defaults(func=run_list)
    shower = verbs.add_parser("show", help="a job's plan and each step's output")
    shower.add_argument("id", type=int)
    shower.set_defaults(func=run_show)
    cancel = verbs.add_parser("cancel", help="cancel a queued job")
    cancel.add_argument("id", type=int)
    cancel.set_defaults(func=run_cancel)
    recover = verbs.add_parser("recover", help="complete (or roll back) an interrupted job")
    recover.add_argument("id", type=int)
    recover.add_argument("--rollback", action="store_true", help="roll it back instead")
    recover.set_defaults(func=run_recover)
    audit = subparsers.add_parser("audit", help="the audit trail")
    audit.add_argument("--object", help="only this object")
    audit.add_argument("--operator", help="only this operator")
    audit.add_argument("--json", action="store_true")
    audit.set_defaults(func=run_audit)


def _job_record(job: m.Job) -> dict:
    return {
        "id": job.id,
        "operation": job.operation,
        "object": job.object_name,
        "operator": job.operator,
        "state": JobState(job.state).label,
        "created": job.created.isoformat(timespec="seconds"),
        "error": job.error,
    }


def run_list(args: argparse.Namespace) -> int:
    """List jobs."""
    open_repo(args)
    jobs = [_job_record(j) for j in m.Job.select().order_by(m.Job.id.desc())]
    print_records(jobs, args.json, ("id", "operation", "object", "operator", "state", "created"))
    return 0


def run_show(args: argparse.Namespace) -> int:
    """Show one job."""
    open_repo(args)
    job = m.Job.get_or_none(m.Job.id == args.id)
    if job is None:
        raise OperatorError(f"no job {args.id}")
    say(
        f"job {job.id}: {job.operation} {job.object_type} {job.object_name} by "
        f"{job.operator}: {JobState(job.state).label}" + (f" ({job.error})" if job.error else "")
    )
    say(render_plan(Plan.from_json(job.plan)))
    for step in job.steps.order_by(m.JobStep.seq):
        say(
            f"step {step.seq} [{StepState(step.state).label}] {step.host}: {step.command}"
            + ("" if step.exit_status is None else f" (exit {step.exit_status})")
        )
        for text in (step.stdout.strip(), step.stderr.strip()):
            for line in text.splitlines():
                say(f"    {line}")
    return 0


def run_cancel(args: argparse.Namespace) -> int:
    """Cancel a job that has not started."""
    open_repo(args)
    session = session_for(args)
    session.require_writable(f"cancel job {args.id}")
    job = m.Job.get_or_none(m.Job.id == args.id)
    if job is None:
        raise OperatorError(f"no job {args.id}")
    cancel_job(session, job)
    say(f"job {job.id} cancelled")
    return 0


def run_recover(args: argparse.Namespace) -> int:
    """Recover an interrupted job."""
    open_repo(args)
    session = session_for(args)
    credentials = credentials_for(args)

    async def go() -> Recovery:
        pool = SSHPool()
        try:
            return await recover(
                session, args.id, pool, lambda host: target_for(host, credentials), args.rollback
            )
        finally:
            await pool.close()

    outcome = asyncio.run(go())
    if outcome.note:
        say(f"job {args.id}: {outcome.note}")
    say(f"job {args.id}: {outcome.state.label}")
    if outcome.state in (JobState.SUCCEEDED, JobState.ROLLED_BACK):
        return 0
    job = m.Job.get_by_id(args.id)
    raise OperatorError(
        f"job {args.id} {outcome.state.label}: {printable(job.error or 'no reason recorded')}; "
        f"each step's output: vdcftui job show {args.id}"
    )


def run_audit(args: argparse.Namespace) -> int:
    """List the audit trail, filtered by object and operator."""
    open_repo(args)
    query = m.AuditRecord.select().order_by(m.AuditRecord.id)
    if args.object:
        query = query.where(m.AuditRecord.object_name == args.object)
    if args.operator:
        query = query.where(m.AuditRecord.operator == args.operator)
    rows = [
        {
            "time": r.time.isoformat(timespec="seconds"),
            "operator": r.operator,
            "action": r.action,
            "object": f"{r.object_type} {r.object_name}",
            "job": r.job_id,
            "detail": r.detail,
        }
        for r in query
    ]
    print_records(rows, args.json, ("time", "operator", "action", "object", "job", "detail"))
    return 0
