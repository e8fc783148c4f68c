"""The target picker of a migration or an attach: every node, whether the vServer fits there and why
not (LUNs it cannot see, build level, capacity, state, locks)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from screens.notices import say
from vdcftui.display import printable
from vdcftui.ops.vserver.candidates import Candidate
from vdcftui.readmodel.detail import Section
from vdcftui.widgets.detail_pane import DetailPane
from vdcftui.widgets.resource_table import Column, ResourceTable


class MigrationTargetScreen(ModalScreen[Candidate | None]):
    """Returns the chosen fitting node, or None on Esc."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="migrate_target.cancel")]
    DEFAULT_CSS = """
    MigrationTargetScreen {
        align: center middle;
    }
    MigrationTargetScreen > Vertical {
        width: 95%;
        height: 90%;
        border: thick $accent;
        background: $surface;
    }
    MigrationTargetScreen #targets {
        height: 1fr;
    }
    MigrationTargetScreen DetailPane {
        height: 10;
        border-left: none;
        border-top: solid $primary-background;
    }
    """

    def __init__(self, vserver: str, candidates: list[Candidate], verb: str = "migrate") -> None:
        super().__init__()
        self.vserver = vserver
        self.verb = verb
        self.candidates = {c.node: c for c in candidates}

    def compose(self) -> ComposeResult:
        """Candidates above, the selected one's checks below."""
        fitting = sum(c.fits for c in self.candidates.values())
        with Vertical():
            yield Label(
                printable(
                    f"{self.verb} {self.vserver} to: {fitting} of {len(self.candidates)} "
                    "nodes fit  (Enter chooses, Esc cancels)"
                ),
                classes="pane-title",
                markup=False,
            )
            yield ResourceTable(
                (
                    Column("Node", "node"),
                    Column("Fits", "fits", styled=True),
                    Column("Why", "why", width=200),
                ),
                id="targets",
            )
            yield DetailPane()

    def on_mount(self) -> None:
        """Fill the table, fitting nodes first."""
        table = self.query_one("#targets", ResourceTable)
        table.empty_text = "no other node in the repository"
        table.set_rows(
            [
                (c.node, (c.node, "yes" if c.fits else "no", c.summary))
                for c in self.candidates.values()
            ]
        )
        self.set_focus(table)
        self._show(table.cursor_key)

    def _show(self, key: str | None) -> None:
        candidate = self.candidates.get(key or "")
        section = Section(f"checks for {key}" if key else "no node")
        if candidate:
            for ok, text in candidate.verdicts:
                section.add("ok" if ok else "REFUSED", text)
        self.query_one(DetailPane).show([section])

    @on(ResourceTable.Highlighted)
    def _highlighted(self, event: ResourceTable.Highlighted) -> None:
        self._show(event.key)

    @on(ResourceTable.Selected)
    def _chosen(self, event: ResourceTable.Selected) -> None:
        candidate = self.candidates[event.key]
        if candidate.fits:
            self.dismiss(candidate)
        else:
            say(
                self,
                f"{candidate.node} refused: {candidate.why_not}",
                severity="error",
                timeout=8,
            )
