"""``svccfg import|delete`` of a lab node: the services imported from manifests
(lab.smf); `svcs` is in cmd_system, `svcadm` in cmd_admin."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vdcftui.lab import smf
from vdcftui.lab.commands import Result, command

if TYPE_CHECKING:
    from vdcftui.lab.state import SimNode


@command("svccfg")
def svccfg(node: SimNode, args: list[str], stdin: str) -> Result:
    """svccfg import MANIFEST, svccfg delete [-f] SERVICE: silent on success
    (docs/solaris/monitoring-resources.md section 7, the exporter's installer).
    unverified: the messages of a failure."""
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
