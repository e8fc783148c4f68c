"""`vdcftui node evacuate NODE [--dry-run]` and `vdcftui pool survive POOL`: where a
node's workload would go on the rest of its compute pool, and whether every node of a
pool could lose its own (N+1), explained from the repository alone; without --dry-run
the evacuation runs as a job."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

from vdcftui.commands.common import (
    add_job_options,
    credentials_for,
    guarded,
    open_repo,
    print_records,
    say,
    session_for,
)
from vdcftui.commands.jobrun import run_as_job
from vdcftui.errors import UsageError
from vdcftui.ops.jobs.plan import Plan, render_plan
from vdcftui.ops.node.evacuate import plan_evacuation_job
from vdcftui.ops.node.hosts import target_for
from vdcftui.ops.placement.explain import (
    DECISION_COLUMNS,
    SURVIVAL_COLUMNS,
    decision_rows,
    placement_record,
    placement_summary,
    survival_rows,
)
from vdcftui.ops.placement.place import place_evacuation, pool_survival
from vdcftui.remote.pool import SSHPool

EXIT_NOTE = "Exit status 0 when every workload has a target, 1 when some have none."


def add_evacuate(verbs: argparse._SubParsersAction) -> None:
    """Add `node evacuate`."""
    parser = verbs.add_parser(
        "evacuate",
        help="move every vServer and GDom of a node to the rest of its pool (a job; --dry-run "
        "explains)",
        epilog=EXIT_NOTE,
    )
    parser.add_argument("name", metavar="NODE")
    parser.add_argument("--json", action="store_true", help="print the placement as JSON")
    add_job_options(parser)
    parser.set_defaults(func=run_evacuate)


def run_evacuate(args: argparse.Namespace) -> int:
    """Print the explained placement of a node's workload; without --dry-run, move the
    vServers as one job of migrations."""
    open_repo(args)
    session = session_for(args)
    if not args.dry_run:
        if args.json:
            raise UsageError("--json goes with --dry-run (the job's steps are printed as text)")
        session.require_writable(f"evacuate node {args.name}")
    placement = place_evacuation(args.name)
    if args.json:
        json.dump(placement_record(placement), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        print_records(decision_rows(placement), False, DECISION_COLUMNS)
        say(placement_summary(placement))
    if args.dry_run:
        return 0 if placement.complete else 1
    credentials = credentials_for(args)

    async def plan() -> Plan:
        pool = SSHPool()
        try:
            _placement, job_plan = await plan_evacuation_job(
                args.name, pool, lambda host: target_for(host, credentials)
            )
            return job_plan
        finally:
            await pool.close()

    evacuation = guarded(lambda: asyncio.run(plan()))()
    say(render_plan(evacuation))
    return run_as_job(args, session, evacuation)


def add_survive(verbs: argparse._SubParsersAction) -> None:
    """Add `pool survive`."""
    parser = verbs.add_parser(
        "survive",
        help="for each node of a pool: could its workload be placed on the others now",
        epilog="Exit status 0 when every node's workload could be placed, 1 otherwise.",
    )
    parser.add_argument("name", metavar="POOL")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(func=run_survive)


def run_survive(args: argparse.Namespace) -> int:
    """Print one row per node of the pool: placeable or not, and why."""
    open_repo(args)
    rows = pool_survival(args.name)
    print_records(survival_rows(rows, args.json), args.json, SURVIVAL_COLUMNS)
    return 0 if all(row.placeable for row in rows) else 1
