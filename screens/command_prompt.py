"""The `:` command line: jump to a view (`:vservers`, `:node node07`, `:jobs`), with
completion of view names and object names as you type."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Label

from screens.views import VIEWS, find_view


class CommandSuggester(Suggester):
    """Completes the first word to a view name, the second to an object of that view."""

    def __init__(self, names_for: Callable[[str], Sequence[str]]) -> None:
        super().__init__(use_cache=False, case_sensitive=False)
        self.names_for = names_for

    async def get_suggestion(self, value: str) -> str | None:
        """The completed command line, or None."""
        word, space, rest = value.partition(" ")
        if not space:
            names = [n for v in VIEWS for n in (v.name, *v.aliases)]
            match = next((n for n in names if n.startswith(word.lower()) and n != word), None)
            return match
        view = find_view(word)
        if view is None or not rest:
            return None
        match = next((n for n in self.names_for(view.name) if n.startswith(rest)), None)
        return f"{word} {match}" if match else None


class CommandPrompt(ModalScreen[str | None]):
    """A one-line prompt at the bottom; returns the command typed, or None on Esc."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", id="command_prompt.cancel"),
        Binding("tab", "complete", "Complete", show=False, id="command_prompt.complete"),
    ]
    DEFAULT_CSS = """
    CommandPrompt {
        align: left bottom;
        background: $background 30%;
    }
    CommandPrompt > #command {
        dock: bottom;
        margin-bottom: 1;
        border: tall $accent;
    }
    CommandPrompt > #command-help {
        dock: bottom;
        margin-bottom: 4;
        height: auto;
        padding: 0 1;
        color: $text-muted;
        background: $surface;
    }
    """

    def __init__(self, names_for: Callable[[str], Sequence[str]]) -> None:
        super().__init__()
        self.names_for = names_for

    def compose(self) -> ComposeResult:
        """Help line above the input."""
        views = " ".join(f":{v.name}" for v in VIEWS)
        yield Label(
            f"{views}\n:VIEW NAME jumps to an object   Tab completes   Esc cancels",
            id="command-help",
        )
        yield Input(
            placeholder="view [name]", id="command", suggester=CommandSuggester(self.names_for)
        )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Return what was typed."""
        self.dismiss(event.value.strip().lstrip(":") or None)

    def action_complete(self) -> None:
        """Accept the suggestion shown after the cursor."""
        field = self.query_one("#command", Input)
        field.cursor_position = len(field.value)
        field.action_cursor_right()
