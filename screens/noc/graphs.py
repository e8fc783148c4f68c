"""NOC dashboard: CPU and memory of every compute pool over the last hour."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.markup import escape

from screens.noc.dashboard import Dashboard, sync_keyed
from screens.noc.grids import ShapedGrid
from screens.noc.layout import GridShape, stacked_rows
from vdcftui.display import printable
from vdcftui.readmodel.noc import pool_names
from vdcftui.widgets.metric_graph import MetricGraph

MIN_GRAPH_HEIGHT = 10
"""The fewest rows a pool's graphs get (border included) before the rows scroll."""


class PoolGraphs(Horizontal):
    """One pool: its CPU and memory graphs side by side."""

    def __init__(self, pool: str) -> None:
        super().__init__(classes="pool-graphs")
        self.pool = pool
        self.border_title = escape(printable(pool))

    def compose(self) -> ComposeResult:
        """CPU left, memory right."""
        yield MetricGraph("pool", self.pool, "cpu", "hour")
        yield MetricGraph("pool", self.pool, "memory", "hour")

    def reload(self) -> None:
        """Read the samples again."""
        for graph in self.query(MetricGraph):
            graph.reload()


class GraphRows(ShapedGrid):
    """The pools' rows of graphs, sharing the height, or scrolling when that would make
    them too low to read."""

    def __init__(self) -> None:
        super().__init__(id="pool-graph-rows")

    def shape_for(self, count: int, width: int, height: int) -> GridShape:
        """One column of ``count`` rows."""
        return stacked_rows(count, height, MIN_GRAPH_HEIGHT)


class GraphsDashboard(Dashboard[list[str]]):
    """A row of graphs per pool (the graphs say so when no samples exist)."""

    NAME = "graphs"
    TITLE = "pool CPU and memory, last hour"

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, PoolGraphs] = {}

    def compose(self) -> ComposeResult:
        """The column of pool rows (filled by refresh_data)."""
        yield GraphRows()

    def load(self, now: datetime) -> list[str]:
        """The pools' names."""
        return pool_names()

    def show_data(self, names: list[str], now: datetime) -> None:
        """Add rows for new pools, drop gone ones, reload the rest."""
        pools = {name: name for name in names}
        rows = self.query_one(GraphRows)
        sync_keyed(rows, self.rows, pools, PoolGraphs, lambda row, _: row.reload())
        rows.reshape(list(self.rows.values()))
