"""The alert settings: the ``[alerts]`` table of settings.toml.

::

    [alerts]
    script = "/opt/site/bin/page-oncall"   # run on every raise and clear (no shell)

    [alerts.mail]                 # e-mail on every raise and clear
    host = "mail.example.com"
    port = 25
    sender = "vdcftui@mgmt01.example.com"
    to = ["ops@example.com"]
    starttls = false

    [alerts.thresholds.disk]      # per metric, over the defaults: percent used
    warning = 85
    critical = 95
    hysteresis = 5

    [alerts.objects."vserver:shop01".disk]   # per object, over the metric's levels
    warning = 70

Metrics: ``disk`` (percent used), ``cpu`` (percent of the node or zone), ``memory``
(MB), ``swap`` (MB in use), ``services`` (SMF services in maintenance), ``faults``
(faults the fault manager holds). Without settings, disks warn at 85 % and are
critical at 95 %, a service in maintenance warns and a fault is critical.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vdcftui.errors import OperatorError
from vdcftui.ops.alerts.levels import Levels
from vdcftui.paths import settings_table
from vdcftui.solaris.names import InvalidName, validate_path

METRICS = ("disk", "cpu", "memory", "swap", "services", "faults")
DEFAULT_LEVELS = {
    "disk": Levels(85.0, 95.0, 5.0),
    "services": Levels(1.0, None, 0.0),
    "faults": Levels(None, 1.0, 0.0),
}
OBJECT_TYPES = ("node", "vserver", "dataset")


@dataclass(frozen=True)
class MailSettings:
    """Where alert mail goes."""

    host: str
    port: int
    sender: str
    to: tuple[str, ...]
    starttls: bool = False


@dataclass(frozen=True)
class AlertSettings:
    """Levels per metric and per object, and how alerts are notified."""

    levels: dict[str, Levels] = field(default_factory=lambda: dict(DEFAULT_LEVELS))
    objects: dict[tuple[str, str, str], Levels] = field(default_factory=dict)
    """(object type, object name, metric) -> the object's own levels."""
    mail: MailSettings | None = None
    script: str | None = None

    def levels_for(self, object_type: str, object_name: str, metric: str) -> Levels | None:
        """The levels that apply to one series (the object's own, else the metric's)."""
        return self.objects.get((object_type, object_name, metric)) or self.levels.get(metric)


def _table(where: str, value: Any, known: tuple[str, ...] | None) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise OperatorError(f"{where} must be a table")
    if known is not None:
        unknown = sorted(set(value) - set(known))
        if unknown:
            raise OperatorError(
                f"{where}: unknown setting {', '.join(unknown)} (known: {', '.join(known)})"
            )
    return value


def _number(where: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise OperatorError(f"{where} must be a number of at least 0, not {value!r}")
    return float(value)


def _levels(where: str, value: Any, base: Levels | None) -> Levels:
    table = _table(where, value, ("warning", "critical", "hysteresis"))
    base = base or Levels()
    warning = _number(f"{where}.warning", table["warning"]) if "warning" in table else None
    critical = _number(f"{where}.critical", table["critical"]) if "critical" in table else None
    levels = Levels(
        warning if "warning" in table else base.warning,
        critical if "critical" in table else base.critical,
        _number(f"{where}.hysteresis", table.get("hysteresis", base.hysteresis)),
    )
    if (
        levels.warning is not None
        and levels.critical is not None
        and levels.warning > levels.critical
    ):
        raise OperatorError(f"{where}: warning {levels.warning:g} is above critical")
    return levels


def _mail(where: str, value: Any) -> MailSettings:
    table = _table(where, value, ("host", "port", "sender", "to", "starttls"))
    for key in ("host", "sender", "to"):
        if key not in table:
            raise OperatorError(f"{where}: {key} is missing")
    to = table["to"]
    if isinstance(to, str):
        to = [to]
    if not isinstance(to, list) or not to or not all(isinstance(a, str) and "@" in a for a in to):
        raise OperatorError(f"{where}.to must be one or more mail addresses")
    port = table.get("port", 25)
    if isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536:
        raise OperatorError(f"{where}.port must be a port number, not {port!r}")
    host, sender = table["host"], table["sender"]
    if not isinstance(host, str) or not host or not isinstance(sender, str) or "@" not in sender:
        raise OperatorError(f"{where}: host must be a host name and sender a mail address")
    starttls = table.get("starttls", False)
    if not isinstance(starttls, bool):
        raise OperatorError(f"{where}.starttls must be true or false")
    return MailSettings(host, port, sender, tuple(to), starttls)


def alert_settings(data: Any, where: str = "[alerts]") -> AlertSettings:
    """The settings of an ``[alerts]`` table (already read from TOML); clear errors."""
    table = _table(where, data, ("script", "mail", "thresholds", "objects"))
    levels = dict(DEFAULT_LEVELS)
    given = _table(f"{where} thresholds", table.get("thresholds", {}), METRICS)
    for metric, value in given.items():
        levels[metric] = _levels(f"{where} thresholds.{metric}", value, DEFAULT_LEVELS.get(metric))
    objects: dict[tuple[str, str, str], Levels] = {}
    for key, value in _table(f"{where} objects", table.get("objects", {}), None).items():
        object_type, colon, name = str(key).partition(":")
        if not colon or object_type not in OBJECT_TYPES or not name:
            raise OperatorError(
                f"{where} objects: {key!r} must be TYPE:NAME, TYPE one of {', '.join(OBJECT_TYPES)}"
            )
        for metric, own in _table(f"{where} objects.{key}", value, METRICS).items():
            objects[(object_type, name, metric)] = _levels(
                f"{where} objects.{key}.{metric}", own, levels.get(metric)
            )
    script = table.get("script")
    if script is not None:
        if not isinstance(script, str):
            raise OperatorError(f"{where} script must be a path")
        try:
            script = validate_path(script, "alert script")
        except InvalidName as exc:
            raise OperatorError(f"{where} script: {exc}") from None
    mail = _mail(f"{where} mail", table["mail"]) if "mail" in table else None
    return AlertSettings(levels, objects, mail, script)


def load_alert_settings(path: Path | None = None) -> AlertSettings:
    """The ``[alerts]`` table of settings.toml; defaults without the file or table."""
    found = settings_table("alerts", path)
    if found is None:
        return AlertSettings()
    table, where = found
    return alert_settings(table, f"{where}: [alerts]")
