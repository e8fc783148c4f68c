"""What every NOC dashboard is made of: big figures readable across a room, and lists of
lines coloured by how bad they are (colours come from the theme, see noc.tcss)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import ClassVar, Generic, TypeVar

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Label

from screens.noc.grids import ShapedGrid
from screens.noc.layout import CAPTION_HEIGHT, FIGURE_PADDING, GridShape, best_grid, figure_score
from vdcftui.display import printable
from vdcftui.widgets.big_number import BigNumber

Item = TypeVar("Item")
Data = TypeVar("Data")
Shown = TypeVar("Shown", bound=Widget)

LEVELS = ("ok", "warning", "error", "muted")
"""How a figure or a line is coloured: the class -ok, -warning, -error or -muted."""

Line = tuple[str, str]
"""(text, level) of one line of a list."""


def set_level(widget: Vertical | Label, level: str) -> None:
    """Give a widget exactly one of the level classes."""
    for name in LEVELS:
        widget.set_class(name == level, f"-{name}")


class BigFigure(Vertical):
    """A caption above a number drawn as large as the figure's space allows."""

    def __init__(self, caption: str, value: int = 0, level: str = "muted") -> None:
        super().__init__(classes="figure")
        self.caption = caption
        self._value = value
        self._level = level
        self._number = BigNumber(str(value))

    def compose(self) -> ComposeResult:
        """The caption and the number."""
        yield Label(printable(self.caption), classes="figure-caption", markup=False)
        yield self._number

    def on_mount(self) -> None:
        """Colour the figure as asked before it was mounted."""
        set_level(self, self._level)

    def fit(self, width: int, height: int) -> None:
        """Draw the number as large as a figure of ``width`` x ``height`` allows, though
        this one be larger (it spans empty cells of its grid)."""
        self._number.limit((width - FIGURE_PADDING, height - CAPTION_HEIGHT))

    @property
    def value(self) -> int:
        """The number shown."""
        return self._value

    def show(self, value: int, level: str) -> None:
        """Show a new number, coloured by its level."""
        self._value, self._level = value, level
        self._number.update(str(value))
        if self.is_mounted:
            set_level(self, level)


class FigureGrid(ShapedGrid):
    """Big figures in the grid shape that gives them the largest digits in its space."""

    def __init__(self, *figures: BigFigure, id: str | None = None) -> None:
        super().__init__(*figures, id=id, classes="figures")

    def shape_for(self, count: int, width: int, height: int) -> GridShape:
        """The shape whose figures get the largest digits."""
        return best_grid(count, width, height, figure_score)[0]

    def reshape(self, cells: Sequence[Widget]) -> GridShape:
        """Shape the grid, and size every figure's digits for one cell."""
        shape = super().reshape(cells)
        size = self.content_size
        for figure in self.cells:
            if isinstance(figure, BigFigure):
                figure.fit(size.width // shape.columns, size.height // shape.rows)
        return shape

    def set_figures(self, figures: Sequence[BigFigure]) -> None:
        """Show these figures instead of the ones shown."""
        self.remove_children()
        self.mount_all(figures)
        self.reshape(figures)


def bad_if_any(value: int, level: str = "error") -> str:
    """The level of a count that should be zero: muted when it is, ``level`` otherwise."""
    return level if value else "muted"


class LineList(VerticalScroll, can_focus=False):
    """Lines of text, each coloured by its level; rebuilt only when they change. Host
    text is shown literally, its control characters escaped."""

    def __init__(self, empty_text: str, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="line-list")
        self.empty_text = empty_text
        self._lines: list[Line] | None = None

    def show(self, lines: Sequence[Line]) -> None:
        """Replace the lines (nothing happens if they are the same as before)."""
        lines = list(lines)
        if lines == self._lines:
            return
        self._lines = lines
        self.remove_children()
        labels = [Label(printable(text), classes="line", markup=False) for text, _ in lines]
        for label, (_, level) in zip(labels, lines, strict=True):
            set_level(label, level)
        self.mount_all(labels or [Label(self.empty_text, classes="line -muted", markup=False)])

    @property
    def texts(self) -> list[str]:
        """The lines shown, as plain text (for tests)."""
        return [text for text, _ in self._lines or []]


class Dashboard(Vertical, Generic[Data]):
    """One dashboard of the NOC wall; the NOC screen shows one at a time. It reads its
    summary with :meth:`load` on a worker thread and shows it with :meth:`show_data`
    on the UI thread, which never waits on the repository."""

    NAME: ClassVar[str] = ""
    TITLE: ClassVar[str] = ""

    def __init__(self) -> None:
        super().__init__(id=self.NAME, classes="dashboard")
        self.shown = 0
        """How many summaries the dashboard has shown (tests wait for the next)."""

    def load(self, now: datetime) -> Data:
        """Read the summary shown at ``now`` from the repository (on a worker thread:
        touches no widget)."""
        raise NotImplementedError

    def show_data(self, data: Data, now: datetime) -> None:
        """Show a summary :meth:`load` read."""
        raise NotImplementedError

    def show_loaded(self, data: Data, now: datetime) -> None:
        """Show a summary and count it."""
        self.show_data(data, now)
        self.shown += 1


def ago(since: datetime | None, now: datetime) -> str:
    """'since 2024-05-01 10:00 (3 h ago)', or 'since unknown'."""
    if since is None:
        return "since unknown"
    minutes = max(0, int((now - since).total_seconds() // 60))
    if minutes < 60:
        span = f"{minutes} min"
    elif minutes < 48 * 60:
        span = f"{minutes // 60} h"
    else:
        span = f"{minutes // (24 * 60)} d"
    return f"since {since:%Y-%m-%d %H:%M} ({span} ago)"


def sync_keyed(
    column: Widget,
    shown: dict[str, Shown],
    wanted: dict[str, Item],
    make: Callable[[Item], Shown],
    update: Callable[[Shown, Item], None],
) -> None:
    """Keep one widget per key in ``column``: drop the gone, update the kept, mount the
    new (in ``wanted``'s order), so a refresh never rebuilds what is already shown."""
    for key in list(shown):
        if key not in wanted:
            shown.pop(key).remove()
    for key, item in wanted.items():
        if key in shown:
            update(shown[key], item)
        else:
            shown[key] = make(item)
            column.mount(shown[key])
