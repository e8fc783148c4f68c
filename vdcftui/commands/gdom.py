"""`vdcftui gdom list|show|start|stop`: guest domains."""

from __future__ import annotations

import argparse

from vdcftui.commands.common import (
    add_job_options,
    add_list_show,
    guarded,
    open_repo,
    say,
    session_for,
)
from vdcftui.commands.jobrun import run_as_job
from vdcftui.ops.gdom.state import GDOM_VERBS, plan_gdom_state
from vdcftui.ops.jobs.plan import render_plan
from vdcftui.readmodel import catalog
from vdcftui.repo.lookup import usable_gdom


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `gdom` noun."""
    verbs = add_list_show(
        subparsers,
        "gdom",
        "guest domains",
        catalog.list_gdoms,
        catalog.show_gdom,
        ("name", "cdom", "state", "vcpus", "memory_mb", "node"),
        ("--cdom", "only the GDoms of this control domain"),
    )
    for verb in GDOM_VERBS:
        parser = verbs.add_parser(verb, help=f"{verb} a GDom on its CDom (a job)")
        parser.add_argument("name", help="NAME, or CDOM:NAME when names repeat")
        add_job_options(parser)
        parser.set_defaults(func=run_gdom_state, verb=verb)


def run_gdom_state(args: argparse.Namespace) -> int:
    """Plan a GDom start or stop; print it (dry run) or run it as a job."""
    open_repo(args)
    usable_gdom(args.name)
    session = session_for(args)
    if not args.dry_run:
        session.require_writable(f"{args.verb} gdom {args.name}")
    plan = guarded(plan_gdom_state)(args.name, args.verb)
    if args.dry_run:
        say(render_plan(plan))
        return 0
    return run_as_job(args, session, plan)
