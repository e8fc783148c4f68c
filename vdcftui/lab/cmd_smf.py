"""``svccfg import|delete`` of a lab node: the services imported from manifests
(lab.smf); ``svccfg -s FMRI setprop|delprop`` and ``svcprop``: the services'
properties (lab.sysconf); `svcs` is in cmd_system, `svcadm` in cmd_admin."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from vdcftui.lab import smf, sysconf
from vdcftui.lab.commands import Result, command

if TYPE_CHECKING:
    from vdcftui.lab.state import SimNode


@command("svccfg")
def svccfg(node: SimNode, args: list[str], stdin: str) -> Result:
    """svccfg import MANIFEST, svccfg delete [-f] SERVICE: silent on success
    (docs/solaris/monitoring-resources.md section 7, the exporter's installer).
    unverified: the messages of a failure."""
    if args[:1] == ["-s"] and len(args) > 2:
        return _on_entity(node, args[1], " ".join(args[2:]))
    if len(args) == 2 and args[0] == "import":
        error = smf.import_manifest(node, args[1])
        return ("", error, 1) if error else ("", "", 0)
    if args[:1] == ["delete"] and len(args) in (2, 3) and (len(args) == 2 or args[1] == "-f"):
        pattern = args[-1]
        service = node.services.get(f"{pattern}:default")
        if len(args) == 2 and service is not None and service.state == "online":
            return "", f'svccfg: Instance "{service.fmri}" is online; use -f\n', 1
        if not smf.delete(node, pattern):
            return "", f"svccfg: Pattern '{pattern}' doesn't match any entities\n", 1
        return "", "", 0
    return "", "Usage: svccfg [-v] [-s FMRI] [-f file] [command [args ...]]\n", 1


_SETPROP = re.compile(
    r"setprop\s+(?P<prop>[\w-]+/[\w-]+)\s*=\s*((?P<type>\w+):\s*)?"
    r"(?P<value>\((?P<list>[^()]*)\)|\S+)\s*"
)
_DELPROP = re.compile(r"delprop\s+(?P<prop>[\w-]+/[\w-]+)\s*")


def _entity_known(node: SimNode, fmri: str) -> bool:
    from vdcftui.lab.cmd_system import smf_fmris

    return any(f == fmri or f.startswith(fmri + ":") for f in smf_fmris(node))


def _on_entity(node: SimNode, fmri: str, line: str) -> Result:
    """svccfg -s FMRI setprop PG/PROP = [TYPE:] VALUE | (VALUE...), svccfg -s FMRI delprop
    PG/PROP: the words after the entity joined into one line and parsed, as svccfg does
    (illumos svccfg_main.c); silent on success (svccfg(1M); the capture
    real-solaris/sysadm-evacuation-example-ex6-6 sets a property interactively).
    unverified: the messages of a failure, and that a property set without a type
    keeps its type (or becomes an astring)."""
    if not _entity_known(node, fmri):
        return "", f"svccfg: Pattern '{fmri}' doesn't match any instances or services\n", 1
    setprop = _SETPROP.fullmatch(line)
    if setprop is not None:
        values = (
            tuple(setprop["list"].split()) if setprop["list"] is not None else (setprop["value"],)
        )
        held = node.smf_props.get((fmri, setprop["prop"]))
        kind = setprop["type"] or (held[0] if held else "astring")
        node.smf_props[(fmri, setprop["prop"])] = (kind, values)
        return "", "", 0
    delprop = _DELPROP.fullmatch(line)
    if delprop is not None:
        if node.smf_props.pop((fmri, delprop["prop"]), None) is None:
            return "", f'svccfg: No such property group or property "{delprop["prop"]}".\n', 1
        return "", "", 0
    return "", "svccfg: the lab runs setprop and delprop with -s only\n", 1


@command("svcprop")
def svcprop(node: SimNode, args: list[str], stdin: str) -> Result:
    """svcprop -p PG/PROP FMRI: the values alone, space-separated (the capture
    real-solaris/sysadm-evacuation-example-ex6-6); svcprop -p PG FMRI: ``PG/PROP TYPE
    VALUE...`` a line, as svcprop(1) describes it. unverified: the group form (no
    capture) and the messages of a property or entity that is not there (exit 1)."""
    if len(args) != 3 or args[0] != "-p":
        return "", "Usage: svcprop [-fqtv] [-C | -c | -s snapshot] [-p [name/]name]... fmri\n", 2
    name, fmri = args[1], args[2]
    if not _entity_known(node, fmri):
        return "", f"svcprop: Pattern '{fmri}' doesn't match any entities.\n", 1
    props = sysconf.properties(node, fmri)
    if "/" in name:
        found = props.get(name)
        if found is None:
            return "", f"svcprop: Couldn't find property `{name}' for instance `{fmri}'.\n", 1
        return " ".join(found[1]) + "\n", "", 0
    lines = [
        f"{prop} {kind} {' '.join(values)}\n"
        for prop, (kind, values) in sorted(props.items())
        if prop.startswith(name + "/")
    ]
    if not lines:
        return "", f"svcprop: Couldn't find property group `{name}' for instance `{fmri}'.\n", 1
    return "".join(lines), "", 0
