"""Validation of names that cross into a remote shell, by Solaris's own rules.

Every value an operator types or a host reports (zone, node, compute pool, GDom, zpool,
dataset, path, link, address, LUN) passes through one of these functions before any
command is built with it or it is stored as usable. A refused value raises
:class:`InvalidName`, whose message names the field, shows the value with its control
characters escaped (and cut when long) and says which rule it broke.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable

from vdcftui.display import shown, unsafe_character

__all__ = [
    "InvalidName",
    "validate_zonename",
    "validate_hostname",
    "validate_node_name",
    "validate_pool_name",
    "validate_domainname",
    "validate_zpool_name",
    "validate_zfs_dataset",
    "validate_mountpoint",
    "validate_path",
    "validate_wwn",
    "validate_device_name",
    "validate_link_name",
    "validate_addrobj",
    "validate_ip_address",
    "validate_ip_prefix",
    "validate_text",
    "validate_build_name",
    "validate_be_name",
    "validate_origin",
    "validate_word",
    "validate_list",
]

ZONENAME_MAX = 63
"""Solaris's ZONENAME_MAX is 64 bytes including the terminating NUL."""
NAME_MAX = 255
"""The longest path component (file name) Solaris allows."""
PATH_MAX = 1023
"""MAXPATHLEN (1024) less the terminating NUL."""


class InvalidName(ValueError):
    """A name Solaris would refuse, or one that is unsafe to put on a command line.

    ``kind`` names the field ("zone", "zonepath", "IP address"); names read
    "invalid zone name 'x'", other values "invalid zonepath 'x'".
    """

    def __init__(self, kind: str, name: str, reason: str, *, noun: str = "name") -> None:
        self.kind = kind
        self.name = name
        self.reason = reason
        label = f"{kind} {noun}" if noun else kind
        super().__init__(f"invalid {label} '{shown(name)}': {reason}")


_ZONENAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_HOST_LABEL = re.compile(r"[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?")
_DOMAINNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.+-]*")
_ZPOOL = re.compile(r"[A-Za-z][A-Za-z0-9_.:-]*")
_ZFS_COMPONENT = re.compile(r"[A-Za-z0-9_.:-]+")
_WWN = re.compile(r"[0-9A-Fa-f]{16}|[0-9A-Fa-f]{32}")
_DEVICE = re.compile(r"c[0-9]+(t[0-9A-Fa-f]+)?d[0-9]+(s[0-9]+|p[0-9]+)?")
_ADDROBJ_TAIL = re.compile(r"[A-Za-z0-9_]{1,32}")
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


def _common(kind: str, name: str, max_len: int, noun: str = "name") -> None:
    if not isinstance(name, str) or not name:
        raise InvalidName(kind, "" if name is None else str(name), "it is empty", noun=noun)
    if len(name) > max_len:
        raise InvalidName(
            kind,
            name,
            f"it is {len(name)} characters long, the limit is {max_len}",
            noun=noun,
        )
    if name.startswith("-"):
        raise InvalidName(kind, name, "it starts with '-'", noun=noun)


def _bad_char(name: str, allowed: str) -> str:
    for ch in name:
        if not (ch.isascii() and (ch.isalnum() or ch in allowed)):
            return f"character '{shown(ch)}' is not allowed"
    return "it does not follow the naming rules"


def validate_zonename(name: str) -> str:
    """Check a zone (vServer) name: 1-63 characters, alphanumeric first, then
    alphanumerics, '-', '_' and '.'; 'global' and names starting with 'SUNW' are reserved."""
    _common("zone", name, ZONENAME_MAX)
    if not _ZONENAME.fullmatch(name):
        raise InvalidName("zone", name, _bad_char(name, "-_."))
    if name == "global" or name.startswith("SUNW"):
        raise InvalidName("zone", name, "the name is reserved by Solaris")
    return name


def validate_hostname(name: str, kind: str = "host") -> str:
    """Check a node's host name (RFC 1123 labels of up to 63 characters, dot-separated)
    or an IPv4/IPv6 address."""
    _common(kind, name, 255)
    if re.fullmatch(r"[0-9.]+", name):
        parts = name.split(".")
        if len(parts) == 4 and all(p.isdigit() and int(p) < 256 for p in parts):
            return name
        raise InvalidName(kind, name, "it is not a valid IPv4 address")
    if ":" in name and re.fullmatch(r"[0-9A-Fa-f:]+", name):
        return name
    for label in name.split("."):
        if len(label) > 63:
            raise InvalidName(kind, name, f"label '{shown(label)}' is longer than 63 characters")
        if not _HOST_LABEL.fullmatch(label):
            reason = _bad_char(label, "-") if label else "it has an empty label"
            raise InvalidName(kind, name, reason)
    return name


