"""ldm -p parsers."""

import re
from pathlib import Path

import pytest

from vdcftui.solaris.parsers import (
    ParseError,
    parse_ldm_list_bindings_p,
    parse_ldm_list_constraints_p,
    parse_ldm_list_devices_p,
    parse_ldm_list_l_p,
    parse_ldm_list_p,
    version_key,
)

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "real-solaris"


def fixture(name: str) -> str:
    return (FIX / name).read_text()


LIST_P = (
    "VERSION 1.11\r\n"
    "DOMAIN|name=primary|state=active|flags=-n-cv-|cons=UART|ncpu=16|mem=17179869184"
    "|util=1.2|uptime=864000|norm_util=1.2\r\n"
    "DOMAIN|name=gdom01|state=bound|flags=------|cons=5000|ncpu=8|mem=8589934592"
    "|util=|uptime=|norm_util=\r\n"
    "DOMAIN|name=ldg1|state=inactive|flags=|cons=|ncpu=|mem=|util=|uptime=\r\n"
)


def test_ldm_list_p_inline():
    listing = parse_ldm_list_p(LIST_P)
    assert listing.version == "1.11" and listing.version_key > version_key("1.6")
    primary, gdom, ldg1 = listing.domains
    assert (primary.ncpu, primary.mem, primary.util, primary.norm_util) == (
        16,
        17179869184,
        1.2,
        1.2,
    )
    assert primary.flags == "-n-cv-" and primary.cons == "UART"
    assert gdom.state == "bound" and gdom.util is None and gdom.cons == "5000"
    assert ldg1.ncpu is None and ldg1.mem is None and ldg1.norm_util is None
    assert listing.to_dict()["domains"][2]["uptime"] is None


def test_ldm_list_p_errors():
    with pytest.raises(ParseError, match="ldm list -p: line 1: expected 'VERSION n.m'"):
        parse_ldm_list_p("NAME STATE FLAGS\n")
    with pytest.raises(ParseError, match="line 2: not an integer"):
        parse_ldm_list_p("VERSION 1.6\nDOMAIN|name=a|ncpu=lots\n")
    with pytest.raises(ParseError, match="line 2: expected 'DOMAIN"):
        parse_ldm_list_p("VERSION 1.6\nprimary active\n")


def test_ldm_list_l_p_doc_example_unwrapped():
    raw = fixture("ldm-list-l-p__oracle-ovmsparc-admin-ex18-4-WRAPPED.txt")
    text = re.sub(r"\|\n(?=[a-z])", "|", raw)
    text = "\n".join(line for line in text.splitlines() if line != "...")
    details = parse_ldm_list_l_p(text)
    assert [d.domain.name for d in details] == ["primary", "ldg1", "ldg2"]
    primary = details[0]
    assert primary.domain.flags == "normal,control,vio-service"
    assert primary.domain.extra == {"softstate": "Solaris running"}
    assert len(primary.sections["VCPU"]) == 4 and primary.sections["IO"][1]["alias"] == "bus_b"
    assert details[1].sections["MEMORY"][0]["size"] == "805306368"
    with pytest.raises(ParseError, match=r"line 3: expected a KEYWORD line"):
        parse_ldm_list_l_p(raw)


def test_ldm_inactive_and_constraints():
    inactive = parse_ldm_list_l_p(
        fixture("ldm-ls-l-p-inactive-domain__oracle-ovmsparc35-admin-uuid.txt")
    )[0]
    assert inactive.domain.state == "inactive" and inactive.domain.ncpu is None
    assert inactive.sections["UUID"][0]["uuid"] == "6c908858-12ef-e520-9eb3-f1cd3dbc3a59"
    cons = parse_ldm_list_constraints_p(
        fixture("ldm-list-constraints-p__oracle-ldoms12-admin-ex9-16.txt")
    )
    vds = cons[0].sections["VDS"][0]
    assert vds["name"] == "primary-vds0" and vds["items"][1]["vol"] == "vol0"
    assert cons[1].sections["VNET"][0]["service"] == "primary-vsw0"
    assert cons[1].sections["VARIABLES"][2] == {"use-nvramrc?": "true"}


def test_ldm_bindings_and_devices():
    text = (
        "VERSION 1.6\nDOMAIN|name=primary|state=active|flags=normal,control,vio-service"
        "|cons=SP|ncpu=8|mem=4294967296|util=0.3|uptime=3600|norm_util=0.3\n"
        "VSW|name=primary-vsw0|mac-addr=00:14:4f:fb:5c:1a|net-dev=net0|dev=switch@0\n"
        "|peer=vnet0@gdom01|mac-addr=00:14:4f:f8:11:22|mtu=1500\n"
        "VCC|name=primary-vcc0|port-range=5000-5100\n"
        "|client=gdom01@primary-vcc0|port=5000\n"
    )
    bound = parse_ldm_list_bindings_p(text)[0]
    assert bound.sections["VSW"][0]["items"][0]["peer"] == "vnet0@gdom01"
    assert bound.sections["VCC"][0]["items"][0]["port"] == "5000"
    devices = parse_ldm_list_devices_p(
        "VERSION 1.4\nCORE\n|cid=1|free=100|cpuset=(8,9,10,11,12,13,14,15)\nVCPU\n"
        "|pid=0|free=0|pm=no\n|pid=8|free=100|pm=\nMEMORY\n|pa=0x8000000|size=34359738368"
        "|bound=primary\n|pa=0x808000000|size=4294967296\n"
    )
    assert devices.version == "1.4" and devices.sections["VCPU"][1] == {
        "pid": "8",
        "free": "100",
        "pm": "",
    }
    assert devices.sections["MEMORY"][1]["size"] == "4294967296"
    with pytest.raises(ParseError, match="line 2: '\\|' line before any section"):
        parse_ldm_list_devices_p("VERSION 1.4\n|pid=0\n")
