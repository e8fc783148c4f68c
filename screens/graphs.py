"""Monitoring graphs (F-MRS): CPU and memory of a pool, node or vServer over the last
hour, day, month or year; the objects on the left, `:graphs NAME` opens one."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, OptionList
from textual.widgets.option_list import Option

from vdcftui.readmodel.metrics import SPANS, find_object, graph_objects
from vdcftui.repo.database import data_version
from vdcftui.widgets.metric_graph import MetricGraph
from vdcftui.widgets.resource_table import Row

POLL_SECONDS = 2.0
"""How often the screen looks whether collectors wrote new samples."""
TYPE_LABELS = {"pool": "pool", "node": "node", "vserver": "vServer"}


def _option_id(object_type: str, name: str) -> str:
    return f"{object_type}:{name}"


class GraphsScreen(Screen[None]):
    """CPU and memory graphs, stacked, of the object chosen on the left."""

    CSS_PATH = "graphs.tcss"
    BINDINGS = [
        Binding("1,h", "span('hour')", "Hour", key_display="1/h", id="graphs.span_hour"),
        Binding("2,d", "span('day')", "Day", key_display="2/d", id="graphs.span_day"),
        Binding("3,m", "span('month')", "Month", key_display="3/m", id="graphs.span_month"),
        Binding("4,y", "span('year')", "Year", key_display="4/y", id="graphs.span_year"),
        Binding("escape", "back", "Back", show=False, id="graphs.back"),
    ]

    def __init__(self, *, select: str | None = None) -> None:
        super().__init__()
        self.initial_name = select
        self.span = "hour"
        self._objects = graph_objects()
        self._chosen = find_object(select) if select else None
        if self._chosen is None and self._objects:
            self._chosen = self._objects[0]
        self._seen_version: int | None = None

    def load_rows(self) -> list[Row]:
        """The objects that have graphs, as rows keyed by name (completes `:graphs `)."""
        return [(name, (object_type,)) for object_type, name in self._objects]

    def compose(self) -> ComposeResult:
        """Objects on the left; title, CPU and memory graphs on the right."""
        yield Header()
        with Horizontal(id="graphs-body"):
            yield OptionList(
                *(
                    Option(f"{TYPE_LABELS[kind]:<8}{name}", id=_option_id(kind, name))
                    for kind, name in self._objects
                ),
                id="graph-objects",
            )
            with Vertical(id="graphs"):
                yield Label(id="graphs-title", classes="pane-title")
                if self._chosen:
                    kind, name = self._chosen
                    yield MetricGraph(kind, name, "cpu", self.span, id="graph-cpu")
                    yield MetricGraph(kind, name, "memory", self.span, id="graph-memory")
                else:
                    yield Label(
                        "no pools, nodes or vServers in the repository: discover nodes first",
                        id="graphs-empty",
                    )
        yield Footer()

    @property
    def graphs(self) -> list[MetricGraph]:
        """The CPU and memory graphs."""
        return list(self.query(MetricGraph))

    def on_mount(self) -> None:
        """Cursor on the chosen object; watch the repository for new samples."""
        if self.initial_name and find_object(self.initial_name) is None:
            self.notify(f"no node, vServer or pool named {self.initial_name!r}", severity="warning")
        objects = self.query_one(OptionList)
        if self._chosen:
            objects.highlighted = objects.get_option_index(_option_id(*self._chosen))
        objects.focus()
        self._update_title()
        self._seen_version = data_version()
        self.set_interval(POLL_SECONDS, self._poll)

    def _update_title(self) -> None:
        keys = "  ".join(f"[{n}] {span}" for n, span in enumerate(SPANS, start=1))
        chosen = f"{TYPE_LABELS[self._chosen[0]]} {self._chosen[1]}" if self._chosen else ""
        self.query_one("#graphs-title", Label).update(
            f"{chosen}: CPU and memory, last {self.span}    {keys}"
        )

    @on(OptionList.OptionHighlighted, "#graph-objects")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        kind, _, name = (event.option_id or "").partition(":")
        if (kind, name) == self._chosen:
            return
        self._chosen = (kind, name)
        for graph in self.graphs:
            graph.set_object(kind, name)
        self._update_title()

    def action_span(self, span: str) -> None:
        """Show the last hour, day, month or year."""
        self.span = span
        for graph in self.graphs:
            graph.set_span(span)
        self._update_title()

    def refresh_data(self) -> None:
        """Read the samples again (collectors wrote new ones)."""
        for graph in self.graphs:
            graph.reload()

    def _poll(self) -> None:
        version = data_version()
        if version != self._seen_version:
            self._seen_version = version
            self.refresh_data()

    def action_back(self) -> None:
        """Esc: back to the view this one was opened from."""
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
