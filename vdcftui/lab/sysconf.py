"""A lab node's system configuration: its local users (passwd), the properties of its
SMF services (what ``svccfg`` set, and each instance's running snapshot, taken by
``svcadm refresh``), and the files a fresh node has (``/etc/system``, Solaris 10's
``/etc/resolv.conf``, Solaris 11's DNS client properties).

unverified: the content of those files and the system users are the lab's own; the
formats follow system(4), resolv.conf(4) and passwd(4)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vdcftui.lab.state import SimNode

DNS_SERVICE = "svc:/network/dns/client"
ETC_SYSTEM_HEADER = (
    '*ident\t"%Z%%M%\t%I%\t%E% SMI"\n'
    "*\n"
    "* SYSTEM SPECIFICATION FILE\n"
    "*\n"
    "* set: Set an integer variable in the kernel or a module to a new value.\n"
    "*\tExample: set nautopush=32\n"
    "*\n"
)
SYSTEM_USERS = (
    ("root", 0, 0, "Super-User", "/root", "/usr/bin/bash"),
    ("daemon", 1, 1, "", "/", ""),
    ("bin", 2, 2, "", "/usr/bin", ""),
    ("sys", 3, 3, "", "/", ""),
    ("adm", 4, 4, "Admin", "/var/adm", ""),
    ("nobody", 60001, 60001, "NFS Anonymous Access User", "/", ""),
)
LAB_NAMESERVER = "192.168.10.2"
LAB_DOMAIN = "lab.example.com"


@dataclass
class Passwd:
    """One user's passwd(4) entry."""

    uid: int
    gid: int
    gecos: str
    home: str
    shell: str

    def line(self, login: str) -> str:
        """``login:x:uid:gid:gecos:home:shell``."""
        return f"{login}:x:{self.uid}:{self.gid}:{self.gecos}:{self.home}:{self.shell}"


Property = tuple[str, tuple[str, ...]]
"""An SMF property's type and values."""


def provision(node: SimNode) -> None:
    """What a freshly installed lab node has: the system users, ``/etc/system``, and
    the lab's name server (Solaris 10: resolv.conf; 11: the DNS client's properties,
    refreshed into its instance)."""
    node.users = {u[0]: Passwd(*u[1:]) for u in SYSTEM_USERS}
    node.dirs.update({"/etc", "/etc/inet", "/root", "/export/home"})
    if node.solaris10 or node.spec.os == "11.3":
        node.put_file("/etc/system", ETC_SYSTEM_HEADER, 0o644)
    else:
        node.dirs.add("/etc/system.d")
    if node.solaris10:
        node.put_file(
            "/etc/resolv.conf", f"domain {LAB_DOMAIN}\nnameserver {LAB_NAMESERVER}\n", 0o644
        )
        return
    node.smf_props[(DNS_SERVICE, "config/nameserver")] = ("net_address", (LAB_NAMESERVER,))
    node.smf_props[(DNS_SERVICE, "config/search")] = ("astring", (LAB_DOMAIN,))
    refresh(node, f"{DNS_SERVICE}:default")


def refresh(node: SimNode, instance: str) -> None:
    """`svcadm refresh`: the instance's running snapshot takes its service's and its own
    properties as set now (its own win)."""
    service = instance.rpartition(":")[0]
    running = {p: v for (entity, p), v in node.smf_props.items() if entity == service}
    running.update({p: v for (entity, p), v in node.smf_props.items() if entity == instance})
    node.smf_running[instance] = running


def properties(node: SimNode, fmri: str) -> dict[str, Property]:
    """What `svcprop` reads: an instance's running snapshot, a service's own
    properties."""
    if fmri in node.smf_running:
        return node.smf_running[fmri]
    return {p: v for (entity, p), v in node.smf_props.items() if entity == fmri}
