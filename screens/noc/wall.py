"""The NOC wall: one dashboard at a time, cycling every few seconds; `space` pauses,
left/right switch. Nothing on it starts an operation (see vdcftui.noc_app)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Footer, Header, Label
from textual.worker import get_current_worker

from screens.noc.alerts import AlertsDashboard
from screens.noc.dashboard import Dashboard
from screens.noc.graphs import GraphsDashboard
from screens.noc.jobs import JobsDashboard
from screens.noc.nodes import NodesDashboard
from screens.noc.pools import PoolsDashboard
from screens.noc.vservers import VServersDashboard
from screens.views import read_repository
from vdcftui.display import printable

DASHBOARDS: tuple[type[Dashboard], ...] = (
    PoolsDashboard,
    NodesDashboard,
    VServersDashboard,
    JobsDashboard,
    AlertsDashboard,
    GraphsDashboard,
)
"""The dashboards in the order they cycle."""
DASHBOARD_NAMES = tuple(d.NAME for d in DASHBOARDS)


class SummaryRead(Message):
    """A dashboard's summary, read on a worker thread."""

    def __init__(self, dashboard: Dashboard[Any], data: object, now: datetime) -> None:
        super().__init__()
        self.dashboard = dashboard
        self.data = data
        self.now = now


class ReadFailed(Message):
    """The repository could not be read."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class NocScreen(Screen[None]):
    """The dashboards, the one shown and whether the cycle runs."""

    BINDINGS = [
        Binding("space", "toggle_pause", "Pause/resume", key_display="space", id="noc.pause"),
        Binding("left", "previous", "Previous", key_display="←", id="noc.previous"),
        Binding("right", "next", "Next", key_display="→", id="noc.next"),
    ]

    def __init__(
        self, *, cycle: float, start: str, clock: Callable[[], datetime], show_clock: bool
    ) -> None:
        super().__init__()
        self.cycle = cycle
        self.start = start
        self.clock = clock
        self.show_clock = show_clock
        self.paused = False
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        """Header, the status line, the dashboards (one shown), footer."""
        yield Header(show_clock=self.show_clock)
        yield Label(id="noc-status", markup=False)
        with ContentSwitcher(initial=self.start, id="dashboards"):
            for dashboard in DASHBOARDS:
                yield dashboard()
        yield Footer()

    def on_mount(self) -> None:
        """Show the first dashboard and start cycling."""
        if self.cycle > 0:
            self._timer = self.set_interval(self.cycle, self.action_next)
        self.refresh_data()

    @property
    def current(self) -> Dashboard:
        """The dashboard shown."""
        switcher = self.query_one(ContentSwitcher)
        return switcher.query_one(f"#{switcher.current}", Dashboard)

    def refresh_data(self) -> None:
        """Read the summary of the dashboard shown again, on a worker thread; it is
        shown when read (the UI thread never waits on the repository)."""
        self._read(self.current, self.clock())
        self._update_status()

    @work(thread=True, exclusive=True, group="noc-read", exit_on_error=False)
    def _read(self, dashboard: Dashboard[Any], now: datetime) -> None:
        worker = get_current_worker()
        try:
            data = read_repository(partial(dashboard.load, now))
        except Exception as exc:  # an unreachable repository is said, not a traceback
            self.post_message(ReadFailed(str(exc)))
            return
        if not worker.is_cancelled:
            self.post_message(SummaryRead(dashboard, data, now))

    @on(SummaryRead)
    def _summary_read(self, event: SummaryRead) -> None:
        event.dashboard.show_loaded(event.data, event.now)

    @on(ReadFailed)
    def _read_failed(self, event: ReadFailed) -> None:
        self.notify(
            f"cannot read the repository: {printable(event.error)}",
            severity="error",
            timeout=10,
            markup=False,
        )

    def show_dashboard(self, name: str) -> None:
        """Show a dashboard by name, fresh; the cycle restarts from it."""
        self.query_one(ContentSwitcher).current = name
        if self._timer is not None:
            self._timer.reset()  # which also resumes it
            if self.paused:
                self._timer.pause()
        self.refresh_data()

    def _step(self, offset: int) -> None:
        index = DASHBOARD_NAMES.index(self.current.NAME)
        self.show_dashboard(DASHBOARD_NAMES[(index + offset) % len(DASHBOARD_NAMES)])

    def action_next(self) -> None:
        """The next dashboard (also what the cycle does)."""
        self._step(1)

    def action_previous(self) -> None:
        """The previous dashboard."""
        self._step(-1)

    def action_toggle_pause(self) -> None:
        """Stop or restart the cycle (the data keeps refreshing)."""
        self.paused = not self.paused
        if self._timer is not None:
            if self.paused:
                self._timer.pause()
            else:
                self._timer.reset()
                self._timer.resume()
        self._update_status()

    def _update_status(self) -> None:
        current = self.current
        position = f"{DASHBOARD_NAMES.index(current.NAME) + 1}/{len(DASHBOARDS)}"
        if self.paused:
            cycle = "PAUSED (space resumes)"
        elif self.cycle > 0:
            cycle = f"cycling every {self.cycle:g} s"
        else:
            cycle = "not cycling"
        self.query_one("#noc-status", Label).update(f"{current.TITLE}  {position}   {cycle}")


class DashboardsProvider(Provider):
    """The palette of the NOC: dashboards to show, and nothing that changes anything."""

    def _commands(self) -> list[tuple[str, Callable[[], None]]]:
        screen = self.screen
        if not isinstance(screen, NocScreen):
            return []
        return [(f"show {d.TITLE}", partial(screen.show_dashboard, d.NAME)) for d in DASHBOARDS]

    async def discover(self) -> Hits:
        """Every dashboard."""
        for title, callback in self._commands():
            yield DiscoveryHit(title, callback, help="NOC dashboard")

    async def search(self, query: str) -> Hits:
        """The dashboards matching what was typed."""
        matcher = self.matcher(query)
        for title, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help="NOC dashboard")
