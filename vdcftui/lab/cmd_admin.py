"""An administrator's commands that change what the monitoring sees: `mkfile` fills a
file system (and `rm` of that file frees it again), `svcadm` moves SMF instances
between states (`mark maintenance`, `clear`, `enable`, `disable`, `restart`).

mkfile(1M): ``mkfile [-nv] size[g|k|b|m] filename...``; a file on a ZFS file system
takes its bytes from the file system's quota or its pool. svcadm(1M): ``svcadm
[-v] enable [-rst] | disable [-st] | restart | refresh | clear | mark [-It]
maintenance|degraded  FMRI...``.
"""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING

from vdcftui.lab import smf, sysconf
from vdcftui.lab.commands import Result, command

if TYPE_CHECKING:
    from vdcftui.lab.state import Filesystem, SimNode, Zpool

_SIZE = re.compile(r"(\d+)([gkbm]?)")
_UNITS = {"": 1, "b": 512, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}
# unverified: mkfile's usage and error wording (no capture)
_MKFILE_USAGE = "Usage: mkfile [-nv] <size>[g|k|b|m] <name1> [<name2>] ...\n"


def _filesystems(node: SimNode) -> list[tuple[Zpool, Filesystem]]:
    """Every ZFS file system of the node's imported pools, with its pool."""
    from vdcftui.lab.cmd_storage import rpool

    return [
        (pool, fs)
        for pool in [rpool(node), *node.zpools_here()]
        for fs in pool.filesystems.values()
    ]


def _filesystem_of(node: SimNode, path: str) -> tuple[Zpool, Filesystem] | None:
    """The file system (and its pool) whose mount point holds ``path``: the deepest."""
    best = None
    for pool, fs in _filesystems(node):
        mount = fs.mountpoint.rstrip("/") or "/"
        inside = mount == "/" or path == mount or path.startswith(mount + "/")
        if inside and (best is None or len(mount) > len(best[1].mountpoint.rstrip("/"))):
            best = (pool, fs)
    return best


@command("mkfile")
def mkfile(node: SimNode, args: list[str], stdin: str) -> Result:
    """mkfile [-nv] SIZE FILE...: the file's bytes are taken from its file system."""
    words = [a for a in args if a not in ("-n", "-v")]
    if len(words) < 2 or not (match := _SIZE.fullmatch(words[0])):
        return "", _MKFILE_USAGE, 1
    size = int(match.group(1)) * _UNITS[match.group(2)]
    for path in words[1:]:
        found = _filesystem_of(node, path)
        if found is None:
            return "", f"{path}: No such file or directory\n", 1
        pool, fs = found
        free = (fs.quota or pool.size) - fs.used
        if size > free:
            return "", f"{path}: initialized {free} of {size} bytes: No space left on device\n", 1
        fs.used += size
        node.files[path] = ""
        node.file_sizes[path] = (fs.name, size)
    node.datacenter.changed()
    return "", "", 0


def release_file(node: SimNode, path: str) -> None:
    """Give a file's bytes back to its file system (`rm` of a file mkfile made)."""
    made = node.file_sizes.pop(path, None)
    if made is None:
        return
    for _pool, fs in _filesystems(node):
        if fs.name == made[0]:
            fs.used = max(0, fs.used - made[1])
    node.datacenter.changed()


# unverified: svcadm's wording for a bad subcommand or an unknown instance (no capture)
_SVCADM_USAGE = (
    "Usage: svcadm [-v] [cmd [args ... ]]\n\n"
    "\tsvcadm enable [-rst] <service> ...\t- enable and online service(s)\n"
    "\tsvcadm disable [-st] <service> ...\t- disable and offline service(s)\n"
    "\tsvcadm restart <service> ...\t\t- restart specified service(s)\n"
    "\tsvcadm refresh <service> ...\t\t- re-read service configuration\n"
    "\tsvcadm mark [-It] <state> <service> ...\t- set maintenance state\n"
    "\tsvcadm clear <service> ...\t\t- clear maintenance state\n"
)
_STATES = {"enable": "online", "disable": "disabled", "clear": "online"}


@command("svcadm")
def svcadm(node: SimNode, args: list[str], stdin: str) -> Result:
    """svcadm enable|disable|restart|refresh|clear|mark maintenance|degraded FMRI...
    (silent on success: unverified, no capture)."""
    from vdcftui.lab.cmd_system import smf_fmris

    words = [a for a in args if a != "-v"]
    if not words:
        return "", _SVCADM_USAGE, 2
    verb, rest = words[0], [w for w in words[1:] if not w.startswith("-")]
    state = _STATES.get(verb)
    if verb == "mark":
        if not rest or rest[0] not in ("maintenance", "degraded"):
            return "", _SVCADM_USAGE, 2
        state, rest = rest[0], rest[1:]
    elif verb in ("restart", "refresh"):
        state = None
    elif state is None:
        return "", _SVCADM_USAGE, 2
    if not rest:
        return "", _SVCADM_USAGE, 2
    known = smf_fmris(node)
    errors = []
    for pattern in rest:
        found = [f for f in known if f == pattern or f.endswith(f"/{pattern}") or pattern in f]
        if not found:
            errors.append(f"svcadm: Pattern '{pattern}' doesn't match any instances\n")
            continue
        for fmri in found:
            imported = node.services.get(fmri)
            if verb == "refresh":
                sysconf.refresh(node, fmri)
            if imported is not None:
                errors += _imported(node, imported, verb, state, "-s" in words)
            elif state is not None:
                reason = "Maintenance requested by an administrator." if verb == "mark" else ""
                node.smf_states[fmri] = (state, reason, time.time())
    node.datacenter.changed()
    return "", "".join(errors), 1 if errors else 0


def _imported(
    node: SimNode, service: smf.SiteService, verb: str, state: str | None, wait: bool
) -> list[str]:
    """svcadm of an instance imported from a manifest: enable and clear start it (its
    program runs, lab.smf), restart starts it again, disable stops it; with -s an
    enable that does not come online says so. unverified: that message (no capture)."""
    if verb in ("enable", "disable"):
        smf.set_enabled(node, service, verb == "enable")
    elif verb in ("clear", "restart") and service.enabled:
        smf.start(node, service)
    elif verb == "mark" and state is not None:
        service.state = state
    if wait and verb == "enable" and service.state != "online":
        return [f'svcadm: Instance "{service.fmri}" is in {service.state} state.\n']
    return []
