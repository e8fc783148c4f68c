"""Where a vServer's things are on its node: the zone's root, its pools' filesystems."""

from __future__ import annotations

from vdcftui.display import printable
from vdcftui.ops.vserver.state import PrecheckFailed
from vdcftui.repo import models as m
from vdcftui.solaris.cmd.command import Command
from vdcftui.solaris.cmd.storage import zfs_list
from vdcftui.solaris.names import InvalidName, validate_mountpoint


def placed(vserver: m.VServer) -> m.Node:
    """The node the vServer is on; refuses one on no node (detached, or defined only)."""
    node = vserver.node
    if node is None:
        raise PrecheckFailed(f"{vserver.name} is on no node (state {vserver.state})")
    return node


def zone_root(vserver: m.VServer) -> str:
    """The directory of the zone's root in the global zone (ZONEPATH/root); refuses a
    zonepath that is not a safe absolute path, naming it."""
    try:
        return validate_mountpoint(f"{vserver.zonepath}/root")
    except InvalidName as exc:
        raise PrecheckFailed(
            f"refused: the zonepath of {vserver.name} ({printable(vserver.zonepath)}) is not "
            f"a safe path: {exc.reason}; fix it on {placed(vserver).name} and discover again"
        ) from None


def dataset_check(dataset: str) -> Command:
    """The check of a step that creates or destroys ``dataset``: its pool's filesystems."""
    return zfs_list(("name",), dataset.split("/")[0], recursive=True)
