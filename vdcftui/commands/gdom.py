"""`vdcftui gdom list|show|start|stop|create|commit|remove|modify|migrate|detach|attach`:
guest domains."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from vdcftui.commands.common import (
    add_job_options,
    add_list_show,
    guarded,
    open_repo,
    say,
    session_for,
)
from vdcftui.commands.jobrun import run_as_job
from vdcftui.ops.gdom.define import define_gdom, plan_gdom_commit
from vdcftui.ops.gdom.migrate import PASSWORD_FILE, plan_gdom_migrate
from vdcftui.ops.gdom.modify import plan_gdom_modify, resize_definition
from vdcftui.ops.gdom.recovery import detach_gdom, plan_gdom_attach
from vdcftui.ops.gdom.remove import forget_definition, plan_gdom_remove
from vdcftui.ops.gdom.state import GDOM_VERBS, plan_gdom_state
from vdcftui.ops.jobs.plan import Plan, render_plan
from vdcftui.readmodel import catalog
from vdcftui.repo.lookup import usable_gdom

_NAME_HELP = "NAME, or CDOM:NAME when names repeat"


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
        parser.add_argument("name", help=_NAME_HELP)
        add_job_options(parser)
        parser.set_defaults(func=run_gdom_state, verb=verb)
    create = verbs.add_parser("create", help="define a GDom on a CDom (state DEFINED)")
    create.add_argument("name")
    create.add_argument("--cdom", required=True, help="its control domain")
    create.add_argument("--vcpus", required=True, type=int)
    create.add_argument("--memory", required=True, metavar="SIZE", help="e.g. 16G or 4096M")
    create.add_argument("--disk", action="append", default=[], metavar="LUN", help="a WWN")
    create.add_argument("--net", action="append", default=[], metavar="VSW")
    create.add_argument("--vds", default="primary-vds0", help="the CDom's disk service")
    create.set_defaults(func=run_create)
    commit = verbs.add_parser("commit", help="build and start a defined GDom (a job)")
    commit.add_argument("name", help=_NAME_HELP)
    add_job_options(commit)
    commit.set_defaults(func=run_commit)
    remove = verbs.add_parser("remove", help="stop, unbind and remove a GDom (a job)")
    remove.add_argument("name", help=_NAME_HELP)
    add_job_options(remove)
    remove.set_defaults(func=run_remove)
    modify = verbs.add_parser("modify", help="resize a GDom (live where it can)")
    modify.add_argument("name", help=_NAME_HELP)
    modify.add_argument("--vcpus", type=int)
    modify.add_argument("--memory", metavar="SIZE")
    add_job_options(modify)
    modify.set_defaults(func=run_modify)
    migrate = verbs.add_parser("migrate", help="move a GDom to another CDom (a job)")
    migrate.add_argument("name", help=_NAME_HELP)
    migrate.add_argument("--to", required=True, dest="target", help="the target CDom")
    migrate.add_argument("--cold", action="store_true", help="stop, move, start")
    migrate.add_argument(
        "--password-file",
        default=PASSWORD_FILE,
        help=f"the target's ldmd password on the source CDom (default {PASSWORD_FILE})",
    )
    add_job_options(migrate)
    migrate.set_defaults(func=run_migrate)
    detach = verbs.add_parser(
        "detach", help="record a GDom off its dead CDom (fenced, or --force; audited)"
    )
    detach.add_argument("name", help=_NAME_HELP)
    detach.add_argument(
        "--force", action="store_true", help="the CDom is not fenced but certainly down"
    )
    detach.set_defaults(func=run_detach)
    attach = verbs.add_parser("attach", help="bring a detached GDom up on another CDom (a job)")
    attach.add_argument("name", help=_NAME_HELP)
    attach.add_argument("--to", required=True, dest="target", help="the CDom to run it on")
    add_job_options(attach)
    attach.set_defaults(func=run_attach)


def _plan_and_run(args: argparse.Namespace, what: str, planner: Callable[[], Plan]) -> int:
    """Plan; print it (dry run) or run it as a job."""
    session = session_for(args)
    if not args.dry_run:
        session.require_writable(what)
    plan = guarded(planner)()
    if args.dry_run:
        say(render_plan(plan))
        return 0
    return run_as_job(args, session, plan)


def run_gdom_state(args: argparse.Namespace) -> int:
    """Plan a GDom start or stop; print it (dry run) or run it as a job."""
    open_repo(args)
    usable_gdom(args.name)
    return _plan_and_run(
        args, f"{args.verb} gdom {args.name}", lambda: plan_gdom_state(args.name, args.verb)
    )


def run_create(args: argparse.Namespace) -> int:
    """Record a GDom definition."""
    open_repo(args)
    gdom = guarded(define_gdom)(
        session_for(args),
        args.name,
        args.cdom,
        args.vcpus,
        args.memory,
        args.disk,
        args.net,
        args.vds,
    )
    say(
        f"{gdom.name} defined on {args.cdom}: commit it with "
        f"'vdcftui gdom commit {args.cdom}:{gdom.name}'"
    )
    return 0


def run_commit(args: argparse.Namespace) -> int:
    """Build and start a defined GDom as a job."""
    open_repo(args)
    return _plan_and_run(args, f"commit gdom {args.name}", lambda: plan_gdom_commit(args.name))


def run_remove(args: argparse.Namespace) -> int:
    """Remove a GDom: a definition from the repository, a committed one as a job."""
    open_repo(args)
    if not args.dry_run and guarded(forget_definition)(session_for(args), args.name):
        say(f"definition of {args.name} removed (it was never committed)")
        return 0
    return _plan_and_run(args, f"remove gdom {args.name}", lambda: plan_gdom_remove(args.name))


def run_modify(args: argparse.Namespace) -> int:
    """Resize a GDom: a definition in the repository, a committed one as a job."""
    open_repo(args)
    if not args.dry_run and guarded(resize_definition)(
        session_for(args), args.name, args.vcpus, args.memory
    ):
        say(f"definition of {args.name} resized: commit applies it")
        return 0
    return _plan_and_run(
        args,
        f"modify gdom {args.name}",
        lambda: plan_gdom_modify(args.name, args.vcpus, args.memory),
    )


def run_migrate(args: argparse.Namespace) -> int:
    """Migrate a GDom to another CDom, live or cold, as a job."""
    open_repo(args)
    return _plan_and_run(
        args,
        f"migrate gdom {args.name}",
        lambda: plan_gdom_migrate(args.name, args.target, args.cold, args.password_file),
    )


def run_detach(args: argparse.Namespace) -> int:
    """Record a GDom as detached from its dead control domain."""
    open_repo(args)
    gdom = guarded(detach_gdom)(session_for(args), args.name, args.force)
    say(
        f"{gdom.name} detached from {gdom.cdom.name}: bring it up elsewhere with "
        f"'vdcftui gdom attach {gdom.cdom.name}:{gdom.name} --to CDOM'"
    )
    return 0


def run_attach(args: argparse.Namespace) -> int:
    """Build a detached GDom on another control domain as a job."""
    open_repo(args)
    return _plan_and_run(
        args,
        f"attach gdom {args.name} to {args.target}",
        lambda: plan_gdom_attach(args.name, args.target),
    )
