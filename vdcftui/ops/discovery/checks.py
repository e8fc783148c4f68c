"""Checking every value a host reported before it is recorded.

A host may report anything: a zonepath with a shell pipe in it, a model with terminal
escape sequences. Every value that could reach a command or a terminal is checked by
:mod:`vdcftui.solaris.names`. A record whose *name* is invalid is left out; a record
with a valid name but an invalid value is kept with that value withheld and a reason,
which refuses the object for operations until the host is fixed and discovered again.
Either way a warning names the host, the field and the value (escaped).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from vdcftui.display import shown
from vdcftui.solaris.names import (
    InvalidName,
    validate_addrobj,
    validate_device_name,
    validate_domainname,
    validate_hostname,
    validate_ip_address,
    validate_ip_prefix,
    validate_link_name,
    validate_path,
    validate_wwn,
    validate_zfs_dataset,
    validate_zonename,
    validate_zpool_name,
)
from vdcftui.solaris.names import validate_text as _text

if TYPE_CHECKING:
    from vdcftui.ops.discovery.facts import NodeFacts, ZoneFacts

Validator = Callable[[str], object]

# zfs mountpoint values that are not paths
_NOT_MOUNTED = {"-", "none", "legacy"}


def reported(host: str, field: str, value: object, reason: str, subject: str = "") -> str:
    """The warning for an invalid value: host, field, object, the value escaped and
    the rule it broke."""
    of = f" for {subject}" if subject else ""
    return f"{host} reported an invalid {field}{of} ('{shown(value)}': {reason})"


def _brand(value: str) -> str:
    _text(value, "brand", 31)
    if not value.replace("-", "").replace("_", "").isalnum():
        raise InvalidName("brand", value, "only letters, digits, '-' and '_' are allowed")
    return value


def _text_of(kind: str) -> Validator:
    return lambda value: _text(value, kind)


def _ip_or_prefix(value: str) -> object:
    return validate_ip_prefix(value) if "/" in value else validate_ip_address(value)


def _datalink(value: str) -> object:
    """A datalink as the global zone's `dladm show-link` names it: LINK, or ZONE/LINK
    for a link a non-global zone owns (an anet's VNIC)."""
    zone, slash, link = value.rpartition("/")
    if slash:
        validate_zonename(zone)
    return validate_link_name(link)


def _mountpoint(value: str) -> object:
    return value if value in _NOT_MOUNTED else validate_path(value, "mountpoint")


class _Check:
    """The checks of one node's facts, collecting what was left out or refused."""

    def __init__(self, facts: NodeFacts) -> None:
        self.facts = facts
        self.host = facts.name

    def why(self, fields: Iterable[tuple[str, object, Validator]], subject: str) -> str | None:
        """The warning for the first invalid value among ``(field, value, validate)``."""
        for field, value, validate in fields:
            if value is None or value == "":
                continue
            try:
                validate(str(value))
            except InvalidName as exc:
                return reported(self.host, field, value, exc.reason, subject)
        return None

    def left_out(self, warning: str) -> None:
        self.facts.invalid_values.append(f"{warning}; not recorded")

    def refused(self, warning: str, what: str) -> None:
        self.facts.invalid_values.append(f"{warning}; {what} refused for operations")

    # -- the node itself ---------------------------------------------------------------

    def node(self) -> None:
        f = self.facts
        fields: list[tuple[str, object, Validator]] = [
            ("host name", f.hostname, validate_hostname),
            ("LDom domain name", f.ldom_domainname, validate_domainname),
            ("LDom control domain", f.ldom_controller, validate_hostname),
        ]
        for name in ("model", "platform", "arch", "os_version", "os_release_line", "kernel_id"):
            fields.append((name.replace("_", " "), getattr(f, name), _text_of(name)))
        for name in ("sru", "cpu_type", "ldom_version"):
            fields.append((name.replace("_", " "), getattr(f, name), _text_of(name)))
        for field, value, validate in fields:
            warning = self.why([(field, value, validate)], f"node {f.name}")
            if warning:
                f.invalid.append(warning)
                self.refused(warning, f"node {f.name}")
        kept = []
        for patch in f.patches:
            warning = self.why([("patch id", patch, _text_of("patch id"))], "")
            if warning:
                self.left_out(warning)
            else:
                kept.append(patch)
        f.patches = kept

    # -- zones -------------------------------------------------------------------------

    def zones(self) -> None:
        kept: list[ZoneFacts] = []
        for zone in self.facts.zones:
            entry = zone.entry
            bad_name = self.why([("zone name", entry.zonename, validate_zonename)], "")
            if bad_name:
                self.left_out(bad_name)
                continue
            subject = f"zone {entry.zonename}"
            bad_path = self.why([("zonepath", entry.zonepath, _zonepath)], subject)
            warning = bad_path or self.why(
                [
                    ("zone state", entry.state, _text_of("zone state")),
                    ("zone brand", entry.brand, _brand),
                    ("zone uuid", entry.uuid, _text_of("zone uuid")),
                    ("zone ip-type", entry.ip_type, _text_of("zone ip-type")),
                ],
                subject,
            )
            config = zone.config
            if warning is None and config is not None:
                warning = self.why(_config_fields(config), subject)
            if warning is None:
                kept.append(zone)
                continue
            self.refused(warning, f"vServer {entry.zonename}")
            if bad_path:
                entry = dataclasses.replace(entry, zonepath="")
            kept.append(dataclasses.replace(zone, entry=entry, config=None, invalid=warning))
        self.facts.zones = kept

    # -- storage -----------------------------------------------------------------------

    def storage(self) -> None:
        f = self.facts
        pools = []
        for pool in f.pools:
            warning = self.why([("zpool name", pool.name, validate_zpool_name)], "")
            warning = warning or self.why(
                [("zpool health", pool.health, _text_of("zpool health"))]
                + [("LUN WWN", w, validate_wwn) for w in pool.wwns],
                f"pool {pool.name}",
            )
            if warning:
                self.left_out(warning)
            else:
                pools.append(pool)
        f.pools = pools
        names = {p.name for p in pools}
        filesystems = []
        for fs in f.filesystems:
            name = str(fs["name"])
            pool_name = name.split("/")[0]
            warning = self.why([("ZFS dataset name", name, validate_zfs_dataset)], "")
            if warning:
                self.left_out(warning)
                continue
            if pool_name not in names:
                continue
            warning = self.why([("mountpoint", fs["mountpoint"], _mountpoint)], f"ZFS {name}")
            if warning:
                f.tainted_pools.setdefault(pool_name, warning)
                self.left_out(warning)
                continue
            filesystems.append(fs)
        f.filesystems = filesystems
        luns = []
        for lun in f.luns:
            warning = self.why(
                [
                    ("LUN WWN", lun.wwn, validate_wwn),
                    ("disk device", lun.device, validate_device_name),
                    ("disk description", lun.description, _text_of("disk description")),
                ],
                f"LUN {shown(lun.wwn)}",
            )
            if warning:
                self.left_out(warning)
            else:
                luns.append(lun)
        f.luns = luns

    # -- network and guests ------------------------------------------------------------

    def network(self) -> None:
        f = self.facts
        interfaces = []
        for nic in f.interfaces:
            fields: list[tuple[str, object, Validator]] = [
                ("link name", nic.name, _datalink),
                ("link class", nic.kind, _text_of("link class")),
                ("link state", nic.state, _text_of("link state")),
            ]
            fields += [("link name", over, _datalink) for over in nic.over.split()]
            warning = self.why(fields, f"link {shown(nic.name)}")
            if warning:
                self.left_out(warning)
            else:
                interfaces.append(nic)
        f.interfaces = interfaces
        addresses = []
        for addr in f.addresses:
            warning = self.why(
                [
                    ("address object name", addr.addrobj, validate_addrobj),
                    ("link name", addr.interface, validate_link_name),
                    ("IP address", addr.address, validate_ip_address),
                    ("zone name", addr.zone, validate_zonename),
                ],
                f"address {shown(addr.addrobj)}",
            )
            if warning:
                self.left_out(warning)
            else:
                addresses.append(addr)
        f.addresses = addresses

    def gdoms(self) -> None:
        kept = []
        for gdom in self.facts.gdoms:
            fields: list[tuple[str, object, Validator]] = [
                ("GDom name", gdom.name, validate_domainname),
                ("GDom state", gdom.state, _text_of("GDom state")),
                ("GDom flags", gdom.flags, _text_of("GDom flags")),
                ("GDom console", gdom.cons, _text_of("GDom console")),
                ("GDom uuid", gdom.uuid, _text_of("GDom uuid")),
            ]
            for device in gdom.vdisks + gdom.vnets:
                fields += [
                    (f"GDom device {k}", v, _text_of("GDom device")) for k, v in device.items()
                ]
            warning = self.why(fields, f"GDom {shown(gdom.name)}")
            if warning:
                self.left_out(warning)
            else:
                kept.append(gdom)
        self.facts.gdoms = kept


def _special(value: str) -> object:
    # a lofs directory, or the dataset of a zfs fs resource
    return validate_path(value, "fs special") if value[:1] == "/" else validate_zfs_dataset(value)


def _zonepath(value: str) -> object:
    return validate_path(value, "zonepath")


def _config_fields(config: Any) -> list[tuple[str, object, Validator]]:
    """Every value of a zone configuration that is stored or reaches a command."""
    fields: list[tuple[str, object, Validator]] = [
        ("zonepath (zonecfg)", config.zonepath, _zonepath),
        ("zone brand (zonecfg)", config.brand, _brand),
    ]
    fields += [("delegated dataset", d, validate_zfs_dataset) for d in config.datasets]
    for fs in config.filesystems:
        fields += [
            ("fs dir", fs.get("dir"), lambda v: validate_path(v, "fs dir")),
            ("fs special", fs.get("special"), _special),
            ("fs type", fs.get("type"), _brand),
        ]
    for net in config.nets:
        fields += [
            ("net linkname", net.get("linkname"), validate_link_name),
            ("net physical", net.get("physical"), validate_link_name),
            ("net lower-link", net.get("lower-link"), validate_link_name),
            ("net address", net.get("address"), _ip_or_prefix),
            ("net defrouter", net.get("defrouter"), validate_ip_address),
        ]
    return fields


def check_facts(facts: NodeFacts) -> None:
    """Check every value of a node's facts in place: invalid records left out, objects
    with an invalid value marked (``facts.invalid``, ``ZoneFacts.invalid``,
    ``facts.tainted_pools``); every finding is added to the node's warnings."""
    check = _Check(facts)
    check.node()
    check.zones()
    check.storage()
    check.network()
    check.gdoms()
    facts.warnings.extend(facts.invalid_values)
