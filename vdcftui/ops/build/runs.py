"""Which nodes run a build, and which of their vServers follow them: matched by the
level discovery read on each node (its SRU on Solaris 11, its kernel patch from
`uname -v` on Solaris 10), so the answer holds however the node got there."""

from __future__ import annotations

from vdcftui.repo import models as m

FOLLOWING_BRANDS = {"10": "native"}
"""The zone brand that runs the global zone's software, by release (else ``solaris``:
installed zones are updated with their global zone as linked images)."""


def nodes_running(build: m.Build) -> list[m.Node]:
    """The nodes at the build's level, by name."""
    if build.os_version == "10":
        kernel = f"Generic_{build.os_update}"
        where = (m.Node.os_version == "10") & (m.Node.kernel_id == kernel)
    else:
        where = m.Node.sru == build.os_update
    return list(m.Node.select().where(where).order_by(m.Node.name))


def vservers_running(build: m.Build, nodes: list[m.Node]) -> list[m.VServer]:
    """The vServers on ``nodes`` whose software follows their global zone, by name."""
    if not nodes:
        return []
    brand = FOLLOWING_BRANDS.get(build.os_version, "solaris")
    return list(
        m.VServer.select()
        .where(m.VServer.node.in_([n.id for n in nodes]) & (m.VServer.brand == brand))
        .order_by(m.VServer.name)
    )
