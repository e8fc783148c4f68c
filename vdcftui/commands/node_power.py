"""`vdcftui node boot|poweron|poweroff|shutdown|reboot|status|fence|unfence`: a node's
power, through its system controller or its own shutdown, and fencing."""

from __future__ import annotations

import argparse
import asyncio
import json

from vdcftui.commands.common import (
    add_job_options,
    credentials_for,
    guarded,
    open_repo,
    say,
    session_for,
)
from vdcftui.commands.jobrun import run_as_job
from vdcftui.display import printable
from vdcftui.ops.jobs.plan import Plan, render_plan
from vdcftui.ops.node.hosts import target_for
from vdcftui.ops.node.power import (
    PowerReading,
    plan_boot,
    plan_fence,
    plan_power,
    plan_reboot,
    read_power,
    unfence,
)
from vdcftui.remote.pool import SSHPool
from vdcftui.repo.lookup import node_named

_POWER_HELP = {
    "poweron": "power a node on through its system controller, then wait until it answers",
    "poweroff": "power a node off through its system controller (--force: at once)",
    "shutdown": "shut a node down its own way (shutdown -i5), then wait until it is off",
}


def register_power(verbs: argparse._SubParsersAction) -> None:
    """Add the power and fencing verbs to the `node` noun."""
    for verb, text in _POWER_HELP.items():
        parser = verbs.add_parser(verb, help=f"{text} (a job)")
        parser.add_argument("name", metavar="NODE")
        if verb == "poweroff":
            parser.add_argument(
                "--force", action="store_true", help="cut the power without a clean shutdown"
            )
        add_job_options(parser)
        parser.set_defaults(func=run_power, verb=verb)
    boot = verbs.add_parser(
        "boot",
        help="bring a node that is off up through its controller and wait until it answers "
        "(a job; an 'on' but silent node is shown, not reset)",
    )
    boot.add_argument("name", metavar="NODE")
    add_job_options(boot)
    boot.set_defaults(func=run_boot)
    reboot = verbs.add_parser(
        "reboot", help="reboot a node its own way (shutdown -i6) and wait until it is back (a job)"
    )
    reboot.add_argument("name", metavar="NODE")
    add_job_options(reboot)
    reboot.set_defaults(func=run_reboot)
    status = verbs.add_parser("status", help="what the node's controller says of its power")
    status.add_argument("name", metavar="NODE")
    status.add_argument("--json", action="store_true", help="print JSON")
    status.set_defaults(func=run_status)
    fence = verbs.add_parser(
        "fence", help="power a node off through its controller and bar it from use (a job)"
    )
    fence.add_argument("name", metavar="NODE")
    fence.add_argument("--reason", required=True, help="why (recorded with who and when)")
    add_job_options(fence)
    fence.set_defaults(func=run_fence)
    clear = verbs.add_parser("unfence", help="clear a node's fence (audited)")
    clear.add_argument("name", metavar="NODE")
    clear.set_defaults(func=run_unfence)


def _run_plan(args: argparse.Namespace, plan: Plan) -> int:
    if args.dry_run:
        say(render_plan(plan))
        return 0
    return run_as_job(args, session_for(args), plan)


def run_power(args: argparse.Namespace) -> int:
    """Plan a power change; print it (dry run) or run it as a job."""
    open_repo(args)
    node_named(args.name)
    if not args.dry_run:
        session_for(args).require_writable(f"{args.verb} node {args.name}")
    return _run_plan(args, guarded(plan_power)(args.name, args.verb, getattr(args, "force", False)))


def run_reboot(args: argparse.Namespace) -> int:
    """Plan a reboot (reading the node's boot time); print it or run it as a job."""
    open_repo(args)
    node_named(args.name)
    if not args.dry_run:
        session_for(args).require_writable(f"reboot node {args.name}")
    credentials = credentials_for(args)

    async def plan() -> Plan:
        pool = SSHPool()
        try:
            return await plan_reboot(args.name, pool, lambda h: target_for(h, credentials))
        finally:
            await pool.close()

    return _run_plan(args, guarded(lambda: asyncio.run(plan()))())


def run_boot(args: argparse.Namespace) -> int:
    """Plan a boot (reading the controller and the node first); print it or run it."""
    open_repo(args)
    node_named(args.name)
    if not args.dry_run:
        session_for(args).require_writable(f"boot node {args.name}")
    credentials = credentials_for(args)

    async def plan() -> Plan:
        pool = SSHPool(connect_attempts=1)
        try:
            return await plan_boot(args.name, pool, lambda h: target_for(h, credentials))
        finally:
            await pool.close()

    return _run_plan(args, guarded(lambda: asyncio.run(plan()))())


def run_fence(args: argparse.Namespace) -> int:
    """Plan a fence; print it (dry run) or run it as a job."""
    open_repo(args)
    node_named(args.name)
    session = session_for(args)
    if not args.dry_run:
        session.require_writable(f"fence node {args.name}")
    return _run_plan(args, guarded(plan_fence)(args.name, args.reason, session.operator))


def run_unfence(args: argparse.Namespace) -> int:
    """Clear a node's fence."""
    open_repo(args)
    node = guarded(unfence)(session_for(args), args.name)
    say(f"{node.name}: fence cleared (power {node.power_state or 'not read'})")
    return 0


def run_status(args: argparse.Namespace) -> int:
    """Print what the node's controller says of its power and whether it answers."""
    open_repo(args)
    node_named(args.name)
    credentials = credentials_for(args)

    async def read() -> PowerReading:
        pool = SSHPool(connect_attempts=1)
        try:
            return await read_power(args.name, pool, lambda h: target_for(h, credentials))
        finally:
            await pool.close()

    reading = asyncio.run(read())
    node = node_named(args.name)
    record = {
        "node": reading.node,
        "controller": reading.controller,
        "power": reading.power or "unknown",
        "controller_said": printable(reading.said),
        "ssh": "answers" if reading.answers else f"no answer: {printable(reading.why_not)}",
        "fenced": node.fenced,
        "fence": (
            f"by {node.fenced_by} at {node.fenced_at:%Y-%m-%d %H:%M:%S}: {node.fence_reason}"
            if node.fenced
            else None
        ),
    }
    if args.json:
        say(json.dumps(record, indent=2))
        return 0
    for key, value in record.items():
        if value is not None:
            say(f"{key + ':':<16}{printable(str(value))}")
    return 0
