"""The CLI's list and show records of builds: what each is, and which nodes and
vServers run it (matched by the level discovery read: an SRU, a kernel patch)."""

from __future__ import annotations

from typing import Any

from vdcftui.ops.build.runs import nodes_running, vservers_running
from vdcftui.repo import models as m
from vdcftui.repo.lookup import build_named

__all__ = ["list_builds", "show_build"]


def build_record(build: m.Build) -> dict[str, Any]:
    """A build, the nodes at its level and their vServers that follow them."""
    nodes = nodes_running(build)
    return {
        "name": build.name,
        "os": build.os_version,
        "kind": build.kind,
        "level": build.os_update,
        "publisher": build.publisher,
        "archive": build.archive,
        "description": build.description,
        "nodes": [n.name for n in nodes],
        "vservers": [v.name for v in vservers_running(build, nodes)],
        "created": build.created.isoformat(timespec="seconds"),
    }


def list_builds() -> list[dict[str, Any]]:
    """Every build, by OS release and level."""
    builds = m.Build.select().order_by(m.Build.os_version, m.Build.os_update, m.Build.name)
    return [build_record(b) for b in builds]


def show_build(name: str) -> dict[str, Any]:
    """One build."""
    return build_record(build_named(name))
