"""`vdcftui upgrade NODE... --build B`: Solaris 11 nodes to a build, one job per node,
at most --parallel at once (and --per-pool of one compute pool)."""

from __future__ import annotations

import argparse
import asyncio
import secrets
from collections.abc import Callable

from vdcftui.commands.common import (
    credentials_for,
    engine_pid_file,
    open_repo,
    repository_location,
    say,
    session_for,
)
from vdcftui.commands.jobrun import JobLeftRunning
from vdcftui.display import printable
from vdcftui.errors import OperatorError, UsageError
from vdcftui.ops.jobs.engine_pid import running_engine
from vdcftui.ops.jobs.engine_process import ensure_engine
from vdcftui.ops.jobs.follow import follow_many
from vdcftui.ops.jobs.journal import submit
from vdcftui.ops.jobs.plan import Plan, Slot, render_plan
from vdcftui.ops.jobs.states import JobState
from vdcftui.ops.node.hosts import target_for
from vdcftui.ops.node.upgrade import plan_each
from vdcftui.remote.pool import SSHPool
from vdcftui.repo import models as m
from vdcftui.repo.lookup import build_named, node_named


def _count(text: str | None, option: str) -> int | None:
    """A limit as typed: a number from 1 to 1000 (one clear line otherwise)."""
    if text is None:
        return None
    if not text.isdigit() or not 1 <= int(text) <= 1000:
        raise UsageError(f"{option} takes a number from 1 to 1000, not {printable(text)!r}")
    return int(text)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `upgrade` verb."""
    parser = subparsers.add_parser(
        "upgrade",
        help="upgrade Solaris 11 nodes to a build: pkg update into a new boot environment, "
        "reboot, verify, roll back on failure (one job per node)",
    )
    parser.add_argument("nodes", nargs="+", metavar="NODE")
    parser.add_argument("--build", required=True, help="the IPS build to upgrade to")
    parser.add_argument("--parallel", default="2", help="nodes upgraded at once (default 2)")
    parser.add_argument("--per-pool", help="nodes of one compute pool upgraded at once")
    parser.add_argument(
        "--dry-run", action="store_true", help="pre-check and print each node's plan only"
    )
    parser.add_argument("--no-wait", action="store_true", help="print the job ids and return")
    parser.set_defaults(func=run_upgrade)


def _slots(batch: str, parallel: int, per_pool: int | None) -> Callable[[m.Node], tuple[Slot, ...]]:
    """The limits each node's job runs under: this batch's, and its pool's."""

    def slots_for(node: m.Node) -> tuple[Slot, ...]:
        slots: tuple[Slot, ...] = (Slot(f"upgrade:{batch}", parallel),)
        if per_pool and node.pool is not None:
            slots += (Slot(f"upgrade-pool:{node.pool.name}", per_pool),)
        return slots

    return slots_for


def run_upgrade(args: argparse.Namespace) -> int:
    """Pre-check and plan each node; print the plans and refusals; unless --dry-run,
    submit one job per planned node and follow them until all have ended."""
    parallel = _count(args.parallel, "--parallel") or 2
    per_pool = _count(args.per_pool, "--per-pool")
    open_repo(args)
    names = list(dict.fromkeys(args.nodes))
    if not args.dry_run:
        session_for(args).require_writable(f"upgrade {' '.join(names)}")
    build = build_named(args.build)
    nodes = [node_named(name) for name in names]
    credentials = credentials_for(args)
    slots_for = _slots(secrets.token_hex(4), parallel, per_pool)

    async def plan() -> list[Plan | OperatorError]:
        pool = SSHPool()
        try:
            return await plan_each(
                nodes, build, pool, lambda h: target_for(h, credentials), slots_for
            )
        finally:
            await pool.close()

    results = asyncio.run(plan())
    plans = [r for r in results if isinstance(r, Plan)]
    refused = [r for r in results if not isinstance(r, Plan)]
    for result in results:
        say(render_plan(result) if isinstance(result, Plan) else str(result), flush=True)
    if args.dry_run or not plans:
        if refused:
            raise OperatorError(f"{len(refused)} of {len(results)} nodes refused")
        return 0
    return _run_jobs(args, plans, len(refused))


def _run_jobs(args: argparse.Namespace, plans: list[Plan], refused: int) -> int:
    session = session_for(args)
    jobs = [submit(session, plan) for plan in plans]
    ensure_engine(repository_location(args))
    if args.no_wait:
        say(" ".join(str(job.id) for job in jobs))
        return 0
    pid_file = engine_pid_file(args)

    def changed(job: m.Job) -> None:
        state = JobState(job.state)
        error = f": {job.error}" if job.error and state.finished else ""
        say(f"job {job.id}: upgrade {job.object_name}: {state.label}{error}", flush=True)

    try:
        ended = follow_many(
            [job.id for job in jobs],
            changed,
            engine_alive=lambda: running_engine(pid_file) is not None,
        )
    except KeyboardInterrupt:
        raise JobLeftRunning(
            "stopped following the upgrades: they go on in the engine; "
            "`vdcftui job list` shows where they are"
        ) from None
    done = sum(1 for job in ended if job.state == JobState.SUCCEEDED)
    say(f"upgraded {done} of {len(plans) + refused} nodes ({refused} refused)")
    if done != len(plans) + refused:
        raise OperatorError(f"{len(plans) + refused - done} nodes not upgraded")
    return 0
