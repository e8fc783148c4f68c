"""The ``[ha]`` table of settings.toml: keep-alive timing, failure timing, the share of
a pool's nodes that may go silent together before the network is suspected instead."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from vdcftui.errors import OperatorError
from vdcftui.paths import settings_table

DEFAULT_PORT = 7470


@dataclass(frozen=True)
class HaSettings:
    """How the engine watches nodes and when it acts."""

    listen: str = f"0.0.0.0:{DEFAULT_PORT}"
    """Where the engine receives keep-alives (UDP), ``address:port``."""
    advertise: str = ""
    """Where the nodes' agents send, ``address:port`` as the nodes reach the engine
    (written into each agent's configuration by `node agent install`); by default
    ``listen``, unless that is every address (``0.0.0.0``), which no node can send to."""
    keepalive_interval: float = 5.0
    """How often an agent sends (seconds); the watcher looks as often."""
    suspect_after: float = 15.0
    """Seconds without a keep-alive that make a node suspect."""
    failed_after: float = 60.0
    """Seconds a suspect node may fail every check (keep-alive, SSH, controller) before
    it is failed; a controller saying off makes it failed at once."""
    partition_share: float = 0.5
    """More than this share of a pool's nodes silent together: the management network
    is suspected and nothing is fenced."""

    @property
    def address(self) -> tuple[str, int]:
        """``listen`` as (host, port)."""
        host, _, port = self.listen.rpartition(":")
        return host, int(port)

    @property
    def agent_target(self) -> str | None:
        """Where agents send (``advertise``, else a ``listen`` that names one address);
        None when neither says."""
        if self.advertise:
            return self.advertise
        host = self.listen.rpartition(":")[0]
        return None if host in ("0.0.0.0", "::", "[::]", "*") else self.listen


def parse_ha(table: Any, path: Path) -> HaSettings:
    """The ``[ha]`` table checked: known keys, positive numbers, a share in (0, 1]."""
    if not isinstance(table, dict):
        raise OperatorError(f"{path}: ha must be a table ([ha])")
    known = {f.name for f in fields(HaSettings)}
    unknown = sorted(set(table) - known)
    if unknown:
        listed = ", ".join(sorted(known))
        raise OperatorError(f"{path}: unknown setting ha.{', ha.'.join(unknown)} (known: {listed})")
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key in ("listen", "advertise"):
            host, _, port = str(value).rpartition(":")
            if (
                not isinstance(value, str)
                or not re.fullmatch(r"[A-Za-z0-9.:\[\]-]+", host)
                or not port.isdigit()
                or not 0 < int(port) <= 65535
            ):
                raise OperatorError(f'{path}: ha.{key} must be "address:port", not {value!r}')
            values[key] = value
            continue
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise OperatorError(f"{path}: ha.{key} must be a positive number, not {value!r}")
        values[key] = float(value)
    settings = HaSettings(**values)
    if settings.partition_share > 1:
        raise OperatorError(f"{path}: ha.partition_share is a share of nodes, at most 1")
    if settings.suspect_after <= settings.keepalive_interval:
        raise OperatorError(f"{path}: ha.suspect_after must be longer than ha.keepalive_interval")
    return settings


def load_ha_settings(path: Path | None = None) -> HaSettings:
    """The ``[ha]`` settings of settings.toml; defaults when there are none."""
    found = settings_table("ha", path)
    if found is None:
        return HaSettings()
    table, where = found
    return parse_ha(table, where)
