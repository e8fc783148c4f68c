"""`vdcftui dataset list|show`: datasets (ZFS pools on SAN LUNs)."""

from __future__ import annotations

import argparse

from vdcftui.commands.common import add_list_show
from vdcftui.readmodel import catalog


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `dataset` noun."""
    add_list_show(
        subparsers,
        "dataset",
        "datasets",
        catalog.list_datasets,
        catalog.show_dataset,
        ("name", "node", "vserver", "raid", "state", "luns"),
    )
