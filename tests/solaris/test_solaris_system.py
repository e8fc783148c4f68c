"""Identity and platform parsers: uname, /etc/release, virtinfo, psrinfo, prtdiag."""

from pathlib import Path

import pytest

from vdcftui.solaris.parsers import (
    ParseError,
    parse_etc_release,
    parse_prtdiag,
    parse_psrinfo_pv,
    parse_uname_a,
    parse_uname_x,
    parse_virtinfo_ap,
)

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "real-solaris"


def fixture(name: str) -> str:
    return (FIX / name).read_text()


@pytest.mark.parametrize(
    "line, release, version, platform",
    [
        ("SunOS node01 5.11 11.4.42.111.0 sun4v sparc sun4v", "5.11", "11.4.42.111.0", "sun4v"),
        (
            "SunOS n 5.10 Generic_150400-59 sun4v sparc SUNW,SPARC-Enterprise-T5220\r\n\r\n",
            "5.10",
            "Generic_150400-59",
            "SUNW,SPARC-Enterprise-T5220",
        ),
        ("SunOS n\t5.11\t11.3 i86pc i386 i86pc", "5.11", "11.3", "i86pc"),
    ],
)
def test_uname_a(line, release, version, platform):
    u = parse_uname_a(line)
    assert (u.release, u.version, u.platform) == (release, version, platform)
    assert u.to_dict()["sysname"] == "SunOS"


def test_uname_a_errors():
    with pytest.raises(ParseError, match="uname -a: empty output"):
        parse_uname_a("\n\n")
    with pytest.raises(ParseError, match="uname -a: line 1: .*'Linux box'"):
        parse_uname_a("Linux box")


def test_uname_x_real_captures():
    s11 = parse_uname_x(fixture("uname-X__getconfig-solaris11.txt"))
    assert (s11.node, s11.kernelid, s11.numcpu, s11.oem) == ("ae01", "11.3", 8, 0)
    s10 = parse_uname_x(fixture("uname-X__gradle-server-acceptance-m10-solaris10.txt"))
    assert s10.kernelid == "Generic_150400-59" and s10.numcpu == 32
    with pytest.raises(ParseError, match="missing keys: .*NumCPU"):
        parse_uname_x("System = SunOS\nNode = a\n")


def test_etc_release_real_captures():
    s10 = parse_etc_release(fixture("cat-etc-release__ansible-solaris10.txt"))
    assert (s10.version, s10.update, s10.arch, s10.build) == ("10", 11, "x86", "s10x_u11wos_24a")
    u7 = parse_etc_release(fixture("cat-etc-release__glpi-agent-solaris10u7-sparc.txt"))
    assert (u7.os_name, u7.update, u7.arch) == ("Solaris", 7, "SPARC")
    s114 = parse_etc_release(fixture("cat-etc-release__ansible-solaris11.4.txt"))
    assert (s114.version, s114.update, s114.build, s114.arch) == ("11.4", None, None, "SPARC")
    assert parse_etc_release(fixture("cat-etc-release__ansible-solaris11.3.txt")).version == "11.3"
    inline = parse_etc_release("  Oracle Solaris 10 1/13 s10s_u11wos_24a SPARC\r\n")
    assert inline.release_line == "Oracle Solaris 10 1/13 s10s_u11wos_24a SPARC"
    with pytest.raises(ParseError, match="line 1"):
        parse_etc_release("Ubuntu 22.04 LTS\n")


