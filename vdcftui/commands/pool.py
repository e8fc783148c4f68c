"""`vdcftui pool list|show|survive`: compute pools."""

from __future__ import annotations

import argparse

from vdcftui.commands.common import add_list_show
from vdcftui.commands.evacuate import add_survive
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
    add_survive(verbs)
