"""Builders of the commands that group a node's network interfaces (Solaris 11):
IPMP groups with `ipadm`, link aggregations with `dladm`, and their listings."""

from __future__ import annotations

from collections.abc import Sequence

from vdcftui.solaris.cmd.command import Command
from vdcftui.solaris.names import validate_link_name


def _links(links: Sequence[str]) -> list[str]:
    if not links:
        raise ValueError("no interface given")
    return [validate_link_name(link) for link in links]


def ipadm_create_ip(link: str) -> Command:
    """`ipadm create-ip LINK`: an IP interface over a datalink (an IPMP group's
    underlying interfaces must be IP interfaces)."""
    return Command(("ipadm", "create-ip", validate_link_name(link)))


def ipadm_create_ipmp(name: str, links: Sequence[str]) -> Command:
    """`ipadm create-ipmp -i LINK[,LINK...] NAME`: an IPMP interface over the links."""
    return Command(
        ("ipadm", "create-ipmp", "-i", ",".join(_links(links)), validate_link_name(name))
    )


def ipadm_show_if(fields: tuple[str, ...]) -> Command:
    """`ipadm show-if -p -o FIELDS`: the IP interfaces, parseable."""
    return Command(("ipadm", "show-if", "-p", "-o", ",".join(fields)))


def dladm_create_aggr(name: str, links: Sequence[str]) -> Command:
    """`dladm create-aggr -l LINK [-l LINK]... NAME`: a link aggregation."""
    argv = ["dladm", "create-aggr"]
    for link in _links(links):
        argv += ["-l", link]
    return Command((*argv, validate_link_name(name)))
