"""The Textual application: the operator's full-screen console."""

from __future__ import annotations

from importlib.resources import files

from textual.app import App
from textual.binding import Binding

from vdcftui.screens.overview import OverviewScreen


class VdcfApp(App[None]):
    """The vdcftui console over one configuration repository."""

    TITLE = "vdcftui"
    CSS_PATH = str(files("vdcftui.themes") / "default.tcss")
    BINDINGS = [Binding("q", "quit", "Quit", id="quit")]

    def __init__(self, *, site: str = "", readonly: bool = False) -> None:
        super().__init__()
        self.readonly = readonly
        mode = "RO" if readonly else "RW"
        self.sub_title = f"{site} [{mode}]" if site else f"[{mode}]"

    def on_mount(self) -> None:
        """Open the overview of nodes and vServers."""
        self.push_screen(OverviewScreen())
