"""A graph of one metric of one node, vServer or pool over the last hour, day, month or
year (plotext through textual-plotext). The samples are read in a thread; the line
takes its colour from the theme (CSS), and a graph without samples says so plainly."""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual import work
from textual.app import RenderResult
from textual_plotext import PlotextPlot

from vdcftui.display import counted
from vdcftui.readmodel.metrics import METRICS, SPANS, Series, load_series
from vdcftui.repo import models as m

X_UNITS = {
    "hour": ("minutes", 60.0),
    "day": ("hours", 3600.0),
    "month": ("days", 86400.0),
    "year": ("days", 86400.0),
}
"""Per span: the unit of the x axis (time before now) and its length in seconds."""


def duration_text(seconds: float) -> str:
    """18 s, 7.2 min, 43.8 h: how long one averaged point covers."""
    if seconds < 60:
        return f"{seconds:.3g} s"
    return f"{seconds / 60:.3g} min" if seconds < 3600 else f"{seconds / 3600:.3g} h"


def _read(object_type: str, object_name: str, metric: str, span: str) -> Series:
    """The series, read on this worker thread's own connection (closed afterwards)."""
    try:
        return load_series(object_type, object_name, metric, span)
    finally:
        m.database_proxy.close()


class MetricGraph(PlotextPlot):
    """One metric ("cpu" or "memory") of one object over a span ("hour", "day",
    "month", "year"), at most 200 averaged points."""

    COMPONENT_CLASSES = {"metric-graph--line", "metric-graph--message"}
    DEFAULT_CSS = """
    MetricGraph {
        height: 1fr;
        min-height: 6;
    }
    MetricGraph > .metric-graph--line {
        color: $primary;
    }
    MetricGraph.-memory > .metric-graph--line {
        color: $accent;
    }
    MetricGraph > .metric-graph--message {
        color: $text-muted;
    }
    """

    def __init__(
        self,
        object_type: str,
        object_name: str,
        metric: str,
        span: str = "hour",
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        if metric not in METRICS:
            raise ValueError(f"no metric {metric!r}: one of {', '.join(METRICS)}")
        if span not in SPANS:
            raise ValueError(f"no span {span!r}: one of {', '.join(SPANS)}")
        super().__init__(id=id, classes=classes)
        self.object_type = object_type
        self.object_name = object_name
        self.metric = metric
        self.span = span
        self.add_class(f"-{metric}")
        self._series: Series | None = None

    @property
    def point_count(self) -> int:
        """Points of the series shown (0 before the samples are in, or without any)."""
        return len(self._series.points) if self._series else 0

    @property
    def message(self) -> str:
        """What the graph says instead of a plot ("" while it plots)."""
        if self._series is None:
            return f"reading {self.object_name} {self.metric} for the last {self.span}…"
        return "" if self._series.points else self._series.empty_text()

    def on_mount(self) -> None:
        """Read the samples."""
        super().on_mount()
        self.reload()

    def set_span(self, span: str) -> None:
        """Show another span ("hour", "day", "month" or "year") and read it."""
        if span not in SPANS:
            raise ValueError(f"no span {span!r}: one of {', '.join(SPANS)}")
        self.span = span
        self.reload()

    def set_object(self, object_type: str, object_name: str) -> None:
        """Show the same metric of another object and read it."""
        self.object_type = object_type
        self.object_name = object_name
        self._series = None
        self.refresh()
        self.reload()

    def reload(self) -> None:
        """Read the samples again (in a thread; the graph repaints when they are in)."""
        self._load(self.object_type, self.object_name, self.metric, self.span)

    @work(exclusive=True, group="metric-graph", exit_on_error=False)
    async def _load(self, object_type: str, object_name: str, metric: str, span: str) -> None:
        self._series = await asyncio.to_thread(_read, object_type, object_name, metric, span)
        self.refresh()

    def _title(self, series: Series) -> str:
        label = "CPU" if series.metric == "cpu" else "memory"
        source = f", sum of {counted(series.from_nodes, 'node')}" if series.from_nodes else ""
        if series.from_nodes and series.metric == "cpu":
            source = f", {counted(series.from_nodes, 'node')} weighted by threads"
        return (
            f"{series.object_name} {label} {series.unit}, last {series.span} "
            f"({len(series.points)} points, average per "
            f"{duration_text(series.bucket.total_seconds())}{source})"
        )

    def render(self) -> RenderResult:
        """The plot, or the message when there is nothing to plot."""
        series = self._series
        if series is None or not series.points:
            return Text(self.message, style=self.get_component_rich_style("metric-graph--message"))
        unit, seconds = X_UNITS[series.span]
        xs = [-(series.end - moment).total_seconds() / seconds for moment, _ in series.points]
        ys = [value for _, value in series.points]
        colour = self.get_component_rich_style("metric-graph--line").color
        plt = self.plt
        plt.clear_figure()
        plt.title(self._title(series))
        plt.xlabel(f"{unit} ago")
        plt.xlim(-SPANS[series.span].total_seconds() / seconds, 0)
        if series.metric == "cpu":
            plt.ylim(0, 100)
        rgb = tuple(colour.get_truecolor()) if colour else None
        plt.plot(xs, ys, marker="braille", color=rgb)
        return super().render()
