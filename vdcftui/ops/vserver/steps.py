"""The steps vServer operations share: stop, detach, release and take pools,
configure, attach, boot, unconfigure; each with its undo and its check."""

from __future__ import annotations

import re
from collections.abc import Sequence

from vdcftui.ops.jobs.plan import Step
from vdcftui.repo import models as m
from vdcftui.solaris.cmd.storage import zpool_export, zpool_import, zpool_list
from vdcftui.solaris.cmd.zones import (
    zone_stop,
    zoneadm,
    zoneadm_list,
    zonecfg_delete,
    zonecfg_script,
)


def zone_listed(zone: str, states: str = "[a-z_]+") -> str:
    """The pattern of the zone's `zoneadm list -cp` line in one of ``states`` (a regex)."""
    return rf"^[^:]*:{re.escape(zone)}:({states}):"


def stop(node: m.Node, zone: str) -> Step:
    """Stop the zone gracefully (halt on Solaris 10); undone by booting it."""
    return Step(
        node.name,
        zone_stop(zone, solaris10=node.os_version == "10"),
        "stop the zone",
        undo=zoneadm(zone, "boot"),
        check=zoneadm_list(),
        done_unless=zone_listed(zone, "running|shutting_down|ready"),
    )


def detach(host: str, zone: str, description: str = "detach the zone") -> Step:
    """Detach the zone from its node; undone by attaching it again."""
    return Step(
        host,
        zoneadm(zone, "detach"),
        description,
        undo=zoneadm(zone, "attach"),
        check=zoneadm_list(),
        done_if=zone_listed(zone, "configured"),
    )


def export_pools(
    host: str, pools: Sequence[str], description: str = "release {pool}"
) -> list[Step]:
    """Export each pool from the node; undone by importing it again."""
    return [
        Step(
            host,
            zpool_export(pool),
            description.format(pool=pool),
            undo=zpool_import(pool),
            check=zpool_list(),
            done_unless=rf"^{re.escape(pool)}$",
        )
        for pool in pools
    ]


def import_pools(
    host: str, pools: Sequence[str], force: bool = False, description: str = "take {pool}"
) -> list[Step]:
    """Import each pool on the node (``force``: its old node is known to be gone);
    undone by exporting it."""
    return [
        Step(
            host,
            zpool_import(pool, force),
            description.format(pool=pool),
            undo=zpool_export(pool),
            check=zpool_list(),
            done_if=rf"^{re.escape(pool)}$",
        )
        for pool in pools
    ]


def configure(host: str, zone: str, script: Sequence[str], description: str) -> Step:
    """Configure the zone with zonecfg subcommands; undone by deleting it."""
    return Step(
        host,
        zonecfg_script(zone, script),
        description,
        undo=zonecfg_delete(zone),
        check=zoneadm_list(),
        done_if=zone_listed(zone),
    )


def attach(
    host: str, zone: str, update: bool = False, description: str = "attach the zone"
) -> Step:
    """Attach the zone (``update``: -u, to a newer build); undone by detaching it."""
    return Step(
        host,
        zoneadm(zone, "attach", *(("-u",) if update else ())),
        description,
        undo=zoneadm(zone, "detach"),
        check=zoneadm_list(),
        done_if=zone_listed(zone, "installed|running|ready"),
    )


def boot(host: str, zone: str, description: str = "boot the zone") -> Step:
    """Boot the zone; undone by halting it."""
    return Step(
        host,
        zoneadm(zone, "boot"),
        description,
        undo=zoneadm(zone, "halt"),
        check=zoneadm_list(),
        done_if=zone_listed(zone, "running"),
    )


def unconfigure(host: str, zone: str, description: str, undo_script: Sequence[str] = ()) -> Step:
    """Delete the zone's configuration (undone by configuring it from ``undo_script``,
    when given)."""
    return Step(
        host,
        zonecfg_delete(zone),
        description,
        undo=zonecfg_script(zone, undo_script) if undo_script else None,
        check=zoneadm_list(),
        done_unless=zone_listed(zone),
    )


def read_zone(host: str, zone: str) -> Step:
    """Read the zone back from its node (`zoneadm list -cp`): its state and new uuid."""
    return Step(
        host, zoneadm_list(), f"read {zone} back from {host}", check=zoneadm_list(), reads=True
    )
