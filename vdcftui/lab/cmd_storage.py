"""Disks, multipathing, zpools and ZFS on a lab node; zpools live on shared LUNs."""

from __future__ import annotations

import time
import zlib
from typing import TYPE_CHECKING

from vdcftui.lab.commands import Result, command
from vdcftui.lab.state import INTERNAL_DISKS, Filesystem, Zpool

if TYPE_CHECKING:
    from vdcftui.lab.state import SimNode


def human(size: int) -> str:
    """A size as zfs and zpool print it: three significant digits and a unit."""
    for unit, shift in (("T", 40), ("G", 30), ("M", 20), ("K", 10)):
        if size >= 1 << shift:
            value = size / (1 << shift)
            return f"{value:.3g}{unit}" if value < 100 else f"{value:.0f}{unit}"
    return str(size)


def _device(wwn: str) -> str:
    return f"c0t{wwn}d0"


@command("format")
def format_disks(node: SimNode, args: list[str], stdin: str) -> Result:
    """format </dev/null: the disk list, then the prompt that gets end of file."""
    # unverified: the disk prompt after the list (the format captures end before it)
    out = ["Searching for disks...done\n\n\nAVAILABLE DISK SELECTIONS:\n"]
    for index, disk in enumerate(INTERNAL_DISKS):
        out.append(
            f"       {index}. {disk} <HGST-H101860SFSUN600G-A990 cyl 64986 alt 2 hd 27 sec 668>\n"
            f"          /scsi_vhci/disk@g{disk[3:19].lower()}\n"
        )
    index = len(INTERNAL_DISKS)
    for wwn in node.visible_luns:
        out.append(
            f"       {index}. {_device(wwn)} <SUN-LCSM100_F-0670 cyl 5118 alt 2 hd 64 "
            f"sec 64>\n          /scsi_vhci/ssd@g{wwn.lower()}\n"
        )
        index += 1
    out.append("Specify disk (enter its number): \n")
    return "".join(out), "", 0


@command("mpathadm")
def mpathadm(node: SimNode, args: list[str], stdin: str) -> Result:
    """mpathadm list lu."""
    # unverified: spaces or tabs before the lines (the captures show spaces, copied
    # from web pages; docs/solaris/zones-storage-patching.md section 8)
    if args != ["list", "lu"]:
        return "", f"mpathadm: unrecognized subcommand or object: {' '.join(args)}\n", 1
    out = []
    for wwn in node.visible_luns:
        paths = node.datacenter.luns[wwn].paths
        out.append(
            f"        /dev/rdsk/{_device(wwn)}s2\n"
            f"                Total Path Count: {paths}\n"
            f"                Operational Path Count: {paths}\n"
        )
    return "".join(out), "", 0


_ZPOOL_FIELDS = {"name", "size", "alloc", "free", "cap", "health", "dedup", "altroot"}
# numeric columns are at least 5 wide ("20.4M") and right-aligned, as libzfs prints them
NUMERIC = {"size", "alloc", "free", "dedup", "used", "avail", "refer", "quota"}


def _zpool_value(pool: Zpool, field: str) -> str:
    used = sum(fs.used for fs in pool.filesystems.values())
    return {
        "name": pool.name,
        "size": human(pool.size),
        "alloc": human(used),
        "free": human(pool.size - used),
        "cap": f"{used * 100 // pool.size}%",
        "health": "ONLINE",
        "dedup": "1.00x",
        "altroot": "-",
    }[field]


def rpool(node: SimNode) -> Zpool:
    """The node's root pool (on its internal disk)."""
    return node.rpool


