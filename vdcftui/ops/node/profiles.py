"""Model profiles (F-DSC, F-INS): how a node of a server model is laid out, from a
TOML file the operator keeps (``models.toml`` beside settings.toml, or
``$VDCFTUI_MODELS``), read whole and refused whole when any value is wrong:

    [model."SPARC T7-1"]
    root_disk = "c0t5000CCA0255A0B40d0"      # as `format` lists the disks
    root_mirror = "c0t5000CCA0255A0B44d0"

    [model."SPARC T7-1".network.public]     # management, public or backup
    interfaces = ["net2", "net3"]
    group = "aggregation"                   # or "ipmp"
    name = "aggr1"

The model's name is the one discovery reads (``prtdiag``'s ``System Configuration``
line, as ``vdcftui node show`` prints it). A profile says which two internal disks
carry the mirrored root pool and, per network type, the interfaces and the one IPMP
group or link aggregation over them.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vdcftui.errors import OperatorError
from vdcftui.paths import config_dir
from vdcftui.solaris.names import (
    InvalidName,
    validate_device_name,
    validate_link_name,
    validate_text,
)
from vdcftui.textfile import UnreadableFile, read_text

NETWORK_TYPES = ("management", "public", "backup")
GROUP_KINDS = ("ipmp", "aggregation")
_PROFILE_KEYS = {"root_disk", "root_mirror", "network"}
_NETWORK_KEYS = {"interfaces", "group", "name"}


class ProfileError(OperatorError):
    """The model profiles file is unreadable or holds a wrong value."""


@dataclass(frozen=True)
class NetworkLayout:
    """One network type of a model: its interfaces and the group over them."""

    net_type: str
    interfaces: tuple[str, ...]
    group: str
    name: str


@dataclass(frozen=True)
class ModelProfile:
    """How a node of ``model`` is laid out: root disk and its mirror, networks."""

    model: str
    root_disk: str
    root_mirror: str
    networks: tuple[NetworkLayout, ...]

    def network(self, net_type: str) -> NetworkLayout | None:
        """The layout of one network type, if the profile has it."""
        return next((n for n in self.networks if n.net_type == net_type), None)

    def to_json(self) -> dict[str, Any]:
        """The profile as JSON data (``model show --json``)."""
        return {
            "model": self.model,
            "root_disk": self.root_disk,
            "root_mirror": self.root_mirror,
            "networks": {
                n.net_type: {"interfaces": list(n.interfaces), "group": n.group, "name": n.name}
                for n in self.networks
            },
        }


def profiles_path() -> Path:
    """$VDCFTUI_MODELS, or models.toml beside settings.toml."""
    if env := os.environ.get("VDCFTUI_MODELS"):
        return Path(env)
    return config_dir() / "models.toml"


def load_profiles(path: Path | None = None) -> dict[str, ModelProfile]:
    """Every profile of the file, by model; none when the file does not exist. A
    wrong value refuses the whole file, naming the model and the key."""
    path = path or profiles_path()
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(read_text(path, "model profiles"))
    except UnreadableFile as exc:
        raise ProfileError(str(exc)) from None
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{path}: {exc}") from None
    unknown = set(data) - {"model"}
    if unknown:
        raise ProfileError(f'{path}: unknown table {_first(unknown)!r} (one [model."NAME"] each)')
    models = data.get("model", {})
    if not isinstance(models, dict):
        raise ProfileError(f'{path}: model is a table of [model."NAME"] tables')
    return {name: _profile(path, name, table) for name, table in models.items()}


def profile_for(model: str | None, path: Path | None = None) -> ModelProfile:
    """The profile of a node's model, refused when the node's model is not known or
    the file has no profile for it."""
    where = path or profiles_path()
    if not model:
        raise ProfileError(
            "the node's server model is not known (discover it, or give --model when "
            "adding it): the install needs its model's profile"
        )
    profiles = load_profiles(path)
    if model not in profiles:
        known = ", ".join(sorted(profiles)) or "none"
        raise ProfileError(
            f"no profile for server model {model!r} in {where} (profiles: {known}; "
            "see vdcftui model list)"
        )
    return profiles[model]


def _first(keys: set[str]) -> str:
    return sorted(keys)[0]


def _profile(path: Path, model: str, table: Any) -> ModelProfile:
    where = f"{path}: model {model!r}"
    try:
        validate_text(model, "server model", 80)
    except InvalidName as exc:
        raise ProfileError(f"{path}: {exc}") from None
    if not isinstance(table, dict):
        raise ProfileError(f"{where}: not a table")
    unknown = set(table) - _PROFILE_KEYS
    if unknown:
        raise ProfileError(f"{where}: unknown key {_first(unknown)!r}")
    disks = tuple(_disk(where, table, key) for key in ("root_disk", "root_mirror"))
    if disks[0] == disks[1]:
        raise ProfileError(f"{where}: root_mirror is the root disk itself")
    networks = table.get("network", {})
    if not isinstance(networks, dict):
        raise ProfileError(f"{where}: network is a table of [..network.TYPE] tables")
    layouts = tuple(_network(where, kind, networks[kind]) for kind in networks)
    _unique(where, layouts)
    return ModelProfile(model, disks[0], disks[1], layouts)


def _disk(where: str, table: dict[str, Any], key: str) -> str:
    value = table.get(key)
    if not isinstance(value, str):
        raise ProfileError(f"{where}: {key} is a disk name such as c0t5000CCA0255A0B40d0")
    try:
        return validate_device_name(value)
    except InvalidName as exc:
        raise ProfileError(f"{where}: {key}: {exc}") from None


def _network(where: str, kind: str, table: Any) -> NetworkLayout:
    if kind not in NETWORK_TYPES:
        raise ProfileError(
            f"{where}: unknown network type {kind!r} (one of {', '.join(NETWORK_TYPES)})"
        )
    where = f"{where}: network {kind}"
    if not isinstance(table, dict):
        raise ProfileError(f"{where}: not a table")
    unknown = set(table) - _NETWORK_KEYS
    if unknown:
        raise ProfileError(f"{where}: unknown key {_first(unknown)!r}")
    group = table.get("group")
    if group not in GROUP_KINDS:
        raise ProfileError(f"{where}: group is one of {', '.join(GROUP_KINDS)}")
    interfaces = table.get("interfaces")
    if (
        not isinstance(interfaces, list)
        or not interfaces
        or not all(isinstance(i, str) for i in interfaces)
    ):
        raise ProfileError(f'{where}: interfaces is a list of datalinks such as ["net0"]')
    if len(set(interfaces)) != len(interfaces):
        raise ProfileError(f"{where}: an interface is listed twice")
    name = table.get("name")
    if not isinstance(name, str):
        raise ProfileError(f"{where}: name is the {group}'s name (ipmp0, aggr1)")
    try:
        links = tuple(validate_link_name(i) for i in interfaces)
        validate_link_name(name)
    except InvalidName as exc:
        raise ProfileError(f"{where}: {exc}") from None
    if name in links:
        raise ProfileError(f"{where}: the {group} {name} is named as one of its interfaces")
    return NetworkLayout(kind, links, group, name)


def _unique(where: str, layouts: tuple[NetworkLayout, ...]) -> None:
    """No interface in two networks, no two groups of one name."""
    seen: dict[str, str] = {}
    for layout in layouts:
        for link in (*layout.interfaces, layout.name):
            if link in seen:
                raise ProfileError(
                    f"{where}: {link} is in the {seen[link]} and the {layout.net_type} network"
                )
            seen[link] = layout.net_type
