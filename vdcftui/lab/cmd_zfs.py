"""ZFS datasets and snapshots on a lab node: zfs list|get|create|set|destroy|rename|
snapshot|send|receive."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from vdcftui.lab.cmd_storage import NUMERIC, human, parse_size, property_table, rpool
from vdcftui.lab.commands import Result, command
from vdcftui.lab.state import Filesystem

if TYPE_CHECKING:
    from vdcftui.lab.state import SimNode, Zpool

_LIST_FIELDS = {"name", "used", "avail", "refer", "mountpoint", "quota", "type"}
_TYPES = {"filesystem", "volume", "snapshot", "all"}
# `zfs get all`: the properties the lab keeps, in the order of the zfs-get-all capture
_PROPERTIES = (
    "type",
    "creation",
    "used",
    "available",
    "referenced",
    "compressratio",
    "mounted",
    "quota",
    "reservation",
    "mountpoint",
    "compression",
    "readonly",
)
# those a snapshot has (ohai's Solaris filesystem spec: `zfs get -p -H all` of snapshots)
_SNAPSHOT_PROPERTIES = ("type", "creation", "used", "referenced", "compressratio")
_ALIASES = {"avail": "available", "refer": "referenced"}
# unverified: the lab's marker for a send stream (real streams are binary DMU records)
_STREAM = "LAB-ZFS-STREAM"


class _Dataset:
    """A filesystem or one of its snapshots, as zfs reports it."""

    def __init__(self, pool: Zpool, fs: Filesystem, snapshot: str | None = None) -> None:
        self.pool, self.fs, self.snapshot = pool, fs, snapshot

    @property
    def name(self) -> str:
        """``pool/fs`` or ``pool/fs@snap``."""
        return self.fs.name if self.snapshot is None else f"{self.fs.name}@{self.snapshot}"

    @property
    def kind(self) -> str:
        """filesystem or snapshot."""
        return "filesystem" if self.snapshot is None else "snapshot"

    def value(self, prop: str, exact: bool) -> tuple[str, str]:
        """(value, source) of a property, scaled unless ``exact``."""
        size = str if exact else human
        fs, snap = self.fs, self.snapshot
        prop = _ALIASES.get(prop, prop)
        if prop == "name":
            return self.name, "-"
        if prop == "type":
            return self.kind, "-"
        if prop == "creation":
            stamp = time.strftime("%a %b %e %k:%M %Y", time.localtime(fs.created))
            return (str(int(fs.created)) if exact else stamp), "-"
        if prop == "used":
            return size(fs.used if snap is None else 0), "-"
        if prop == "referenced":
            return size(fs.used if snap is None else fs.snapshots[snap]), "-"
        if prop == "compressratio":
            return "1.00x", "-"
        if snap is not None:
            return "-", "-"
        if prop == "available":
            return size((fs.quota or self.pool.size) - fs.used), "-"
        if prop == "mounted":
            return "yes", "-"
        if prop == "quota":
            if fs.quota:
                return size(fs.quota), "local"
            return ("0" if exact else "none"), "default"
        if prop == "mountpoint":
            default = f"/{fs.name}"
            return fs.mountpoint, ("default" if fs.mountpoint == default else "local")
        if prop == "reservation":
            return ("0" if exact else "none"), "default"
        return "off", "default"  # compression, readonly


def _datasets(node: SimNode) -> dict[str, _Dataset]:
    """Every filesystem and snapshot of the node's imported pools, by name."""
    found: dict[str, _Dataset] = {}
    for pool in [rpool(node), *node.zpools_here()]:
        for fs in pool.filesystems.values():
            found[fs.name] = _Dataset(pool, fs)
            for snap in fs.snapshots:
                found[f"{fs.name}@{snap}"] = _Dataset(pool, fs, snap)
    return found


def _tree_order(name: str) -> str:
    """Sort key: a filesystem, then its snapshots, then its children (zfs-list-s10
    capture)."""
    return name.replace("@", "\0")


