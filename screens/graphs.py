"""Monitoring graphs (F-MRS): CPU and memory of a pool, node or vServer over the last
hour, day, month or year; the objects on the left, `:graphs NAME` opens one.

The objects are read in a thread worker; the app's poll says when collectors wrote new
samples, and the graphs read them again (in their own workers)."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, OptionList
from textual.widgets.option_list import Option

from screens.notices import say
from screens.views import read_repository
from vdcftui.display import printable
from vdcftui.readmodel.metrics import SPANS, find_object, graph_objects
from vdcftui.widgets.metric_graph import MetricGraph

TYPE_LABELS = {"pool": "pool", "node": "node", "vserver": "vServer"}
NO_OBJECTS = "no pools, nodes or vServers in the repository: discover nodes first"

GraphObject = tuple[str, str]
"""(object type, name)."""


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

    class ObjectsRead(Message):
        """The objects that have graphs, and the one asked for if it exists."""

        def __init__(self, objects: list[GraphObject], asked: GraphObject | None) -> None:
            super().__init__()
            self.objects = objects
            self.asked = asked

    def __init__(self, *, select: str | None = None) -> None:
        super().__init__()
        self.initial_name = select
        self.span = "hour"
        self._chosen: GraphObject | None = None
        self.objects_read = False
        """Whether the objects that have graphs have been read."""

    def compose(self) -> ComposeResult:
        """Objects on the left; title, CPU and memory graphs on the right."""
        yield Header()
        with Horizontal(id="graphs-body"):
            yield OptionList(id="graph-objects")
            with Vertical(id="graphs"):
                yield Label(id="graphs-title", classes="pane-title", markup=False)
                yield Label("reading the repository…", id="graphs-empty", markup=False)
        yield Footer()

    @property
    def graphs(self) -> list[MetricGraph]:
        """The CPU and memory graphs."""
        return list(self.query(MetricGraph))

    def on_mount(self) -> None:
        """Keys go to the objects' list; read which objects have graphs."""
        self.set_focus(self.query_one(OptionList))
        self._update_title()
        self._read_objects(self.initial_name)

    @work(thread=True, exclusive=True, group="graph-objects", exit_on_error=False)
    def _read_objects(self, name: str | None) -> None:
        objects, asked = read_repository(
            lambda: (graph_objects(), find_object(name) if name else None)
        )
        self.post_message(self.ObjectsRead(objects, asked))

    @on(ObjectsRead)
    def _objects_read(self, event: ObjectsRead) -> None:
        if self.initial_name and event.asked is None:
            say(self, f"no node, vServer or pool named {self.initial_name!r}", severity="warning")
        objects = self.query_one(OptionList)
        objects.clear_options()
        objects.add_options(
            Option(Text(f"{TYPE_LABELS[kind]:<8}{printable(name)}"), id=_option_id(kind, name))
            for kind, name in event.objects
        )
        self.objects_read = True
        chosen = event.asked or (event.objects[0] if event.objects else None)
        empty = self.query_one("#graphs-empty", Label)
        if chosen is None:
            empty.update(NO_OBJECTS)
            return
        self._show(chosen)
        empty.remove()
        objects.highlighted = objects.get_option_index(_option_id(*chosen))

    def _show(self, chosen: GraphObject) -> None:
        """Graph this object (the graphs are made the first time)."""
        self._chosen = chosen
        kind, name = chosen
        if self.graphs:
            for graph in self.graphs:
                graph.set_object(kind, name)
        else:
            self.query_one("#graphs", Vertical).mount(
                MetricGraph(kind, name, "cpu", self.span, id="graph-cpu"),
                MetricGraph(kind, name, "memory", self.span, id="graph-memory"),
            )
        self._update_title()

    def _update_title(self) -> None:
        keys = "  ".join(f"[{n}] {span}" for n, span in enumerate(SPANS, start=1))
        chosen = f"{TYPE_LABELS[self._chosen[0]]} {self._chosen[1]}" if self._chosen else ""
        self.query_one("#graphs-title", Label).update(
            printable(f"{chosen}: CPU and memory, last {self.span}    {keys}")
        )

    @on(OptionList.OptionHighlighted, "#graph-objects")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        kind, _, name = (event.option_id or "").partition(":")
        if (kind, name) != self._chosen:
            self._show((kind, name))

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

    def action_back(self) -> None:
        """Esc: back to the view this one was opened from."""
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
