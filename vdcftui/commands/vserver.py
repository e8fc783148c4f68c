"""`vdcftui vserver list|show`: vServers (zones)."""

from __future__ import annotations

import argparse

from vdcftui.commands.common import add_list_show
from vdcftui.ops import catalog


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `vserver` noun."""
    add_list_show(subparsers, "vserver", "vServers (zones)", catalog.list_vservers,
                  catalog.show_vserver,
                  ("name", "node", "state", "brand", "ip_type", "datasets"),
                  ("--node", "only the vServers on this node"))
