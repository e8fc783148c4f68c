"""A one-line question in a modal (a fence's reason, an acknowledgement's note):
returns what was typed, or None on Esc or (unless the answer is optional) an empty
line."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from vdcftui.display import printable
from vdcftui.widgets.steady_input import SteadyInput


class TextPrompt(ModalScreen[str | None]):
    """Asks ``question``; returns the line typed ("" for an empty line when
    ``optional``), or None."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="text_prompt.cancel")]
    DEFAULT_CSS = """
    TextPrompt {
        align: center middle;
    }
    TextPrompt > Vertical {
        width: 80%;
        max-width: 100;
        height: auto;
        border: thick $accent;
        background: $surface;
        padding: 0 1;
    }
    """

    def __init__(self, question: str, placeholder: str = "", *, optional: bool = False) -> None:
        super().__init__()
        self.question = question
        self.placeholder = placeholder
        self.optional = optional

    def compose(self) -> ComposeResult:
        """The question and the input."""
        with Vertical():
            yield Label(printable(self.question), classes="pane-title", markup=False)
            yield SteadyInput(placeholder=self.placeholder, id="answer", select_on_focus=False)

    def on_mount(self) -> None:
        """Keys typed from now on are the answer."""
        self.set_focus(self.query_one("#answer", Input))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Return what was typed (an empty line: "" when optional, else None)."""
        answer = event.value.strip()
        self.dismiss(answer if answer or self.optional else None)
