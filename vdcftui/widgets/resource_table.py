"""The table every console view uses: k9s-like, fast with 10,000 rows.

Only the visible lines are rendered (Textual's Line API); filtering and sorting work on
precomputed text, and the cursor follows its row *key* across refreshes, sorts and
filters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from vdcftui.display import printable

MARGIN = 1
"""Blank cells before the first column."""
GAP = 2
"""Blank cells after every column."""
MAX_AUTO_WIDTH = 40
"""Widest a column fitted to its content grows."""
MISSING = ("", "-")
"""Cell texts that sort last whatever the direction."""
STATE_VALUES = {
    "success": (
        "running",
        "up",
        "active",
        "on",
        "online",
        "done",
        "succeeded",
        "ok",
        "yes",
        "applied",
    ),
    "warning": (
        "installed",
        "ready",
        "bound",
        "configured",
        "queued",
        "pending",
        "shutting-down",
        "degraded",
        "maintenance",
        "rolling-back",
        "rolled-back",
        "warning",
    ),
    "error": (
        "down",
        "failed",
        "unreachable",
        "stranded",
        "error",
        "incomplete",
        "faulted",
        "fenced",
        "interrupted",
        "no",
        "undo-failed",
        "critical",
    ),
    "muted": (
        "defined",
        "detached",
        "inactive",
        "cancelled",
        "undone",
        "unknown",
        "off",
        "cleared",
    ),
}
"""Values of `styled` columns that have a component class, by the colour of their CSS."""


@dataclass(frozen=True)
class Column:
    """One column: its label, stable key, width (None fits the content) and kind."""

    label: str
    key: str
    width: int | None = None
    numeric: bool = False
    styled: bool = False


Row = tuple[str, tuple[object, ...]]
"""(key, cells), the cells in column order; None is shown as "-", control characters
escaped (host text is shown, never obeyed)."""


def value_class(text: str) -> str:
    """The component class of a styled cell text, e.g. "resource-table--value-running"."""
    return "resource-table--value-" + text.strip().lower().replace("_", "-").replace(" ", "-")


VALUE_CLASSES = frozenset(
    value_class(value) for values in STATE_VALUES.values() for value in values
)
"""The component classes of state values."""


def _number(value: object) -> float | None:
    """A numeric cell as a number, or None when it is missing or not a number."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    try:
        return float(str(value))
    except ValueError:
        return None


def _fit(text: str, width: int, right: bool) -> str:
    """The text in exactly `width` cells: padded, or truncated with "…"."""
    length = cell_len(text)
    if length > width:
        return set_cell_size(text, width - 1) + "…" if width > 0 else ""
    padding = " " * (width - length)
    return padding + text if right else text + padding


def _css() -> str:
    """DEFAULT_CSS of the table, with one colour rule per kind of state value."""
    colours = {
        "success": "$text-success",
        "warning": "$text-warning",
        "error": "$text-error",
        "muted": "$text-muted",
    }
    rules = "\n".join(
        ", ".join(f"& > .{value_class(value)}" for value in values)
        + f" {{ color: {colours[kind]}; }}"
        for kind, values in STATE_VALUES.items()
    )
    return (
        """
    ResourceTable {
        background: $surface;
        color: $foreground;
        & > .resource-table--header { background: $panel; color: $foreground; text-style: bold; }
        & > .resource-table--even-row { }
        & > .resource-table--odd-row { background: $surface-lighten-1 50%; }
        & > .resource-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .resource-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .resource-table--empty { color: $text-muted; text-style: italic; }
    """
        + rules
        + "\n}\n"
    )


