"""NOC dashboard: the nodes that are not up (unreachable, down, fenced), and since when."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult

from screens.noc.dashboard import BigFigure, Dashboard, FigureGrid, LineList, ago, bad_if_any
from vdcftui.display import printable
from vdcftui.readmodel.noc import TroubledNode, troubled_nodes

LEVEL = {"unreachable": "error", "down": "error", "fenced": "warning"}


def node_line(node: TroubledNode, now: datetime) -> str:
    """'node03 (SPARC T7-1)  pool-b  unreachable  since ... (2 h ago)  3 vServers', host
    text escaped."""
    carried = f"{node.vservers} vServer{'s' if node.vservers != 1 else ''}"
    name = f"{node.name} ({node.model})" if node.model else node.name
    return printable(f"{name}  {node.pool}  {node.state}  {ago(node.since, now)}  {carried}")


class NodesDashboard(Dashboard[list[TroubledNode]]):
    """Counts of troubled nodes, then one line per node."""

    NAME = "nodes"
    TITLE = "nodes not up"

    def __init__(self) -> None:
        super().__init__()
        self.figures = {health: BigFigure(health) for health in LEVEL}

    def compose(self) -> ComposeResult:
        """Figures, then the list."""
        yield FigureGrid(*self.figures.values())
        yield LineList("every node is up", id="node-lines")

    def load(self, now: datetime) -> list[TroubledNode]:
        """The nodes that are not up."""
        return troubled_nodes()

    def show_data(self, nodes: list[TroubledNode], now: datetime) -> None:
        """Count and list the nodes that are not up."""
        for health, figure in self.figures.items():
            count = sum(1 for node in nodes if node.health == health)
            figure.show(count, bad_if_any(count, LEVEL[health]))
        self.query_one(LineList).show(
            [(node_line(node, now), LEVEL[node.health]) for node in nodes]
        )
