"""The pane beside (or below) a table: the selected object's details."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from vdcftui.display import printable
from vdcftui.readmodel.detail import Section


def render_sections(sections: Sequence[Section]) -> Text:
    """Sections as text: a bold title, then aligned labels (list values one per line);
    host text is shown with its control characters escaped, never as markup."""
    text = Text()
    for number, section in enumerate(sections):
        if number:
            text.append("\n")
        text.append(printable(section.title) + "\n", style="bold")
        width = max((len(printable(label)) for label, _ in section.lines), default=0)
        for label, value in section.lines:
            values = value if isinstance(value, list) else [value]
            for index, item in enumerate(values):
                shown = printable(label) if index == 0 else ""
                text.append(f"  {shown:<{width}}  ", style="dim")
                text.append(f"{printable(item)}\n")
    return text


class DetailPane(VerticalScroll, can_focus=False):
    """Scrollable details of one object, replaced whenever the selection moves."""

    DEFAULT_CSS = """
    DetailPane {
        border-left: solid $primary-background;
        padding: 0 1;
    }
    """

    _text = Text()

    def compose(self):
        """One Static holding the rendered sections."""
        yield Static(id="detail-text")

    def show(self, sections: Sequence[Section]) -> None:
        """Replace the details shown."""
        self._text = render_sections(sections)
        self.query_one("#detail-text", Static).update(self._text)

    @property
    def plain_text(self) -> str:
        """What the pane shows, as plain text (for tests and screen readers)."""
        return self._text.plain
