"""`e` on a vServer: one line saying what to change, in the CLI's own terms
(`add-fs data:/data2:10G`, `grow-fs /data:20G`, `remove-fs /data`)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from vdcftui.display import printable
from vdcftui.widgets.steady_input import SteadyInput

FORMS = ("add-fs data:MOUNTPOINT[:QUOTA]", "grow-fs MOUNTPOINT:QUOTA", "remove-fs MOUNTPOINT")


class ModifyPrompt(ModalScreen[str | None]):
    """Returns the modification typed, or None on Esc."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="modify_prompt.cancel")]
    DEFAULT_CSS = """
    ModifyPrompt {
        align: center middle;
    }
    ModifyPrompt > Vertical {
        width: 80%;
        max-width: 100;
        height: auto;
        border: thick $accent;
        background: $surface;
        padding: 0 1;
    }
    ModifyPrompt .help {
        color: $text-muted;
    }
    """

    def __init__(self, vserver: str, running: bool) -> None:
        super().__init__()
        self.vserver = vserver
        self.running = running

    def compose(self) -> ComposeResult:
        """The forms accepted, and the input."""
        when = "now, on the running zone" if self.running else "at its next boot (a pending change)"
        with Vertical():
            yield Label(
                printable(f"modify {self.vserver}: applied {when}"),
                classes="pane-title",
                markup=False,
            )
            for form in FORMS:
                yield Label(f"  {form}", classes="help", markup=False)
            yield SteadyInput(
                placeholder="add-fs data:/data2:10G", id="modification", select_on_focus=False
            )

    def on_mount(self) -> None:
        """Keys typed from now on are the modification."""
        self.set_focus(self.query_one("#modification", Input))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Return what was typed."""
        self.dismiss(event.value.strip() or None)
