"""`vdcftui config set|unset|list|apply|drift`: system configurations (F-CFG), values
for every node, a pool or a node, applied to a node as a job and compared with what
the node shows."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Callable
from dataclasses import asdict

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
from vdcftui.ops.config.apply import plan_apply
from vdcftui.ops.config.drift import OK, DriftRow, drift
from vdcftui.ops.config.items import set_item, unset_item
from vdcftui.ops.config.kinds import KINDS
from vdcftui.ops.jobs.plan import Plan, render_plan
from vdcftui.ops.node.hosts import target_for
from vdcftui.ops.session import Session
from vdcftui.readmodel.configs import list_configs
from vdcftui.remote.pool import HostTarget, SSHPool
from vdcftui.repo import models as m
from vdcftui.repo.lookup import node_named

DRIFT_COLUMNS = ("node", "kind", "key", "status", "should", "host", "note")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `config` noun."""
    parser = subparsers.add_parser(
        "config", help="system configurations: DNS, NTP, users, SSH keys, SMF, kernel"
    )
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", required=True)
    kinds = "; ".join(f"{name}: {kind.help}" for name, kind in KINDS.items())
    setter = verbs.add_parser("set", help=f"set a value (audited). {kinds}")
    setter.add_argument("kind", choices=list(KINDS), metavar="KIND")
    setter.add_argument("key", metavar="KEY")
    setter.add_argument("value", metavar="VALUE")
    unsetter = verbs.add_parser("unset", help="remove a value (audited)")
    unsetter.add_argument("kind", choices=list(KINDS), metavar="KIND")
    unsetter.add_argument("key", metavar="KEY")
    for verb in (setter, unsetter):
        scope = verb.add_mutually_exclusive_group()
        scope.add_argument("--node", help="for this node only")
        scope.add_argument("--pool", help="for the nodes of this pool")
    setter.set_defaults(func=run_set)
    unsetter.set_defaults(func=run_unset)
    lister = verbs.add_parser("list", help="the values in effect per node, and their origin")
    lister.add_argument("--node", help="this node only")
    lister.add_argument("--json", action="store_true", help="print JSON")
    lister.set_defaults(func=run_list)
    applier = verbs.add_parser("apply", help="apply a node's values (a job)")
    applier.add_argument("name", metavar="NODE")
    add_job_options(applier)
    applier.set_defaults(func=run_apply)
    drifter = verbs.add_parser(
        "drift", help="per node and item: as it should be, differs, not applied, unreadable"
    )
    drifter.add_argument("name", nargs="?", metavar="NODE", help="this node only")
    drifter.add_argument("--json", action="store_true", help="print JSON")
    drifter.set_defaults(func=run_drift)


def run_set(args: argparse.Namespace) -> int:
    """Record a value."""
    open_repo(args)
    item = guarded(set_item)(
        session_for(args), args.kind, args.key, args.value, args.node, args.pool
    )
    where = "all nodes" if item.scope == "all" else f"{item.scope} {item.target}"
    say(f"config {item.kind} {item.key} = {item.value} for {where}")
    return 0


def run_unset(args: argparse.Namespace) -> int:
    """Remove a value."""
    open_repo(args)
    unset_item(session_for(args), args.kind, args.key, args.node, args.pool)
    say(f"config {args.kind} {args.key}: removed")
    return 0


def run_list(args: argparse.Namespace) -> int:
    """The values in effect per node."""
    open_repo(args)
    records = guarded(list_configs)(args.node)
    print_records(records, args.json, ("node", "kind", "key", "value", "from", "applied"))
    return 0


def _lookup(args: argparse.Namespace) -> Callable[[str], HostTarget]:
    """How the CLI reaches a node: its address and pinned key, the lab's credentials."""
    credentials = credentials_for(args)

    def lookup(host: str) -> HostTarget:
        return target_for(host, credentials)

    return lookup


def run_apply(args: argparse.Namespace) -> int:
    """Plan the node's configuration (reading it); print the plan or run it."""
    open_repo(args)
    node_named(args.name)
    session = session_for(args)
    if not args.dry_run:
        session.require_writable(f"config apply node {args.name}")
    lookup = _lookup(args)
    if args.dry_run:
        made = _planned(args.name, lookup)
        say(render_plan(made) if made.steps else _NOTHING.format(node=made.object_name))
        return 0
    return apply_configuration(args, session, lookup)


_NOTHING = "{node}: every configuration item is as it should be; nothing to apply"


def _planned(name: str, lookup: Callable[[str], HostTarget]) -> Plan:
    """The node's configuration plan, read from the node (a refusal is one line)."""

    async def plan() -> Plan:
        pool = SSHPool(connect_attempts=1)
        try:
            return await plan_apply(name, pool, lookup)
        finally:
            await pool.close()

    return guarded(lambda: asyncio.run(plan()))()


def apply_configuration(
    args: argparse.Namespace, session: Session, lookup: Callable[[str], HostTarget]
) -> int:
    """Plan ``args.name``'s configuration (reading the node) and run it as a job, with
    the job options of ``args``; the exit status (0 when the node shows every item)."""
    made = _planned(args.name, lookup)
    if not made.steps:
        say(_NOTHING.format(node=made.object_name))
        return 0
    return run_as_job(args, session, made)


def run_drift(args: argparse.Namespace) -> int:
    """Read the nodes back and compare; exit 1 when an item is not as it should be."""
    open_repo(args)
    nodes = [node_named(args.name)] if args.name else list(m.Node.select().order_by(m.Node.name))
    lookup = _lookup(args)

    async def compare() -> list[DriftRow]:
        pool = SSHPool(connect_attempts=1)
        try:
            return await drift(nodes, pool, lookup)
        finally:
            await pool.close()

    rows = asyncio.run(compare())
    records = [asdict(row) for row in rows]
    if args.json:
        json.dump(records, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        print_records(records, False, DRIFT_COLUMNS)
    return 0 if all(row.status == OK for row in rows) else 1
