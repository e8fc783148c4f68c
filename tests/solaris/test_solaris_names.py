"""Validators of every name, path and address that may reach a command or a terminal."""

import pytest

from vdcftui.solaris.names import (
    InvalidName,
    validate_addrobj,
    validate_device_name,
    validate_domainname,
    validate_hostname,
    validate_ip_address,
    validate_ip_prefix,
    validate_link_name,
    validate_mountpoint,
    validate_node_name,
    validate_path,
    validate_pool_name,
    validate_text,
    validate_wwn,
    validate_zfs_dataset,
    validate_zonename,
    validate_zpool_name,
)

HOSTILE = [
    "web;reboot",
    "$(reboot)",
    "`id`",
    "web\nreboot",
    "web\x1b[2J",
    "w" * 300,
]
NAME_VALIDATORS = [
    (validate_zonename, "zone name"),
    (validate_hostname, "host name"),
    (validate_node_name, "node name"),
    (validate_pool_name, "compute pool name"),
    (validate_domainname, "domain name"),
    (validate_zpool_name, "zpool name"),
    (validate_zfs_dataset, "ZFS dataset name"),
    (validate_link_name, "link name"),
    (validate_addrobj, "address object name"),
    (validate_wwn, "WWN name"),
    (validate_device_name, "device name"),
    (validate_ip_address, "IP address"),
    (validate_ip_prefix, "IP address"),
]
PATH_VALIDATORS = [
    (validate_mountpoint, "mount point name"),
    (lambda p: validate_path(p, "zonepath"), "zonepath"),
]


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize(("validate", "field"), NAME_VALIDATORS)
def test_hostile_names_are_refused_naming_the_field_escaped(validate, field, value):
    with pytest.raises(InvalidName) as caught:
        validate(value)
    message = str(caught.value)
    assert message.startswith(f"invalid {field} '")
    assert "\x1b" not in message and "\n" not in message
    assert len(message) < 200


@pytest.mark.parametrize("value", [f"/zones/{h}" for h in HOSTILE[:5]] + ["/" + "x" * 299])
@pytest.mark.parametrize(("validate", "field"), PATH_VALIDATORS)
def test_hostile_paths_are_refused_naming_the_field_escaped(validate, field, value):
    with pytest.raises(InvalidName) as caught:
        validate(value)
    message = str(caught.value)
    assert message.startswith(f"invalid {field} '")
    assert "\x1b" not in message and "\n" not in message


def test_the_issue_zonepath_is_refused_for_its_pipe():
    with pytest.raises(InvalidName) as caught:
        validate_path("/zones/zpz | zoneadm -z okz halt | cat", "zonepath")
    assert str(caught.value) == (
        "invalid zonepath '/zones/zpz | zoneadm -z okz halt | cat': character ' ' is not allowed"
    )


def test_escape_sequences_are_shown_escaped_and_long_values_cut():
    with pytest.raises(InvalidName) as caught:
        validate_zonename("web\x1b]0;TITLE\x07")
    assert "'web\\e]0;TITLE\\x07'" in str(caught.value)
    assert "character '\\e' is not allowed" in str(caught.value)
    with pytest.raises(InvalidName) as long:
        validate_zonename("w" * 300)
    assert "…'" in str(long.value) and "300 characters long, the limit is 63" in str(long.value)


def test_zone_names_follow_solaris_rules():
    assert validate_zonename("a" * 63) == "a" * 63
    for bad in ("a" * 64, "global", "SUNWdefault", "-web", ".web", "web/1", ""):
        with pytest.raises(InvalidName):
            validate_zonename(bad)
    assert validate_zonename("web-01_a.b") == "web-01_a.b"


def test_good_values_pass():
    assert validate_node_name("node03") == "node03"
    assert validate_node_name("192.168.10.13") == "192.168.10.13"
    assert validate_pool_name("pool-a") == "pool-a"
    assert validate_addrobj("net0/v4") == "net0/v4"
    assert validate_addrobj("net0/_a") == "net0/_a"
    assert validate_addrobj("e1000g0:1") == "e1000g0:1"
    assert validate_ip_address("192.168.10.81") == "192.168.10.81"
    assert validate_ip_address("fe80::1") == "fe80::1"
    assert validate_ip_prefix("192.168.10.81/24") == ("192.168.10.81", 24)
    assert validate_device_name("c0t600A0B800011382800000A0B84D10001d0") is not None
    assert validate_device_name("c1d0s2") == "c1d0s2"
    assert validate_path("/zones/web01", "zonepath") == "/zones/web01"
    assert validate_text("SPARC T7-1", "model") == "SPARC T7-1"


def test_addresses_and_prefixes_are_checked():
    for bad in ("192.168.10.300", "1.2.3.4;id", "fe80::1::2"):
        with pytest.raises(InvalidName, match="invalid IP address"):
            validate_ip_address(bad)
    for bad in ("192.168.10.1", "192.168.10.1/33", "10.0.0.1/x", "::1/129"):
        with pytest.raises(InvalidName, match="invalid IP address"):
            validate_ip_prefix(bad)
    for bad in ("net0/v4;id", "net0/", "net0:x", "0net/v4"):
        with pytest.raises(InvalidName, match="invalid address object name"):
            validate_addrobj(bad)


def test_display_text_refuses_control_characters():
    with pytest.raises(InvalidName) as caught:
        validate_text("T7\x1b]0;MODEL-TITLE\x07\x1b[2J", "model")
    assert str(caught.value).startswith("invalid model 'T7\\e]0;MODEL-TITLE\\x07\\e[2J'")
    with pytest.raises(InvalidName, match="300 characters long"):
        validate_text("m" * 300, "model")
