"""A vServer definition from the command line or a TOML file, every value checked and
every error naming where it came from (``FILE: filesystems[1]: ...`` or ``--fs: ...``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from vdcftui.display import shown
from vdcftui.errors import OperatorError, UsageError
from vdcftui.ops.vserver.define import BRANDS, DatasetSpec, FilesystemSpec, NetSpec
from vdcftui.solaris.names import InvalidName, validate_node_name, validate_zonename

T = TypeVar("T")

# where each value comes from: the TOML key, the command-line option
_KEYS = {
    "name": ("name", "NAME"),
    "node": ("node", "--node"),
    "brand": ("brand", "--brand"),
    "datasets": ("datasets", "--dataset"),
    "filesystems": ("filesystems", "--fs"),
    "networks": ("networks", "--net"),
}


@dataclass(frozen=True)
class Definition:
    """What `vserver create` records, its values checked."""

    name: str
    node: str
    datasets: list[DatasetSpec]
    filesystems: list[FilesystemSpec]
    nets: list[NetSpec]
    brand: str


def _at(field: str, origin: Path | None, index: int | None = None) -> str:
    key, option = _KEYS[field]
    if origin is None:
        return option
    return f"{origin}: {key}" + (f"[{index}]" if index is not None else "")


def _one(parse: Callable[[str], T], value: Any, where: str) -> T:
    if not isinstance(value, str):
        raise UsageError(f"{where}: expected a string, not {shown(type(value).__name__)}")
    try:
        return parse(value)
    except (InvalidName, OperatorError) as exc:
        raise UsageError(f"{where}: {shown(exc, 300)}") from None


def _many(parse: Callable[[str], T], values: Any, field: str, origin: Path | None) -> list[T]:
    if isinstance(values, str) or not isinstance(values, list | tuple):
        raise UsageError(f"{_at(field, origin)}: expected a list of strings")
    return [_one(parse, v, _at(field, origin, i)) for i, v in enumerate(values)]


def _brand(value: str) -> str:
    if value not in BRANDS:
        raise UsageError(f"unknown brand '{shown(value)}'; one of {', '.join(BRANDS)}")
    return value


def checked_definition(
    values: tuple[Any, Any, Any, Any, Any, Any], origin: Path | None = None
) -> Definition:
    """``(name, node, datasets, filesystems, networks, brand)`` as read from ``origin``
    (a TOML file) or the command line (None), each value checked by its rules."""
    name, node, datasets, filesystems, nets, brand = values
    return Definition(
        name=_one(validate_zonename, name, _at("name", origin)),
        node=_one(validate_node_name, node, _at("node", origin)),
        datasets=_many(DatasetSpec.parse, datasets, "datasets", origin),
        filesystems=_many(FilesystemSpec.parse, filesystems, "filesystems", origin),
        nets=_many(NetSpec.parse, nets, "networks", origin),
        brand=_one(_brand, brand, _at("brand", origin)),
    )
