"""The base of every table view: a filterable, sortable table of one kind of object,
the selected object's details beside it (below it on narrow terminals), counts in the
title, Enter to drill down and Esc to go back.

The repository is read in thread workers (rows, then the details of the row under the
cursor) and the results come back as messages: the view takes keys while it reads, a
filter typed before the rows arrive applies to them when they do, and the widgets only
ever get plain rows and sections."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.message import Message
from textual.screen import ActiveBinding, Screen
from textual.widgets import Footer, Header, Input, Label
from textual.worker import get_current_worker

from screens.notices import say
from screens.views import read_repository
from vdcftui.display import printable
from vdcftui.readmodel.activity import JobActivity, current_activity
from vdcftui.readmodel.detail import Section
from vdcftui.repo.database import data_version
from vdcftui.widgets.detail_pane import DetailPane
from vdcftui.widgets.job_ticker import JobTicker
from vdcftui.widgets.resource_table import Column, ResourceTable, Row
from vdcftui.widgets.steady_input import SteadyInput

NARROW_WIDTH = 120
DISCOVER_HINT = "discover nodes first (vdcftui node discover HOST... or --lab)"
READING = "reading the repository…"


@dataclass(frozen=True)
class ViewData:
    """What one read of the repository gives a view (plain values, no models)."""

    version: int
    """The repository's data version read before the rows."""
    rows: list[Row]
    title: str
    activity: list[JobActivity] = field(default_factory=list)
    select: str | None = None
    """Where the cursor starts, when the view did not say (the running step of a job)."""


