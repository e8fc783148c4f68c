"""The operator's settings file (settings.toml in $XDG_CONFIG_HOME/vdcftui): console
defaults, and the engine's tables: ``[monitor]`` (intervals and retention of the
collectors, read by :mod:`vdcftui.ops.monitor.config`), ``[ha]`` (keep-alives and
failover, :mod:`vdcftui.ops.ha.config`), ``[alerts]`` (:mod:`vdcftui.ops.alerts.settings`)
and ``[vserver]`` (the system configuration a committed zone gets,
:mod:`vdcftui.ops.vserver.sysconfig`), without the console's Textual themes."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from themes import DEFAULT_THEME
from vdcftui.errors import OperatorError
from vdcftui.ops.alerts.settings import alert_settings
from vdcftui.ops.ha.config import parse_ha
from vdcftui.ops.vserver.sysconfig import vserver_settings
from vdcftui.paths import settings_path
from vdcftui.textfile import read_text


@dataclass(frozen=True)
class Settings:
    """What an operator may set once instead of on every start."""

    theme: str = DEFAULT_THEME
    console_escape: str = "^]"
    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id -> keys, e.g. ``"vservers.migrate" = "M"`` (ids are shown by `?`)."""


def load_settings(path: Path | None = None) -> Settings:
    """The settings; defaults when the file does not exist; a clear error when broken."""
    path = path or settings_path()
    if not path.exists():
        return Settings()
    try:
        data = tomllib.loads(read_text(path, "settings"))
    except tomllib.TOMLDecodeError as exc:
        raise OperatorError(f"{path}: {exc}") from None
    data.pop("monitor", None)  # the engine's: vdcftui.ops.monitor.config checks it
    parse_ha(data.pop("ha", {}), path)  # the engine's; checked here too, so errors show early
    alert_settings(data.pop("alerts", {}), f"{path}: [alerts]")  # the engine's, likewise
    vserver_settings(data.pop("vserver", {}), f"{path}: [vserver]")  # commits' defaults
    known = {"theme", "console_escape", "keymap", "monitor", "ha", "alerts", "vserver"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise OperatorError(
            f"{path}: unknown setting {', '.join(unknown)} (known: {', '.join(sorted(known))})"
        )
    keymap = data.pop("keymap", {})
    dotted = (
        [k for k, v in keymap.items() if isinstance(v, dict)] if isinstance(keymap, dict) else []
    )
    if dotted:
        raise OperatorError(
            f'{path}: keymap: quote each binding id, e.g. "{dotted[0]}.ID" = "keys" '
            "(unquoted, TOML reads the dot as a table)"
        )
    if not isinstance(keymap, dict) or not all(isinstance(v, str) for v in keymap.values()):
        raise OperatorError(f'{path}: keymap must be a table of binding id = "keys"')
    return Settings(**{k: str(v) for k, v in data.items()}, keymap=dict(keymap))
