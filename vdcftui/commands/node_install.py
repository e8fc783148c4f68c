"""`vdcftui node install NODE --build B [--cdom]`: a node installed through its
system controller's console from its model's profile, then read into the
repository."""

from __future__ import annotations

import argparse
import asyncio

from vdcftui.commands.common import (
    add_job_options,
    credentials_for,
    guarded,
    open_repo,
    say,
    session_for,
)
from vdcftui.commands.config import apply_configuration
from vdcftui.commands.jobrun import run_as_job
from vdcftui.display import printable
from vdcftui.ops.config.items import effective
from vdcftui.ops.discovery.run import discover
from vdcftui.ops.jobs.plan import Plan, render_plan
from vdcftui.ops.node.hosts import target_for
from vdcftui.ops.node.install import plan_install
from vdcftui.remote.pool import SSHPool
from vdcftui.repo.lookup import node_named


def register_install(verbs: argparse._SubParsersAction) -> None:
    """Add the `install` verb to the `node` noun."""
    install = verbs.add_parser(
        "install",
        help="install a node with a build from its ok prompt, laid out by its model's "
        "profile (a job), then discover it",
    )
    install.add_argument("name", metavar="NODE")
    install.add_argument("--build", required=True, help="the build to install (vdcftui build list)")
    install.add_argument(
        "--cdom", action="store_true", help="set it up as a control domain (vds, vsw, vcc)"
    )
    add_job_options(install)
    install.set_defaults(func=run_install)


def run_install(args: argparse.Namespace) -> int:
    """Plan the install (reading the controller and the node); print it or run it,
    then read the installed node into the repository."""
    open_repo(args)
    node_named(args.name)
    session = session_for(args)
    if not args.dry_run:
        session.require_writable(f"install node {args.name}")
    credentials = credentials_for(args)

    async def plan() -> Plan:
        pool = SSHPool(connect_attempts=1)
        try:
            return await plan_install(
                args.name,
                args.build,
                args.cdom,
                pool,
                lambda h: target_for(h, credentials),
                credentials,
            )
        finally:
            await pool.close()

    planned = guarded(lambda: asyncio.run(plan()))()
    if args.dry_run:
        say(render_plan(planned))
        return 0
    status = run_as_job(args, session, planned)
    if status != 0 or args.no_wait:
        if args.no_wait:
            say(f"once it succeeds, read it: vdcftui node discover {args.name}")
        return status
    summary = asyncio.run(discover([target_for(args.name, credentials)]))
    if summary.failed:
        reason = printable(summary.failed.get(args.name, "not read"))
        say(f"{args.name}: installed; not discovered: {reason} (vdcftui node discover)")
        return 1
    say(f"{args.name}: installed and discovered")
    if not effective(node_named(args.name)).items:
        return 0
    say(f"{args.name}: applying its system configurations")
    return apply_configuration(args, session, lambda h: target_for(h, credentials))
