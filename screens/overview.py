"""The overview screen: every node and every vServer of the repository."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Label

from vdcftui.repo.models import Node, VServer

NODE_COLUMNS = ("Node", "Kind", "Pool", "State", "Model", "OS", "CPU thr", "Memory MB", "vServers")
VSERVER_COLUMNS = ("vServer", "Node", "State", "Brand", "IP type", "Datasets")


class OverviewScreen(Screen[None]):
    """Nodes above, vServers below, filled from the repository when shown."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("Nodes", id="nodes-title", classes="pane-title")
        yield DataTable(id="nodes", cursor_type="row", zebra_stripes=True)
        yield Label("vServers", id="vservers-title", classes="pane-title")
        yield DataTable(id="vservers", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        """Fill both tables."""
        self.refresh_tables()

    def refresh_tables(self) -> None:
        """Reload nodes and vServers from the repository."""
        nodes = self.query_one("#nodes", DataTable)
        nodes.clear(columns=True)
        nodes.add_columns(*NODE_COLUMNS)
        node_rows = list(Node.select().order_by(Node.name))
        zone_counts: dict[int, int] = {}
        for vserver in VServer.select(VServer.node):
            if vserver.node_id is not None:
                zone_counts[vserver.node_id] = zone_counts.get(vserver.node_id, 0) + 1
        for node in node_rows:
            nodes.add_row(
                node.name, node.kind, node.pool.name if node.pool_id else "-", node.state,
                node.model or "-", node.os_version or "-", node.cpu_threads or "-",
                node.memory_mb or "-", zone_counts.get(node.id, 0), key=node.name,
            )
        self.query_one("#nodes-title", Label).update(f"Nodes ({len(node_rows)})")
        vservers = self.query_one("#vservers", DataTable)
        vservers.clear(columns=True)
        vservers.add_columns(*VSERVER_COLUMNS)
        vserver_rows = list(VServer.select().order_by(VServer.name))
        for vserver in vserver_rows:
            datasets = ", ".join(sorted(d.name for d in vserver.datasets))
            vservers.add_row(
                vserver.name, vserver.node.name if vserver.node_id else "-", vserver.state,
                vserver.brand or "-", vserver.ip_type or "-", datasets or "-", key=vserver.name,
            )
        self.query_one("#vservers-title", Label).update(f"vServers ({len(vserver_rows)})")
