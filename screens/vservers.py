"""vServers (F-VSV): node, state, brand, storage with usage, networks, dependencies,
pending changes and the lock holder; the operations on the selected vServer."""

from __future__ import annotations

from vdcftui.readmodel.detail import Section
from vdcftui.readmodel.vservers import vserver_detail, vserver_rows
from vdcftui.screens.resource import ResourceScreen
from vdcftui.widgets.resource_table import Column, Row


class VServersScreen(ResourceScreen):
    """Every vServer, or those of one node; Enter opens its node."""

    VIEW = "vservers"
    NOUN = "vServers"
    COLUMNS = (Column("vServer", "vserver"), Column("Node", "node"),
               Column("State", "state", styled=True), Column("Brand", "brand"),
               Column("IP type", "ip_type"), Column("Datasets", "datasets"),
               Column("Addresses", "addresses"), Column("Pending", "pending", numeric=True),
               Column("Locked by", "lock"))

    def load_rows(self) -> list[Row]:
        """Every vServer, or those on the node in scope."""
        return vserver_rows(self.scope)

    def load_detail(self, key: str) -> list[Section]:
        """Storage, network, dependencies, pending changes, lock."""
        return vserver_detail(key)

    def drill_down(self, key: str) -> None:
        """The vServer's node, in the Nodes view."""
        from vdcftui.screens.nodes import NodesScreen
        node = self.table.row_cells(key)[1]
        if node:
            self.app.push_screen(NodesScreen(select=str(node)))
