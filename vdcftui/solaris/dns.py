"""DNS client settings: the values (name servers, search domains), the Solaris 10
``/etc/resolv.conf`` written from them and read back, and the Solaris 11 SMF
properties of ``svc:/network/dns/client`` read back with ``svcprop``.

Sources: resolv.conf(4) keeps one ``nameserver ADDRESS`` a line (at most three are
used) and one ``search DOMAIN...`` line; on Solaris 11 the resolver's configuration is
the ``config/nameserver`` (``net_address``) and ``config/search`` (``astring``)
properties of ``svc:/network/dns/client``, set with ``svccfg -s network/dns/client
setprop config/nameserver = net_address: (...)`` and applied by ``svcadm refresh``
(the Solaris 11 Naming Services guide). unverified: no capture of either file or of
``svcprop -p config network/dns/client`` backs the read-back; it follows svcprop(1):
one property a line, ``NAME TYPE VALUE...``.
"""

from __future__ import annotations

from vdcftui.solaris.names import validate_hostname, validate_ip_address, validate_list

SERVICE = "svc:/network/dns/client"
INSTANCE = f"{SERVICE}:default"
RESOLV_CONF = "/etc/resolv.conf"
NAMESERVERS_MAX = 3
"""The resolver uses the first three name servers (resolv.conf(4))."""
SEARCH_MAX = 6
"""The resolver's limit of search domains (resolv.conf(4))."""
KEYS = {"nameservers": "config/nameserver", "search": "config/search"}
"""The keys of a DNS item and the SMF property each sets on Solaris 11."""
TYPES = {"nameservers": "net_address", "search": "astring"}


def validate_dns(key: str, value: str) -> tuple[str, ...]:
    """Check a DNS item: ``nameservers`` (IP addresses) or ``search`` (domains), each
    a comma-separated list."""
    if key == "nameservers":
        return validate_list(value, "name servers", validate_ip_address, NAMESERVERS_MAX)
    if key == "search":
        return validate_list(
            value, "search domains", lambda d: validate_hostname(d, "domain"), SEARCH_MAX
        )
    raise ValueError(f"a DNS key is nameservers or search, not {key!r}")


def render_resolv_conf(nameservers: tuple[str, ...], search: tuple[str, ...]) -> str:
    """``/etc/resolv.conf`` holding the search domains and the name servers."""
    lines = ["# written by vdcftui (config apply): its dns items"]
    if search:
        lines.append("search " + " ".join(search))
    lines += [f"nameserver {address}" for address in nameservers]
    return "\n".join(lines) + "\n"


def parse_resolv_conf(text: str) -> dict[str, tuple[str, ...]]:
    """The name servers and search domains of a resolv.conf (``domain`` counts as a
    search list of one; the last ``search``/``domain`` line wins, as for the resolver)."""
    servers: list[str] = []
    search: tuple[str, ...] = ()
    for line in text.splitlines():
        words = line.split()
        if not words or words[0].startswith(("#", ";")):
            continue
        if words[0] == "nameserver" and len(words) > 1:
            servers.append(words[1])
        elif words[0] in ("search", "domain"):
            search = tuple(words[1:])
    return {"nameservers": tuple(servers), "search": search}


def parse_svcprop_group(text: str) -> dict[str, tuple[str, ...]]:
    """``svcprop -p PG FMRI``: each property's values by its name (``config/search``)."""
    found: dict[str, tuple[str, ...]] = {}
    for line in text.splitlines():
        words = line.split()
        if len(words) >= 2 and "/" in words[0]:
            found[words[0]] = tuple(w for w in words[2:] if w != '""')
    return found
