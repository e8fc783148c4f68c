"""A number drawn in the largest face that fits the space the widget is given, so that
the same figure reads as one line in a small terminal and as tall block digits on a
wall display. The colour comes from CSS, like any text.

It draws through Textual's line API (one strip per row, centred by hand): a wall full
of block digits repaints in a fraction of what laying them out as text content costs.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widget import Widget

from vdcftui.widgets.number_faces import face_lines, largest_face


class BigNumber(Widget):
    """A number (as text) as large as its content region allows, centred in it; it takes
    the space its container gives (1fr) rather than asking for its own."""

    DEFAULT_CSS = """
    BigNumber {
        width: 1fr;
        height: 1fr;
    }
    """

    def __init__(self, text: str = "0", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = text
        self._most: tuple[int, int] | None = None

    @property
    def text(self) -> str:
        """The number shown, as text."""
        return self._text

    @property
    def face(self) -> int:
        """The face the number is drawn in at the widget's present size."""
        width, height = self.size
        if self._most is not None:
            width, height = min(width, self._most[0]), min(height, self._most[1])
        return largest_face(self._text, width, height)

    def limit(self, most: tuple[int, int] | None) -> None:
        """Draw the number no larger than in ``most`` (width, height) cells, though the
        widget be larger: numbers side by side then match (None: no limit)."""
        if most != self._most:
            self._most = most
            self.refresh()

    def update(self, text: str) -> None:
        """Show another number."""
        if text != self._text:
            self._text = text
            self.refresh()

    def render_line(self, y: int) -> Strip:
        """Row ``y``: the number's row there, centred, or blank above and below it."""
        width, height = self.size
        lines = face_lines(self._text, self.face, bold=bool(self.rich_style.bold))
        row = y - (height - len(lines)) // 2
        text = lines[row] if 0 <= row < len(lines) else ""
        left = max(0, (width - len(text)) // 2)
        cells = (" " * left + text)[:width].ljust(width)
        return Strip([Segment(cells, self.rich_style)], width)
