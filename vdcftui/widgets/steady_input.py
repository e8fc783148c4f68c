"""A one-line input whose cursor does not blink.

Over a slow SSH link every blink is a repaint sent to the operator's terminal, twice a
second, for as long as a prompt is open; a steady cursor costs nothing and shows the
same place."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input


class SteadyInput(Input):
    """Textual's Input with a steady cursor."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cursor_blink = False
