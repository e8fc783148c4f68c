"""`vdcftui node agent install|remove NODE`: a node's keep-alive agent, as a job."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable, Callable

from vdcftui.commands.common import (
    add_job_options,
    credentials_for,
    guarded,
    open_repo,
    say,
    session_for,
)
from vdcftui.commands.jobrun import run_as_job
from vdcftui.ops.ha.config import load_ha_settings
from vdcftui.ops.jobs.plan import Plan, render_plan
from vdcftui.ops.node.agent import ensure_secret, plan_agent_install, plan_agent_remove
from vdcftui.ops.node.hosts import target_for
from vdcftui.remote.pool import HostTarget, SSHPool
from vdcftui.repo.credentials import open_repository_credentials
from vdcftui.repo.lookup import node_named

Planner = Callable[[SSHPool, Callable[[str], HostTarget]], Awaitable[Plan]]


def register_agent(verbs: argparse._SubParsersAction) -> None:
    """Add `node agent install|remove` to the `node` noun."""
    agent = verbs.add_parser("agent", help="a node's keep-alive agent (install, remove)")
    actions = agent.add_subparsers(dest="action", metavar="ACTION", required=True)
    install = actions.add_parser(
        "install",
        help="install or update the keep-alive agent: script, configuration, secret, "
        "SMF service, until SMF says online (a job)",
    )
    remove = actions.add_parser(
        "remove", help="delete the agent's SMF service and remove its files (a job)"
    )
    for parser, action in ((install, "install"), (remove, "remove")):
        parser.add_argument("name", metavar="NODE")
        add_job_options(parser)
        parser.set_defaults(func=run_agent, agent_action=action)


def run_agent(args: argparse.Namespace) -> int:
    """Plan the agent's install or removal (reading the node); print it or run it."""
    open_repo(args)
    node_named(args.name)
    session = session_for(args)
    if not args.dry_run:
        session.require_writable(f"agent {args.agent_action} node {args.name}")
    credentials = credentials_for(args)

    def lookup(host: str) -> HostTarget:
        return target_for(host, credentials)

    planner: Planner
    if args.agent_action == "install":
        settings = load_ha_settings()

        async def planner(pool: SSHPool, hosts: Callable[[str], HostTarget]) -> Plan:
            return await plan_agent_install(args.name, pool, hosts, settings)
    else:

        async def planner(pool: SSHPool, hosts: Callable[[str], HostTarget]) -> Plan:
            return await plan_agent_remove(args.name, pool, hosts)

    async def plan() -> Plan:
        pool = SSHPool(connect_attempts=1)
        try:
            return await planner(pool, lookup)
        finally:
            await pool.close()

    made = guarded(lambda: asyncio.run(plan()))()
    if args.dry_run:
        say(render_plan(made))
        return 0
    if args.agent_action == "install":
        ensure_secret(session, open_repository_credentials())
    return run_as_job(args, session, made)
