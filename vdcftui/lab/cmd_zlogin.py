"""zlogin ZONE COMMAND on a lab node: a command run in a running zone, without a
terminal (`zlogin -C`, the console, is served by :mod:`vdcftui.lab.vconsole`)."""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING

from vdcftui.lab.commands import Result, command

if TYPE_CHECKING:
    from vdcftui.lab.state import SimNode, Zone

# zlogin.c (OpenSolaris source; docs/solaris/zones-storage-patching.md §2.5)
_USAGE = (
    "zlogin: usage: zlogin [ -nQCES ] [ -e cmdchar ] [-l user] zonename [command [args ...] ]\n"
)
# commands a zone answers itself; anything else runs as the global zone's shell answers it
# (unverified: the lab keeps no separate view of a zone's processes, services or files)
_ADMIN = {"zonecfg", "zpool", "ldm", "format", "mpathadm", "beadm", "fcinfo"}


@command("zlogin")
def zlogin(node: SimNode, args: list[str], stdin: str) -> Result:
    """zlogin [-S] [-l USER] ZONE COMMAND...: run COMMAND in the zone and answer with its
    output and exit status."""
    words = list(args)
    while words and words[0].startswith("-"):
        option = words.pop(0)
        if option == "-C":
            # unverified: the console needs the terminal vconsole gives it
            return "", "zlogin: -C requires a terminal\n", 1
        if option == "-l" and words:
            words.pop(0)
    if not words:
        return "", _USAGE, 2
    name, command_words = words[0], words[1:]
    if name == "global":
        return "", "zlogin: 'zlogin' not applicable to the global zone\n", 1
    zone = node.zones.get(name)
    if zone is None:
        return "", f"zlogin: zone '{name}' unknown\n", 1
    if zone.state == "configured":
        return "", f"zlogin: cannot login to a zone which is '{zone.state}'\n", 1
    if zone.state != "running":
        return (
            "",
            f"zlogin: login allowed only to running zones ({name} is '{zone.state}').\n",
            1,
        )
    if not command_words:
        # unverified: an interactive login without a terminal
        return "", "zlogin: could not set up terminal; use -S or a command\n", 1
    return _in_zone(node, zone, " ".join(command_words), stdin)


def _in_zone(node: SimNode, zone: Zone, line: str, stdin: str) -> Result:
    """One command line run in the zone."""
    from vdcftui.lab.shell import run_shell
    from vdcftui.lab.zone_identity import zone_ipadm

    try:
        words = shlex.split(line)
    except ValueError:
        words = []
    base = words[0].rsplit("/", 1)[-1] if words else ""
    if base == "zonename":
        return f"{zone.name}\n", "", 0
    if base == "hostname":
        return f"{zone.hostname or zone.name}\n", "", 0
    if base == "ipadm" and not node.solaris10:
        return zone_ipadm(zone, words[1:])
    if base == "zlogin":
        return "", "zlogin: 'zlogin' may only be used from the global zone\n", 1
    if base in ("init", "halt", "poweroff", "reboot", "shutdown"):
        return _stop(node, zone, base, words[1:])
    if base == "zoneadm":
        return _zoneadm(zone, words[1:])
    if base in _ADMIN:
        # unverified: how each administrative command refuses in a non-global zone
        return "", f"{base}: must be run from the global zone\n", 1
    return run_shell(node, line, stdin)


def _stop(node: SimNode, zone: Zone, verb: str, args: list[str]) -> Result:
    """init 0|5|6, halt, poweroff, reboot, shutdown [-i N] in a zone: the zone goes down
    (or comes back up with a new id)."""
    node.datacenter.changed()  # zlogin is not among the shell's state-changing commands
    level = args[0] if verb == "init" and args else ""
    if verb == "shutdown":
        level = next((a[2:] or "" for a in args if a.startswith("-i")), "S")
        if "-i" in args:
            level = args[args.index("-i") + 1] if args.index("-i") + 1 < len(args) else ""
    if verb == "reboot" or level == "6":
        zone.zoneid, zone.live = node.next_zoneid(), None
        return "", "", 0
    if verb in ("halt", "poweroff") or level in ("0", "5"):
        zone.state, zone.zoneid, zone.live = "installed", None, None
        return "", "", 0
    # unverified: init's answer to a run level the lab does not model
    return "", f"{verb}: unsupported run level in the lab: {level or '-'}\n", 1


def _zoneadm(zone: Zone, args: list[str]) -> Result:
    """zoneadm in a non-global zone: `list` shows the zone itself (unverified: the same
    bare name for -p and -v); the verbs refuse with
    sanity_check's texts (zoneadm.c; docs/solaris/zones-storage-patching.md §2.2)."""
    if args[:1] == ["list"]:
        return f"{zone.name}\n", "", 0
    target = args[1] if len(args) > 2 and args[0] == "-z" else zone.name
    verb = args[2] if len(args) > 2 else ""
    if verb in ("halt", "reboot"):
        message = f"use {verb}(1M) to {verb} this zone."
    else:
        message = f"must be in the global zone to {verb} a zone."
    return "", f"zoneadm: zone '{target}': {message}\n", 1
