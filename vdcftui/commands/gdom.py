"""`vdcftui gdom list|show`: guest domains."""

from __future__ import annotations

import argparse

from vdcftui.commands.common import add_list_show
from vdcftui.ops import catalog


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `gdom` noun."""
    add_list_show(subparsers, "gdom", "guest domains", catalog.list_gdoms, catalog.show_gdom,
                  ("name", "cdom", "state", "vcpus", "memory_mb", "node"),
                  ("--cdom", "only the GDoms of this control domain"))
