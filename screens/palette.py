"""The command palette (Ctrl+P): every view to jump to, and every operation the view in
front offers on its selected object ("boot web01", "migrate web01", ...)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

from screens.console import console_app
from screens.resource import ResourceScreen
from screens.views import VIEWS

Command = tuple[str, str, Callable[[], object]]


class OperationsProvider(Provider):
    """Views and the operations on the selection, searchable by name."""

    def _commands(self) -> Iterator[Command]:
        app = console_app(self.screen)
        for view in VIEWS:
            yield (f"go to {view.name}", view.description, partial(app.run_command_line, view.name))
        screen = self.screen
        operations: frozenset[str] = getattr(screen, "OPERATIONS", frozenset())
        key = screen.selected_key() if isinstance(screen, ResourceScreen) else None
        if not key:
            return
        for binding in Binding.make_bindings(screen.BINDINGS):
            if binding.action in operations:
                yield (
                    f"{binding.description.lower()} {key}",
                    f"key {binding.key}",
                    partial(screen.run_action, binding.action),
                )

    async def discover(self) -> Hits:
        """Everything, before the operator types."""
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        """The commands matching what was typed, best first."""
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
