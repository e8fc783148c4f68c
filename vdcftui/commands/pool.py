"""`vdcftui pool list|show`: compute pools."""

from __future__ import annotations

import argparse

from vdcftui.commands.common import add_list_show
from vdcftui.readmodel import catalog


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `pool` noun."""
    add_list_show(
        subparsers,
        "pool",
        "compute pools",
        catalog.list_pools,
        catalog.show_pool,
        ("name", "nodes_up", "nodes", "cpu_threads", "memory_mb"),
    )
