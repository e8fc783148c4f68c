"""NOC dashboard: the health of every compute pool, in big figures."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.markup import escape

from screens.noc.dashboard import BigFigure, Dashboard, bad_if_any, sync_keyed
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
        """The figures side by side."""
        with Horizontal(classes="figures"):
            yield from self.figures.values()

    def show(self, health: PoolHealth) -> None:
        """Show the pool's current health."""
        self.health = health
        self.border_subtitle = counted(health.node_count, "node")
        for key, (value, level) in figure_levels(health).items():
            self.figures[key].show(value, level)


class PoolsDashboard(Dashboard):
    """Every pool as a card of big figures."""

    NAME = "pools"
    TITLE = "pool health"

    def __init__(self) -> None:
        super().__init__()
        self.cards: dict[str, PoolCard] = {}

    def compose(self) -> ComposeResult:
        """A scrolling column of pool cards (filled by refresh_data)."""
        yield VerticalScroll(id="pool-cards", can_focus=False)

    def refresh_data(self, now: datetime) -> None:
        """Update the cards; add the new pools' cards, remove the gone ones."""
        pools = {health.pool: health for health in pool_health()}
        sync_keyed(
            self.query_one("#pool-cards", VerticalScroll),
            self.cards,
            pools,
            PoolCard,
            PoolCard.show,
        )
