"""NOC dashboard: the health of every compute pool, in big figures."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.markup import escape

from screens.noc.dashboard import (
    BigFigure,
    Dashboard,
    FigureGrid,
    bad_if_any,
    sync_keyed,
)
from screens.noc.grids import ShapedGrid
from screens.noc.layout import GridShape, card_grid
from vdcftui.display import counted, printable
from vdcftui.readmodel.noc import PoolHealth, pool_health

FIGURES = (
    ("nodes up", "up"),
    ("down", "down"),
    ("unreachable", "unreachable"),
    ("fenced", "fenced"),
    ("vs running", "running"),
    ("vs other", "other"),
    ("not N+1", "n_plus_one"),
)
"""Caption and meaning of each figure of a pool card."""


def figure_levels(health: PoolHealth) -> dict[str, tuple[int, str]]:
    """What each figure of a pool's card shows: (value, level)."""
    nodes = health.nodes
    return {
        "up": (nodes["up"], "ok" if nodes["up"] == health.node_count else "warning"),
        "down": (nodes["down"], bad_if_any(nodes["down"])),
        "unreachable": (nodes["unreachable"], bad_if_any(nodes["unreachable"])),
        "fenced": (nodes["fenced"], bad_if_any(nodes["fenced"], "warning")),
        "running": (health.vservers_running, "ok" if health.vservers_running else "muted"),
        "other": (health.vservers_other, "muted"),
        "n_plus_one": (health.not_n_plus_one, bad_if_any(health.not_n_plus_one, "warning")),
    }


class PoolCard(Vertical):
    """One pool: nodes by health, vServers running or not, and how many nodes the rest
    of the pool could not take over (N+1)."""

    def __init__(self, health: PoolHealth) -> None:
        super().__init__(classes="pool-card")
        self.health = health
        self.border_title = escape(printable(health.pool))
        self.figures = {key: BigFigure(caption) for caption, key in FIGURES}
        self.show(health)

    def compose(self) -> ComposeResult:
        """The figures, in the grid that gives them the largest digits."""
        yield FigureGrid(*self.figures.values())

    def show(self, health: PoolHealth) -> None:
        """Show the pool's current health."""
        self.health = health
        self.border_subtitle = counted(health.node_count, "node")
        for key, (value, level) in figure_levels(health).items():
            self.figures[key].show(value, level)


class CardGrid(ShapedGrid):
    """The pool cards, in the grid whose cards get the largest figures; when even box
    digits do not fit, rows of the least height that shows them, scrolling."""

    def __init__(self) -> None:
        super().__init__(id="pool-cards")

    def shape_for(self, count: int, width: int, height: int) -> GridShape:
        """The card grid for ``count`` pools."""
        return card_grid(count, width, height)


class PoolsDashboard(Dashboard[dict[str, PoolHealth]]):
    """Every pool as a card of big figures, the cards in a grid filling the screen."""

    NAME = "pools"
    TITLE = "pool health"

    def __init__(self) -> None:
        super().__init__()
        self.cards: dict[str, PoolCard] = {}

    def compose(self) -> ComposeResult:
        """The grid of pool cards (filled by refresh_data)."""
        yield CardGrid()

    def load(self, now: datetime) -> dict[str, PoolHealth]:
        """Every pool's health."""
        return {health.pool: health for health in pool_health()}

    def show_data(self, pools: dict[str, PoolHealth], now: datetime) -> None:
        """Update the cards; add the new pools' cards, remove the gone ones."""
        grid = self.query_one(CardGrid)
        sync_keyed(grid, self.cards, pools, PoolCard, PoolCard.show)
        grid.reshape(list(self.cards.values()))