@command("zfs")
def zfs(node: SimNode, args: list[str], stdin: str) -> Result:
    """zfs list|get|create|set|destroy|rename|snapshot|send|receive."""
    if not args:
        return "", "missing command\nusage: zfs command args ...\n", 2
    verb, rest = args[0], args[1:]
    if verb in ("receive", "recv"):
        return _receive(node, rest, stdin)
    handler = _VERBS.get(verb)
    if handler is None:
        return "", f"unrecognized command '{verb}'\nusage: zfs command args ...\n", 2
    return handler(node, rest)


def _options(args: list[str], with_value: str) -> tuple[dict[str, str], str, list[str]]:
    """getopt for zfs: (options taking a value, flag letters, operands)."""
    values: dict[str, str] = {}
    flags = ""
    operands: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        if arg.startswith("-") and len(arg) > 1:
            for pos, letter in enumerate(arg[1:], 1):
                if letter in with_value:
                    values[letter] = arg[pos + 1 :] or (
                        args[index + 1] if index + 1 < len(args) else ""
                    )
                    index += 0 if arg[pos + 1 :] else 1
                    break
                flags += letter
        else:
            operands.append(arg)
        index += 1
    return values, flags, operands


def _selected(
    node: SimNode, names: list[str], types: set[str], recursive: bool
) -> list[_Dataset] | str:
    """The datasets `zfs list`/`zfs get` report, or the error for a missing one."""
    found = _datasets(node)
    for name in names:
        if name not in found:
            return f"cannot open '{name}': dataset does not exist\n"
    chosen = []
    for name in sorted(found, key=_tree_order):
        dataset = found[name]
        if "all" not in types and dataset.kind not in types and name not in names:
            continue
        if names and not any(
            name == n or (recursive and name.startswith((f"{n}/", f"{n}@"))) for n in names
        ):
            continue
        chosen.append(dataset)
    return chosen


def _types(node: SimNode, values: dict[str, str], default: str) -> set[str] | str:
    """The -t types, or the error for an unknown one."""
    types = set(values.get("t", default).split(","))
    bad = sorted(types - _TYPES)
    if bad:
        # unverified: zfs's wording for an unknown -t type
        return f"invalid type '{bad[0]}'\n"
    return types


def _list(node: SimNode, args: list[str]) -> Result:
    """zfs list [-rHp] [-o FIELDS] [-t TYPES] [DATASET...]. Without -t, Solaris 10 lists
    snapshots too (zfs-list-s10-zfsroot capture: listsnapshots defaults to on there) and
    Solaris 11 does not (listsnapshots=off, zpool-get-all capture)."""
    values, flags, names = _options(args, "ost")
    fields = values.get("o", "name,used,avail,refer,mountpoint").split(",")
    bad = [f for f in fields if f not in _LIST_FIELDS]
    if bad:
        return "", f"bad property list: invalid property '{bad[0]}'\n", 2
    default = "filesystem,volume,snapshot" if node.solaris10 else "filesystem,volume"
    types = _types(node, values, default)
    if isinstance(types, str):
        return "", types, 2
    chosen = _selected(node, names, types, "r" in flags)
    if isinstance(chosen, str):
        return "", chosen, 1
    rows = [[d.value(field, "p" in flags)[0] for field in fields] for d in chosen]
    if "H" in flags:
        return "".join("\t".join(r) + "\n" for r in rows), "", 0
    if not rows:
        return "", "no datasets available\n", 0
    header = [f.upper() for f in fields]
    widths = [
        max(len(header[i]), 5 if fields[i] in NUMERIC else 0, *(len(r[i]) for r in rows))
        for i in range(len(fields))
    ]
    return (
        "".join(
            "  ".join(
                c.rjust(w) if fields[i] in NUMERIC else c.ljust(w)
                for i, (c, w) in enumerate(zip(line, widths, strict=True))
            ).rstrip()
            + "\n"
            for line in [header, *rows]
        ),
        "",
        0,
    )


