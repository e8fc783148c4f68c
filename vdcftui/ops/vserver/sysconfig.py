"""The identity a committed vServer boots with, so that it comes up configured instead
of waiting at its console's interactive system configuration.

Solaris 11 (solaris brand): an SMF system configuration profile given to `zoneadm
install -c FILE`: the node name, the first exclusive-IP network's static address and
default route (``network/install``), DNS, the time zone, the root password hash; the
zone's other networks get their addresses from `ipadm` run in the zone once it runs.
Solaris 10 (native, solaris10 brand): a ``sysidcfg`` file in the zone's root before
its first boot (shared-IP addresses are in the zone's configuration already).

unverified: the profile's and the sysidcfg's layout follow Oracle's documentation of
`sysconfig create-profile` output and of sysidcfg(4) (no capture of either in the
fixtures). Defaults come from the ``[vserver]`` table of settings.toml::

    [vserver]
    timezone = "Europe/Zurich"
    dns_servers = ["192.168.10.2"]
    dns_search = ["example.com"]
    root_password_hash = "$5$..."     # crypt(3) hash; without it root is locked
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from vdcftui.errors import OperatorError
from vdcftui.paths import settings_table

LOCKED = "*LK*"
"""The password field of a locked account (shadow(4))."""
_HASH = re.compile(r"\$[0-9a-z]+\$[./A-Za-z0-9$=,]{1,200}|\*LK\*")
_ZONE_NAME = re.compile(r"[A-Za-z0-9/_+.-]{1,64}")
_DOMAIN = re.compile(r"[A-Za-z0-9.-]{1,253}")


@dataclass(frozen=True)
class VServerSettings:
    """What every committed vServer gets unless its definition says otherwise."""

    timezone: str = "UTC"
    dns_servers: tuple[str, ...] = ()
    dns_search: tuple[str, ...] = ()
    root_password_hash: str = LOCKED


@dataclass(frozen=True)
class Address:
    """A static IPv4 address of a zone's network, its prefix and default route."""

    link: str
    address: str
    prefixlen: int
    router: str | None = None


@dataclass(frozen=True)
class Identity:
    """What a zone is told at its first boot."""

    hostname: str
    settings: VServerSettings
    addresses: tuple[Address, ...] = field(default_factory=tuple)


