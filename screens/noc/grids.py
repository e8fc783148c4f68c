"""Grids that reshape themselves: the columns and rows are chosen in Python for the
space the grid has (screens/noc/layout.py) whenever it is resized or its cells change."""

from __future__ import annotations

from collections.abc import Sequence

from textual.containers import Grid
from textual.events import Resize
from textual.widget import Widget

from screens.noc.layout import GridShape


def arrange(grid: Grid, shape: GridShape, cells: Sequence[Widget]) -> None:
    """Give ``grid`` the shape's columns and rows: sharing its height, or of the shape's
    row height each (the grid scrolls when noc.tcss lets it); the last of ``cells``
    spans the columns the others leave empty, so that no corner stays blank."""
    grid.styles.grid_size_columns = shape.columns
    grid.styles.grid_size_rows = shape.rows
    grid.styles.grid_rows = "1fr" if shape.row_height is None else str(shape.row_height)
    empty = shape.columns * shape.rows - len(cells)
    for index, cell in enumerate(cells):
        cell.styles.column_span = 1 + empty if index == len(cells) - 1 else 1


class ShapedGrid(Grid):
    """A grid of cells that takes a new shape whenever it is resized or its cells
    change (removed cells linger in its children a while: it keeps its own list). A
    shape is set only when it differs: every change of style costs a layout."""

    def __init__(self, *cells: Widget, id: str | None = None, classes: str = "") -> None:
        super().__init__(*cells, id=id, classes=classes)
        self.cells = list(cells)
        self._arranged: tuple[GridShape, list[Widget]] | None = None

    def shape_for(self, count: int, width: int, height: int) -> GridShape:
        """The shape for ``count`` cells in ``width`` x ``height``."""
        raise NotImplementedError

    def on_mount(self) -> None:
        """Shape it once it is laid out: a grid mounted into a screen already laid out
        (a pool card arriving with the summary) is not always sent a Resize."""
        self.call_after_refresh(lambda: self.reshape(self.cells))

    def on_resize(self, event: Resize) -> None:
        """A new size: a new shape."""
        self.reshape(self.cells)

    def reshape(self, cells: Sequence[Widget]) -> GridShape:
        """Shape the grid for ``cells`` (its children, in order) in its present size."""
        self.cells = list(cells)
        size = self.content_size
        shape = self.shape_for(len(self.cells), size.width, size.height)
        if self._arranged != (shape, self.cells):
            arrange(self, shape, self.cells)
            self._arranged = (shape, self.cells)
        return shape
