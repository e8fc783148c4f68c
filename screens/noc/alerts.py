"""NOC dashboard: the alerts the engine recorded and those derived from the repository,
critical first; an acknowledged one says by whom. Nothing here acknowledges."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult

from screens.noc.dashboard import BigFigure, Dashboard, FigureGrid, LineList, ago, bad_if_any
from vdcftui.display import printable
from vdcftui.readmodel.alerts import CRITICAL, WARNING, Alert
from vdcftui.readmodel.wall_alerts import wall_alerts

LEVEL = {CRITICAL: "error", WARNING: "warning"}


def alert_line(alert: Alert, now: datetime) -> str:
    """'CRITICAL  node node03 (pool-b) is unreachable  since ... (2 h ago)', and
    '  ACK carol' once an operator acknowledged it."""
    since = f"  {ago(alert.since, now)}" if alert.since else ""
    ack = f"  ACK {alert.acked_by}" if alert.acked_by else ""
    return printable(f"{alert.severity.upper():<8}  {alert.message}{since}{ack}")


class AlertsDashboard(Dashboard[list[Alert]]):
    """How many alerts of each severity, then one line per alert."""

    NAME = "alerts"
    TITLE = "alerts"

    def __init__(self) -> None:
        super().__init__()
        self.figures = {CRITICAL: BigFigure("critical"), WARNING: BigFigure("warning")}

    def compose(self) -> ComposeResult:
        """Figures, then the list."""
        yield FigureGrid(*self.figures.values())
        yield LineList("no alerts", id="alert-lines")

    def load(self, now: datetime) -> list[Alert]:
        """The recorded alerts and the derived ones."""
        return wall_alerts(now)

    def show_data(self, alerts: list[Alert], now: datetime) -> None:
        """Count the alerts by severity and list them."""
        for severity, figure in self.figures.items():
            count = sum(1 for alert in alerts if alert.severity == severity)
            figure.show(count, bad_if_any(count, LEVEL[severity]))
        self.query_one(LineList).show(
            [(alert_line(alert, now), LEVEL.get(alert.severity, "warning")) for alert in alerts]
        )
