"""NOC dashboard: the alerts derived from the repository, critical first."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult

from screens.noc.dashboard import BigFigure, Dashboard, FigureGrid, LineList, ago, bad_if_any
from vdcftui.display import printable
from vdcftui.readmodel.alerts import CRITICAL, WARNING, Alert, current_alerts

LEVEL = {CRITICAL: "error", WARNING: "warning"}


def alert_line(alert: Alert, now: datetime) -> str:
    """'CRITICAL  node node03 (pool-b) is unreachable  since ... (2 h ago)'."""
    since = f"  {ago(alert.since, now)}" if alert.since else ""
    return printable(f"{alert.severity.upper():<8}  {alert.message}{since}")


class AlertsDashboard(Dashboard):
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

    def refresh_data(self, now: datetime) -> None:
        """Derive the alerts again."""
        alerts = current_alerts(now)
        for severity, figure in self.figures.items():
            count = sum(1 for alert in alerts if alert.severity == severity)
            figure.show(count, bad_if_any(count, LEVEL[severity]))
        self.query_one(LineList).show(
            [(alert_line(alert, now), LEVEL[alert.severity]) for alert in alerts]
        )