def _get(node: SimNode, args: list[str]) -> Result:
    """zfs get [-rHp] [-o FIELDS] [-t TYPES] all|PROP[,PROP] [DATASET...]: the columns
    NAME PROPERTY VALUE SOURCE of the zfs-get-all-volumes capture."""
    values, flags, operands = _options(args, "ost")
    if not operands:
        usage = (
            'missing property argument\nusage:\n\tget [-rHp] [-o "all" | field[,...]] '
            '[-t type[,...]] [-s source[,...]]\n\t    <"all" | property[,...]> '
            "[filesystem|volume|snapshot] ...\n"
        )
        return "", usage, 2
    wanted = list(_PROPERTIES) if operands[0] == "all" else operands[0].split(",")
    for prop in wanted:
        if prop != "name" and _ALIASES.get(prop, prop) not in _PROPERTIES:
            return "", f"bad property list: invalid property '{prop}'\n", 2
    types = _types(node, values, "all")
    if isinstance(types, str):
        return "", types, 2
    chosen = _selected(node, operands[1:], types, "r" in flags)
    if isinstance(chosen, str):
        return "", chosen, 1
    columns = values.get("o", "name,property,value,source").split(",")
    rows = []
    for dataset in chosen:
        for prop in wanted:
            if operands[0] == "all" and dataset.snapshot and prop not in _SNAPSHOT_PROPERTIES:
                continue
            value, source = dataset.value(prop, "p" in flags)
            cells = {"name": dataset.name, "property": prop, "value": value, "source": source}
            rows.append([cells[c] for c in columns])
    if "H" in flags:
        return "".join("\t".join(r) + "\n" for r in rows), "", 0
    return property_table([c.upper() for c in columns], rows), "", 0


def _create(node: SimNode, args: list[str]) -> Result:
    # unverified: silence on success (no capture or document shows it)
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
    quota = parse_size(options.get("quota"))
    pool.filesystems[name] = Filesystem(
        name,
        options.get(
            "mountpoint", f"{pool.filesystems[parent].mountpoint}/{name.rsplit('/', 1)[1]}"
        ),
        31 << 10,
        quota,
    )
    return "", "", 0


def _set(node: SimNode, args: list[str]) -> Result:
    # unverified: silence on success (no capture or document shows it)
    if len(args) != 2 or "=" not in args[0]:
        return (
            "",
            "missing dataset name\nusage:\n\tset <property=value> ... "
            "<filesystem|volume|snapshot> ...\n",
            2,
        )
    key, _, value = args[0].partition("=")
    found = _datasets(node)
    if args[1] not in found:
        return "", f"cannot open '{args[1]}': dataset does not exist\n", 1
    fs = found[args[1]].fs
    if key == "quota":
        fs.quota = parse_size(value)
    elif key == "mountpoint":
        fs.mountpoint = value
    else:
        return "", f"cannot set property for '{args[1]}': invalid property '{key}'\n", 1
    return "", "", 0


def _destroy(node: SimNode, args: list[str]) -> Result:
    """zfs destroy [-r] FS|FS@SNAP."""
    # unverified: silence on success (no capture or document shows it)
    _, flags, names = _options(args, "")
    found = _datasets(node)
    target = names[0] if names else ""
    if "@" in target:
        fs_name, _, snap = target.partition("@")
        if fs_name in found and snap in found[fs_name].fs.snapshots:
            del found[fs_name].fs.snapshots[snap]
            return "", "", 0
        # unverified: the wording for a snapshot that does not exist
        return "", "could not find any snapshots to destroy; check snapshot names.\n", 1
    if target not in found:
        return "", f"cannot open '{target}': dataset does not exist\n", 1
    dataset = found[target]
    pool, fs = dataset.pool, dataset.fs
    if fs.name == pool.name:
        return "", f"cannot destroy '{fs.name}': operation does not apply to pools\n", 1
    children = [n for n in sorted(found, key=_tree_order) if n.startswith((f"{target}/",))]
    snapshots = [f"{fs.name}@{s}" for s in fs.snapshots]
    if (children or snapshots) and "r" not in flags:
        # zfs_main.c: snapshots count as children ("%s has children", the type's name)
        return (
            "",
            f"cannot destroy '{target}': filesystem has children\n"
            "use '-r' to destroy the following datasets:\n"
            + "".join(f"{n}\n" for n in [*children, *snapshots]),
            1,
        )
    for name in [n for n in children if "@" not in n]:
        del pool.filesystems[name]
    del pool.filesystems[fs.name]
    return "", "", 0