@command("zpool")
def zpool(node: SimNode, args: list[str], stdin: str) -> Result:
    """zpool list|status|get|import|export|create|destroy."""
    if not args:
        return "", "missing command\nusage: zpool command args ...\n", 2
    verb, rest = args[0], args[1:]
    handler = {
        "list": _zpool_list,
        "status": _zpool_status,
        "get": _zpool_get,
        "import": _zpool_import,
        "export": _zpool_export,
        "create": _zpool_create,
        "destroy": _zpool_destroy,
        "attach": _zpool_attach,
    }.get(verb)
    if handler is None:
        return "", f"unrecognized command '{verb}'\nusage: zpool command args ...\n", 2
    return handler(node, rest)


def _zpool_list(node: SimNode, args: list[str]) -> Result:
    fields = ["name", "size", "alloc", "free", "cap", "dedup", "health", "altroot"]
    scripted = False
    names: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "-H":
            scripted = True
        elif arg == "-o" and index + 1 < len(args):
            fields = args[index + 1].split(",")
            index += 1
        else:
            names.append(arg)
        index += 1
    bad = [f for f in fields if f not in _ZPOOL_FIELDS]
    if bad:
        return "", f"bad property list: invalid property '{bad[0]}'\n", 2
    pools = [rpool(node), *sorted(node.zpools_here(), key=lambda p: p.name)]
    if names:
        known = {p.name: p for p in pools}
        missing = [n for n in names if n not in known]
        if missing:
            return "", f"cannot open '{missing[0]}': no such pool\n", 1
        pools = [known[n] for n in names]
    rows = [[_zpool_value(p, f) for f in fields] for p in pools]
    if scripted:
        return "".join("\t".join(r) + "\n" for r in rows), "", 0
    header = [f.upper() for f in fields]
    widths = [
        max(len(header[i]), 5 if fields[i] in NUMERIC else 0, *(len(r[i]) for r in rows))
        for i in range(len(fields))
    ]
    lines = [header, *rows]
    left = {"name", "health", "altroot"}
    text = "".join(
        "  ".join(
            c.ljust(w) if fields[i] in left else c.rjust(w)
            for i, (c, w) in enumerate(zip(line, widths, strict=True))
        ).rstrip()
        + "\n"
        for line in lines
    )
    return text, "", 0


def _config(pool: Zpool, counts: bool = True, disks: tuple[str, ...] = ()) -> str:
    """The vdev tree of `zpool status` (or, without error counts, of `zpool import`);
    ``disks``: the internal disks of the root pool (two: a mirror)."""
    entries = [(0, pool.name)]
    if pool.name == "rpool" and len(disks) > 1:
        entries.append((2, "mirror-0"))
        entries += [(4, disk) for disk in disks]
    elif pool.name == "rpool":
        entries += [(2, disk) for disk in disks]
    elif pool.layout == "mirror":
        entries.append((2, "mirror-0"))
        entries += [(4, _device(w)) for w in pool.luns]
    else:
        entries += [(2, _device(w)) for w in pool.luns]
    longest = max(indent + len(name) for indent, name in entries)
    if not counts:
        # print_import_config: "\t%*s%-*s  %s", the name column at least 10 wide
        width = max(longest, 10)
        return "".join(f"\t{' ' * indent + name:<{width}}  ONLINE\n" for indent, name in entries)
    width = max(len("NAME"), longest) + 2
    rows = [f"\t{'NAME':<{width}}STATE     READ WRITE CKSUM\n"]
    rows += [
        f"\t{' ' * indent + name:<{width}}ONLINE       0     0     0\n" for indent, name in entries
    ]
    return "".join(rows)


def _zpool_attach(node: SimNode, args: list[str]) -> Result:
    """zpool attach [-f] rpool DISK NEW_DISK: the root pool mirrored on a second
    internal disk (resilvered at once)."""
    # unverified: silence on success and the error lines (no capture of either); the
    # lab mirrors only the root pool
    words = [a for a in args if a != "-f"]
    if len(words) != 3:
        return (
            "",
            "missing <device> specification\nusage:\n\tattach [-f] <pool> <device> <new-device>\n",
            2,
        )
    pool, device, new = words
    if pool != "rpool":
        return "", f"cannot open '{pool}': no such pool\n", 1
    if device not in node.rpool_disks:
        return "", f"cannot attach {new} to {device}: no such device in pool\n", 1
    if new not in INTERNAL_DISKS or new in node.rpool_disks:
        return "", f"cannot attach {new} to {device}: {new} is busy or not a disk\n", 1
    node.rpool_disks.append(new)
    return "", "", 0


