"""`vdcftui pool list|show|create|set|remove|survive`: compute pools."""

from __future__ import annotations

import argparse

from vdcftui.commands.common import add_list_show, open_repo, say, session_for
from vdcftui.commands.evacuate import add_survive
from vdcftui.ops.node.register import create_pool, remove_pool, set_pool
from vdcftui.readmodel import catalog


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `pool` noun."""
    verbs = add_list_show(
        subparsers,
        "pool",
        "compute pools",
        catalog.list_pools,
        catalog.show_pool,
        ("name", "nodes_up", "nodes", "cpu_threads", "memory_mb"),
    )
    create = verbs.add_parser("create", help="create a compute pool (audited)")
    create.add_argument("name", metavar="POOL")
    create.add_argument("--description", help="one line on what the pool is for")
    create.set_defaults(func=run_create)
    change = verbs.add_parser("set", help="change a pool's description (audited)")
    change.add_argument("name", metavar="POOL")
    change.add_argument("--description", required=True, help="one line on what it is for")
    change.set_defaults(func=run_set)
    remove = verbs.add_parser("remove", help="remove an empty compute pool (audited)")
    remove.add_argument("name", metavar="POOL")
    remove.set_defaults(func=run_remove)
    add_survive(verbs)


def run_create(args: argparse.Namespace) -> int:
    """Create a pool."""
    open_repo(args)
    create_pool(session_for(args), args.name, args.description)
    say(f"pool {args.name}: created")
    return 0


def run_set(args: argparse.Namespace) -> int:
    """Change a pool's description."""
    open_repo(args)
    set_pool(session_for(args), args.name, args.description)
    say(f"pool {args.name}: description set")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    """Remove an empty pool."""
    open_repo(args)
    remove_pool(session_for(args), args.name)
    say(f"pool {args.name}: removed")
    return 0