def test_virtinfo_real_captures_and_non_ldoms():
    guest = parse_virtinfo_ap(fixture("virtinfo-ap__facter-ldom-guest.txt"))
    assert (guest.control, guest.io, guest.service, guest.root) == (False,) * 4
    assert guest.domainname == "sol11-11" and guest.domaincontrol == "opdx-a0-sun2"
    assert guest.serialno == "AK00358110"
    primary = parse_virtinfo_ap(fixture("virtinfo-ap__facter-ldom-primary.txt"))
    assert primary.control is False and primary.io is True and primary.domainname == "primary"
    assert primary.domainuuid == "8e0d6ec5-cd55-e57f-ae9f-b4cc050999a4"
    other = parse_virtinfo_ap("VERSION 1.0\nDOMAINROLE|impl=non-LDoms\n")
    assert other.impl == "non-LDoms" and other.control is None and other.domainname is None
    assert other.to_dict()["records"] == [["DOMAINROLE", {"impl": "non-LDoms"}]]
    with pytest.raises(ParseError, match="line 2"):
        parse_virtinfo_ap("VERSION 1.0\nDOMAINROLE|impl\n")


def test_psrinfo_pv_forms():
    s11 = parse_psrinfo_pv(
        "The physical processor has 8 cores and 64 virtual processors (0-63)\n"
        "  The core has 8 virtual processors (0-7)\n"
        "    SPARC-T4 (chipid 0, clock 2848 MHz)\n"
        "The physical processor has 8 cores and 64 virtual processors (64-71 80-135)\n"
        "    SPARC-T4 (chipid 1, clock 2848 MHz)\n"
    )
    assert [p.cores for p in s11] == [8, 8]
    assert s11[1].cpu_ids[:9] == (64, 65, 66, 67, 68, 69, 70, 71, 80)
    assert s11[0].description == "SPARC-T4 (chipid 0, clock 2848 MHz)"
    t5 = parse_psrinfo_pv(fixture("psrinfo-vp__glpi-agent-sparc-t5.txt"))
    assert t5[0].cores is None and t5[0].virtual_processors == 64 and len(t5[0].cpu_ids) == 64
    t1 = parse_psrinfo_pv(fixture("psrinfo-vp__glpi-agent-ultrasparc-t1.txt"))
    assert t1[0].cores == 8 and t1[0].cpu_ids[-1] == 31
    x86 = parse_psrinfo_pv(fixture("psrinfo-pv__ohai.txt"))
    assert x86[0].cpu_ids == (0,) and "Pentium" in x86[0].description
    assert parse_psrinfo_pv("The physical processor has 3 virtual processors (0 1 2)\n")[
        0
    ].cpu_ids == (0, 1, 2)
    with pytest.raises(ParseError, match="psrinfo -pv: line 1"):
        parse_psrinfo_pv(fixture("psrinfo-v__glpi-agent-sparc-t5.txt"))


@pytest.mark.parametrize(
    "name, vendor, model, mb",
    [
        ("prtdiag__facter-sparc-t7-1.txt", "Oracle Corporation", "sun4v SPARC T7-1", 8192),
        (
            "prtdiag__glpi-agent-sparc-enterprise-m4000.txt",
            "Sun Microsystems",
            "sun4u Sun SPARC Enterprise M4000 Server",
            65536,
        ),
        (
            "prtdiag__facter-sunfire-v120.txt",
            "Sun Microsystems",
            "sun4u Sun Fire V120 (UltraSPARC-IIe 648MHz)",
            2048,
        ),
        (
            "prtdiag__facter-sparc-enterprise-t5220.txt",
            "Sun Microsystems",
            "sun4v SPARC Enterprise T5220",
            32640,
        ),
    ],
)
def test_prtdiag_real(name, vendor, model, mb):
    diag = parse_prtdiag(fixture(name))
    assert (diag.vendor, diag.platform_model, diag.memory_size_mb) == (vendor, model, mb)


def test_prtdiag_gigabytes_and_garbage():
    diag = parse_prtdiag(
        "System Configuration:  Oracle Corporation  sun4v SPARC T5-2\r\n"
        "Memory size: 32 Gigabytes\r\n"
    )
    assert diag.memory_size_mb == 32768
    with pytest.raises(ParseError, match="prtdiag: line 1"):
        parse_prtdiag("prtdiag: not supported in a non-global zone\n")
