"""Builders of the commands that update a Solaris 11 node: `pkg update` into a new
boot environment, `beadm`, and the reboot into a chosen boot environment."""

from __future__ import annotations

import shlex

from vdcftui.solaris.cmd.command import Command
from vdcftui.solaris.names import validate_be_name, validate_origin
from vdcftui.solaris.software import entire_version

ROOT_POOL = "rpool"


def beadm_list() -> Command:
    """`beadm list -H`: the boot environments, ``;``-separated."""
    return Command(("beadm", "list", "-H"))


def beadm_activate(be: str) -> Command:
    """`beadm activate BE`: boot BE at the next reboot."""
    return Command(("beadm", "activate", validate_be_name(be)))


def beadm_destroy(be: str) -> Command:
    """`beadm destroy -F BE`: remove an inactive boot environment without asking."""
    return Command(("beadm", "destroy", "-F", validate_be_name(be)))


def root_pool_free() -> Command:
    """`zpool list -H -o name,free rpool`: the room left in the root pool."""
    return Command(("zpool", "list", "-H", "-o", "name,free", ROOT_POOL))


def _source(origin: str | None) -> tuple[str, ...]:
    # -g: the build's repository, for this operation only (the publisher is not changed)
    return ("-g", validate_origin(origin)) if origin else ()


def pkg_update_dry_run(sru: str, origin: str | None = None) -> Command:
    """`pkg update -nv [-g ORIGIN] entire@VERSION`: what an update to the SRU would do,
    changing nothing."""
    return Command(("pkg", "update", "-nv", *_source(origin), f"entire@{entire_version(sru)}"))


def pkg_update(sru: str, be: str, origin: str | None = None) -> Command:
    """`pkg update --accept --be-name BE --no-be-activate [-g ORIGIN] entire@VERSION`:
    update a clone of the running boot environment, named BE, to the SRU; the running
    one is not changed and BE is not activated."""
    return Command(
        (
            "pkg",
            "update",
            "--accept",
            "--be-name",
            validate_be_name(be),
            "--no-be-activate",
            *_source(origin),
            f"entire@{entire_version(sru)}",
        )
    )


def boot_into(be: str) -> Command:
    """`sh -c 'beadm activate BE && init 6'`: activate BE and reboot into it, in one
    command (a rollback reboots into the old BE the same way)."""
    script = f"{shlex.join(('beadm', 'activate', validate_be_name(be)))} && init 6"
    return Command(("sh", "-c", script))
