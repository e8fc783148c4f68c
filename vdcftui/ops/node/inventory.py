"""The lab's inventory file: where its nodes, controllers and consoles listen.

`vdcftui lab` writes it; `vdcftui node discover --lab` reads it to know which hosts
to discover, with which credentials, and which host keys to expect.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vdcftui.errors import OperatorError
from vdcftui.paths import data_dir
from vdcftui.textfile import read_text


@dataclass(frozen=True)
class InventoryHost:
    """One SSH host of the inventory: a node (physical, CDom or GDom)."""

    name: str
    kind: str
    address: str
    port: int
    host_key: str | None
    pool: str | None = None
    cdom: str | None = None
    sc: str | None = None
    console: dict[str, Any] | None = None
    powered: bool = True


@dataclass(frozen=True)
class Inventory:
    """The parsed inventory: nodes, credentials, controllers and terminal servers."""

    path: Path
    username: str
    password: str | None
    client_key: str | None
    nodes: list[InventoryHost]
    system_controllers: list[dict[str, Any]] = field(default_factory=list)
    terminal_servers: list[dict[str, Any]] = field(default_factory=list)


def default_lab_dir() -> Path:
    """The lab's working directory: $VDCFTUI_LAB_DIR or lab/ in the data directory."""
    env = os.environ.get("VDCFTUI_LAB_DIR")
    return Path(env) if env else data_dir() / "lab"


def load_inventory(path: Path | None = None) -> Inventory:
    """Read an inventory file (default: the running lab's) or explain why it cannot."""
    path = path or default_lab_dir() / "inventory.json"
    if not path.exists():
        raise OperatorError(f"no lab inventory at {path}: start the lab with 'vdcftui lab'")
    try:
        data = json.loads(read_text(path, "lab inventory"))
    except json.JSONDecodeError as exc:
        raise OperatorError(f"cannot read lab inventory {path}: {exc}") from None
    try:
        creds = data["credentials"]
        nodes = [
            InventoryHost(
                name=n["name"],
                kind=n.get("kind", "physical"),
                address=n["address"],
                port=int(n["port"]),
                host_key=n.get("host_key"),
                pool=n.get("pool"),
                cdom=n.get("cdom"),
                sc=n.get("sc"),
                console=n.get("console"),
                powered=bool(n.get("powered", True)),
            )
            for n in data["nodes"]
        ]
    except (KeyError, TypeError, ValueError) as exc:
        raise OperatorError(f"lab inventory {path} is malformed: missing or bad {exc}") from None
    return Inventory(
        path=path,
        username=creds.get("username", "root"),
        password=creds.get("password"),
        client_key=creds.get("client_key"),
        nodes=nodes,
        system_controllers=list(data.get("system_controllers", [])),
        terminal_servers=list(data.get("terminal_servers", [])),
    )
