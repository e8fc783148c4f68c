"""NTP: the servers of a node, the ``/etc/inet/ntp.conf`` written from them and read
back.

Sources: Solaris 10 and 11 read ``/etc/inet/ntp.conf`` when ``svc:/network/ntp``
starts (ntp.conf(4), the ``server ADDRESS`` lines; the Solaris 11 Time Services
guide: copy ntp.client to ntp.conf, edit it, ``svcadm enable ntp``). unverified: no
capture of an ntp.conf backs the lab's copy; the file is the product's own.
"""

from __future__ import annotations

from vdcftui.solaris.names import validate_hostname, validate_list

NTP_CONF = "/etc/inet/ntp.conf"
SERVICE = "svc:/network/ntp:default"
SERVERS_MAX = 8


def validate_ntp_servers(value: str) -> tuple[str, ...]:
    """Check a comma-separated list of NTP servers (host names or addresses)."""
    return validate_list(
        value, "NTP servers", lambda s: validate_hostname(s, "NTP server"), SERVERS_MAX
    )


def render_ntp_conf(servers: tuple[str, ...]) -> str:
    """The ntp.conf of a client of ``servers`` (the drift file where Solaris keeps it)."""
    lines = ["# written by vdcftui (config apply): its ntp servers"]
    lines += [f"server {server} iburst" for server in servers]
    lines.append("driftfile /var/ntp/ntp.drift")
    return "\n".join(lines) + "\n"


def parse_ntp_servers(text: str) -> tuple[str, ...]:
    """The servers of an ntp.conf's ``server`` lines, in order."""
    return tuple(
        words[1]
        for words in (line.split() for line in text.splitlines())
        if len(words) > 1 and words[0] == "server"
    )