def _zpool_status(node: SimNode, args: list[str]) -> Result:
    """zpool status [-x] [POOL...]. With -x only unhealthy pools, and the one line real
    zpool prints when there are none (zpool_main.c: ``all pools are healthy``, or
    ``pool 'P' is healthy`` for a named pool). unverified: a mirrored root pool's
    vdev names (the captures' root pools are single disks)."""
    pools = [rpool(node), *sorted(node.zpools_here(), key=lambda p: p.name)]
    names = [a for a in args if not a.startswith("-")]
    if names:
        known = {p.name: p for p in pools}
        if names[0] not in known:
            return "", f"cannot open '{names[0]}': no such pool\n", 1
        pools = [known[n] for n in names if n in known]
    if "-x" in args:
        # the lab's pools are always ONLINE: none is listed
        if len(names) == 1:
            return f"pool '{names[0]}' is healthy\n", "", 0
        return "all pools are healthy\n", "", 0
    blocks = [
        f"  pool: {p.name}\n state: ONLINE\n  scan: none requested\nconfig:\n\n"
        f"{_config(p, disks=tuple(node.rpool_disks))}\nerrors: No known data errors\n"
        for p in pools
    ]
    return "\n".join(blocks), "", 0


# `zpool get all`: the Oracle Solaris property set, in the order of the zpool-get-all
# capture (Solaris 11.2, pool version 34). unverified: the same set on Solaris 10 and 11.4
_POOL_PROPERTIES = (
    "allocated",
    "altroot",
    "autoexpand",
    "autoreplace",
    "bootfs",
    "cachefile",
    "capacity",
    "dedupditto",
    "dedupratio",
    "delegation",
    "failmode",
    "free",
    "guid",
    "health",
    "listshares",
    "listsnapshots",
    "readonly",
    "size",
    "version",
)


def _pool_property(node: SimNode, pool: Zpool, prop: str) -> tuple[str, str]:
    """(value, source) of a pool property."""
    used = sum(fs.used for fs in pool.filesystems.values())
    computed = {
        "allocated": human(used),
        "capacity": f"{used * 100 // pool.size}%",
        "dedupratio": "1.00x",
        "free": human(pool.size - used),
        "guid": str(pool.guid or zlib.crc32(pool.name.encode())),
        "health": "ONLINE",
        "readonly": "off",
        "size": human(pool.size),
    }
    if prop in computed:
        return computed[prop], "-"
    defaults = {"altroot": "-", "bootfs": "-", "cachefile": "-", "dedupditto": "0"}
    defaults |= {
        "delegation": "on",
        "failmode": "wait",
        "version": "32" if node.solaris10 else "34",
    }
    if prop == "bootfs" and pool.name == "rpool":
        return "rpool/ROOT/solaris", "local"
    return defaults.get(prop, "off"), "default"


def _zpool_get(node: SimNode, args: list[str]) -> Result:
    """zpool get [-H] all|PROP[,PROP] [POOL...] (zpool-get-all capture)."""
    scripted = "-H" in args
    words = [a for a in args if not a.startswith("-")]
    if not words:
        return "", 'missing property name\nusage:\n\tget <"all" | property[,...]> <pool> ...\n', 2
    wanted = list(_POOL_PROPERTIES) if words[0] == "all" else words[0].split(",")
    bad = [p for p in wanted if p not in _POOL_PROPERTIES and p != "name"]
    if bad:
        return "", f"bad property list: invalid property '{bad[0]}'\n", 2
    pools = [rpool(node), *sorted(node.zpools_here(), key=lambda p: p.name)]
    if words[1:]:
        known = {p.name: p for p in pools}
        missing = [n for n in words[1:] if n not in known]
        if missing:
            return "", f"cannot open '{missing[0]}': no such pool\n", 1
        pools = [known[n] for n in words[1:]]
    rows = []
    for pool in pools:
        for prop in wanted:
            value, source = (pool.name, "-") if prop == "name" else _pool_property(node, pool, prop)
            rows.append([pool.name, prop, value, source])
    if scripted:
        return "".join("\t".join(r) + "\n" for r in rows), "", 0
    return property_table(["NAME", "PROPERTY", "VALUE", "SOURCE"], rows), "", 0


