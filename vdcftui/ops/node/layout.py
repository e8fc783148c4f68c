"""What a model's profile lays out on a freshly installed Solaris 11 node over SSH:
the IPMP group (``ipadm create-ip``, ``create-ipmp``) or link aggregation (``dladm
create-aggr``) of each network type, and a control domain's virtual services (``ldm
add-vds``, ``add-vsw``, ``add-vcc``). Every step has a check for recovery and no undo:
they run past an install's point of no return."""

from __future__ import annotations

import re

from vdcftui.errors import OperatorError
from vdcftui.ops.jobs.plan import Step
from vdcftui.ops.node.profiles import ModelProfile, NetworkLayout
from vdcftui.solaris.cmd.ldm import ldm_add_vcc, ldm_add_vds, ldm_add_vsw, ldm_list_services
from vdcftui.solaris.cmd.network import (
    dladm_create_aggr,
    ipadm_create_ip,
    ipadm_create_ipmp,
    ipadm_show_if,
)
from vdcftui.solaris.cmd.system import dladm_show

VDS, VSW, VCC = "primary-vds0", "primary-vsw0", "primary-vcc0"
VCC_PORTS = (5000, 5100)


def network_steps(node: str, profile: ModelProfile) -> list[Step]:
    """The IPMP group or aggregation of each network type but the management one."""
    steps: list[Step] = []
    for layout in profile.networks:
        if layout.net_type == "management":
            continue
        steps += _group_steps(node, layout)
    return steps


def _group_steps(node: str, layout: NetworkLayout) -> list[Step]:
    links = ", ".join(layout.interfaces)
    if layout.group == "aggregation":
        return [
            Step(
                node,
                dladm_create_aggr(layout.name, layout.interfaces),
                f"{layout.net_type} network: aggregation {layout.name} over {links}",
                check=dladm_show("show-aggr", ("link",)),
                done_if=rf"(?m)^{re.escape(layout.name)}$",
            )
        ]
    listing = ipadm_show_if(("ifname",))
    steps = [
        Step(
            node,
            ipadm_create_ip(link),
            f"{layout.net_type} network: IP interface {link} (for IPMP group {layout.name})",
            check=listing,
            done_if=rf"(?m)^{re.escape(link)}$",
        )
        for link in layout.interfaces
    ]
    steps.append(
        Step(
            node,
            ipadm_create_ipmp(layout.name, layout.interfaces),
            f"{layout.net_type} network: IPMP group {layout.name} over {links}",
            check=listing,
            done_if=rf"(?m)^{re.escape(layout.name)}$",
        )
    )
    return steps


def network_notes(profile: ModelProfile) -> list[str]:
    """What the plan says of the management network, which it leaves alone."""
    management = profile.network("management")
    if management is None:
        return []
    return [
        f"management network: {management.group} {management.name} over "
        f"{', '.join(management.interfaces)} is the install's system configuration's to "
        "make (its interface carries the address SSH uses); not changed over SSH"
    ]


def cdom_steps(node: str, profile: ModelProfile) -> list[Step]:
    """The primary domain's virtual disk server, switch and console concentrator."""
    net_dev = _switch_device(profile)
    listing = ldm_list_services()
    first, last = VCC_PORTS
    return [
        Step(
            node,
            ldm_add_vds(VDS),
            f"control domain: virtual disk server {VDS}",
            check=listing,
            done_if=rf"(?m)^VDS\|name={VDS}\|",
        ),
        Step(
            node,
            ldm_add_vsw(VSW, net_dev),
            f"control domain: virtual switch {VSW} over {net_dev}",
            check=listing,
            done_if=rf"(?m)^VSW\|name={VSW}\|",
        ),
        Step(
            node,
            ldm_add_vcc(VCC, first, last),
            f"control domain: console concentrator {VCC}, ports {first}-{last}",
            check=listing,
            done_if=rf"(?m)^VCC\|name={VCC}\|",
        ),
    ]


def _switch_device(profile: ModelProfile) -> str:
    """The datalink the virtual switch goes over: the public network's aggregation
    (or its first interface), else the management network's first interface."""
    public = profile.network("public")
    if public is not None:
        return public.name if public.group == "aggregation" else public.interfaces[0]
    management = profile.network("management")
    if management is None:
        raise OperatorError(
            f"the profile of {profile.model} names no public or management network "
            "for the control domain's virtual switch"
        )
    return management.interfaces[0]