def validate_node_name(name: str) -> str:
    """Check a node's name in the repository: a host name or an address, by the rules
    of :func:`validate_hostname`."""
    return validate_hostname(name, "node")


def validate_pool_name(name: str) -> str:
    """Check a compute pool's name: 1-63 characters, alphanumeric first, then
    alphanumerics, '-', '_' and '.'."""
    _common("compute pool", name, 63)
    if not _ZONENAME.fullmatch(name):
        raise InvalidName("compute pool", name, _bad_char(name, "-_."))
    return name


def validate_patch_object_name(name: str, kind: str) -> str:
    """Check a patch set's or patch target's name (``kind``): the rules of a compute
    pool's name."""
    _common(kind, name, 63)
    if not _ZONENAME.fullmatch(name):
        raise InvalidName(kind, name, _bad_char(name, "-_."))
    return name


def validate_domainname(name: str) -> str:
    """Check an LDom (GDom/CDom) name as `ldm` accepts it: alphanumeric first, then
    alphanumerics and '-', '_', '.', '+'; at most 255 characters."""
    _common("domain", name, 255)
    if not _DOMAINNAME.fullmatch(name):
        raise InvalidName("domain", name, _bad_char(name, "-_.+"))
    return name


def validate_ldm_name(name: str, kind: str) -> str:
    """Check the name of an `ldm` object other than a domain (a vds or vsw service, a
    volume, a virtual disk or network device) by the rules of domain names; ``kind``
    names it in the error ("virtual switch", "volume")."""
    _common(kind, name, 255)
    if not _DOMAINNAME.fullmatch(name):
        raise InvalidName(kind, name, _bad_char(name, "-_.+"))
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
    try:
        validate_zpool_name(pool)
    except InvalidName as exc:
        raise InvalidName("ZFS dataset", name, f"its pool: {exc.reason}") from None
    if rest:
        for part in rest.split("/"):
            if not _ZFS_COMPONENT.fullmatch(part):
                raise InvalidName(
                    "ZFS dataset",
                    name,
                    _bad_char(part, "_-.:") if part else "it has an empty component",
                )
    return name


def _check_path(kind: str, path: str, noun: str) -> str:
    _common(kind, path, PATH_MAX, noun)
    if not path.startswith("/"):
        raise InvalidName(kind, path, "it must be an absolute path", noun=noun)
    for ch in path:
        if not (ch.isascii() and (ch.isalnum() or ch in "/_-.+,")):
            raise InvalidName(kind, path, f"character '{shown(ch)}' is not allowed", noun=noun)
    parts = path.split("/")
    if any(part == ".." for part in parts):
        raise InvalidName(kind, path, "it must not contain '..'", noun=noun)
    longest = max(parts, key=len)
    if len(longest) > NAME_MAX:
        raise InvalidName(
            kind,
            path,
            f"a component is {len(longest)} characters long, the limit is {NAME_MAX}",
            noun=noun,
        )
    return path


def validate_mountpoint(path: str) -> str:
    """Check a mount point: absolute, no '..', components of at most 255 characters,
    printable characters without shell metacharacters or whitespace."""
    return _check_path("mount point", path, "name")


def validate_path(path: str, kind: str = "path") -> str:
    """Check an absolute path (a zonepath, a lofs directory) by the rules of
    :func:`validate_mountpoint`; ``kind`` names the field in the error."""
    return _check_path(kind, path, "")


def validate_wwn(wwn: str) -> str:
    """Check a LUN's WWN: 16 or 32 hexadecimal digits."""
    _common("WWN", wwn, 32)
    if not _WWN.fullmatch(wwn):
        raise InvalidName("WWN", wwn, "it must be 16 or 32 hexadecimal digits")
    return wwn.upper()


def validate_device_name(name: str) -> str:
    """Check a disk device name as `format` lists it (c0t600A...d0, c1d0s2)."""
    _common("device", name, 128)
    if not _DEVICE.fullmatch(name):
        raise InvalidName("device", name, "it must look like cNtTARGETdN[sN]")
    return name


def validate_link_name(name: str) -> str:
    """Check a datalink name (net0, aggr1, vnic3, e1000g0): a letter first,
    alphanumerics, '_' and '.', at most 31 characters."""
    _common("link", name, 31)
    if not _LINK.fullmatch(name):
        raise InvalidName("link", name, _bad_char(name, "_."))
    return name


def validate_addrobj(name: str) -> str:
    """Check an IP address object: ``LINK/ADDR`` as ipadm names them (net0/v4, net0/_a)
    or a logical interface ``LINK[:N]`` as ifconfig names them; at most 63 characters."""
    _common("address object", name, 63)
    link, slash, tail = name.partition("/")
    if slash:
        if not _ADDROBJ_TAIL.fullmatch(tail):
            raise InvalidName("address object", name, _bad_char(tail, "_") if tail else "empty")
    else:
        link, colon, number = name.partition(":")
        if colon and not number.isdigit():
            raise InvalidName("address object", name, "the logical unit must be a number")
    try:
        validate_link_name(link)
    except InvalidName as exc:
        raise InvalidName("address object", name, exc.reason) from None
    return name