def _importable(node: SimNode) -> list[Zpool]:
    return [
        p
        for p in node.datacenter.zpools.values()
        if p.imported_on != node.name and all(node.sees(w) for w in p.luns)
    ]


def _zpool_import(node: SimNode, args: list[str]) -> Result:
    force = "-f" in args
    names = [a for a in args if not a.startswith("-")]
    if not names:
        pools = _importable(node)
        if not pools:
            return "", "no pools available to import\n", 1
        blocks = []
        see = "http://www.sun.com/msg" if node.solaris10 else "http://support.oracle.com/msg"
        for pool in pools:
            in_use = pool.imported_on is not None
            # the labels right-aligned to ``status:`` (zpool_main.c show_import and the
            # ZFS-8000-EY capture); unverified: the Solaris 11 address of the message page
            blocks.append(
                f"  pool: {pool.name}\n    id: {pool.guid}\n state: ONLINE\n"
                + ("status: The pool was last accessed by another system.\n" if in_use else "")
                + "action: The pool can be imported using its name or numeric identifier"
                + (f" and\n\tthe '-f' flag.\n   see: {see}/ZFS-8000-EY\n" if in_use else ".\n")
                + "config:\n\n"
                + _config(pool, counts=False)
            )
        return "\n".join(blocks), "", 0
    name = names[0]
    found = node.datacenter.zpools.get(name)
    if found is None or not all(node.sees(w) for w in found.luns):
        return "", f"cannot import '{name}': no such pool available\n", 1
    pool = found
    if pool.imported_on == node.name:
        return (
            "",
            (
                f"cannot import '{name}': a pool with that name is already created/"
                f"imported,\nand no additional pools with that name were found\n"
            ),
            1,
        )
    if pool.imported_on and not force:
        other = node.datacenter.nodes[pool.imported_on]
        return (
            "",
            (
                f"cannot import '{name}': pool may be in use from other system, it was "
                f"last accessed by {other.hostname} (hostid: 0x{other.hostid:x}) on "
                f"{time.ctime(pool.accessed)}\nuse '-f' to import anyway\n"
            ),
            1,
        )
    pool.imported_on = node.name
    pool.last_host = node.name
    pool.accessed = time.time()
    return "", "", 0


def _delegated_busy(node: SimNode, pool: Zpool) -> str | None:
    """The mount point that keeps a pool busy: a filesystem of it delegated (`add
    dataset`) to a zone running on this node."""
    for zone in node.zones.values():
        if zone.state not in ("running", "ready"):
            continue
        for resource in zone.live_resources():
            name = resource.get("name", "")
            if (
                resource["resource"] == "dataset"
                and (name == pool.name or name.startswith(f"{pool.name}/"))
                and name in pool.filesystems
            ):
                return pool.filesystems[name].mountpoint
    return None


def _zpool_export(node: SimNode, args: list[str]) -> Result:
    names = [a for a in args if not a.startswith("-")]
    if not names:
        return "", "missing pool argument\nusage:\n\texport [-f] <pool> ...\n", 2
    pool = node.datacenter.zpools.get(names[0])
    if pool is None or pool.imported_on != node.name:
        return "", f"cannot open '{names[0]}': no such pool\n", 1
    for zone in node.zones.values():
        if zone.state in ("running", "ready", "mounted") and any(
            fs.mountpoint == zone.zonepath for fs in pool.filesystems.values()
        ):
            return "", f"cannot unmount '{zone.zonepath}': Device busy\n", 1
    busy = _delegated_busy(node, pool)
    if busy is not None:
        return "", f"cannot unmount '{busy}': Device busy\n", 1
    pool.imported_on = None
    return "", "", 0


