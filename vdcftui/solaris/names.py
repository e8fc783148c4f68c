"""Validation of names that cross into a remote shell, by Solaris's own rules.

Every name an operator types (zone, node, GDom, pool, dataset, filesystem) passes
through one of these functions before any command is built with it. A refused name
raises :class:`InvalidName`, whose message says which rule it broke.
"""

from __future__ import annotations

import re

__all__ = [
    "InvalidName",
    "validate_zonename",
    "validate_hostname",
    "validate_domainname",
    "validate_zpool_name",
    "validate_zfs_dataset",
    "validate_mountpoint",
    "validate_wwn",
    "validate_link_name",
]


class InvalidName(ValueError):
    """A name Solaris would refuse, or one that is unsafe to put on a command line."""

    def __init__(self, kind: str, name: str, reason: str) -> None:
        self.kind = kind
        self.name = name
        self.reason = reason
        super().__init__(f"invalid {kind} name {name!r}: {reason}")


_ZONENAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_HOST_LABEL = re.compile(r"[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?")
_DOMAINNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.+-]*")
_ZPOOL = re.compile(r"[A-Za-z][A-Za-z0-9_.:-]*")
_ZFS_COMPONENT = re.compile(r"[A-Za-z0-9_.:-]+")
_WWN = re.compile(r"[0-9A-Fa-f]{16}|[0-9A-Fa-f]{32}")
_LINK = re.compile(r"[A-Za-z][A-Za-z0-9_.]*[0-9]|[A-Za-z][A-Za-z0-9_.]*")
_ZPOOL_RESERVED = {
    "mirror",
    "raidz",
    "raidz1",
    "raidz2",
    "raidz3",
    "draid",
    "spare",
    "log",
    "cache",
}


def _common(kind: str, name: str, max_len: int) -> None:
    if not isinstance(name, str) or not name:
        raise InvalidName(kind, str(name), "it is empty")
    if len(name) > max_len:
        raise InvalidName(kind, name, f"it is {len(name)} characters long, the limit is {max_len}")
    if name.startswith("-"):
        raise InvalidName(kind, name, "it starts with '-'")


def _bad_char(name: str, allowed: str) -> str:
    for ch in name:
        if not (ch.isascii() and (ch.isalnum() or ch in allowed)):
            return f"character {ch!r} is not allowed"
    return "it does not follow the naming rules"


def validate_zonename(name: str) -> str:
    """Check a zone (vServer) name: 1-64 characters, alphanumeric first, then
    alphanumerics, '-', '_' and '.'; 'global' and names starting with 'SUNW' are reserved."""
    _common("zone", name, 64)
    if not _ZONENAME.fullmatch(name):
        raise InvalidName("zone", name, _bad_char(name, "-_."))
    if name == "global" or name.startswith("SUNW"):
        raise InvalidName("zone", name, "the name is reserved by Solaris")
    return name


def validate_hostname(name: str) -> str:
    """Check a node's host name (RFC 1123 labels of up to 63 characters, dot-separated)
    or an IPv4/IPv6 address."""
    _common("host", name, 255)
    if re.fullmatch(r"[0-9.]+", name):
        parts = name.split(".")
        if len(parts) == 4 and all(p.isdigit() and int(p) < 256 for p in parts):
            return name
        raise InvalidName("host", name, "it is not a valid IPv4 address")
    if ":" in name and re.fullmatch(r"[0-9A-Fa-f:]+", name):
        return name
    for label in name.split("."):
        if len(label) > 63:
            raise InvalidName("host", name, f"label {label!r} is longer than 63 characters")
        if not _HOST_LABEL.fullmatch(label):
            reason = _bad_char(label, "-") if label else "it has an empty label"
            raise InvalidName("host", name, reason)
    return name


def validate_domainname(name: str) -> str:
    """Check an LDom (GDom/CDom) name as `ldm` accepts it: alphanumeric first, then
    alphanumerics and '-', '_', '.', '+'; at most 255 characters."""
    _common("domain", name, 255)
    if not _DOMAINNAME.fullmatch(name):
        raise InvalidName("domain", name, _bad_char(name, "-_.+"))
    return name


def validate_zpool_name(name: str) -> str:
    """Check a ZFS pool name: a letter first, then alphanumerics and '_-.:'; not a
    reserved vdev word and not a disk-like name such as c0t0d0."""
    _common("zpool", name, 255)
    if not _ZPOOL.fullmatch(name):
        raise InvalidName(
            "zpool",
            name,
            _bad_char(name, "_-.:") if name[0].isalpha() else "it must start with a letter",
        )
    if name in _ZPOOL_RESERVED or re.match(r"c[0-9]", name):
        raise InvalidName("zpool", name, "the name is reserved by ZFS")
    return name


def validate_zfs_dataset(name: str) -> str:
    """Check a ZFS dataset name POOL[/FS...]: a valid pool, then '/'-separated
    components of alphanumerics and '_-.:'."""
    _common("ZFS dataset", name, 255)
    pool, _, rest = name.partition("/")
    validate_zpool_name(pool)
    if rest:
        for part in rest.split("/"):
            if not _ZFS_COMPONENT.fullmatch(part):
                raise InvalidName(
                    "ZFS dataset",
                    name,
                    _bad_char(part, "_-.:") if part else "it has an empty component",
                )
    return name


def validate_mountpoint(path: str) -> str:
    """Check a mount point or zone path: absolute, no '..', printable characters
    without shell metacharacters or whitespace."""
    _common("mount point", path, 1024)
    if not path.startswith("/"):
        raise InvalidName("mount point", path, "it must be an absolute path")
    if any(part == ".." for part in path.split("/")):
        raise InvalidName("mount point", path, "it must not contain '..'")
    for ch in path:
        if not (ch.isascii() and (ch.isalnum() or ch in "/_-.+,")):
            raise InvalidName("mount point", path, f"character {ch!r} is not allowed")
    return path


def validate_wwn(wwn: str) -> str:
    """Check a LUN's WWN: 16 or 32 hexadecimal digits."""
    _common("WWN", wwn, 32)
    if not _WWN.fullmatch(wwn):
        raise InvalidName("WWN", wwn, "it must be 16 or 32 hexadecimal digits")
    return wwn.upper()


def validate_link_name(name: str) -> str:
    """Check a datalink name (net0, aggr1, vnic3, e1000g0): a letter first,
    alphanumerics, '_' and '.', at most 31 characters."""
    _common("link", name, 31)
    if not _LINK.fullmatch(name):
        raise InvalidName("link", name, _bad_char(name, "_."))
    return name
