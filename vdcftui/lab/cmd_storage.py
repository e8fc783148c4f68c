"""Disks, multipathing, zpools and ZFS on a lab node; zpools live on shared LUNs."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from vdcftui.lab.commands import Result, command
from vdcftui.lab.state import Filesystem, Zpool

if TYPE_CHECKING:
    from vdcftui.lab.state import SimNode

ROOT_DISK = "c0t5000CCA0255A0B40d0"


def _human(size: int) -> str:
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
    out = [
        "Searching for disks...done\n\n\nAVAILABLE DISK SELECTIONS:\n",
        f"       0. {ROOT_DISK} <HGST-H101860SFSUN600G-A990 cyl 64986 alt 2 hd 27 sec 668>\n"
        "          /scsi_vhci/disk@g5000cca0255a0b40\n",
    ]
    index = 1
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
_NUMERIC = {"size", "alloc", "free", "dedup", "used", "avail", "refer", "quota"}


def _zpool_value(pool: Zpool, field: str) -> str:
    used = sum(fs.used for fs in pool.filesystems.values())
    return {
        "name": pool.name,
        "size": _human(pool.size),
        "alloc": _human(used),
        "free": _human(pool.size - used),
        "cap": f"{used * 100 // pool.size}%",
        "health": "ONLINE",
        "dedup": "1.00x",
        "altroot": "-",
    }[field]


def _rpool(node: SimNode) -> Zpool:
    pool = Zpool("rpool", [], "stripe", 556 << 30, node.name, node.name)
    pool.filesystems["rpool"] = Filesystem("rpool", "/rpool", 120 << 30)
    return pool


@command("zpool")
def zpool(node: SimNode, args: list[str], stdin: str) -> Result:
    """zpool list|status|import|export|create."""
    if not args:
        return "", "missing command\nusage: zpool command args ...\n", 2
    verb, rest = args[0], args[1:]
    handler = {
        "list": _zpool_list,
        "status": _zpool_status,
        "import": _zpool_import,
        "export": _zpool_export,
        "create": _zpool_create,
        "destroy": _zpool_destroy,
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
    pools = [_rpool(node), *sorted(node.zpools_here(), key=lambda p: p.name)]
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
        max(len(header[i]), 5 if fields[i] in _NUMERIC else 0, *(len(r[i]) for r in rows))
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


def _config(pool: Zpool, counts: bool = True) -> str:
    """The vdev tree of `zpool status` (or, without error counts, of `zpool import`)."""
    entries = [(0, pool.name)]
    if pool.name == "rpool":
        entries.append((2, ROOT_DISK))
    elif pool.layout == "mirror":
        entries.append((2, "mirror-0"))
        entries += [(4, _device(w)) for w in pool.luns]
    else:
        entries += [(2, _device(w)) for w in pool.luns]
    width = max(len("NAME"), *(indent + len(name) for indent, name in entries)) + 2
    if not counts:
        return "".join(f"\t{' ' * indent + name:<{width}}ONLINE\n" for indent, name in entries)
    rows = [f"\t{'NAME':<{width}}STATE     READ WRITE CKSUM\n"]
    rows += [
        f"\t{' ' * indent + name:<{width}}ONLINE       0     0     0\n" for indent, name in entries
    ]
    return "".join(rows)


def _zpool_status(node: SimNode, args: list[str]) -> Result:
    pools = [_rpool(node), *sorted(node.zpools_here(), key=lambda p: p.name)]
    names = [a for a in args if not a.startswith("-")]
    if names:
        known = {p.name: p for p in pools}
        if names[0] not in known:
            return "", f"cannot open '{names[0]}': no such pool\n", 1
        pools = [known[n] for n in names if n in known]
    blocks = [
        f"  pool: {p.name}\n state: ONLINE\n  scan: none requested\nconfig:\n\n"
        f"{_config(p)}\nerrors: No known data errors\n"
        for p in pools
    ]
    return "\n".join(blocks), "", 0


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
        for pool in pools:
            in_use = pool.imported_on is not None
            blocks.append(
                f"   pool: {pool.name}\n     id: {pool.guid}\n  state: ONLINE\n"
                + (" status: The pool was last accessed by another system.\n" if in_use else "")
                + " action: The pool can be imported using its name or numeric identifier"
                + (
                    " and\n\tthe '-f' flag.\n    see: http://support.oracle.com/msg/ZFS-8000-EY\n"
                    if in_use
                    else ".\n"
                )
                + " config:\n\n"
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


def _filesystems(node: SimNode) -> dict[str, tuple[Zpool, Filesystem]]:
    found = {}
    for pool in [_rpool(node), *node.zpools_here()]:
        for fs in pool.filesystems.values():
            found[fs.name] = (pool, fs)
    return found


_ZFS_FIELDS = {"name", "used", "avail", "refer", "mountpoint", "quota", "type"}


@command("zfs")
def zfs(node: SimNode, args: list[str], stdin: str) -> Result:
    """zfs list|create|set|destroy|rename."""
    if not args:
        return "", "missing command\nusage: zfs command args ...\n", 2
    verb, rest = args[0], args[1:]
    handler = {
        "list": _zfs_list,
        "create": _zfs_create,
        "set": _zfs_set,
        "destroy": _zfs_destroy,
        "rename": _zfs_rename,
    }.get(verb)
    if handler is None:
        return "", f"unrecognized command '{verb}'\nusage: zfs command args ...\n", 2
    return handler(node, rest)


def _zfs_value(pool: Zpool, fs: Filesystem, field: str, exact: bool) -> str:
    size = str if exact else _human
    if field == "name":
        return fs.name
    if field in ("used", "refer"):
        return size(fs.used)
    if field == "avail":
        return size((fs.quota or pool.size) - fs.used)
    if field == "mountpoint":
        return fs.mountpoint
    if field == "quota":
        return size(fs.quota) if fs.quota else ("0" if exact else "none")
    return "filesystem"


def _zfs_list(node: SimNode, args: list[str]) -> Result:
    fields = ["name", "used", "avail", "refer", "mountpoint"]
    scripted = exact = recursive = False
    names = []
    index = 0
    while index < len(args):
        arg = args[index]
        if arg in ("-o", "-t") and index + 1 < len(args):
            if arg == "-o":
                fields = args[index + 1].split(",")
            index += 1
        elif arg.startswith("-"):
            scripted |= "H" in arg
            exact |= "p" in arg
            recursive |= "r" in arg
        else:
            names.append(arg)
        index += 1
    bad = [f for f in fields if f not in _ZFS_FIELDS]
    if bad:
        return "", f"bad property list: invalid property '{bad[0]}'\n", 2
    found = _filesystems(node)
    for name in names:
        if name not in found:
            return "", f"cannot open '{name}': dataset does not exist\n", 1
    chosen = [
        found[n]
        for n in sorted(found)
        if not names
        or n in names
        or (recursive and any(n.startswith(f"{name}/") for name in names))
    ]
    rows = [[_zfs_value(p, f, field, exact) for field in fields] for p, f in chosen]
    if scripted:
        return "".join("\t".join(r) + "\n" for r in rows), "", 0
    header = [f.upper() for f in fields]
    widths = [
        max(len(header[i]), 5 if fields[i] in _NUMERIC else 0, *(len(r[i]) for r in rows))
        for i in range(len(fields))
    ]
    return (
        "".join(
            "  ".join(
                c.rjust(w) if fields[i] in _NUMERIC else c.ljust(w)
                for i, (c, w) in enumerate(zip(line, widths, strict=True))
            ).rstrip()
            + "\n"
            for line in [header, *rows]
        ),
        "",
        0,
    )


def _zfs_create(node: SimNode, args: list[str]) -> Result:
    options: dict[str, str] = {}
    names = []
    index = 0
    while index < len(args):
        if args[index] == "-o" and index + 1 < len(args):
            key, _, value = args[index + 1].partition("=")
            options[key] = value
            index += 2
        else:
            names.append(args[index])
            index += 1
    if len(names) != 1:
        return (
            "",
            "missing filesystem argument\nusage:\n\tcreate [-p] [-o property=value] "
            "... <filesystem>\n",
            2,
        )
    name = names[0]
    pool_name = name.split("/")[0]
    pool = node.datacenter.zpools.get(pool_name)
    if pool is None or pool.imported_on != node.name:
        return "", f"cannot create '{name}': no such pool '{pool_name}'\n", 1
    if name in pool.filesystems:
        return "", f"cannot create '{name}': dataset already exists\n", 1
    parent = name.rsplit("/", 1)[0]
    if parent not in pool.filesystems:
        return "", f"cannot create '{name}': parent does not exist\n", 1
    quota = _parse_size(options.get("quota"))
    pool.filesystems[name] = Filesystem(
        name,
        options.get(
            "mountpoint", f"{pool.filesystems[parent].mountpoint}/{name.rsplit('/', 1)[1]}"
        ),
        31 << 10,
        quota,
    )
    return "", "", 0


def _parse_size(text: str | None) -> int | None:
    if not text or text == "none":
        return None
    units = {"K": 10, "M": 20, "G": 30, "T": 40}
    if text[-1].upper() in units:
        return int(float(text[:-1]) * (1 << units[text[-1].upper()]))
    return int(text)


def _zfs_set(node: SimNode, args: list[str]) -> Result:
    if len(args) != 2 or "=" not in args[0]:
        return (
            "",
            "missing dataset name\nusage:\n\tset <property=value> ... "
            "<filesystem|volume|snapshot> ...\n",
            2,
        )
    key, _, value = args[0].partition("=")
    found = _filesystems(node)
    if args[1] not in found:
        return "", f"cannot open '{args[1]}': dataset does not exist\n", 1
    fs = found[args[1]][1]
    if key == "quota":
        fs.quota = _parse_size(value)
    elif key == "mountpoint":
        fs.mountpoint = value
    else:
        return "", f"cannot set property for '{args[1]}': invalid property '{key}'\n", 1
    return "", "", 0


def _zfs_destroy(node: SimNode, args: list[str]) -> Result:
    names = [a for a in args if not a.startswith("-")]
    found = _filesystems(node)
    if not names or names[0] not in found:
        target = names[0] if names else ""
        return "", f"cannot open '{target}': dataset does not exist\n", 1
    pool, fs = found[names[0]]
    if fs.name == pool.name:
        return "", f"cannot destroy '{fs.name}': operation does not apply to pools\n", 1
    del pool.filesystems[fs.name]
    return "", "", 0


def _zfs_rename(node: SimNode, args: list[str]) -> Result:
    names = [a for a in args if not a.startswith("-")]
    found = _filesystems(node)
    if len(names) != 2 or names[0] not in found:
        return "", f"cannot open '{names[0] if names else ''}': dataset does not exist\n", 1
    pool, fs = found[names[0]]
    new = names[1]
    if new.split("/")[0] != pool.name:
        return "", f"cannot rename to '{new}': datasets must be within same pool\n", 1
    if new in found:
        return "", f"cannot rename to '{new}': dataset already exists\n", 1
    if new.rsplit("/", 1)[0] not in pool.filesystems:
        return "", f"cannot rename to '{new}': parent does not exist\n", 1
    del pool.filesystems[fs.name]
    fs.name = names[1]
    pool.filesystems[fs.name] = fs
    return "", "", 0
