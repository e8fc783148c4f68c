"""NOC dashboard: how many vServers are in each state."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult

from screens.noc.dashboard import BigFigure, Dashboard, FigureGrid
from vdcftui.readmodel.noc import vserver_states

STATE_LEVELS = {
    "running": "ok",
    "installed": "warning",
    "ready": "warning",
    "incomplete": "error",
    "absent": "error",
    "unavailable": "error",
    "down": "error",
}
"""The colour of a state's figure; any other state is muted."""


class VServersDashboard(Dashboard[dict[str, int]]):
    """One big figure per vServer state, running first."""

    NAME = "vservers"
    TITLE = "vServers by state"

    def __init__(self) -> None:
        super().__init__()
        self.figures: dict[str, BigFigure] = {}

    def compose(self) -> ComposeResult:
        """A grid of figures (filled by refresh_data)."""
        yield FigureGrid(id="state-grid")

    def load(self, now: datetime) -> dict[str, int]:
        """How many vServers are in each state, running first."""
        return dict(vserver_states())

    def show_data(self, counts: dict[str, int], now: datetime) -> None:
        """A figure per state; states no vServer is in go away."""
        if list(counts) != list(self.figures):
            self.figures = {state: BigFigure(state) for state in counts}
            self.query_one(FigureGrid).set_figures(list(self.figures.values()))
        for state, count in counts.items():
            self.figures[state].show(count, STATE_LEVELS.get(state.lower(), "muted"))
