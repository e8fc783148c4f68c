"""`vdcftui node list|show|discover|changes|rekey`: nodes, and reading them over SSH (power
and fencing: :mod:`~vdcftui.commands.node_power`; add|remove|set: ``node_register``;
the keep-alive agent: ``node_agent``; install: ``node_install``)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from vdcftui.commands.common import (
    add_list_show,
    guarded,
    open_repo,
    print_records,
    repository_location,
    say,
    session_for,
)
from vdcftui.commands.evacuate import add_evacuate
from vdcftui.commands.node_agent import register_agent
from vdcftui.commands.node_install import register_install
from vdcftui.commands.node_power import register_power
from vdcftui.commands.node_register import register_registration
from vdcftui.display import counted
from vdcftui.errors import OperatorError, UsageError
from vdcftui.ops.discovery.record import RunSummary
from vdcftui.ops.discovery.run import (
    discover,
    record_lab_controllers,
    registered,
    targets_from_hosts,
    targets_from_inventory,
)
from vdcftui.ops.node.inventory import load_inventory
from vdcftui.ops.node.rekey import rekey
from vdcftui.readmodel import catalog
from vdcftui.repo import models as m
from vdcftui.repo.credentials import CredentialStore, default_credentials_path


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `node` noun."""
    verbs = add_list_show(
        subparsers,
        "node",
        "nodes (physical, CDom, GDom)",
        catalog.list_nodes,
        catalog.show_node,
        (
            "name",
            "kind",
            "pool",
            "state",
            "model",
            "os_version",
            "sru",
            "cpu_threads",
            "memory_mb",
            "vservers",
        ),
        ("--pool", "only the nodes of this compute pool"),
    )
    discover_parser = verbs.add_parser(
        "discover", help="read nodes over SSH into the repository (idempotent)"
    )
    discover_parser.add_argument("hosts", nargs="*", metavar="HOST[:PORT]")
    discover_parser.add_argument(
        "--lab", action="store_true", help="discover every node of the running lab"
    )
    discover_parser.add_argument("--inventory", type=Path, help="lab inventory file")
    discover_parser.add_argument("--user", default="root", help="SSH user (default root)")
    discover_parser.add_argument(
        "--key", action="append", default=[], help="SSH private key file (repeatable)"
    )
    discover_parser.add_argument("--pool", help="compute pool to put new nodes in")
    discover_parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    discover_parser.set_defaults(func=run_discover)
    changes = verbs.add_parser("changes", help="what discovery found changed")
    changes.add_argument("--run", help="one discovery run (default: the latest)")
    changes.add_argument("--json", action="store_true", help="print JSON")
    changes.set_defaults(func=run_changes)
    rekey_parser = verbs.add_parser(
        "rekey", help="show the pinned and presented host keys; --accept pins the new one"
    )
    rekey_parser.add_argument("name", metavar="NODE")
    rekey_parser.add_argument(
        "--accept", metavar="FINGERPRINT", help="pin the presented key if it has this fingerprint"
    )
    rekey_parser.set_defaults(func=run_rekey)
    register_power(verbs)
    register_agent(verbs)
    register_registration(verbs)
    register_install(verbs)
    add_evacuate(verbs)


def run_rekey(args: argparse.Namespace) -> int:
    """Show both host keys of a node, or pin the presented one."""
    session = session_for(args)
    open_repo(args)
    keys = asyncio.run(rekey(session, args.name, args.accept))
    say(f"{keys.node}: pinned    {keys.pinned or 'none'}")
    say(f"{keys.node}: presented {keys.presented}")
    if keys.pinned_now:
        say(f"{keys.node}: pinned the presented key")
    elif keys.pinned != keys.presented:
        say(
            f"check the fingerprint on the node's console, then: "
            f"vdcftui node rekey {keys.node} --accept {keys.presented}"
        )
    return 0


def run_changes(args: argparse.Namespace) -> int:
    """List the changes one discovery run recorded (the latest by default)."""
    open_repo(args)
    run = args.run
    if run is None:
        latest = m.DiscoveryChange.select().order_by(m.DiscoveryChange.id.desc()).first()
        if latest is None:
            say("no discovery has recorded a change yet")
            return 0
        run = latest.run_id
    rows = [
        {
            "run": c.run_id,
            "time": c.time.isoformat(timespec="seconds"),
            "object_type": c.object_type,
            "object": c.object_name,
            "field": c.field,
            "old": c.old_value,
            "new": c.new_value,
        }
        for c in m.DiscoveryChange.select()
        .where(m.DiscoveryChange.run_id == run)
        .order_by(m.DiscoveryChange.id)
    ]
    if not rows and args.run:
        raise OperatorError(f"no discovery run {args.run!r} in the repository")
    print_records(rows, args.json, ("object_type", "object", "field", "old", "new"))
    return 0


def run_discover(args: argparse.Namespace) -> int:
    """Discover the named hosts or the lab; report every node that failed."""
    if bool(args.hosts) == bool(args.lab or args.inventory):
        raise UsageError("name the hosts to discover, or give --lab (not both)")
    session_for(args).require_writable("node discover")
    open_repo(args, create=True)
    if args.hosts:
        targets = registered(
            guarded(targets_from_hosts)(args.hosts, args.user, 22, tuple(args.key))
        )
        pools = {t.name: args.pool for t in targets} if args.pool else {}
        summary = asyncio.run(discover(targets, pools=pools))
    else:
        inventory = load_inventory(args.inventory)
        pools = {n.name: args.pool or n.pool for n in inventory.nodes if args.pool or n.pool}
        summary = asyncio.run(discover(targets_from_inventory(inventory), pools=pools))
        repo = repository_location(args)
        if "://" not in repo:
            record_lab_controllers(inventory, CredentialStore(default_credentials_path(Path(repo))))
    _report(summary, args.json)
    return 1 if summary.failed else 0


def _report(summary: RunSummary, as_json: bool) -> None:
    if as_json:
        import json

        json.dump(
            {
                "run": summary.run_id,
                "discovered": summary.discovered,
                "failed": summary.failed,
                "warnings": summary.warnings,
                "created": summary.created,
                "changes": summary.changes,
            },
            sys.stdout,
            indent=2,
        )
        sys.stdout.write("\n")
        return
    say(
        f"discovered {counted(len(summary.discovered), 'node')} "
        f"({counted(m.VServer.select().count(), 'vServer')}, "
        f"{counted(m.GDom.select().count(), 'GDom')} in the repository); "
        f"{counted(summary.created, 'object')} created, "
        f"{counted(summary.changes, 'field')} changed (run {summary.run_id})"
    )
    if summary.changes or summary.created:
        say(f"see the changes: vdcftui node changes --run {summary.run_id}")
    for name, warnings in sorted(summary.warnings.items()):
        for warning in warnings:
            say(f"warning: {name}: {warning}")
    for name, error in sorted(summary.failed.items()):
        say(f"vdcftui: {name}: not discovered: {error}", file=sys.stderr)
