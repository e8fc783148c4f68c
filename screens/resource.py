"""The base of every table view: a filterable, sortable table of one kind of object,
the selected object's details beside it (below it on narrow terminals), counts in the
title, Enter to drill down and Esc to go back."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label

from vdcftui.readmodel.detail import Section
from vdcftui.widgets.detail_pane import DetailPane
from vdcftui.widgets.job_ticker import JobTicker
from vdcftui.widgets.resource_table import Column, ResourceTable, Row

NARROW_WIDTH = 120
DISCOVER_HINT = "discover nodes first (vdcftui node discover HOST... or --lab)"


class ResourceScreen(Screen[None]):
    """A view of one kind of object; subclasses say what its rows and details are."""

    VIEW: ClassVar[str] = ""
    NOUN: ClassVar[str] = ""
    COLUMNS: ClassVar[tuple[Column, ...]] = ()
    OPERATIONS: ClassVar[frozenset[str]] = frozenset()
    EMPTY_HINT: ClassVar[str] = ""
    """What to do when the repository has none of these objects."""
    CONSOLE_TYPE: ClassVar[str | None] = None
    """node, gdom or vserver: the views whose objects have a serial console (`c`)."""
    BINDINGS = [
        Binding("slash", "start_filter", "Filter", key_display="/", id="resource.start_filter"),
        Binding("escape", "back", "Back", show=False, id="resource.back"),
    ]

    def __init__(
        self, *, select: str | None = None, scope: str | None = None, filter_text: str = ""
    ) -> None:
        super().__init__()
        self.initial_key = select
        self.scope = scope
        self.initial_filter = filter_text

    # -- what a view provides --------------------------------------------------------

    def load_rows(self) -> list[Row]:
        """The rows of the view (within ``self.scope`` when it is set)."""
        raise NotImplementedError

    def load_detail(self, key: str) -> list[Section]:
        """The details of the object with this key."""
        raise NotImplementedError

    def drill_down(self, key: str) -> None:
        """Enter on a row: open what the object relates to (nothing by default)."""

    @property
    def empty_text(self) -> str:
        """What the table says when the repository has no such object."""
        hint = f": {self.EMPTY_HINT}" if self.EMPTY_HINT else ""
        return f"no {self.NOUN} in the repository{hint}"

    @property
    def title_text(self) -> str:
        """The view's title, before its counts."""
        return f"{self.NOUN} on {self.scope}" if self.scope else self.NOUN

    # -- layout ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Title, filter line, table and details, active jobs, footer."""
        yield Header()
        with Horizontal(id="body"):
            with Vertical(id="main"):
                yield Label(self.title_text, id="title", classes="pane-title")
                yield Input(
                    placeholder="filter: type part of any column, Enter to keep, Esc to clear",
                    id="filter",
                    classes="hidden",
                )
                yield ResourceTable(self.COLUMNS, id="table")
            yield DetailPane(id="detail")
        yield JobTicker(id="jobs-ticker")
        yield Footer()

    @property
    def table(self) -> ResourceTable:
        """The view's table."""
        return self.query_one("#table", ResourceTable)

    def on_mount(self) -> None:
        """Fill the table, apply the initial filter and selection, focus the table."""
        self.table.empty_text = self.empty_text
        self.refresh_data()
        if self.initial_filter:
            self.query_one("#filter", Input).value = self.initial_filter
            self.query_one("#filter", Input).remove_class("hidden")
            self.table.set_filter(self.initial_filter)
        if self.initial_key:
            self.table.move_to_key(self.initial_key)
        self.table.focus()
        self._update_title()
        self._show_detail(self.table.cursor_key)

    def on_resize(self, event: Resize) -> None:
        """Details beside the table when wide, below it when narrow."""
        self.set_class(event.size.width < NARROW_WIDTH, "narrow")

    # -- data ------------------------------------------------------------------------

    def refresh_data(self) -> None:
        """Reload the rows (the repository changed); the cursor stays on its object."""
        self.table.set_rows(self.load_rows())
        self._update_title()
        self._show_detail(self.table.cursor_key)
        self.query_one(JobTicker).refresh_jobs()

    def _update_title(self) -> None:
        table = self.table
        counts = (
            f"{table.shown_count} of {table.total_count}"
            if table.filter_text
            else str(table.total_count)
        )
        extra = f"  /{table.filter_text}" if table.filter_text else ""
        self.query_one("#title", Label).update(f"{self.title_text} ({counts}){extra}")

    def _show_detail(self, key: str | None) -> None:
        pane = self.query_one(DetailPane)
        pane.show(self.load_detail(key) if key else [Section("nothing selected")])

    @on(ResourceTable.Highlighted)
    def _highlighted(self, event: ResourceTable.Highlighted) -> None:
        self._show_detail(event.key)

    @on(ResourceTable.Selected)
    def _selected(self, event: ResourceTable.Selected) -> None:
        if event.key:
            self.drill_down(event.key)

    # -- filter ----------------------------------------------------------------------

    def action_start_filter(self) -> None:
        """Show the filter line and type into it."""
        field = self.query_one("#filter", Input)
        field.remove_class("hidden")
        # focus now, not after the next refresh: keys typed right after `/` are filter text
        self.set_focus(field)

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.table.set_filter(event.value)
        self.table.empty_text = (
            f"no {self.NOUN} match {event.value!r}" if event.value else self.empty_text
        )
        self._update_title()
        self._show_detail(self.table.cursor_key)

    @on(Input.Submitted, "#filter")
    def _filter_kept(self, event: Input.Submitted) -> None:
        if not event.value:
            event.input.add_class("hidden")
        self.table.focus()

    def action_back(self) -> None:
        """Esc: leave the filter line, else clear the filter, else go back a view."""
        field = self.query_one("#filter", Input)
        if field.has_focus or field.value:
            field.value = ""
            field.add_class("hidden")
            self.table.focus()
            return
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()

    # -- operations ------------------------------------------------------------------

    def selected_key(self) -> str | None:
        """The key of the object under the cursor."""
        return self.table.cursor_key

    def console_name(self, key: str) -> str:
        """The name the console route knows the object by (the key by default)."""
        return key

    def action_console(self, take_over: bool = False) -> None:
        """Attach to the selected object's serial console; back here on the escape key."""
        from screens.console_attach import attach_console

        key = self.selected_key()
        if key is None or self.CONSOLE_TYPE is None:
            self.notify("nothing selected with a console", severity="warning")
            return
        attach_console(self, self.CONSOLE_TYPE, self.console_name(key), take_over=take_over)

    def action_graphs(self) -> None:
        """CPU and memory graphs of the selected object (a pool, node or vServer)."""
        from screens.graphs import GraphsScreen

        key = self.selected_key()
        if key is not None:
            self.app.push_screen(GraphsScreen(select=key))
