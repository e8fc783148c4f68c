"""The `:` command line: jump to a view (`:vservers`, `:node node07`, `:jobs`), with
completion of view names and object names as you type."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Label

from screens.views import VIEWS, find_view

NamesFor = Callable[[str], Sequence[str] | None]
"""The names shown by a view, if known without reading the repository (else None)."""


class CommandSuggester(Suggester):
    """Completes the first word to a view name, the second to an object of that view
    (names the console does not show yet are read in a thread)."""

    def __init__(self, names_for: NamesFor) -> None:
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
        known = self.names_for(view.name)
        if known is None:
            known = await asyncio.to_thread(view.keys)
        match = next((n for n in known if n.startswith(rest)), None)
        return f"{word} {match}" if match else None


class CommandLine(Input):
    """The prompt's input: Enter runs the command at once, so that keys typed right
    after it reach the view it opens."""

    async def action_submit(self) -> None:
        """Run the command typed (not a message that would be handled after the next
        keys)."""
        screen = self.screen
        if isinstance(screen, CommandPrompt):
            screen.run(self.value)


class CommandPrompt(ModalScreen[None]):
    """A one-line prompt at the bottom; Enter closes it and runs the command typed."""

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

    def __init__(self, names_for: NamesFor, run: Callable[[str | None], None]) -> None:
        super().__init__()
        self.names_for = names_for
        self._run = run

    def compose(self) -> ComposeResult:
        """Help line above the input."""
        views = " ".join(f":{v.name}" for v in VIEWS)
        yield Label(
            f"{views}\n:VIEW NAME jumps to an object   Tab completes   Esc cancels",
            id="command-help",
        )
        yield CommandLine(
            placeholder="view [name]",
            id="command",
            suggester=CommandSuggester(self.names_for),
            select_on_focus=False,  # a select-all would come after keys typed ahead
        )

    def on_mount(self) -> None:
        """Keys typed from now on go to the command line."""
        self.set_focus(self.query_one("#command", Input))

    def run(self, value: str) -> None:
        """Close the prompt and run the command (the view it opens replaces the one
        below)."""
        self.app.pop_screen()
        self._run(value.strip().lstrip(":") or None)

    def action_complete(self) -> None:
        """Accept the suggestion shown after the cursor."""
        field = self.query_one("#command", Input)
        field.cursor_position = len(field.value)
        field.action_cursor_right()