class ResourceTable(ScrollView, can_focus=True):
    """A sortable, filterable table of rows with stable keys, rendered line by line."""

    COMPONENT_CLASSES = {
        "resource-table--header",
        "resource-table--even-row",
        "resource-table--odd-row",
        "resource-table--cursor",
        "resource-table--empty",
    } | VALUE_CLASSES

    DEFAULT_CSS = _css()

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Up", show=False, id="resource_table.up"),
        Binding("down,j", "cursor_down", "Down", show=False, id="resource_table.down"),
        Binding("pageup", "page_up", "Page up", show=False, id="resource_table.page_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="resource_table.page_down"),
        Binding("home,g", "first", "First", show=False, id="resource_table.first"),
        Binding("end,G", "last", "Last", show=False, id="resource_table.last"),
        Binding("enter", "select", "Select", show=False, id="resource_table.select"),
        Binding("s", "cycle_sort", "Sort", show=False, id="resource_table.sort"),
        Binding("S", "reverse_sort", "Reverse sort", show=False, id="resource_table.reverse_sort"),
    ]

    empty_text: reactive[str] = reactive("no rows")
    """The line shown when no row is shown (e.g. "no vServers match 'xyz'")."""

    class _RowMessage(Message):
        """A message about one row of the table."""

        def __init__(self, table: ResourceTable, key: str) -> None:
            self.table = table
            self.key = key
            super().__init__()

        @property
        def control(self) -> ResourceTable:
            """The table, for `@on(..., selector)`."""
            return self.table

    class Highlighted(_RowMessage):
        """The cursor is on another row (moved, or the rows under it changed)."""

    class Selected(_RowMessage):
        """Enter (or a double click) on a row."""

    def __init__(
        self,
        columns: Sequence[Column],
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """A table of `columns`, without rows until `set_rows`."""
        super().__init__(name=name, id=id, classes=classes)
        self._columns = tuple(columns)
        self._column_index = {column.key: index for index, column in enumerate(self._columns)}
        self._keys: list[str] = []
        self._cells: list[tuple[object, ...]] = []
        self._texts: list[tuple[str, ...]] = []
        self._haystacks: list[str] = []
        self._index: dict[str, int] = {}
        self._order: list[int] = []
        self._shown: list[int] = []
        self._widths = [len(column.label) + 2 for column in self._columns]
        self._cursor = 0
        self._highlighted: str | None = None
        self._filter = ""
        self._sort_key: str | None = None
        self._sort_reverse = False
        self._strips: LRUCache[tuple[int, bool, bool], Strip] = LRUCache(1024)
        self._update_virtual_size()

    @property
    def cursor_key(self) -> str | None:
        """The key of the row under the cursor, None when no row is shown."""
        return self._keys[self._shown[self._cursor]] if self._shown else None

    @property
    def total_count(self) -> int:
        """Number of rows set, filtered or not."""
        return len(self._keys)

    @property
    def shown_count(self) -> int:
        """Number of rows that pass the filter."""
        return len(self._shown)

    @property
    def filter_text(self) -> str:
        """The current filter ("" for none)."""
        return self._filter

    @property
    def sort_key(self) -> str | None:
        """Key of the column sorted by, None for the order rows were given in."""
        return self._sort_key

    @property
    def sort_reverse(self) -> bool:
        """True when sorted descending."""
        return self._sort_reverse

    def shown_keys(self) -> list[str]:
        """Keys of the shown rows, in display order."""
        return [self._keys[index] for index in self._shown]

    def row_cells(self, key: str) -> tuple[object, ...]:
        """The cells of the row with `key` (KeyError if there is none)."""
        return self._cells[self._index[key]]

    def set_rows(self, rows: Sequence[Row]) -> None:
        """Replace all rows, re-apply sort and filter, keep the cursor on its key."""
        if any(len(cells) != len(self._columns) for _, cells in rows):
            raise ValueError(f"every row needs {len(self._columns)} cells")
        key = self.cursor_key
        self._keys = [key for key, _ in rows]
        self._cells = [cells for _, cells in rows]
        self._texts = [tuple(printable(value) for value in cells) for cells in self._cells]
        self._haystacks = ["\0".join(texts).lower() for texts in self._texts]
        self._index = {key: index for index, key in enumerate(self._keys)}
        self._widths = [
            self._fit_width(number, column) for number, column in enumerate(self._columns)
        ]
        self._sort()
        self._apply_filter(key)

    def set_filter(self, text: str) -> None:
        """Show only rows containing `text` in any cell, ignoring case; `a|b` is either."""
        self._filter = text
        self._apply_filter(self.cursor_key)

    def sort_by(self, column_key: str, reverse: bool | None = None) -> None:
        """Sort by a column; `reverse` None toggles on the same column, else ascending."""
        if column_key not in self._column_index:
            raise KeyError(f"no column {column_key!r}")
        if reverse is None:
            reverse = column_key == self._sort_key and not self._sort_reverse
        self._sort_key = column_key
        self._sort_reverse = reverse
        self._sort()
        self._apply_filter(self.cursor_key)

    def move_to_key(self, key: str) -> bool:
        """Put the cursor on the row with `key`; False when that row is not shown."""
        index = self._index.get(key)
        if index is None:
            return False
        try:
            position = self._shown.index(index)
        except ValueError:
            return False
        self._move_cursor(position)
        return True

    def _fit_width(self, number: int, column: Column) -> int:
        """The width of a column: its own, or its longest text and label, capped."""
        if column.width is not None:
            return column.width
        longest = max(map(len, map(itemgetter(number), self._texts)), default=0)
        return min(MAX_AUTO_WIDTH, max(cell_len(column.label) + 2, longest))

    def _sort(self) -> None:
        """Order all rows by the sort column, missing values last either way."""
        if self._sort_key is None:
            self._order = list(range(len(self._keys)))
            return
        number = self._column_index[self._sort_key]
        present: list[tuple[object, int]] = []
        missing: list[int] = []
        numeric = self._columns[number].numeric
        for index, cells in enumerate(self._cells):
            text = self._texts[index][number]
            value = _number(cells[number]) if numeric else text.lower()
            if value is None or text in MISSING:
                missing.append(index)
            else:
                present.append((value, index))
        present.sort(key=itemgetter(0), reverse=self._sort_reverse)
        self._order = [index for _, index in present] + missing

    def _apply_filter(self, key: str | None) -> None:
        """Recompute the shown rows, the cursor on `key` if shown (else where it was)."""
        position = self._cursor
        needles = [part for part in self._filter.lower().split("|") if part]
        haystacks = self._haystacks
        if not needles:
            self._shown = list(self._order)
        elif len(needles) == 1:
            needle = needles[0]
            self._shown = [index for index in self._order if needle in haystacks[index]]
        else:
            self._shown = [
                index
                for index in self._order
                if any(needle in haystacks[index] for needle in needles)
            ]
        try:
            self._cursor = self._shown.index(self._index[key] if key is not None else -1)
        except (KeyError, ValueError):
            self._cursor = max(0, min(position, len(self._shown) - 1))
        self._strips.clear()
        self._update_virtual_size()
        self.refresh()
        self._scroll_to_cursor(follow=self._cursor != position)
        self._post_highlighted()

    def _update_virtual_size(self) -> None:
        """Header line plus one line per shown row, as wide as the columns."""
        width = MARGIN + sum(width + GAP for width in self._widths)
        self.virtual_size = Size(width, len(self._shown) + 1)

    def _move_cursor(self, position: int) -> None:
        """Move the cursor to a shown position (clamped), repaint and scroll to it."""
        if not self._shown:
            return
        position = max(0, min(position, len(self._shown) - 1))
        if position != self._cursor:
            self.refresh_line(self._cursor + 1)
            self.refresh_line(position + 1)
            self._cursor = position
            self._scroll_to_cursor(follow=True)
            self._post_highlighted()

    def _page_height(self) -> int:
        """Rows visible below the header."""
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_to_cursor(self, follow: bool) -> None:
        """Keep the scroll position valid and, when `follow`, the cursor row visible."""
        if not self.is_mounted:
            return
        visible = self._page_height()
        current = round(self.scroll_y)
        top = min(current, max(0, len(self._shown) - visible))
        if follow:
            top = max(min(top, self._cursor), self._cursor - visible + 1)
        if top != current:
            self.scroll_to(y=top, animate=False)

    def _post_highlighted(self) -> None:
        """Post Highlighted when the row under the cursor is another one."""
        key = self.cursor_key
        if key is not None and key != self._highlighted:
            self.post_message(self.Highlighted(self, key))
        self._highlighted = key

    def action_cursor_up(self) -> None:
        """Cursor one row up."""
        self._move_cursor(self._cursor - 1)

    def action_cursor_down(self) -> None:
        """Cursor one row down."""
        self._move_cursor(self._cursor + 1)

    def action_page_up(self) -> None:
        """Cursor one page up."""
        self._move_cursor(self._cursor - self._page_height())

    def action_page_down(self) -> None:
        """Cursor one page down."""
        self._move_cursor(self._cursor + self._page_height())

    def action_first(self) -> None:
        """Cursor on the first row."""
        self._move_cursor(0)

    def action_last(self) -> None:
        """Cursor on the last row."""
        self._move_cursor(len(self._shown) - 1)

    def action_select(self) -> None:
        """Post Selected for the row under the cursor."""
        if (key := self.cursor_key) is not None:
            self.post_message(self.Selected(self, key))

    def action_cycle_sort(self) -> None:
        """Sort ascending by the next column (the first when unsorted)."""
        keys = list(self._column_index)
        after = keys.index(self._sort_key) + 1 if self._sort_key is not None else 0
        self.sort_by(keys[after % len(keys)], reverse=False)

    def action_reverse_sort(self) -> None:
        """Reverse the sort direction (sorting by the first column when unsorted)."""
        self.sort_by(self._sort_key or self._columns[0].key, reverse=not self._sort_reverse)

    async def _on_click(self, event: events.Click) -> None:
        """Header click sorts by that column; row click moves the cursor, double selects."""
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:
            x = offset.x + round(self.scroll_x) - MARGIN
            for column, width in zip(self._columns, self._widths, strict=True):
                if 0 <= x < width + GAP:
                    self.sort_by(column.key)
                    return
                x -= width + GAP
            return
        position = offset.y - 1 + round(self.scroll_y)
        if position < len(self._shown):
            self._move_cursor(position)
            if event.chain == 2:
                self.action_select()

    def _on_resize(self, _: events.Resize) -> None:
        """Rendered lines depend on the width; the cursor stays visible."""
        self._strips.clear()
        self._scroll_to_cursor(follow=True)

    def notify_style_update(self) -> None:
        """A theme or focus change restyles every line."""
        super().notify_style_update()
        self._strips.clear()

    def render_line(self, y: int) -> Strip:
        """Line `y` of the widget: the fixed header, a row, the empty text or blank."""
        scroll_x, scroll_y = self.scroll_offset
        width = self.size.width
        full = max(self.virtual_size.width, width)
        if y == 0:
            strip = self._header_strip(full)
        elif not self._shown:
            strip = self._empty_strip(full) if y == 1 else Strip.blank(full, self.rich_style)
        else:
            position = y - 1 + scroll_y
            if position >= len(self._shown):
                return Strip.blank(width, self.rich_style)
            cache_key = (position, position == self._cursor, self.has_focus)
            cached = self._strips.get(cache_key)
            if cached is None:
                cached = self._strips[cache_key] = self._row_strip(position, full)
            strip = cached
        return strip.crop(scroll_x, scroll_x + width)

    def _header_strip(self, full: int) -> Strip:
        """Column labels, the sorted one with ▲ or ▼."""
        style = self.get_component_rich_style("resource-table--header")
        segments = [Segment(" " * MARGIN, style)]
        for column, width in zip(self._columns, self._widths, strict=True):
            label = column.label
            if column.key == self._sort_key:
                label += " ▼" if self._sort_reverse else " ▲"
            segments.append(Segment(_fit(label, width, column.numeric) + " " * GAP, style))
        return Strip(segments).extend_cell_length(full, style)

    def _empty_strip(self, full: int) -> Strip:
        """The empty text, in place of the first row."""
        style = self.get_component_rich_style("resource-table--empty")
        return Strip([Segment(_fit(" " * MARGIN + self.empty_text, full, False), style)], full)

    def _row_strip(self, position: int, full: int) -> Strip:
        """A shown row: cursor or zebra style, state values in their component style."""
        cursor = position == self._cursor
        if cursor:
            style = self.get_component_rich_style("resource-table--cursor")
        else:
            zebra = "resource-table--odd-row" if position % 2 else "resource-table--even-row"
            style = self.get_component_rich_style(zebra)
        segments = [Segment(" " * MARGIN, style)]
        texts = self._texts[self._shown[position]]
        for column, width, text in zip(self._columns, self._widths, texts, strict=True):
            cell_style = style
            if column.styled and not cursor and (name := value_class(text)) in VALUE_CLASSES:
                cell_style = style + self.get_component_rich_style(name, partial=True)
            segments.append(Segment(_fit(text, width, column.numeric), cell_style))
            segments.append(Segment(" " * GAP, style))
        return Strip(segments).extend_cell_length(full, style)