class FilterLine(SteadyInput):
    """The filter's input: Enter keeps the filter and gives the keys back to the table
    at once, so that keys typed right after it reach the table."""

    async def action_submit(self) -> None:
        """Keep the filter (hidden when empty) and focus the table."""
        screen = self.screen
        if isinstance(screen, ResourceScreen):
            screen.keep_filter()


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

    class Loaded(Message):
        """The view's rows, read in a worker."""

        def __init__(self, data: ViewData) -> None:
            super().__init__()
            self.data = data

    class DetailLoaded(Message):
        """The details of one row, read in a worker."""

        def __init__(self, key: str, sections: list[Section], at_end: bool) -> None:
            super().__init__()
            self.key = key
            self.sections = sections
            self.at_end = at_end

    class LoadFailed(Message):
        """The repository could not be read."""

        def __init__(self, error: str) -> None:
            super().__init__()
            self.error = error

    def __init__(
        self, *, select: str | None = None, scope: str | None = None, filter_text: str = ""
    ) -> None:
        super().__init__()
        self.initial_key = select
        self.scope = scope
        self.initial_filter = filter_text
        self.shown_version: int | None = None
        """The data version of the rows shown (None until the first rows are in)."""
        self._first_rows = asyncio.Event()
        self.loaded_title = self.title_text

    # -- what a view provides (load_* run in a worker thread) --------------------------

    def load_rows(self) -> list[Row]:
        """The rows of the view (within ``self.scope`` when it is set)."""
        raise NotImplementedError

    def load_detail(self, key: str) -> list[Section]:
        """The details of the object with this key."""
        raise NotImplementedError

    def load_view(self) -> ViewData:
        """Everything the view shows but the details, in one read."""
        version = data_version()
        return ViewData(version, self.load_rows(), self.load_title(), current_activity())

    def load_title(self) -> str:
        """The title (read with the rows; the static ``title_text`` by default)."""
        return self.title_text

    def detail_at_end(self, key: str) -> bool:
        """Whether the details of ``key`` are best shown from their end (live output)."""
        return False

    def nothing_selected(self) -> list[Section]:
        """The details shown when no row is under the cursor."""
        return [Section("nothing selected")]

    def drill_down(self, key: str) -> None:
        """Enter on a row: open what the object relates to (nothing by default)."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The keys in force, in the order `?` and the footer list them: the view's own
        operations first, then the keys every view has, the table's movement keys, and
        the app's; so a small terminal shows what this view can do."""

        def rank(item: tuple[str, ActiveBinding]) -> int:
            namespace, binding = item[1].node, item[1].binding
            if namespace is self:
                return 0 if (binding.id or "").startswith(f"{self.VIEW}.") else 1
            return 3 if namespace is self.app else 2

        return dict(sorted(super().active_bindings.items(), key=rank))

    @property
    def loaded(self) -> bool:
        """Whether the rows have been read at least once."""
        return self.shown_version is not None

    async def rows_loaded(self) -> None:
        """Wait until the rows have been read once (an operation key typed ahead of
        them acts on the row the cursor starts on, as if typed once they showed)."""
        await self._first_rows.wait()

    @property
    def empty_text(self) -> str:
        """What the table says when the repository has no such object."""
        hint = f": {self.EMPTY_HINT}" if self.EMPTY_HINT else ""
        return f"no {self.NOUN} in the repository{hint}"

    def empty_message(self) -> str:
        """What the table says when no row is shown: still reading, none match, none."""
        if not self.loaded:
            return READING
        if self.table.filter_text:
            return f"no {self.NOUN} match {self.table.filter_text!r}"
        if self.scope:
            return f"no {self.NOUN} on {self.scope}"
        return self.empty_text

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
                yield Label(
                    printable(self.title_text), id="title", classes="pane-title", markup=False
                )
                yield FilterLine(
                    placeholder="filter: type part of any column, Enter to keep, Esc to clear",
                    id="filter",
                    classes="hidden",
                    # no select-all when focused: it would come after keys typed ahead
                    select_on_focus=False,
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
        """Focus the table (keys typed ahead land from now on), apply the initial
        filter, and read the rows."""
        table = self.table
        if self.initial_filter:
            field = self.query_one("#filter", Input)
            field.value = self.initial_filter
            field.remove_class("hidden")
            table.set_filter(self.initial_filter)
        table.empty_text = self.empty_message()
        self.set_focus(table)
        self._update_title()
        self.query_one(DetailPane).show([Section(READING)])
        self.refresh_data()

    def on_resize(self, event: Resize) -> None:
        """Details beside the table when wide, below it when narrow."""
        self.set_class(event.size.width < NARROW_WIDTH, "narrow")

    # -- data ------------------------------------------------------------------------

    def refresh_data(self) -> None:
        """Read the rows again (the repository changed); the cursor stays on its object."""
        self._read_view()

    @work(thread=True, exclusive=True, group="rows", exit_on_error=False)
    def _read_view(self) -> None:
        worker = get_current_worker()
        try:
            data = read_repository(self.load_view)
        except Exception as exc:  # an unreachable repository is said, not a traceback
            self.post_message(self.LoadFailed(str(exc)))
            return
        if not worker.is_cancelled:
            self.post_message(self.Loaded(data))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        data = event.data
        first = not self.loaded
        self.shown_version = data.version
        self.loaded_title = data.title
        table = self.table
        table.set_rows(data.rows)
        if first and self.initial_key:
            if not table.move_to_key(self.initial_key) and self.initial_key != self.scope:
                say(self, f"no {self.NOUN} named {self.initial_key!r}", severity="warning")
        elif first and data.select:
            table.move_to_key(data.select)
        table.empty_text = self.empty_message()
        self._update_title()
        self.query_one(JobTicker).show(data.activity)
        self._show_detail(table.cursor_key)
        self._first_rows.set()

    @on(LoadFailed)
    def _load_failed(self, event: LoadFailed) -> None:
        say(self, f"cannot read the repository: {event.error}", severity="error", timeout=10)

    def _update_title(self) -> None:
        table = self.table
        counts = (
            f"{table.shown_count} of {table.total_count}"
            if table.filter_text
            else str(table.total_count)
        )
        if not self.loaded:
            counts = "…"
        extra = f"  /{table.filter_text}" if table.filter_text else ""
        title = printable(f"{self.loaded_title} ({counts}){extra}")
        self.query_one("#title", Label).update(title)

    def _show_detail(self, key: str | None) -> None:
        """Show the details of ``key`` once read (at once when nothing is selected)."""
        if key is None:
            self.query_one(DetailPane).show(self.nothing_selected())
            return
        self._read_detail(key)

    @work(thread=True, exclusive=True, group="detail", exit_on_error=False)
    def _read_detail(self, key: str) -> None:
        worker = get_current_worker()
        try:
            sections, at_end = read_repository(
                lambda: (self.load_detail(key), self.detail_at_end(key))
            )
        except Exception as exc:
            sections, at_end = [Section(key).add("cannot read", str(exc))], False
        if not worker.is_cancelled:
            self.post_message(self.DetailLoaded(key, sections, at_end))

    @on(DetailLoaded)
    def _detail_loaded(self, event: DetailLoaded) -> None:
        if event.key != self.table.cursor_key:
            return  # the cursor moved on while it was read
        pane = self.query_one(DetailPane)
        pane.show(event.sections)
        if event.at_end:
            pane.scroll_end(animate=False)

    @on(ResourceTable.Highlighted)
    def _highlighted(self, event: ResourceTable.Highlighted) -> None:
        self._show_detail(event.key)

    @on(ResourceTable.Selected)
    def _row_selected(self, event: ResourceTable.Selected) -> None:
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
        self.table.empty_text = self.empty_message()
        self._update_title()
        if self.table.cursor_key is None:  # else Highlighted says which row to show
            self._show_detail(None)

    def keep_filter(self) -> None:
        """Enter in the filter line: keep the filter, back to the table."""
        field = self.query_one("#filter", Input)
        if not field.value:
            field.add_class("hidden")
        self.set_focus(self.table)

    def action_back(self) -> None:
        """Esc: leave the filter line, else clear the filter, else go back a view."""
        field = self.query_one("#filter", Input)
        if field.has_focus or field.value:
            field.value = ""
            field.add_class("hidden")
            self.set_focus(self.table)
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
            say(self, "nothing selected with a console", severity="warning")
            return
        attach_console(self, self.CONSOLE_TYPE, self.console_name(key), take_over=take_over)

    def action_graphs(self) -> None:
        """CPU and memory graphs of the selected object (a pool, node or vServer)."""
        from screens.graphs import GraphsScreen

        key = self.selected_key()
        if key is not None:
            self.app.push_screen(GraphsScreen(select=key))
