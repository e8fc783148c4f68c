"""The NOC wall display: large read-only dashboards that cycle on their own.

Its session is always read-only, so :mod:`vdcftui.ops` refuses any change whatever the
display does; on top of that, the console's operation keys only say they are refused,
and the palette offers dashboards, never an operation.
"""

from __future__ import annotations

import getpass
import time
from collections.abc import Callable
from datetime import datetime
from importlib.resources import files

from textual import on, work
from textual.app import App
from textual.binding import Binding

from screens.noc.wall import DASHBOARD_NAMES, DashboardsProvider, NocScreen
from screens.poll import PollDone, RepositoryChanged, VersionProbe, poll_once
from themes import NOC_THEME, THEMES
from vdcftui.ops.session import Session

POLL_SECONDS = 1.0
STALE_SECONDS = 60.0
"""Refresh at least this often even if nothing changed ("3 h ago" has to move on)."""
DEFAULT_CYCLE = 15.0

REFUSED_OPERATIONS = (
    ("b", "boot"),
    ("x", "shutdown"),
    ("r", "reboot"),
    ("m", "migrate"),
    ("D", "detach"),
    ("A", "attach"),
    ("e", "modify"),
    ("c", "console take-over"),
    ("a", "acknowledge"),
)
"""The console's operation keys, and what each would start there."""


class NocApp(App[None]):
    """The NOC display over one configuration repository."""

    TITLE = "vdcftui NOC"
    CSS_PATH = [
        str(files("themes") / "default.tcss"),
        str(files("screens.noc") / "noc.tcss"),
    ]
    COMMANDS = App.COMMANDS | {DashboardsProvider}
    BINDINGS = [
        Binding("colon", "command_palette", "Dashboards", key_display=":", id="noc.palette"),
        Binding("q", "quit", "Quit", id="quit"),
        *(
            Binding(
                key,
                f"refuse({operation!r})",
                operation.capitalize(),
                show=False,
                id=f"noc.refuse.{operation.split()[0]}",
            )
            for key, operation in REFUSED_OPERATIONS
        ),
    ]

    def __init__(
        self,
        *,
        site: str = "",
        operator: str | None = None,
        theme: str = NOC_THEME,
        cycle: float = DEFAULT_CYCLE,
        start: str = "pools",
        clock: Callable[[], datetime] = datetime.now,
        show_clock: bool = True,
    ) -> None:
        super().__init__()
        if start not in DASHBOARD_NAMES:
            raise ValueError(f"no dashboard {start!r}: {', '.join(DASHBOARD_NAMES)}")
        self.session = Session(operator or getpass.getuser(), readonly=True)
        self.cycle = cycle
        self.start = start
        self.clock = clock
        self.show_clock = show_clock
        for custom in THEMES:
            self.register_theme(custom)
        self.theme = theme
        self.sub_title = f"{site} [read-only NOC]" if site else "[read-only NOC]"
        self._probe = VersionProbe()
        self._refreshed = 0.0

    @property
    def readonly(self) -> bool:
        """Always: the NOC display changes nothing."""
        return self.session.readonly

    def on_mount(self) -> None:
        """Show the dashboards and watch the repository."""
        self.push_screen(
            NocScreen(
                cycle=self.cycle, start=self.start, clock=self.clock, show_clock=self.show_clock
            )
        )
        self._refreshed = time.monotonic()
        self.poll_repository()

    @work(thread=True, exclusive=True, group="poll", exit_on_error=False)
    def poll_repository(self) -> None:
        """Read the data version in a thread; a change comes back as a message, and the
        next poll is due a second after this one answered (never overlapping)."""
        poll_once(self, self._probe)

    @on(PollDone)
    def _poll_done(self) -> None:
        if time.monotonic() - self._refreshed > STALE_SECONDS:
            self._refresh_shown()
        self.set_timer(POLL_SECONDS, self.poll_repository)

    @on(RepositoryChanged)
    def _refresh_shown(self) -> None:
        """Refresh the dashboard shown (the repository changed, or a minute passed)."""
        if isinstance(self.screen, NocScreen):
            self._refreshed = time.monotonic()
            self.screen.refresh_data()

    async def on_unmount(self) -> None:
        """Close the poll's own connection."""
        self._probe.close()

    def action_refuse(self, operation: str) -> None:
        """An operation key: say it is refused (ops/ would refuse it for this session too)."""
        self.notify(f"read-only NOC display: {operation} refused", severity="warning", markup=False)
