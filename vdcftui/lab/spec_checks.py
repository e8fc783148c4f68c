"""The values of a lab spec checked by Solaris's rules, each error naming its TOML key.

Names are what Solaris itself would accept (a zone named ``$(reboot)`` cannot exist). A
zonepath and a node's model are the exceptions a real host can report: zonecfg takes any
absolute path, spaces and '|' included, and prtdiag prints whatever the platform says,
so the lab can play a host that reports a hostile value; only a line break or a NUL,
which would break the lab's own outputs, is refused there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from vdcftui.display import shown
from vdcftui.solaris.names import (
    InvalidName,
    validate_domainname,
    validate_ip_prefix,
    validate_link_name,
    validate_node_name,
    validate_path,
    validate_pool_name,
    validate_wwn,
    validate_zfs_dataset,
    validate_zonename,
    validate_zpool_name,
)

if TYPE_CHECKING:
    from vdcftui.lab.spec import LabSpec

Check = tuple[str, object, Callable[[str], object]]


def _reportable(kind: str) -> Callable[[str], object]:
    def check(value: str) -> str:
        if not value:
            raise InvalidName(kind, value, "it is empty", noun="")
        if "\n" in value or "\r" in value or "\x00" in value:
            raise InvalidName(kind, value, "a line break or NUL is not allowed", noun="")
        return value

    return check


def _reported_zonepath(value: str) -> str:
    _reportable("zonepath")(value)
    if not value.startswith("/"):
        raise InvalidName("zonepath", value, "it must be an absolute path", noun="")
    return value


def _checks(spec: LabSpec) -> Iterator[Check]:
    for i, pool in enumerate(spec.pools):
        yield f"pools[{i}].name", pool, validate_pool_name
    for i, node in enumerate(spec.nodes):
        key = f"nodes[{i}]"
        yield f"{key}.name", node.name, validate_node_name
        if node.kind == "gdom":
            yield f"{key}.name", node.name, validate_domainname
        if node.pool:
            yield f"{key}.pool", node.pool, validate_pool_name
        if node.cdom:
            yield f"{key}.cdom", node.cdom, validate_node_name
        yield f"{key}.model", node.model, _reportable("model")
        for j, nic in enumerate(node.nics):
            yield f"{key}.nics[{j}]", nic, validate_link_name
        for name, members in {**node.aggregations, **node.ipmp}.items():
            yield f"{key}.aggregations/ipmp {name}", name, validate_link_name
            for member in members:
                yield f"{key}.aggregations/ipmp {name}", member, validate_link_name
        for j, address in enumerate(node.addresses):
            yield f"{key}.addresses[{j}].link", address.link, validate_link_name
            yield f"{key}.addresses[{j}].address", address.address, validate_ip_prefix
    for i, lun in enumerate(spec.luns):
        yield f"luns[{i}].wwn", lun.wwn, validate_wwn
    for i, zpool in enumerate(spec.zpools):
        key = f"zpools[{i}]"
        yield f"{key}.name", zpool.name, validate_zpool_name
        for name, mountpoint in zpool.filesystems.items():
            yield f"{key}.filesystems", name, validate_zfs_dataset
            yield f"{key}.filesystems.{name}", mountpoint, validate_path
    for i, zone in enumerate(spec.zones):
        key = f"zones[{i}]"
        yield f"{key}.name", zone.name, validate_zonename
        yield f"{key}.zonepath", zone.zonepath, _reported_zonepath
        for j, dataset in enumerate(zone.datasets):
            yield f"{key}.datasets[{j}]", dataset, validate_zfs_dataset
        for j, directory in enumerate(zone.lofs):
            yield f"{key}.lofs[{j}]", directory, validate_path
        if zone.address:
            yield f"{key}.address", zone.address, validate_ip_prefix


def first_invalid(spec: LabSpec) -> str | None:
    """``KEY: error`` for the first value of the spec that breaks its rule, or None."""
    for key, value, validate in _checks(spec):
        if not isinstance(value, str):
            return f"{key}: expected a string, not {shown(type(value).__name__)}"
        try:
            validate(value)
        except InvalidName as exc:
            return f"{key}: {exc}"
    return None