def _rename(node: SimNode, args: list[str]) -> Result:
    # unverified: silence on success (no capture or document shows it)
    names = [a for a in args if not a.startswith("-")]
    found = _datasets(node)
    if len(names) != 2 or names[0] not in found or "@" in names[0]:
        return "", f"cannot open '{names[0] if names else ''}': dataset does not exist\n", 1
    pool, fs = found[names[0]].pool, found[names[0]].fs
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


def _snapshot(node: SimNode, args: list[str]) -> Result:
    """zfs snapshot [-r] FS@SNAP...."""
    _, flags, names = _options(args, "o")
    if not names:
        return (
            "",
            "missing snapshot argument\nusage:\n\tsnapshot [-r] [-o property=value] ... "
            "<filesystem@snapname|volume@snapname> ...\n",
            2,
        )
    found = _datasets(node)
    for name in names:
        fs_name, at, snap = name.partition("@")
        if not at or not snap:
            # unverified: the wording for a name without @
            return "", f"cannot create snapshot '{name}': invalid character '@' in name\n", 1
        if fs_name not in found:
            # unverified: libzfs's wording for a snapshot of a missing dataset
            return "", f"cannot create snapshot '{name}': dataset does not exist\n", 1
        targets = [found[fs_name].fs]
        if "r" in flags:
            targets += [
                d.fs for n, d in found.items() if n.startswith(f"{fs_name}/") and "@" not in n
            ]
        if any(snap in fs.snapshots for fs in targets):
            return "", f"cannot create snapshot '{name}': dataset already exists\n", 1
        for fs in targets:
            fs.snapshots[snap] = fs.used
    return "", "", 0


def _send(node: SimNode, args: list[str]) -> Result:
    """zfs send [-R] [-i SNAP] FS@SNAP: the stream on stdout (a lab marker line)."""
    _, _, names = _options(args, "iI")
    if len(names) != 1:
        return (
            "",
            "missing snapshot argument\nusage:\n\tsend [-RDp] [-[iI] snapshot] <snapshot>\n",
            2,
        )
    name = names[0]
    found = _datasets(node)
    if "@" not in name or name not in found:
        return "", f"cannot open '{name}': dataset does not exist\n", 1
    dataset = found[name]
    return f"{_STREAM} {name} {dataset.fs.snapshots[dataset.snapshot or '']}\n", "", 0


def _receive(node: SimNode, args: list[str], stdin: str) -> Result:
    """zfs receive [-Fu] FS: a stream `zfs send` wrote, as a new filesystem."""
    _, flags, names = _options(args, "o")
    if len(names) != 1:
        return (
            "",
            "missing snapshot argument\nusage:\n\treceive [-vnFu] <filesystem|volume|snapshot>\n",
            2,
        )
    words = stdin.split()
    if len(words) != 3 or words[0] != _STREAM:
        return "", "cannot receive: invalid stream (bad magic number)\n", 1
    target = names[0]
    snap = words[1].partition("@")[2]
    pool = node.datacenter.zpools.get(target.split("/")[0])
    if pool is None or pool.imported_on != node.name:
        return "", f"cannot open '{target}': dataset does not exist\n", 1
    if target in pool.filesystems and "F" not in flags:
        return (
            "",
            f"cannot receive new filesystem stream: destination '{target}' exists\n"
            "must specify -F to overwrite it\n",
            1,
        )
    parent = target.rsplit("/", 1)[0]
    if "/" not in target or parent not in pool.filesystems:
        # unverified: libzfs's wording for a destination without its parent
        return (
            "",
            f"cannot receive new filesystem stream: destination '{target}' does not exist\n",
            1,
        )
    fs = Filesystem(
        target, f"{pool.filesystems[parent].mountpoint}/{target.rsplit('/', 1)[1]}", int(words[2])
    )
    fs.snapshots[snap] = int(words[2])
    pool.filesystems[target] = fs
    return "", "", 0


_VERBS: dict[str, Callable[[SimNode, list[str]], Result]] = {
    "list": _list,
    "get": _get,
    "create": _create,
    "set": _set,
    "destroy": _destroy,
    "rename": _rename,
    "snapshot": _snapshot,
    "snap": _snapshot,
    "send": _send,
}
