"""dladm, ipadm and ifconfig parsers."""

from pathlib import Path

import pytest

from vdcftui.solaris.parsers import (
    ParseError,
    parse_dladm_show_aggr,
    parse_dladm_show_link,
    parse_dladm_show_phys,
    parse_dladm_show_vnic,
    parse_ifconfig_a,
    parse_ipadm_show_addr,
    parse_ipadm_show_if,
)

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "real-solaris"


def fixture(name: str) -> str:
    return (FIX / name).read_text()


def test_dladm_header_tables_real():
    links = parse_dladm_show_link(fixture("dladm-show-link__opensvc-check-lag.txt"))
    zrac = next(r for r in links if r.link == "zrac1_a0")
    assert (zrac.class_, zrac.mtu, zrac.over) == ("vnic", 1500, "aggr0")
    assert zrac.to_dict()["class"] == "vnic"
    assert links[0].over is None
    phys = parse_dladm_show_phys(fixture("dladm-show-phys__opensvc-check-lag.txt"))
    assert phys[1].speed == 1000 and phys[1].device == "ixgbe1"
    aggr = parse_dladm_show_aggr(fixture("dladm-show-aggr-s11__opensvc-check-lag.txt"))
    assert aggr[0].policy == "L4" and aggr[0].flags == "-----"
    with pytest.raises(ParseError, match="dladm show-aggr: line 1"):
        parse_dladm_show_aggr(fixture("dladm-show-aggr-s10__opensvc-check-lag.txt"))


def test_dladm_parseable_escapes():
    vnics = parse_dladm_show_vnic(
        fixture("dladm-show-vnic-p-o-link-over-macaddress__oracle-puppet-solaris-providers.txt"),
        ["link", "over", "macaddress"],
    )
    assert vnics[0].link == "foo-ld03/net0" and vnics[0].macaddress == "2:8:20:e8:42:11"
    aggr = parse_dladm_show_aggr(
        fixture("dladm-show-aggr-p-o__oracle-puppet-solaris-providers.txt"),
        ["link", "mode", "policy", "addrpolicy", "lacpactivity", "lacptimer"],
    )
    assert aggr[0].mode == "dlmp" and aggr[0].policy is None
    assert aggr[0].addrpolicy == "fixed (12:"
    assert aggr[1].lacpactivity == "on"
    links = parse_dladm_show_link(
        "net0:phys:1500:up:--\r\naggr0:aggr:9000:up:net0 net1\n",
        ["link", "class", "mtu", "state", "over"],
    )
    assert links[1].mtu == 9000 and links[1].over == "net0 net1"
    assert parse_dladm_show_link("net0\nnet1\n", ["link"])[1].link == "net1"
    with pytest.raises(ParseError, match="line 1: expected 3"):
        parse_dladm_show_vnic("vnic0:net0\n", ["link", "over", "macaddress"])


def test_ipadm_forms():
    ifs = parse_ipadm_show_if(
        fixture(
            "ipadm-show-if-p-o-ifname-class-persistent-over__oracle-puppet-solaris-providers.txt"
        ),
        ["IFNAME", "CLASS", "PERSISTENT", "OVER"],
    )
    ipmp0 = next(r for r in ifs if r.ifname == "ipmp0")
    assert ipmp0.class_ == "ipmp" and ipmp0.over == "net1 net2" and ipmp0.persistent == "46--"
    assert ifs[0].over is None
    addrs = parse_ipadm_show_addr(
        "net0/v4:static:ok:192.168.10.71/22\nlo0/v6:static:ok:\\:\\:1/128\n",
        ["addrobj", "type", "state", "addr"],
    )
    assert addrs[1].addr == "::1/128"
    table = parse_ipadm_show_addr(
        "ADDROBJ           TYPE     STATE        ADDR\n"
        "lo0/v4            static   ok           127.0.0.1/8\n"
        "net0/v4           dhcp     ok           10.0.2.15/24\n"
    )
    assert table[1].type == "dhcp" and table[1].addr == "10.0.2.15/24"


def test_ifconfig_s10_s11_real():
    s10 = parse_ifconfig_a(fixture("ifconfig-a-s10-zones__opensvc-check-eth.txt"))
    logical = next(r for r in s10 if r.name == "aggr1:1")
    assert logical.zone == "frcp00vpd0385" and logical.inet == "172.31.4.180"
    assert next(r for r in s10 if r.name == "aggr1").ether == "0:15:17:bb:85:58"
    ipmp = parse_ifconfig_a(fixture("ifconfig-a-s10-ipmp-standby__deimos-ipmp.txt"))
    standby = next(r for r in ipmp if r.name == "e1000g1")
    assert "STANDBY" in standby.flags and standby.mtu == 0 and standby.groupname == "ipmp0"
    s11 = parse_ifconfig_a(fixture("ifconfig-a__getconfig-solaris11.txt"))
    v6 = [r for r in s11 if r.family == "inet6"]
    assert v6[0].name == "lo0" and v6[0].inet6 == "::1/128"
    assert next(r for r in s11 if r.name == "net4" and r.family == "inet").groupname == "ipmp0"
    no_index = parse_ifconfig_a(fixture("ifconfig-a-s11-ipmp-iface__ohai-network-spec.txt"))
    assert no_index[0].index is None and "IPMP" in no_index[0].flags
    with pytest.raises(ParseError, match="ifconfig -a: line 1"):
        parse_ifconfig_a("ifconfig: bad\n")