def validate_ip_address(text: str, kind: str = "IP address") -> str:
    """Check an IPv4 or IPv6 address (no prefix); returns it in its canonical form."""
    _common(kind, text, 45, noun="")
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        raise InvalidName(kind, text, "it is not an IPv4 or IPv6 address", noun="") from None


def validate_ip_prefix(text: str, kind: str = "IP address") -> tuple[str, int]:
    """Check ``ADDRESS/PREFIX``; returns the address and the prefix length."""
    _common(kind, text, 49, noun="")
    address, slash, prefix = text.partition("/")
    if not slash or not prefix.isdigit():
        raise InvalidName(kind, text, "expected ADDRESS/PREFIX", noun="")
    address = validate_ip_address(address, kind)
    limit = 32 if "." in address else 128
    if int(prefix) > limit:
        raise InvalidName(kind, text, f"the prefix length must be 0 to {limit}", noun="")
    return address, int(prefix)


def validate_text(text: str, kind: str, max_len: int = 255) -> str:
    """Check a free-text value a host reports for display (a model, a CPU type): at
    most ``max_len`` characters, no control characters."""
    _common(kind, text, max_len, noun="")
    bad = unsafe_character(text)
    if bad is not None:
        raise InvalidName(kind, text, f"character '{shown(bad)}' is not allowed", noun="")
    return text


_SHELL_SPECIAL = set("\\'\"`$;&|<>()*?[]{}~#!^=% \t")


def validate_word(text: str, kind: str, allowed: str, max_len: int = 255) -> str:
    """Check one word of a configuration value (a domain, a property value, a path):
    1 to ``max_len`` characters, alphanumerics and ``allowed`` only. A control
    character, whitespace or a shell metacharacter is named in the refusal."""
    _common(kind, text, max_len, noun="")
    for ch in text:
        if ch.isascii() and (ch.isalnum() or ch in allowed):
            continue
        if unsafe_character(ch):
            reason = f"control character '{shown(ch)}' is not allowed"
        elif ch in _SHELL_SPECIAL:
            what = "whitespace" if ch.isspace() else "shell metacharacter"
            reason = f"{what} '{shown(ch)}' is not allowed"
        else:
            reason = f"character '{shown(ch)}' is not allowed"
        raise InvalidName(kind, text, reason, noun="")
    return text


def validate_list(
    text: str, kind: str, check: Callable[[str], str], most: int = 16
) -> tuple[str, ...]:
    """Check a comma-separated list of 1 to ``most`` values, each by ``check``; the
    values in order, duplicates refused."""
    if isinstance(text, str) and "," not in text and len(text.split()) > 1:
        raise InvalidName(kind, text, "give the values separated by commas, no spaces", noun="")
    validate_word(text, kind, ",.:_-", 1023)  # a metacharacter is named before the values
    values = tuple(check(part) for part in text.split(","))
    if len(values) > most:
        raise InvalidName(kind, text, f"{len(values)} values, the limit is {most}", noun="")
    if len(set(values)) != len(values):
        raise InvalidName(kind, text, "a value is given twice", noun="")
    return values


BUILD_NAME_MAX = 40
"""A build's name is also the name of the boot environment an upgrade to it creates."""
BE_NAME_MAX = 64
_ORIGIN = re.compile(
    r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~%+/-]*)?|file:///[A-Za-z0-9._+/-]+"
)


def validate_build_name(name: str) -> str:
    """Check a build's name: 1-40 characters, alphanumeric first, then alphanumerics,
    '-', '_' and '.' (it names the boot environment an upgrade creates)."""
    _common("build", name, BUILD_NAME_MAX)
    if not _ZONENAME.fullmatch(name):
        raise InvalidName("build", name, _bad_char(name, "-_."))
    return name


def validate_be_name(name: str) -> str:
    """Check a boot environment's name as `beadm` takes it (a ZFS dataset component
    under rpool/ROOT): alphanumeric first, then alphanumerics, '-', '_' and '.'."""
    _common("boot environment", name, BE_NAME_MAX)
    if not _ZONENAME.fullmatch(name):
        raise InvalidName("boot environment", name, _bad_char(name, "-_."))
    return name


def validate_origin(url: str) -> str:
    """Check an IPS repository origin (`pkg -g`): an http(s) URL or a file:/// path,
    without whitespace, quotes or shell metacharacters."""
    _common("publisher origin", url, 1023, noun="")
    if not _ORIGIN.fullmatch(url):
        raise InvalidName(
            "publisher origin",
            url,
            "it must be an http://, https:// or file:/// location without spaces or quotes",
            noun="",
        )
    return url
