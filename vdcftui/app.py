"""The Textual application: the operator's full-screen console.

Views are screens (``screens``); `:` jumps between them, Enter drills down, Esc
goes back, `?` shows the keys of the view. Keys are taken in the order typed, however
fast (:mod:`screens.keys`). A thread worker polls the repository's data version about
once a second and the view in front reads its rows again when another process (the
engine, another operator, discovery) changed something; the UI thread never waits for
the repository.
"""

from __future__ import annotations

import os
from importlib.resources import files

from textual import constants, on, work
from textual.app import App
from textual.binding import Binding
from textual.screen import ModalScreen

from screens.command_prompt import CommandPrompt
from screens.keys import InOrderKeys
from screens.notices import say
from screens.palette import OperationsProvider
from screens.poll import PollDone, RepositoryChanged, VersionProbe, poll_once
from screens.resource import ResourceScreen
from screens.views import VIEWS, find_view
from themes import DEFAULT_THEME, THEMES
from vdcftui.ops.node.hosts import target_for
from vdcftui.ops.session import Session
from vdcftui.remote.pool import HostTarget, SSHPool
from vdcftui.repo import models as m
from vdcftui.repo.credentials import CredentialStore, default_credentials_path

POLL_SECONDS = 1.0
ESCAPE_DELAY_MS = 20
"""How long a lone Esc waits for more bytes before it is the Escape key (Textual's
default, 100 ms, would merge Esc and a key typed 50 ms later into Alt+key and lose the
Esc); the ESCDELAY environment variable still wins, as in curses."""


class VdcfApp(InOrderKeys):
    """The vdcftui console over one configuration repository."""

    TITLE = "vdcftui"
    CSS_PATH = str(files("themes") / "default.tcss")
    COMMANDS = App.COMMANDS | {OperationsProvider}
    BINDINGS = [
        Binding("colon", "command_line", "Command", key_display=":", id="app.command_line"),
        Binding("minus", "back", "Back", show=False, id="app.back"),
        Binding("question_mark", "toggle_help", "Keys", key_display="?", id="app.toggle_help"),
        Binding("q", "quit", "Quit", id="quit"),
    ]

    def __init__(
        self,
        *,
        site: str = "",
        session: Session | None = None,
        theme: str = DEFAULT_THEME,
        start_view: str = "vservers",
        repo_location: str | None = None,
        console_escape: str = "^]",
        keymap: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        if "ESCDELAY" not in os.environ:
            # read by the parser at each Esc; Final only for Textual's own code
            constants.ESCAPE_DELAY = ESCAPE_DELAY_MS / 1000  # type: ignore[misc]
        self.session = session or Session.current()
        self.repo_location = repo_location or str(m.database_proxy.obj.database)
        self._ssh_pool: SSHPool | None = None
        self.console_escape = console_escape
        if keymap:
            self.set_keymap(keymap)
        self.start_view = start_view
        for custom in THEMES:
            self.register_theme(custom)
        self.theme = theme
        mode = "RO" if self.session.readonly else "RW"
        badge = f"[{mode} {self.session.operator}]"
        self.sub_title = f"{site} {badge}" if site else badge
        self._probe = VersionProbe()

    @property
    def readonly(self) -> bool:
        """Whether this console may change anything (refused in ops/ as well)."""
        return self.session.readonly

    def on_mount(self) -> None:
        """Start watching the repository and open the first view."""
        self.poll_repository()
        view = find_view(self.start_view) or VIEWS[0]
        self.push_screen(view.create())

    @work(thread=True, exclusive=True, group="poll", exit_on_error=False)
    def poll_repository(self) -> None:
        """Read the data version in a thread; a change comes back as a message, and the
        next poll is due a second after this one answered (never overlapping)."""
        poll_once(self, self._probe)

    @on(PollDone)
    def _poll_done(self) -> None:
        self.set_timer(POLL_SECONDS, self.poll_repository)

    @on(RepositoryChanged)
    def _repository_changed(self) -> None:
        self.refresh_view()

    def refresh_view(self) -> None:
        """Read the view in front again (after a change of ours or of another process);
        under a dialog, the view below it."""
        views = [s for s in self.screen_stack if not isinstance(s, ModalScreen)]
        refresh = getattr(views[-1], "refresh_data", None) if views else None
        if callable(refresh):
            refresh()

    # -- remote access for the planners -------------------------------------------------

    @property
    def ssh_pool(self) -> SSHPool:
        """The console's SSH connections (the planners' dry runs use them)."""
        if self._ssh_pool is None:
            self._ssh_pool = SSHPool()
        return self._ssh_pool

    @property
    def credentials(self) -> CredentialStore | None:
        """The owner-only credentials file beside the repository (None for a URL)."""
        if "://" in self.repo_location:
            return None
        return CredentialStore(default_credentials_path(self.repo_location))

    def host_target(self, host: str) -> HostTarget:
        """How to reach a node of the repository over SSH."""
        return target_for(host, self.credentials)

    async def on_unmount(self) -> None:
        """Close the SSH connections and the poll's connection."""
        self._probe.close()
        if self._ssh_pool is not None:
            await self._ssh_pool.close()

    # -- navigation ------------------------------------------------------------------

    def action_command_line(self) -> None:
        """Open the `:` prompt and jump where it says."""
        self.push_screen(CommandPrompt(self.object_names, self.run_command_line))

    def run_command_line(self, command: str | None) -> None:
        """`view` or `view name`: switch to the view, on the named object if given."""
        if not command:
            return
        word, _, name = command.partition(" ")
        if word in ("q", "quit"):
            self.exit()
            return
        view = find_view(word)
        if view is None:
            names = ", ".join(v.name for v in VIEWS)
            say(self, f"no view {word!r}: try {names}", severity="error")
            return
        name = name.strip()
        self.switch_screen(view.create(select=name) if name else view.create())

    def object_names(self, view: str) -> list[str] | None:
        """Names to complete after `:view ` when the view in front shows them (else
        None: the prompt reads them in a thread)."""
        screen = self.screen_stack[-2] if isinstance(self.screen, ModalScreen) else self.screen
        if isinstance(screen, ResourceScreen) and view == screen.VIEW and screen.loaded:
            return screen.table.shown_keys()
        return None

    async def action_back(self) -> None:
        """`-`: back to the view before (k9s); a dialog is left with Esc only."""
        if len(self.screen_stack) > 2 and not isinstance(self.screen, ModalScreen):
            self.pop_screen()

    def action_toggle_help(self) -> None:
        """Show or hide the keys of the view in front."""
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()
