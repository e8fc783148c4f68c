"""The identity a committed zone boots with: the Solaris 11 system configuration profile
(well-formed XML whose values read back), the Solaris 10 sysidcfg, the [vserver]
settings and the network's default route, with clear errors."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from vdcftui.errors import OperatorError, UsageError
from vdcftui.ops.vserver.define import NetSpec
from vdcftui.ops.vserver.sysconfig import (
    Address,
    Identity,
    VServerSettings,
    sc_profile,
    sysidcfg,
    vserver_settings,
)

SETTINGS = VServerSettings(
    "Europe/Zurich", ("192.168.10.2", "192.168.10.3"), ("example.com",), "$5$salt$hash"
)
IDENTITY = Identity(
    "shop01",
    SETTINGS,
    (Address("net0", "192.168.10.81", 24, "192.168.10.1"), Address("net1", "10.20.0.81", 24)),
)


def _values(xml: str) -> dict[tuple[str, str], str]:
    root = ET.fromstring(xml)
    assert (root.tag, root.get("type")) == ("service_bundle", "profile")
    return {
        (service.get("name"), prop.get("name")): prop.get("value")
        for service in root.iter("service")
        for prop in service.iter("propval")
    }


def test_the_profile_names_the_zone_its_first_address_route_dns_time_and_root():
    xml = sc_profile(IDENTITY)
    values = _values(xml)
    assert values[("system/identity", "nodename")] == "shop01"
    assert values[("network/install", "name")] == "net0/v4"
    assert values[("network/install", "static_address")] == "192.168.10.81/24"
    assert values[("network/install", "default_route")] == "192.168.10.1"
    assert values[("system/timezone", "localtime")] == "Europe/Zurich"
    assert values[("system/config-user", "password")] == "$5$salt$hash"
    servers = [v.get("value") for v in ET.fromstring(xml).iter("value_node")]
    assert servers == ["192.168.10.2", "192.168.10.3", "example.com"]
    bare = _values(sc_profile(Identity("db9", VServerSettings())))
    assert ("network/install", "static_address") not in bare
    assert bare[("system/config-user", "password")] == "*LK*"  # root locked by default


def test_the_sysidcfg_of_a_solaris10_zone():
    text = sysidcfg(IDENTITY)
    assert "network_interface=primary {hostname=shop01}\n" in text
    assert (
        "name_service=DNS {domain_name=example.com name_server=192.168.10.2,192.168.10.3}\n" in text
    )
    assert text.endswith("timezone=Europe/Zurich\nroot_password=$5$salt$hash\n")


@pytest.mark.parametrize(
    ("table", "error"),
    [
        ({"timezon": "UTC"}, "unknown setting timezon"),
        ({"timezone": "Europe/Zurich; rm"}, "timezone must be a time zone name"),
        ({"dns_servers": ["dns1"]}, "'dns1' is not an IPv4 address"),
        ({"dns_search": ["a b"]}, "dns_search must be a list of domain names"),
        ({"root_password_hash": "secret"}, "root_password_hash must be a crypt(3) hash"),
    ],
)
def test_vserver_settings_errors_name_the_setting(table, error):
    with pytest.raises(OperatorError, match=error.replace("(", r"\(").replace(")", r"\)")):
        vserver_settings(table)


def test_a_network_takes_a_default_route_in_its_subnet():
    assert NetSpec.parse("management:192.168.10.81/24,192.168.10.1").router == "192.168.10.1"
    assert NetSpec.parse("public:10.20.0.81/24").router is None
    with pytest.raises(UsageError, match="router 10.0.0.1 is not in 192.168.10.0/24"):
        NetSpec.parse("management:192.168.10.81/24,10.0.0.1")
    with pytest.raises(UsageError, match="router 'gw' is not an IPv4 address"):
        NetSpec.parse("management:192.168.10.81/24,gw")
