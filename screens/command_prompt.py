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

from screens.views import VIEWS, View, completions, find_view, resolve_key
from vdcftui.display import printable
from vdcftui.widgets.steady_input import SteadyInput

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
        match = next((n for n in completions(known) if n.startswith(rest)), None)
        return f"{word} {match}" if match else None


class CommandLine(SteadyInput):
    """The prompt's input: Enter runs the command at once, so that keys typed right
    after it reach the view it opens."""

    async def action_submit(self) -> None:
        """Run the command typed (not a message that would be handled after the next
        keys)."""
        screen = self.screen
        if isinstance(screen, CommandPrompt):
            await screen.run(self.value)


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
    CommandPrompt > #command-help.refused {
        color: $error;
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

    async def run(self, value: str) -> None:
        """Close the prompt and run the command (the view it opens replaces the one
        below). A name that names no object (or several) keeps the prompt open with
        the reason: no view opens and no row is selected in its place."""
        command = value.strip().lstrip(":")
        word, _, name = command.partition(" ")
        view = find_view(word)
        if view is not None and view.jumps_to_rows and name.strip():
            found = await self._resolve(view, name.strip())
            if isinstance(found, list):
                self._refuse(view, name.strip(), found)
                return
            command = f"{word} {found}"
        self.app.pop_screen()
        self._run(command or None)

    async def _resolve(self, view: View, name: str) -> str | list[str]:
        """The key ``name`` means in ``view``: from the rows shown when that view is in
        front, else (or when a filter hides it) read in a thread."""
        shown = self.names_for(view.name)
        if shown is not None:
            found = resolve_key(name, shown)
            if isinstance(found, str):
                return found
        return resolve_key(name, await asyncio.to_thread(view.keys))

    def _refuse(self, view: View, name: str, candidates: list[str]) -> None:
        """Say why the jump did not happen, under the text typed (left to correct)."""
        noun = view.noun or view.name.removesuffix("s")
        if candidates:
            reason = f"{name!r} names several {view.name}: {', '.join(candidates)}; type one"
        else:
            reason = f"no {noun} named {name!r}"
        help_line = self.query_one("#command-help", Label)
        help_line.update(printable(reason))
        help_line.add_class("refused")

    def action_complete(self) -> None:
        """Accept the suggestion shown after the cursor."""
        field = self.query_one("#command", Input)
        field.cursor_position = len(field.value)
        field.action_cursor_right()