def _strings(where: str, value: Any, pattern: re.Pattern[str], what: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(
        isinstance(v, str) and pattern.fullmatch(v) for v in value
    ):
        raise OperatorError(f"{where} must be a list of {what}")
    return tuple(value)


def vserver_settings(data: Any, where: str = "[vserver]") -> VServerSettings:
    """The ``[vserver]`` table (already read from TOML), with clear errors."""
    if not isinstance(data, dict):
        raise OperatorError(f"{where} must be a table")
    known = ("timezone", "dns_servers", "dns_search", "root_password_hash")
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise OperatorError(
            f"{where}: unknown setting {', '.join(unknown)} (known: {', '.join(known)})"
        )
    timezone = data.get("timezone", "UTC")
    if not isinstance(timezone, str) or not _ZONE_NAME.fullmatch(timezone):
        raise OperatorError(f"{where} timezone must be a time zone name such as Europe/Zurich")
    servers = data.get("dns_servers", [])
    if not isinstance(servers, list) or not all(isinstance(s, str) for s in servers):
        raise OperatorError(f"{where} dns_servers must be a list of IPv4 addresses")
    for server in servers:
        try:
            ipaddress.IPv4Address(server)
        except ValueError:
            raise OperatorError(f"{where} dns_servers: {server!r} is not an IPv4 address") from None
    search = _strings(f"{where} dns_search", data.get("dns_search", []), _DOMAIN, "domain names")
    password = data.get("root_password_hash", LOCKED)
    if not isinstance(password, str) or not _HASH.fullmatch(password):
        raise OperatorError(f"{where} root_password_hash must be a crypt(3) hash ($5$..., $6$...)")
    return VServerSettings(timezone, tuple(servers), search, password)


def load_vserver_settings(path: Path | None = None) -> VServerSettings:
    """The ``[vserver]`` table of settings.toml; defaults without the file or table."""
    found = settings_table("vserver", path)
    if found is None:
        return VServerSettings()
    table, where = found
    return vserver_settings(table, f"{where}: [vserver]")


def _propval(name: str, value: str, kind: str = "astring") -> str:
    return (
        f"        <propval type={quoteattr(kind)} name={quoteattr(name)} value={quoteattr(value)}/>"
    )


def _service(name: str, instance: str, groups: list[tuple[str, str, list[str]]]) -> list[str]:
    lines = [
        f'  <service version="1" type="service" name={quoteattr(name)}>',
        f'    <instance enabled="true" name={quoteattr(instance)}>',
    ]
    for group, kind, values in groups:
        lines.append(f"      <property_group type={quoteattr(kind)} name={quoteattr(group)}>")
        lines += values
        lines.append("      </property_group>")
    return [*lines, "    </instance>", "  </service>"]


def sc_profile(identity: Identity) -> str:
    """The SMF system configuration profile of a Solaris 11 zone."""
    settings = identity.settings
    lines = [
        "<?xml version='1.0' encoding='UTF-8'?>",
        '<!DOCTYPE service_bundle SYSTEM "/usr/share/lib/xml/dtd/service_bundle.dtd.1">',
        '<service_bundle type="profile" name="sysconfig">',
    ]
    lines += _service(
        "system/identity",
        "node",
        [("config", "application", [_propval("nodename", identity.hostname)])],
    )
    lines += _service(
        "system/config-user",
        "default",
        [
            (
                "root_account",
                "application",
                [_propval("password", settings.root_password_hash), _propval("type", "normal")],
            )
        ],
    )
    lines += _service(
        "system/timezone",
        "default",
        [("timezone", "application", [_propval("localtime", settings.timezone)])],
    )
    lines += _service(
        "system/environment",
        "init",
        [("environment", "application", [_propval("LANG", "C")])],
    )
    if identity.addresses:
        first = identity.addresses[0]
        values = [
            _propval("name", f"{first.link}/v4"),
            _propval("address_type", "static"),
            _propval("static_address", f"{first.address}/{first.prefixlen}", "net_address_v4"),
        ]
        if first.router:
            values.append(_propval("default_route", first.router, "net_address_v4"))
        lines += _service(
            "network/install", "default", [("install_ipv4_interface", "application", values)]
        )
    if settings.dns_servers:
        servers = [
            '        <property type="net_address" name="nameserver">',
            "          <net_address_list>",
            *(f"            <value_node value={quoteattr(s)}/>" for s in settings.dns_servers),
            "          </net_address_list>",
            "        </property>",
        ]
        search = (
            [
                '        <property type="astring" name="search">',
                "          <astring_list>",
                *(f"            <value_node value={quoteattr(d)}/>" for d in settings.dns_search),
                "          </astring_list>",
                "        </property>",
            ]
            if settings.dns_search
            else []
        )
        lines += _service(
            "network/dns/client", "default", [("config", "application", servers + search)]
        )
        lines += _service(
            "system/name-service/switch",
            "default",
            [("config", "application", [_propval("host", "files dns")])],
        )
    return "\n".join([*lines, "</service_bundle>"]) + "\n"


def sysidcfg(identity: Identity) -> str:
    """The sysidcfg of a Solaris 10 zone (its addresses are in its configuration)."""
    settings = identity.settings
    name_service = "NONE"
    if settings.dns_servers:
        domain = settings.dns_search[0] if settings.dns_search else "local"
        name_service = f"DNS {{domain_name={domain} name_server={','.join(settings.dns_servers)}}}"
    return "".join(
        line + "\n"
        for line in (
            "system_locale=C",
            "terminal=vt100",
            f"network_interface=primary {{hostname={identity.hostname}}}",
            "security_policy=NONE",
            f"name_service={name_service}",
            "nfs4_domain=dynamic",
            f"timezone={settings.timezone}",
            f"root_password={settings.root_password_hash}",
        )
    )