def _zpool_destroy(node: SimNode, args: list[str]) -> Result:
    # unverified: silence on success (no capture or document shows it)
    names = [a for a in args if not a.startswith("-")]
    pool = node.datacenter.zpools.get(names[0]) if names else None
    if pool is None or pool.imported_on != node.name:
        return "", f"cannot open '{names[0] if names else ''}': no such pool\n", 1
    for zone in node.zones.values():
        if zone.state != "configured" and any(
            fs.mountpoint == zone.zonepath for fs in pool.filesystems.values()
        ):
            return "", f"cannot unmount '{zone.zonepath}': Device busy\n", 1
    busy = _delegated_busy(node, pool)
    if busy is not None:
        return "", f"cannot unmount '{busy}': Device busy\n", 1
    del node.datacenter.zpools[pool.name]
    return "", "", 0


def _zpool_create(node: SimNode, args: list[str]) -> Result:
    # unverified: silence on success (no capture or document shows it)
    words = [a for a in args if not a.startswith("-")]
    if len(words) < 2:
        return "", "missing pool name argument\nusage:\n\tcreate [-fnd] <pool> <vdev> ...\n", 2
    name, vdevs = words[0], words[1:]
    layout = "mirror" if vdevs[0] == "mirror" else "stripe"
    devices = [v for v in vdevs if v != "mirror"]
    if name in node.datacenter.zpools:
        return "", f"cannot create '{name}': pool already exists\n", 1
    wwns = []
    for device in devices:
        wwn = device.removeprefix("c0t").removesuffix("d0").upper()
        if not node.sees(wwn):
            return (
                "",
                f"cannot open '{device}': no such device in /dev/dsk\n"
                "must be a full path or shorthand device name\n",
                1,
            )
        if any(wwn in p.luns for p in node.datacenter.zpools.values()):
            return (
                "",
                (
                    f"invalid vdev specification\nuse '-f' to override the following "
                    f"errors:\n/dev/dsk/{device}s0 is part of exported or potentially "
                    f"active ZFS pool. Please see zpool(1M).\n"
                ),
                1,
            )
        wwns.append(wwn)
    sizes = [node.datacenter.luns[w].size_gb for w in wwns]
    size = (min(sizes) if layout == "mirror" else sum(sizes)) << 30
    pool = Zpool(
        name,
        wwns,
        layout,
        size,
        node.name,
        node.name,
        guid=0x2A000000 + len(node.datacenter.zpools),
    )
    pool.filesystems[name] = Filesystem(name, f"/{name}", 96 << 10)
    node.datacenter.zpools[name] = pool
    return "", "", 0


def parse_size(text: str | None) -> int | None:
    """A ZFS size value (``10G``, ``512M``, bytes) in bytes; None for ``none`` or unset."""
    if not text or text == "none":
        return None
    units = {"K": 10, "M": 20, "G": 30, "T": 40}
    if text[-1].upper() in units:
        return int(float(text[:-1]) * (1 << units[text[-1].upper()]))
    return int(text)


def property_table(header: list[str], rows: list[list[str]]) -> str:
    """The `zpool get` / `zfs get` table: left-aligned columns, each two spaces wider than
    its longest cell, the last one unpadded (zpool-get-all and zfs-get-all captures)."""
    lines = [header, *rows]
    widths = [max(len(line[i]) for line in lines) + 2 for i in range(len(header))]
    return "".join(
        "".join(c.ljust(w) for c, w in zip(line[:-1], widths, strict=False)) + line[-1] + "\n"
        for line in lines
    )
