"""The Textual application: the operator's full-screen console.

Views are screens (``screens``); `:` jumps between them, Enter drills down, Esc
goes back, `?` shows the keys of the view. The app polls the repository's data version
once a second and refreshes the view in front when another process (the engine,
another operator, discovery) changed something.
"""

from __future__ import annotations

from importlib.resources import files

from textual.app import App
from textual.binding import Binding
from textual.screen import ModalScreen

from screens.command_prompt import CommandPrompt
from screens.palette import OperationsProvider
from screens.resource import ResourceScreen
from screens.views import VIEWS, find_view
from themes import DEFAULT_THEME, THEMES
from vdcftui.ops.node.hosts import target_for
from vdcftui.ops.session import Session
from vdcftui.remote.pool import HostTarget, SSHPool
from vdcftui.repo import models as m
from vdcftui.repo.credentials import CredentialStore, default_credentials_path
from vdcftui.repo.database import data_version

POLL_SECONDS = 1.0


class VdcfApp(App[None]):
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
        self._seen_version: int | None = None

    @property
    def readonly(self) -> bool:
        """Whether this console may change anything (refused in ops/ as well)."""
        return self.session.readonly

    def on_mount(self) -> None:
        """Open the first view and start watching the repository."""
        view = find_view(self.start_view) or VIEWS[0]
        self.push_screen(view.create())
        self._seen_version = data_version()
        self.set_interval(POLL_SECONDS, self.poll_repository)

    def poll_repository(self) -> None:
        """Refresh the view in front if the repository changed since the last look."""
        version = data_version()
        if version != self._seen_version:
            self._seen_version = version
            self.refresh_view()

    def refresh_view(self) -> None:
        """Reload the view in front (after a change of ours or of another process)."""
        if isinstance(self.screen, ResourceScreen):
            self.screen.refresh_data()

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
        """Close the SSH connections."""
        if self._ssh_pool is not None:
            await self._ssh_pool.close()

    # -- navigation ------------------------------------------------------------------

    def action_command_line(self) -> None:
        """Open the `:` prompt and jump where it says."""
        self.push_screen(CommandPrompt(self.object_names), self.run_command_line)

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
            self.notify(f"no view {word!r}: try {names}", severity="error")
            return
        name = name.strip()
        screen = view.create(select=name) if name else view.create()
        self.switch_screen(screen)
        if name and isinstance(screen, ResourceScreen):
            self.call_after_refresh(self._check_selected, screen, name)

    def _check_selected(self, screen: ResourceScreen, name: str) -> None:
        if name not in (screen.selected_key(), screen.scope):
            self.notify(f"no {screen.NOUN} named {name!r}", severity="warning")

    def object_names(self, view: str) -> list[str]:
        """Names to complete after `:view ` (the keys of that view's rows)."""
        screen = self.screen
        if isinstance(screen, ResourceScreen) and view == screen.VIEW:
            return screen.table.shown_keys()
        found = find_view(view)
        return [key for key, _ in found.create().load_rows()] if found else []

    def action_back(self) -> None:
        """`-`: back to the view before (k9s); a dialog is left with Esc only."""
        if len(self.screen_stack) > 2 and not isinstance(self.screen, ModalScreen):
            self.pop_screen()

    def action_toggle_help(self) -> None:
        """Show or hide the keys of the view in front."""
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()
